/**
 * The rules of a code entered on a cart, on every channel (web, app, kiosk, store till, phone). Which codes a cart
 * holds is carts' (carts/cart-coupons.ts, table cart_coupons): promotions sits below carts, so the functions here
 * that read a cart's codes take them as `EnteredCodes`, the rows carts names, and join them in the same one query.
 * Applying checks the code now and refuses what can never count (409 coupon-expired, coupon-used-up, coupon-disabled,
 * coupon-customer-required); a code that is on the cart is checked again on every view and at checkout: a coupon used
 * up elsewhere in the meantime shows as not usable on the cart, and a checkout of a cart holding it is refused with
 * the same 409 (`refuseUnusableCartCoupons`) that a checkout losing the race for its last use gets, on either engine,
 * so the shopper never pays more than the cart said without being asked: she removes the code and checks out again.
 * - An unknown code and another customer's voucher answer the same 404 coupon-not-found: trying codes on a cart tells
 *   nobody which exist. A voucher is applied only on a cart of her own (a guest cart cannot take it: she signs in).
 * - A coupon with a per-customer limit counts uses per customer, so it needs the cart's customer (409
 *   coupon-customer-required on a guest cart).
 * - A voucher found on a cart that is not its customer's (the cart changed hands) is listed not usable, with the
 *   reason `customer_limit_reached`: that customer may use it 0 times.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Tx } from '../../platform/db.js'
import { isValidCouponCode, normalizeCouponCode } from './coupon-codes.js'
import { couponCustomerRequired, couponDisabled, couponExpired, couponNotFound, couponUsedUp } from './coupon-errors.js'
import { couponCustomerUses, coupons, promotionCustomerUses, promotions } from './schema.js'

export type CartCouponReason = null | 'expired' | 'disabled' | 'used_up' | 'customer_limit_reached' | 'promotion_inactive'

export interface CartCoupon {
  couponId: string
  code: string
  promotionId: string
  usable: boolean
  reason: CartCouponReason
}

/**
 * Codes entered somewhere, as the owner of that place names them: its table, the columns holding the coupon's id and
 * when it was entered, and the condition picking one place's rows (carts' cartCodes: one cart's cart_coupons).
 */
export interface EnteredCodes {
  table: PgTable
  couponId: AnyPgColumn
  addedAt: AnyPgColumn
  where: SQL
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

/** The entered codes in the order they were entered, each with whether it counts now for this customer (one query). */
export async function listCouponStates(tx: Tx, input: { codes: EnteredCodes; customerId: string | null; now: Date }): Promise<CartCoupon[]> {
  const { codes } = input
  const rows = await couponStates(tx, input.customerId, input.now)
    .innerJoin(codes.table, and(eq(codes.couponId, coupons.id), codes.where))
    .orderBy(asc(codes.addedAt), asc(coupons.id))
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
 * The coupon a typed code names, when it may go on a cart of this customer (null: a guest cart) now; throws 404
 * coupon-not-found (also for someone else's voucher, which is not acknowledged to exist) or the 409 of refusalOf.
 */
export async function couponToApply(tx: Tx, input: { code: string; customerId: string | null }): Promise<{ couponId: string; promotionId: string }> {
  const code = normalizeCouponCode(input.code)
  if (!isValidCouponCode(code)) throw couponNotFound()
  const { customerId } = input
  const now = new Date()
  const [state] = await couponStates(tx, customerId, now).where(eq(coupons.code, code)) // coupons_code_key
  if (!state || (state.customerId !== null && state.customerId !== customerId)) throw couponNotFound()
  const refusal = refusalOf(state, customerId !== null)
  if (refusal) throw refusal
  return { couponId: state.couponId, promotionId: state.promotionId }
}

/** The id of the coupon a typed code names, as a scalar subquery (null when none does): carts deletes by it in one statement. */
export function couponIdOfCode(code: string): SQL<string | null> {
  return sql<string | null>`(select ${coupons.id} from ${coupons} where ${coupons.code} = ${normalizeCouponCode(code)})`
}

/** The promotion a coupon unlocks (null when the coupon is gone). */
export async function promotionOfCoupon(tx: Tx, couponId: string): Promise<string | null> {
  const [coupon] = await tx.select({ promotionId: coupons.promotionId }).from(coupons).where(eq(coupons.id, couponId))
  return coupon?.promotionId ?? null
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
