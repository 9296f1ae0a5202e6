/**
 * A customer's store credit for the GDPR export. The ledger is financial and kept through an erasure, under the
 * customer's anonymised id; nothing here deletes it.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { giftCards, storeCreditAccounts, storeCreditEntries } from './schema.js'

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

/** Her gift cards for the export: the code masked (a bearer instrument must not travel in a file), balance, dates. */
export async function exportCustomerGiftCards(tx: Tx, customerId: string) {
  const cards = await tx.select().from(giftCards).where(eq(giftCards.customerId, customerId)).orderBy(asc(giftCards.createdAt))
  return cards.map((card) => ({
    id: card.id,
    codeLast4: card.code.slice(-4),
    balance: { amount: card.balance, currency: card.currency },
    initialAmount: { amount: card.initialAmount, currency: card.currency },
    status: card.status,
    expiresAt: card.expiresAt?.toISOString() ?? null,
    createdAt: card.createdAt.toISOString(),
  }))
}

/** Erasure: her gift cards stay valid (whoever holds the code may spend them) but no longer name her. */
export async function detachCustomerGiftCards(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const detached = await tx
    .update(giftCards)
    .set({ customerId: null, updatedAt: sql`now()` })
    .where(inArray(giftCards.customerId, [...customerIds]))
    .returning({ id: giftCards.id })
  return detached.length
}
