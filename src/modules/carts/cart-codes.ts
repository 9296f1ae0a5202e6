/**
 * The codes a cart holds (`cart_coupons`), in the order they were entered: promotions' coupon rules read them through
 * `cartCodes` (whether each counts now, which one takes a use at checkout); adopting and merging carts move them.
 * Applying and removing a code are in cart-coupons.ts.
 */
import { eq, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import { listCouponStates, redeemPromotions, type CartCoupon, type EnteredCodes, type RedeemInput } from '../promotions/service.js'
import { cartCoupons } from './schema.js'

/** The codes on one cart, in the order they were entered, for promotions' rules to join. */
export function cartCodes(cartId: string): EnteredCodes {
  return { table: cartCoupons, couponId: cartCoupons.couponId, addedAt: cartCoupons.addedAt, where: eq(cartCoupons.cartId, cartId) }
}

/** The cart's coupons in the order they were entered, each with whether it counts now for the cart's customer (one query). */
export async function listCartCoupons(tx: Tx, input: { cartId: string; customerId: string | null; now: Date }): Promise<CartCoupon[]> {
  // Every cart view runs this: cart_coupons_pkey (cart_id, …) finds the cart's few codes, then primary keys.
  return listCouponStates(tx, { codes: cartCodes(input.cartId), customerId: input.customerId, now: input.now })
}

/**
 * Counts the uses of every promotion the checkout of this cart applied, with the cart's codes, and records them as
 * the order's discounts (promotions' redeemPromotions: 409 coupon-used-up or promotion-used-up when a use is gone).
 */
export async function redeemOrderPromotions(tx: Tx, input: Omit<RedeemInput, 'codes'> & { cartId: string }): Promise<void> {
  const { cartId, ...redeem } = input
  await redeemPromotions(tx, { ...redeem, codes: cartCodes(cartId) })
}

/**
 * Moves every code of one cart to another (a device cart joining the customer's cart at login, or carts joining in a
 * profile merge); a code already on the target stays once. One statement: the delete feeds the insert.
 */
export async function moveCartCoupons(tx: Tx, input: { fromCartId: string; toCartId: string }): Promise<number> {
  if (input.fromCartId === input.toCartId) return 0
  const result = await tx.execute(sql`
    with moved as (delete from ${cartCoupons} where ${cartCoupons.cartId} = ${input.fromCartId} returning coupon_id, added_at)
    insert into ${cartCoupons} (cart_id, coupon_id, added_at) select ${input.toCartId}, coupon_id, added_at from moved
    on conflict do nothing returning coupon_id`)
  return rowsOf(result).length
}
