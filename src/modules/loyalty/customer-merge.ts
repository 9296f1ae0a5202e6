/**
 * What a customer profile merge does to loyalty: the merged profile's balances move to the survivor through two
 * 'adjust' entries (out of one account, into the other), so each balance stays the sum of its own ledger; her
 * vouchers follow. Earning entries stay where they were written, and the orders' later steps (confirmation,
 * reversals) are posted to whoever holds the order then.
 * A revert gives back what moved, adjusted by what the moved orders did on the survivor since (a pending order that
 * closed gives back available points instead of pending ones), whole or not at all: it is refused, answered as data,
 * when the survivor no longer holds it (she spent the points).
 */
import { and, eq, gt, inArray, sql } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { lockAccount, NO_BALANCES, postEntry, type Balances } from './ledger.js'
import { loyaltyAccounts, loyaltyEntries, loyaltyVouchers } from './schema.js'

export interface MovedLoyalty extends Balances {
  /** An id taken at the merge: survivor entries sorting after it came after the merge. */
  mark: string
  /** Vouchers (coupon ids) that moved. */
  vouchers: string[]
}

const isZero = (b: Balances) => b.available === 0 && b.pending === 0 && b.lifetime === 0
const negate = (b: Balances): Balances => ({ available: -b.available, pending: -b.pending, lifetime: -b.lifetime })

/** Moves the balances and vouchers of `fromCustomerId` onto `toCustomerId`; answers what moved, for the revert. */
export async function moveLoyalty(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedLoyalty> {
  // The amounts that move need the row: locked, so a concurrent redemption waits, then finds the balance empty.
  const [account] = await tx
    .select({ available: loyaltyAccounts.available, pending: loyaltyAccounts.pending, lifetime: loyaltyAccounts.lifetime })
    .from(loyaltyAccounts)
    .where(eq(loyaltyAccounts.customerId, input.fromCustomerId))
    .for('update')
  const moved = account ?? NO_BALANCES
  const vouchers = await tx
    .update(loyaltyVouchers)
    .set({ customerId: input.toCustomerId })
    .where(eq(loyaltyVouchers.customerId, input.fromCustomerId))
    .returning({ couponId: loyaltyVouchers.couponId })
  if (!isZero(moved)) {
    await postEntry(tx, { customerId: input.fromCustomerId, kind: 'adjust', ...negate(moved), note: `Merged into ${input.toCustomerId}`, actor: SYSTEM_ACTOR })
    await postEntry(tx, { customerId: input.toCustomerId, kind: 'adjust', ...moved, note: `Merged from ${input.fromCustomerId}`, actor: SYSTEM_ACTOR })
  }
  return { ...moved, mark: newId('lye'), vouchers: vouchers.map((v) => v.couponId) }
}

/**
 * Gives back to `toCustomerId` (the merged profile) what the merge brought `fromCustomerId` (the survivor), plus what
 * entries of the moved orders (`orderIds`) did on the survivor since; the vouchers still on the survivor go back.
 * Nothing is written when the survivor no longer holds it all.
 */
export async function restoreLoyalty(
  tx: Tx,
  input: { moved: MovedLoyalty; orderIds: readonly string[]; fromCustomerId: string; toCustomerId: string },
): Promise<{ restored: true } | { restored: false; held: Balances; owed: Balances }> {
  const { moved } = input
  const since =
    input.orderIds.length === 0
      ? NO_BALANCES
      : ((
          await tx
            .select({
              available: sql<number>`coalesce(sum(${loyaltyEntries.availableDelta}), 0)::bigint`.mapWith(Number),
              pending: sql<number>`coalesce(sum(${loyaltyEntries.pendingDelta}), 0)::bigint`.mapWith(Number),
              lifetime: sql<number>`coalesce(sum(${loyaltyEntries.lifetimeDelta}), 0)::bigint`.mapWith(Number),
            })
            .from(loyaltyEntries)
            // loyalty_entries_customer_idx: her entries after the mark, then those of the moved orders.
            .where(
              and(eq(loyaltyEntries.customerId, input.fromCustomerId), gt(loyaltyEntries.id, moved.mark), inArray(loyaltyEntries.orderId, [...input.orderIds])),
            )
        )[0] ?? NO_BALANCES)
  const owed: Balances = {
    available: Math.max(0, moved.available + Number(since.available)),
    pending: Math.max(0, moved.pending + Number(since.pending)),
    lifetime: Math.max(0, moved.lifetime + Number(since.lifetime)),
  }
  if (!isZero(owed)) {
    const held = await lockAccount(tx, input.fromCustomerId)
    if (held.available < owed.available || held.pending < owed.pending || held.lifetime < owed.lifetime) return { restored: false, held, owed }
    await postEntry(tx, {
      customerId: input.fromCustomerId,
      kind: 'adjust',
      ...negate(owed),
      note: `Merge reverted: back to ${input.toCustomerId}`,
      actor: SYSTEM_ACTOR,
    })
    await postEntry(tx, {
      customerId: input.toCustomerId,
      kind: 'adjust',
      ...owed,
      note: `Merge reverted: back from ${input.fromCustomerId}`,
      actor: SYSTEM_ACTOR,
    })
  }
  if (moved.vouchers.length > 0) {
    await tx
      .update(loyaltyVouchers)
      .set({ customerId: input.toCustomerId })
      .where(and(inArray(loyaltyVouchers.couponId, moved.vouchers), eq(loyaltyVouchers.customerId, input.fromCustomerId)))
  }
  return { restored: true }
}
