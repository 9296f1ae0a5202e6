/**
 * Promotions and coupons as the back office defines them, and what orders used of them.
 * Owns `promotions`, `promotion_customer_uses`, `coupons`, `coupon_batches`, `coupon_customer_uses` and
 * `promotion_redemptions`; the codes entered on carts (`cart_coupons`, and applying or removing one) are carts'
 * (carts/cart-coupons.ts), checked and counted by the coupon rules here. The rules themselves are evaluated by
 * pricing's pure engine (pricing/promotions/).
 * Invariants (SQL): a promotion's or coupon's used count never passes its limit, nor a customer's uses her limit
 * (guarded updates); a code is unique (upper-case, no spaces); an order redeems a promotion at most once.
 * Events: promotions.promotion_created, promotions.promotion_updated (changed field names; archiving included).
 * Coupons (coupons.ts, coupon-batches.ts, coupon-states.ts, redemptions.ts): codes stored upper-case without spaces,
 * drawn ones with 60 random bits; a code on a cart is re-checked on every view and counted only at checkout, in the
 * checkout's transaction (redeemPromotions), by guarded increments — two channels taking the last use of a
 * code at the same instant: one wins, the other's checkout rolls back with 409 coupon-used-up.
 * Release rule: a use (the promotion's, the coupon's, and the customer's of both) is given back when the order is
 * cancelled, or when every unit of the order has been returned and refunded; a partial return keeps the use.
 * Coupon events: promotions.coupon_created, promotions.coupon_batch_created, promotions.coupon_updated,
 * promotions.promotion_redeemed, promotions.promotion_released; promotions.coupon_applied and
 * promotions.coupon_removed are declared here (coupon-events.ts) and emitted by carts when a code goes on or off a cart.
 */
export { archivePromotion, createPromotion, backingRewards, getPromotion, listPromotions, PROMOTION_SORT_KEYS, PROMOTION_TRANSITIONS, updatePromotion, type ListPromotionsInput } from './promotions.js'
export { loadPromotionRules, remainingUsesOf, toPromotionRule, type Promotion, type PromotionChanges, type PromotionInput } from './promotion-rules.js'
export { PROMOTION_EVENTS } from './events.js'
export { createCoupon, getCoupon, issueCustomerCoupon, listCoupons, updateCoupon, type CouponView, type CreateCouponInput, type ListCouponsInput, type UpdateCouponInput } from './coupons.js'
export { CouponCode as CouponCodeSchema, normalizeCouponCode } from './coupon-codes.js'
export { COUPON_EVENTS } from './coupon-events.js'
export { couponIdOfCode, couponToApply, listCouponStates, promotionOfCoupon, refuseUnusableCartCoupons, type CartCoupon, type CartCouponReason, type EnteredCodes } from './coupon-states.js'
export { listOrderDiscounts, redeemPromotions, releaseOrderPromotions, type AppliedDiscount, type OrderDiscount, type RedeemInput } from './redemptions.js'
export { createCouponBatch, exportCouponBatchCsv, getCouponBatch, type CouponBatchView } from './coupon-batches.js'
export { moveCustomerPromotions, restoreCustomerPromotions, type MovedPromotionData } from './customer-merge.js'
export { eraseCustomerPromotions, exportCustomerPromotions } from './customer-data.js'
