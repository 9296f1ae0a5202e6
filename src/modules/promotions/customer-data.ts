/**
 * A customer's promotions data for the GDPR export and erasure. Her orders' redemptions are the orders' discounts:
 * financial records, kept through an erasure under her anonymised id like the orders. Her vouchers are disabled by
 * an erasure (nobody else may use them, and she no longer can), and her per-customer use counts go.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { couponStatusSql } from './coupons.js'
import { couponCustomerUses, coupons, promotionCustomerUses, promotionRedemptions, promotions } from './schema.js'

/** Her vouchers (with their codes: only she may use them), her uses of promotions and codes, her orders' discounts. */
export async function exportCustomerPromotions(tx: Tx, customerId: string) {
  const [vouchers, promotionUses, couponUses, redemptions] = await Promise.all([
    tx.select({ row: coupons, status: couponStatusSql }).from(coupons).where(eq(coupons.customerId, customerId)).orderBy(asc(coupons.id)),
    tx
      .select({ promotionId: promotionCustomerUses.promotionId, name: promotions.name, uses: promotionCustomerUses.uses })
      .from(promotionCustomerUses)
      .innerJoin(promotions, eq(promotions.id, promotionCustomerUses.promotionId))
      .where(eq(promotionCustomerUses.customerId, customerId))
      .orderBy(asc(promotionCustomerUses.promotionId)),
    tx
      .select({ couponId: couponCustomerUses.couponId, code: coupons.code, uses: couponCustomerUses.uses })
      .from(couponCustomerUses)
      .innerJoin(coupons, eq(coupons.id, couponCustomerUses.couponId))
      .where(eq(couponCustomerUses.customerId, customerId))
      .orderBy(asc(couponCustomerUses.couponId)),
    tx.select().from(promotionRedemptions).where(eq(promotionRedemptions.customerId, customerId)).orderBy(asc(promotionRedemptions.redeemedAt), asc(promotionRedemptions.id)),
  ])
  return {
    vouchers: vouchers.map(({ row, status }) => ({ id: row.id, code: row.code, promotionId: row.promotionId, status, usedCount: row.usedCount, expiresAt: row.expiresAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() })),
    promotionUses: promotionUses.map((row) => ({ promotionId: row.promotionId, name: row.name, uses: row.uses })),
    couponUses: couponUses.map((row) => ({ couponId: row.couponId, code: row.code, uses: row.uses })),
    redemptions: redemptions.map((row) => ({
      orderId: row.orderId,
      promotionId: row.promotionId,
      name: row.name,
      kind: row.kind,
      level: row.level,
      amount: row.amount,
      couponCode: row.couponCode,
      channelId: row.channelId,
      status: row.status,
      releaseReason: row.releaseReason,
      redeemedAt: row.redeemedAt.toISOString(),
      releasedAt: row.releasedAt?.toISOString() ?? null,
    })),
  }
}

/** Erasure: her active vouchers are disabled and her use counts deleted; answers how many of each. */
export async function eraseCustomerPromotions(tx: Tx, customerIds: readonly string[]): Promise<{ vouchersDisabled: number; usesDeleted: number }> {
  if (customerIds.length === 0) return { vouchersDisabled: 0, usesDeleted: 0 }
  const ids = [...customerIds]
  const disabled = await tx
    .update(coupons)
    .set({ status: 'disabled', updatedAt: sql`now()` })
    .where(and(inArray(coupons.customerId, ids), eq(coupons.status, 'active')))
    .returning({ id: coupons.id })
  const promotionUses = await tx.delete(promotionCustomerUses).where(inArray(promotionCustomerUses.customerId, ids)).returning({ id: promotionCustomerUses.promotionId })
  const couponUses = await tx.delete(couponCustomerUses).where(inArray(couponCustomerUses.customerId, ids)).returning({ id: couponCustomerUses.couponId })
  return { vouchersDisabled: disabled.length, usesDeleted: promotionUses.length + couponUses.length }
}
