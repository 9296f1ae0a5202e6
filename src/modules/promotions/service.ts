/**
 * Promotions and coupons as the back office defines them, and what orders used of them.
 * Owns `promotions`, `promotion_customer_uses`, `coupons`, `coupon_batches`, `coupon_customer_uses`, `cart_coupons`
 * and `promotion_redemptions`. The rules themselves are evaluated by pricing's pure engine (pricing/promotions/).
 * Invariants (SQL): a promotion's or coupon's used count never passes its limit, nor a customer's uses her limit
 * (guarded updates); a code is unique (upper-case, no spaces); an order redeems a promotion at most once.
 */
