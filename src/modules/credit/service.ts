/**
 * Store credit: a balance per customer, spendable as a tender on every channel, fed by refunds, exchanges and
 * adjustments. Owns `store_credit_accounts` and `store_credit_entries` (its ledger).
 * Invariants: the balance equals the sum of its entries; it never goes below zero — spending is one guarded UPDATE
 * (`balance >= amount`) and a CHECK backs it, so concurrent spends on two channels can never overdraw it; amounts are
 * integer minor units; a customer reads only their own balance, staff with customers:read any, admins adjust.
 * Events: credit.store_credit_changed.
 * Gift cards live in gift-cards.ts (re-exported here for the orders module).
 */
import { and, eq, sql } from 'drizzle-orm'
import { can, type Actor, type ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { notFound } from '../../platform/problems.js'
import { findCustomer } from '../customers/service.js'
import { adjustmentBelowZero, insufficientStoreCredit } from './errors.js'
import { CREDIT_EVENTS } from './events.js'
import { storeCreditAccounts, storeCreditEntries } from './schema.js'

export { moveCustomerGiftCards, moveStoreCredit, restoreCustomerGiftCards, restoreStoreCredit, type MovedStoreCredit } from './customer-merge.js'
export { countCustomerCreditEntries, detachCustomerGiftCards, exportCustomerGiftCards, exportCustomerStoreCredit } from './customer-data.js'
export { creditGiftCard, giftCardAcceptsCredit, spendGiftCard } from './gift-cards.js'
export { admitGiftCardTenders, type ProvenGiftCardPins } from './gift-card-pins.js'

type EntryReason = (typeof storeCreditEntries.$inferInsert)['reason']

async function record(tx: Tx, input: { customerId: string; delta: number; balance: number; reason: EntryReason; orderId?: string | null; returnId?: string | null; note?: string | null; actor: ActorRef }) {
  await tx.insert(storeCreditEntries).values({
    id: newId('sce'),
    customerId: input.customerId,
    delta: input.delta,
    reason: input.reason,
    orderId: input.orderId ?? null,
    returnId: input.returnId ?? null,
    note: input.note ?? null,
    actorKind: input.actor.kind,
    actorId: input.actor.id,
  })
  await emit(tx, CREDIT_EVENTS.changed, { customerId: input.customerId, delta: input.delta, balance: input.balance, reason: input.reason, orderId: input.orderId ?? null, returnId: input.returnId ?? null }, { customerId: input.customerId })
}

/** Adds credit (a refund, an exchange remainder, a goodwill adjustment) in one upsert; returns the new balance. */
export async function grantStoreCredit(
  tx: Tx,
  input: { customerId: string; amount: number; reason: 'refund' | 'adjustment' | 'exchange' | 'spend_reversal'; orderId?: string | null; returnId?: string | null; note?: string | null; actor: ActorRef },
): Promise<{ balance: number }> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new RangeError('grantStoreCredit takes a positive amount in minor units')
  const [row] = await tx
    .insert(storeCreditAccounts)
    .values({ customerId: input.customerId, balance: input.amount })
    .onConflictDoUpdate({ target: storeCreditAccounts.customerId, set: { balance: sql`${storeCreditAccounts.balance} + ${input.amount}`, updatedAt: sql`now()` } })
    .returning({ balance: storeCreditAccounts.balance })
  const balance = row?.balance ?? input.amount
  await record(tx, { ...input, delta: input.amount, balance })
  return { balance }
}

/** Spends credit on an order; 409 insufficient-store-credit (with the balance) when it is not there, whatever the concurrency. */
export async function spendStoreCredit(tx: Tx, input: { customerId: string; amount: number; orderId: string; actor: ActorRef; field?: string }): Promise<{ balance: number }> {
  const [row] = await tx
    .update(storeCreditAccounts)
    .set({ balance: sql`${storeCreditAccounts.balance} - ${input.amount}`, updatedAt: sql`now()` })
    .where(and(eq(storeCreditAccounts.customerId, input.customerId), sql`${storeCreditAccounts.balance} >= ${input.amount}`))
    .returning({ balance: storeCreditAccounts.balance })
  if (!row) throw insufficientStoreCredit(await getStoreCreditBalance(tx, input.customerId), input.amount, input.field)
  await record(tx, { customerId: input.customerId, delta: -input.amount, balance: row.balance, reason: 'spend', orderId: input.orderId, actor: input.actor })
  return row
}

/** The balance, 0 for a customer who never had credit. */
export async function getStoreCreditBalance(tx: Tx, customerId: string): Promise<number> {
  const [row] = await tx.select({ balance: storeCreditAccounts.balance }).from(storeCreditAccounts).where(eq(storeCreditAccounts.customerId, customerId))
  return row?.balance ?? 0
}

function checkReader(actor: Actor | null, customerId: string): void {
  const allowed = (actor?.kind === 'customer' && actor.id === customerId) || can(actor, 'customers:read')
  if (!allowed) throw notFound('Customer', customerId, '/params/id')
}

export const CREDIT_ENTRY_SORT_KEYS = ['createdAt', 'delta'] as const
const creditEntryOrder = defineListOrder<(typeof CREDIT_ENTRY_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: storeCreditEntries.createdAt, type: 'time' }, delta: { sql: storeCreditEntries.delta, type: 'integer' } },
  tiebreaker: storeCreditEntries.id,
  defaultDescending: true,
})

/** The balance and its history, newest first, for the customer themselves or staff with customers:read (404 otherwise). */
export async function getStoreCredit(tx: Tx, input: { customerId: string; actor: Actor | null; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  checkReader(input.actor, input.customerId)
  const entries = await listTablePage(tx, storeCreditEntries, creditEntryOrder, input, eq(storeCreditEntries.customerId, input.customerId), (rows) =>
    rows.map((r) => ({ id: r.id, delta: { amount: r.delta, currency: 'EUR' }, reason: r.reason, orderId: r.orderId, returnId: r.returnId, note: r.note, createdAt: r.createdAt.toISOString() })),
  )
  const balance = { amount: await getStoreCreditBalance(tx, input.customerId), currency: 'EUR' }
  return { customerId: input.customerId, balance, entries: entries.items, nextCursor: entries.nextCursor, ...(entries.totalCount === undefined ? {} : { totalCount: entries.totalCount }) }
}

/** An administrator's adjustment (goodwill, correction); a negative one never takes the balance below zero. */
export async function adjustStoreCredit(tx: Tx, input: { customerId: string; amount: number; note: string; actor: ActorRef }): Promise<{ balance: number }> {
  if (!(await findCustomer(tx, input.customerId))) throw notFound('Customer', input.customerId, '/params/id')
  if (input.amount > 0) return grantStoreCredit(tx, { customerId: input.customerId, amount: input.amount, reason: 'adjustment', note: input.note, actor: input.actor })
  const [row] = await tx
    .update(storeCreditAccounts)
    .set({ balance: sql`${storeCreditAccounts.balance} + ${input.amount}`, updatedAt: sql`now()` })
    .where(and(eq(storeCreditAccounts.customerId, input.customerId), sql`${storeCreditAccounts.balance} + ${input.amount} >= 0`))
    .returning({ balance: storeCreditAccounts.balance })
  if (!row) throw adjustmentBelowZero(await getStoreCreditBalance(tx, input.customerId))
  await record(tx, { customerId: input.customerId, delta: input.amount, balance: row.balance, reason: 'adjustment', note: input.note, actor: input.actor })
  return row
}
