/**
 * What a customer profile merge does to promotions and coupons: her vouchers and her orders' redemptions go to the
 * survivor, and her per-customer uses add up on his (one upsert per table: a limit both profiles used is reached,
 * which is right — one person used it twice). A revert moves back exactly the recorded rows still on the survivor;
 * the uses given back are those her returned redemptions still count (a use released since is not given back twice),
 * taken off the survivor in one UPDATE each (never below zero) and added back to her by an upsert.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { couponCustomerUses, coupons, promotionCustomerUses, promotionRedemptions } from './schema.js'

export interface MovedPromotionData {
  /** Vouchers bound to her. */
  coupons: string[]
  /** Her orders' redemptions. */
  redemptions: string[]
}

/** Moves her vouchers, redemptions and per-customer uses onto `toCustomerId`; answers what moved, for the revert. */
export async function moveCustomerPromotions(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedPromotionData> {
  const { fromCustomerId, toCustomerId } = input
  const vouchers = await tx
    .update(coupons)
    .set({ customerId: toCustomerId, updatedAt: sql`now()` })
    .where(eq(coupons.customerId, fromCustomerId))
    .returning({ id: coupons.id })
  const redemptions = await tx
    .update(promotionRedemptions)
    .set({ customerId: toCustomerId })
    .where(eq(promotionRedemptions.customerId, fromCustomerId))
    .returning({ id: promotionRedemptions.id })
  // Each statement adds her counts to his in the row lock of ON CONFLICT, then hers go: nothing is read back in JS.
  await tx.execute(sql`
    insert into ${promotionCustomerUses} (promotion_id, customer_id, uses)
    select promotion_id, ${toCustomerId}, uses from ${promotionCustomerUses} where customer_id = ${fromCustomerId} and uses > 0
    on conflict (promotion_id, customer_id) do update set uses = ${promotionCustomerUses}.uses + excluded.uses`)
  await tx.delete(promotionCustomerUses).where(eq(promotionCustomerUses.customerId, fromCustomerId))
  await tx.execute(sql`
    insert into ${couponCustomerUses} (coupon_id, customer_id, uses)
    select coupon_id, ${toCustomerId}, uses from ${couponCustomerUses} where customer_id = ${fromCustomerId} and uses > 0
    on conflict (coupon_id, customer_id) do update set uses = ${couponCustomerUses}.uses + excluded.uses`)
  await tx.delete(couponCustomerUses).where(eq(couponCustomerUses.customerId, fromCustomerId))
  return { coupons: vouchers.map((row) => row.id), redemptions: redemptions.map((row) => row.id) }
}

function countBy(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return counts
}

/** Reverts moveCustomerPromotions for the recorded rows still on `fromCustomerId` (the survivor). */
export async function restoreCustomerPromotions(tx: Tx, input: { moved: MovedPromotionData; fromCustomerId: string; toCustomerId: string }): Promise<void> {
  const { moved, fromCustomerId, toCustomerId } = input
  if (moved.coupons.length > 0) {
    await tx
      .update(coupons)
      .set({ customerId: toCustomerId, updatedAt: sql`now()` })
      .where(and(inArray(coupons.id, moved.coupons), eq(coupons.customerId, fromCustomerId)))
  }
  if (moved.redemptions.length === 0) return
  const back = await tx
    .update(promotionRedemptions)
    .set({ customerId: toCustomerId })
    .where(and(inArray(promotionRedemptions.id, moved.redemptions), eq(promotionRedemptions.customerId, fromCustomerId)))
    .returning({ promotionId: promotionRedemptions.promotionId, couponId: promotionRedemptions.couponId, status: promotionRedemptions.status })
  const counting = back.filter((row) => row.status === 'redeemed')
  for (const [promotionId, uses] of countBy(counting.map((row) => row.promotionId))) {
    await tx
      .update(promotionCustomerUses)
      .set({ uses: sql`greatest(${promotionCustomerUses.uses} - ${uses}, 0)` })
      .where(and(eq(promotionCustomerUses.promotionId, promotionId), eq(promotionCustomerUses.customerId, fromCustomerId)))
    await tx
      .insert(promotionCustomerUses)
      .values({ promotionId, customerId: toCustomerId, uses })
      .onConflictDoUpdate({ target: [promotionCustomerUses.promotionId, promotionCustomerUses.customerId], set: { uses: sql`${promotionCustomerUses.uses} + ${uses}` } })
  }
  for (const [couponId, uses] of countBy(counting.flatMap((row) => (row.couponId ? [row.couponId] : [])))) {
    await tx
      .update(couponCustomerUses)
      .set({ uses: sql`greatest(${couponCustomerUses.uses} - ${uses}, 0)` })
      .where(and(eq(couponCustomerUses.couponId, couponId), eq(couponCustomerUses.customerId, fromCustomerId)))
    await tx
      .insert(couponCustomerUses)
      .values({ couponId, customerId: toCustomerId, uses })
      .onConflictDoUpdate({ target: [couponCustomerUses.couponId, couponCustomerUses.customerId], set: { uses: sql`${couponCustomerUses.uses} + ${uses}` } })
  }
}
