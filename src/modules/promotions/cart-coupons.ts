/**
 * Codes on carts, on every channel (web, app, kiosk, store till, phone): the cart's own access rules apply, exactly as
 * for its lines (carts' takeCartForWrite: the shopper's own cart, or staff with carts:manage on the cart's channel).
 * Applying checks the code now and refuses what can never count (409 coupon-expired, coupon-used-up, coupon-disabled,
 * coupon-customer-required); a code that is on the cart is checked again on every view and at checkout: a coupon used
 * up elsewhere in the meantime shows as not usable on the cart, and a checkout of a cart holding it is refused with
 * the same 409 (`refuseUnusableCartCoupons`) that a checkout losing the race for its last use gets, on either engine,
 * so the shopper never pays more than the cart said without being asked: she removes the code and checks out again.
 * - An unknown code and another customer's voucher answer the same 404 coupon-not-found: trying codes on a cart tells
 *   nobody which exist. A voucher is applied only on a cart of her own (a guest cart cannot take it: she signs in).
 * - A coupon with a per-customer limit counts uses per customer, so it needs the cart's customer (409
 *   coupon-customer-required on a guest cart).
 * - Applying twice is applying once (primary key (cart_id, coupon_id)); removing a code not on the cart changes nothing.
 * - A voucher found on a cart that is not its customer's (the cart changed hands) is listed not usable, with the
 *   reason `customer_limit_reached`: that customer may use it 0 times.
 * Events: promotions.coupon_applied, promotions.coupon_removed (scoped to the cart's customer and channel store).
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { ExpectedVersion } from '../../platform/concurrency.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { buildCartView, takeCartForWrite, type CartContext, type CartView } from '../carts/service.js'
import { isValidCouponCode, normalizeCouponCode } from './coupon-codes.js'
import { couponCustomerRequired, couponDisabled, couponExpired, couponNotFound, couponUsedUp } from './coupon-errors.js'
import { COUPON_EVENTS } from './coupon-events.js'
import { cartCoupons, couponCustomerUses, coupons, promotionCustomerUses, promotions } from './schema.js'

export type CartCouponReason = null | 'expired' | 'disabled' | 'used_up' | 'customer_limit_reached' | 'promotion_inactive'

export interface CartCoupon {
  couponId: string
  code: string
  promotionId: string
  usable: boolean
  reason: CartCouponReason
}

/**
 * Why a coupon cannot count now for this customer (null: it can), first reason first. `customerId` null is a guest:
 * a per-customer limit cannot be counted for her, and a voucher is never hers.
 */
function reasonSql(customerId: string | null, now: Date): SQL<CartCouponReason> {
  const at = sql`${now.toISOString()}::timestamptz`
  const customer = sql`${customerId}::text`
  return sql<CartCouponReason>`case
    when ${coupons.status} = 'disabled' then 'disabled'
    when ${coupons.expiresAt} <= ${at} then 'expired'
    when ${promotions.status} <> 'active' or ${promotions.endsAt} <= ${at} or ${promotions.startsAt} > ${at} then 'promotion_inactive'
    when (${coupons.maxUses} is not null and ${coupons.usedCount} >= ${coupons.maxUses})
      or (${promotions.usageLimit} is not null and ${promotions.usedCount} >= ${promotions.usageLimit}) then 'used_up'
    when ${coupons.customerId} is not null and ${coupons.customerId} is distinct from ${customer} then 'customer_limit_reached'
    when ${coupons.perCustomerLimit} is not null and (${customer} is null or coalesce(${couponCustomerUses.uses}, 0) >= ${coupons.perCustomerLimit}) then 'customer_limit_reached'
    when ${promotions.perCustomerLimit} is not null and coalesce(${promotionCustomerUses.uses}, 0) >= ${promotions.perCustomerLimit} then 'customer_limit_reached'
    else null end`
}

/** Coupons with their promotion and this customer's uses of both, and the reason they cannot count (if any). */
function couponStates(tx: Tx, customerId: string | null, now: Date) {
  return tx
    .select({
      couponId: coupons.id,
      code: coupons.code,
      promotionId: coupons.promotionId,
      customerId: coupons.customerId,
      perCustomerLimit: coupons.perCustomerLimit,
      promotionStatus: promotions.status,
      // An offer past its end is reported as promotion_inactive on a cart, but refused as expired when applied.
      promotionEnded: sql<boolean>`coalesce(${promotions.endsAt} <= ${now.toISOString()}::timestamptz, false)`,
      reason: reasonSql(customerId, now),
    })
    .from(coupons)
    .innerJoin(promotions, eq(promotions.id, coupons.promotionId))
    .leftJoin(couponCustomerUses, and(eq(couponCustomerUses.couponId, coupons.id), sql`${couponCustomerUses.customerId} = ${customerId}::text`))
    .leftJoin(promotionCustomerUses, and(eq(promotionCustomerUses.promotionId, coupons.promotionId), sql`${promotionCustomerUses.customerId} = ${customerId}::text`))
}

/** The cart's coupons in the order they were entered, each with whether it counts now for the cart's customer (one query). */
export async function listCartCoupons(tx: Tx, input: { cartId: string; customerId: string | null; now: Date }): Promise<CartCoupon[]> {
  // Every cart view runs this: cart_coupons_pkey (cart_id, …) finds the cart's few codes, then primary keys.
  const rows = await couponStates(tx, input.customerId, input.now)
    .innerJoin(cartCoupons, and(eq(cartCoupons.couponId, coupons.id), eq(cartCoupons.cartId, input.cartId)))
    .orderBy(asc(cartCoupons.addedAt), asc(coupons.id))
  return rows.map((row) => ({ couponId: row.couponId, code: row.code, promotionId: row.promotionId, usable: row.reason === null, reason: row.reason }))
}

type CouponState = Awaited<ReturnType<typeof couponStates>>[number]

/** The problem for a coupon that cannot be applied now; null when it may be (a paused or future offer may resume). */
function refusalOf(state: CouponState, hasCustomer: boolean) {
  switch (state.reason) {
    case 'disabled':
      return couponDisabled(state.code, 'disabled')
    case 'expired':
      return couponExpired(state.code)
    case 'used_up':
      return couponUsedUp(state.code, 'used_up')
    case 'customer_limit_reached':
      return state.perCustomerLimit !== null && !hasCustomer ? couponCustomerRequired(state.code) : couponUsedUp(state.code, 'customer_limit_reached')
    case 'promotion_inactive':
      if (state.promotionStatus === 'archived') return couponDisabled(state.code, 'promotion_inactive')
      return state.promotionEnded ? couponExpired(state.code) : null
    case null:
      return null
  }
}

/**
 * Throws the 409 for the first coupon on the cart that cannot count now (used up, expired, disabled, offer not
 * running, not this customer's) and whose promotion does not apply without it: a checkout never drops a code the
 * shopper entered and charges more. A promotion that runs without a code and applies anyway loses nothing.
 */
export function refuseUnusableCartCoupons(cartCoupons: readonly CartCoupon[], appliedPromotionIds: readonly string[]): void {
  for (const coupon of cartCoupons) {
    if (appliedPromotionIds.includes(coupon.promotionId)) continue
    switch (coupon.reason) {
      case null:
        continue
      case 'disabled':
      case 'promotion_inactive':
        throw couponDisabled(coupon.code, coupon.reason, null)
      case 'expired':
        throw couponExpired(coupon.code, null)
      case 'used_up':
      case 'customer_limit_reached':
        throw couponUsedUp(coupon.code, coupon.reason, null)
    }
  }
}

function scopeOf(context: CartContext) {
  return { customerId: context.cart.customerId, locationId: context.channel.locationId }
}

/** Puts a code on a cart the actor may write, once; answers the cart view (with its coupons and promotions). */
export async function applyCartCoupon(tx: Tx, input: { cartId: string; code: string; actor: Actor | null; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, { cartId: input.cartId, actor: input.actor, expectedVersion: input.expectedVersion })
  const code = normalizeCouponCode(input.code)
  if (!isValidCouponCode(code)) throw couponNotFound()
  const { customerId } = context.cart
  const now = new Date()
  const [state] = await couponStates(tx, customerId, now).where(eq(coupons.code, code)) // coupons_code_key
  // Someone else's voucher is not acknowledged to exist.
  if (!state || (state.customerId !== null && state.customerId !== customerId)) throw couponNotFound()
  const refusal = refusalOf(state, customerId !== null)
  if (refusal) throw refusal
  const added = await tx.insert(cartCoupons).values({ cartId: context.cart.id, couponId: state.couponId }).onConflictDoNothing().returning({ couponId: cartCoupons.couponId })
  if (added.length > 0) await emit(tx, COUPON_EVENTS.applied, { cartId: context.cart.id, couponId: state.couponId, promotionId: state.promotionId }, scopeOf(context))
  return buildCartView(tx, context, { acknowledge: true })
}

/** Takes a code off a cart the actor may write; a code that is not on it changes nothing. Answers the cart view. */
export async function removeCartCoupon(tx: Tx, input: { cartId: string; code: string; actor: Actor | null; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, { cartId: input.cartId, actor: input.actor, expectedVersion: input.expectedVersion })
  const code = normalizeCouponCode(input.code)
  const removed = await tx
    .delete(cartCoupons)
    .where(and(eq(cartCoupons.cartId, context.cart.id), sql`${cartCoupons.couponId} = (select ${coupons.id} from ${coupons} where ${coupons.code} = ${code})`))
    .returning({ couponId: cartCoupons.couponId })
  for (const row of removed) {
    const [coupon] = await tx.select({ promotionId: coupons.promotionId }).from(coupons).where(eq(coupons.id, row.couponId))
    await emit(tx, COUPON_EVENTS.removed, { cartId: context.cart.id, couponId: row.couponId, promotionId: coupon?.promotionId ?? null }, scopeOf(context))
  }
  return buildCartView(tx, context, { acknowledge: true })
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
