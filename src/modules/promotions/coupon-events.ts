/**
 * Events of coupons and redemptions. A voucher's events are scoped to its customer. Codes never appear in events:
 * a customer's voucher code is what lets her use it, and webhooks fan events out widely.
 */
export const COUPON_EVENTS = {
  /** { couponId, promotionId, batchId, customerId, maxUses, expiresAt } */
  created: 'promotions.coupon_created',
  /** { batchId, promotionId, quantity } — one event for the whole batch, not one per code. */
  batchCreated: 'promotions.coupon_batch_created',
  /** { couponId, status, expiresAt } */
  updated: 'promotions.coupon_updated',
  /** { cartId, couponId, promotionId } */
  applied: 'promotions.coupon_applied',
  /** { cartId, couponId, promotionId } */
  removed: 'promotions.coupon_removed',
  /** { orderId, promotionId, couponId, customerId, channelId, amount, level } — a use counted by a checkout. */
  redeemed: 'promotions.promotion_redeemed',
  /** { orderId, promotionId, couponId, customerId, reason } — a use given back (order cancelled or fully returned). */
  released: 'promotions.promotion_released',
} as const
