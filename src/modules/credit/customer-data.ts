/**
 * A customer's store credit for the GDPR export. The ledger is financial and kept through an erasure, under the
 * customer's anonymised id; nothing here deletes it.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { storeCreditAccounts, storeCreditEntries } from './schema.js'

/** The balance and every entry of the ledger, oldest first. */
export async function exportCustomerStoreCredit(tx: Tx, customerId: string) {
  const [account] = await tx.select().from(storeCreditAccounts).where(eq(storeCreditAccounts.customerId, customerId))
  const entries = await tx.select().from(storeCreditEntries).where(eq(storeCreditEntries.customerId, customerId)).orderBy(asc(storeCreditEntries.id))
  return {
    balance: { amount: account?.balance ?? 0, currency: account?.currency ?? 'EUR' },
    entries: entries.map((e) => ({
      id: e.id,
      delta: e.delta,
      reason: e.reason,
      orderId: e.orderId,
      returnId: e.returnId,
      note: e.note,
      actorKind: e.actorKind,
      createdAt: e.createdAt.toISOString(),
    })),
  }
}

/** How many ledger entries these customers have (what an erasure keeps). */
export async function countCustomerCreditEntries(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(storeCreditEntries)
    .where(inArray(storeCreditEntries.customerId, [...customerIds]))
  return Number(row?.count ?? 0)
}
