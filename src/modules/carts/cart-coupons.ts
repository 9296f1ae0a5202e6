/**
 * Codes on carts, on every channel (web, app, kiosk, store till, phone): the cart's own access rules apply, exactly as
 * for its lines (takeCartForWrite: the shopper's own cart, or staff with carts:manage on the cart's channel). Which
 * codes a cart holds, and in what order, is the cart's (`cart_coupons`); whether a code may go on it, counts now and
 * takes a use at checkout are promotions' coupon rules (promotions/coupon-states.ts, redemptions.ts), which read the
 * cart's codes through `cartCodes` (cart-codes.ts).
 * - Applying twice is applying once (primary key (cart_id, coupon_id)); removing a code not on the cart changes nothing.
 * Events: promotions.coupon_applied, promotions.coupon_removed (scoped to the cart's customer and channel store).
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { COUPON_EVENTS, couponIdOfCode, couponToApply, promotionOfCoupon } from '../promotions/service.js'
import { takeCartForWrite, type CartContext } from './carts.js'
import { cartCoupons } from './schema.js'
import { buildCartView, type CartView } from './view.js'

function scopeOf(context: CartContext) {
  return { customerId: context.cart.customerId, locationId: context.channel.locationId }
}

/** Puts a code on a cart the actor may write, once; answers the cart view (with its coupons and promotions). */
export async function applyCartCoupon(tx: Tx, input: { cartId: string; code: string; actor: Actor | null; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, { cartId: input.cartId, actor: input.actor, expectedVersion: input.expectedVersion })
  const coupon = await couponToApply(tx, { code: input.code, customerId: context.cart.customerId })
  const added = await tx.insert(cartCoupons).values({ cartId: context.cart.id, couponId: coupon.couponId }).onConflictDoNothing().returning({ couponId: cartCoupons.couponId })
  if (added.length > 0) await emit(tx, COUPON_EVENTS.applied, { cartId: context.cart.id, couponId: coupon.couponId, promotionId: coupon.promotionId }, scopeOf(context))
  return buildCartView(tx, context, { acknowledge: true })
}

/** Takes a code off a cart the actor may write; a code that is not on it changes nothing. Answers the cart view. */
export async function removeCartCoupon(tx: Tx, input: { cartId: string; code: string; actor: Actor | null; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, { cartId: input.cartId, actor: input.actor, expectedVersion: input.expectedVersion })
  const removed = await tx
    .delete(cartCoupons)
    .where(and(eq(cartCoupons.cartId, context.cart.id), sql`${cartCoupons.couponId} = ${couponIdOfCode(input.code)}`))
    .returning({ couponId: cartCoupons.couponId })
  for (const row of removed) {
    await emit(tx, COUPON_EVENTS.removed, { cartId: context.cart.id, couponId: row.couponId, promotionId: await promotionOfCoupon(tx, row.couponId) }, scopeOf(context))
  }
  return buildCartView(tx, context, { acknowledge: true })
}
