/**
 * What a customer profile merge does to store credit: the merged profile's ledger entries move to the survivor and
 * its balance is added to the survivor's, so that each balance still equals the sum of its entries. A revert moves
 * the same entries and amount back, and is refused (answered as data) once the survivor has spent part of it.
 * Events: credit.store_credit_changed on both sides, reason `merge` or `merge_reverted`.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { CREDIT_EVENTS } from './events.js'
import { giftCards, storeCreditAccounts, storeCreditEntries } from './schema.js'

export interface MovedStoreCredit {
  entries: string[]
  /** Minor units added to the survivor's balance. */
  amount: number
}

async function addToBalance(tx: Tx, customerId: string, amount: number): Promise<number> {
  const [row] = await tx
    .insert(storeCreditAccounts)
    .values({ customerId, balance: amount })
    .onConflictDoUpdate({ target: storeCreditAccounts.customerId, set: { balance: sql`${storeCreditAccounts.balance} + ${amount}`, updatedAt: sql`now()` } })
    .returning({ balance: storeCreditAccounts.balance })
  return row?.balance ?? amount
}

async function emitChanged(tx: Tx, customerId: string, delta: number, balance: number, reason: string): Promise<void> {
  await emit(tx, CREDIT_EVENTS.changed, { customerId, delta, balance, reason, orderId: null, returnId: null }, { customerId })
}

/** Moves the balance and the ledger of `fromCustomerId` onto `toCustomerId`; answers what moved. */
export async function moveStoreCredit(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedStoreCredit> {
  // The amount that moves needs the row: locked, so a concurrent spend of it waits, then finds the balance empty.
  const [account] = await tx.select({ balance: storeCreditAccounts.balance }).from(storeCreditAccounts).where(eq(storeCreditAccounts.customerId, input.fromCustomerId)).for('update')
  const entries = await tx
    .update(storeCreditEntries)
    .set({ customerId: input.toCustomerId })
    .where(eq(storeCreditEntries.customerId, input.fromCustomerId))
    .returning({ id: storeCreditEntries.id })
  const amount = account?.balance ?? 0
  if (amount > 0) {
    await tx
      .update(storeCreditAccounts)
      .set({ balance: sql`${storeCreditAccounts.balance} - ${amount}`, updatedAt: sql`now()` })
      .where(eq(storeCreditAccounts.customerId, input.fromCustomerId))
    const balance = await addToBalance(tx, input.toCustomerId, amount)
    await emitChanged(tx, input.fromCustomerId, -amount, 0, 'merge')
    await emitChanged(tx, input.toCustomerId, amount, balance, 'merge')
  }
  return { entries: entries.map((row) => row.id), amount }
}

/**
 * Moves `amount` and the listed entries (those still on `fromCustomerId`) back to `toCustomerId`. The balance part is
 * one guarded UPDATE (balance ≥ amount): when the survivor already spent some of it, nothing is written and the
 * answer carries the balance.
 */
export async function restoreStoreCredit(
  tx: Tx,
  input: { entries: readonly string[]; amount: number; fromCustomerId: string; toCustomerId: string },
): Promise<{ restored: true } | { restored: false; balance: number }> {
  if (input.amount > 0) {
    const [row] = await tx
      .update(storeCreditAccounts)
      .set({ balance: sql`${storeCreditAccounts.balance} - ${input.amount}`, updatedAt: sql`now()` })
      .where(and(eq(storeCreditAccounts.customerId, input.fromCustomerId), sql`${storeCreditAccounts.balance} >= ${input.amount}`))
      .returning({ balance: storeCreditAccounts.balance })
    if (!row) {
      const [current] = await tx.select({ balance: storeCreditAccounts.balance }).from(storeCreditAccounts).where(eq(storeCreditAccounts.customerId, input.fromCustomerId))
      return { restored: false, balance: current?.balance ?? 0 }
    }
    const balance = await addToBalance(tx, input.toCustomerId, input.amount)
    await emitChanged(tx, input.fromCustomerId, -input.amount, row.balance, 'merge_reverted')
    await emitChanged(tx, input.toCustomerId, input.amount, balance, 'merge_reverted')
  }
  if (input.entries.length > 0) {
    await tx
      .update(storeCreditEntries)
      .set({ customerId: input.toCustomerId })
      .where(and(inArray(storeCreditEntries.id, [...input.entries]), eq(storeCreditEntries.customerId, input.fromCustomerId)))
  }
  return { restored: true }
}

/** The gift cards a merged profile holds go to the survivor; answers their ids, for the revert. */
export async function moveCustomerGiftCards(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<string[]> {
  const moved = await tx
    .update(giftCards)
    .set({ customerId: input.toCustomerId, updatedAt: sql`now()` })
    .where(eq(giftCards.customerId, input.fromCustomerId))
    .returning({ id: giftCards.id })
  return moved.map((row) => row.id)
}

/** Gives the listed gift cards (those still on `fromCustomerId`) back to `toCustomerId`. */
export async function restoreCustomerGiftCards(tx: Tx, input: { ids: readonly string[]; fromCustomerId: string; toCustomerId: string }): Promise<void> {
  if (input.ids.length === 0) return
  await tx
    .update(giftCards)
    .set({ customerId: input.toCustomerId, updatedAt: sql`now()` })
    .where(and(inArray(giftCards.id, [...input.ids]), eq(giftCards.customerId, input.fromCustomerId)))
}
