/**
 * Redemption: what a checkout counts of the promotions it priced, inside its own transaction, after the order row
 * exists; and giving those uses back. Every counter moves by one guarded UPDATE or upsert — never read and written
 * back — so two checkouts on two channels taking the last use of a code at the same instant cannot both win: the
 * second waits on the row lock, finds the guard false and throws 409 (coupon-used-up or promotion-used-up), which
 * rolls its whole checkout back.
 * - Per order and promotion: promotions.used_count + 1 (below usage_limit); her promotion_customer_uses + 1 (below
 *   per_customer_limit) when the order has a customer; when the promotion came with a code on the cart, that coupon's
 *   used_count + 1 (below max_uses, active, not expired, hers if it is a voucher) and her coupon_customer_uses + 1
 *   (below its per_customer_limit); then the promotion_redemptions row, the order's discount as it was.
 * - A customer's uses are counted on every order that has one, whether or not a limit is set today, so that a limit
 *   set later and the uses given back stay exact.
 * - Promotions are taken in id order, so two checkouts sharing promotions lock them in the same order (no deadlock).
 * - Release rule: a use is given back when the order is cancelled, or when every unit of the order has been returned
 *   and refunded; a partial return keeps the use. Releasing is guarded on the redemption's status, so doing it twice
 *   gives back once.
 * Events: promotions.promotion_redeemed, promotions.promotion_released (scoped to the order's customer).
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { emitAll, type NewEvent } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { couponUsedUp, promotionCouponMissing, promotionUsedUp } from './coupon-errors.js'
import { COUPON_EVENTS } from './coupon-events.js'
import type { EnteredCodes } from './coupon-states.js'
import { couponCustomerUses, coupons, promotionCustomerUses, promotionRedemptions, promotions } from './schema.js'

export interface AppliedDiscount {
  promotionId: string
  name: string
  kind: string
  level: 'items' | 'order' | 'shipping'
  amount: number
}

export interface OrderDiscount {
  promotionId: string
  name: string
  kind: string
  level: string
  amount: number
  couponCode: string | null
}

/** `codes`: the codes on the cart checked out (carts' cartCodes), the candidates for each promotion's coupon use. */
export type RedeemInput = { orderId: string; codes: EnteredCodes; customerId: string | null; channelId: string; applied: readonly AppliedDiscount[] }
type CountedPromotion = { id: string; kind: (typeof promotions.$inferSelect)['kind']; perCustomerLimit: number | null; requiresCoupon: boolean }

/**
 * promotions.used_count + 1 below its limit, then her uses + 1 below her limit; 409 promotion-used-up otherwise. Only a
 * limited promotion is counted on its row: counting an unlimited one (a site-wide sale) would make every checkout
 * using it queue on that row's lock. Its uses are its redemptions; setting a limit later recounts them.
 */
async function countPromotionUse(tx: Tx, entry: AppliedDiscount, customerId: string | null): Promise<CountedPromotion> {
  const attributes = { id: promotions.id, kind: promotions.kind, perCustomerLimit: promotions.perCustomerLimit, requiresCoupon: promotions.requiresCoupon, segment: promotions.segment }
  const [limited] = await tx
    .update(promotions)
    .set({ usedCount: sql`${promotions.usedCount} + 1` })
    .where(and(eq(promotions.id, entry.promotionId), sql`${promotions.usageLimit} is not null and ${promotions.usedCount} < ${promotions.usageLimit}`))
    .returning(attributes)
  // KEY SHARE: a limit being set meanwhile (updatePromotion locks the row) waits for this checkout, then counts it.
  const [unlimited] = limited
    ? []
    : await tx
        .select(attributes)
        .from(promotions)
        .where(and(eq(promotions.id, entry.promotionId), sql`${promotions.usageLimit} is null`))
        .for('key share')
  const promotion = limited ?? unlimited
  if (!promotion) throw promotionUsedUp(entry.promotionId, entry.name, 'used_up')
  if (customerId) {
    // A first-order offer is one use per customer: two first orders checked out at once cannot both take it.
    const limit = promotion.segment.firstOrderOnly ? Math.min(promotion.perCustomerLimit ?? 1, 1) : promotion.perCustomerLimit
    const [uses] = await tx
      .insert(promotionCustomerUses)
      .values({ promotionId: promotion.id, customerId, uses: 1 })
      .onConflictDoUpdate({
        target: [promotionCustomerUses.promotionId, promotionCustomerUses.customerId],
        set: { uses: sql`${promotionCustomerUses.uses} + 1` },
        // The limit is the promotion's setting; the count is checked in the row lock of ON CONFLICT.
        setWhere: limit === null ? undefined : sql`${promotionCustomerUses.uses} < ${limit}`,
      })
      .returning({ uses: promotionCustomerUses.uses })
    if (!uses) throw promotionUsedUp(entry.promotionId, entry.name, 'customer_limit_reached')
  }
  return promotion
}

/**
 * Counts a use of one of the cart's codes of this promotion (the first entered that still takes one): `taken`, or
 * `refused` naming the first code when the cart holds some but none takes a use, or null when it holds none. The
 * per-customer check in the UPDATE only picks a candidate: the guarded upsert after it is what holds under
 * concurrency, and its failure rolls the checkout back.
 */
async function countCouponUse(tx: Tx, promotionId: string, input: RedeemInput): Promise<{ taken: { id: string; code: string } } | { refused: { id: string; code: string } } | null> {
  // In checkout: cart_coupons_pkey (cart_id, …) finds the cart's codes; each update is by primary key.
  const { codes } = input
  const candidates = await tx
    .select({ id: coupons.id, code: coupons.code })
    .from(codes.table)
    .innerJoin(coupons, eq(coupons.id, codes.couponId))
    .where(and(codes.where, eq(coupons.promotionId, promotionId)))
    .orderBy(asc(codes.addedAt), asc(coupons.id))
  const [first] = candidates
  if (!first) return null
  const customer = sql`${input.customerId}::text`
  for (const candidate of candidates) {
    const usable = sql`${coupons.status} = 'active' and (${coupons.expiresAt} is null or ${coupons.expiresAt} > now())
            and (${coupons.customerId} is null or ${coupons.customerId} = ${customer})
            and (${coupons.perCustomerLimit} is null or (${customer} is not null and coalesce((select ${couponCustomerUses.uses} from ${couponCustomerUses}
              where ${couponCustomerUses.couponId} = ${coupons.id} and ${couponCustomerUses.customerId} = ${customer}), 0) < ${coupons.perCustomerLimit}))`
    const returned = { id: coupons.id, code: coupons.code, perCustomerLimit: coupons.perCustomerLimit }
    // Only a limited code is counted on its row; a public one (no maxUses) would make every checkout using it queue
    // on that row's lock: its uses are its redemptions.
    const [limited] = await tx
      .update(coupons)
      .set({ usedCount: sql`${coupons.usedCount} + 1`, updatedAt: sql`now()` })
      .where(and(eq(coupons.id, candidate.id), sql`${coupons.maxUses} is not null and ${coupons.usedCount} < ${coupons.maxUses}`, usable))
      .returning(returned)
    const [unlimited] = limited ? [] : await tx.select(returned).from(coupons).where(and(eq(coupons.id, candidate.id), sql`${coupons.maxUses} is null`, usable))
    const taken = limited ?? unlimited
    if (!taken) continue
    if (input.customerId) {
      const limit = taken.perCustomerLimit
      const [uses] = await tx
        .insert(couponCustomerUses)
        .values({ couponId: taken.id, customerId: input.customerId, uses: 1 })
        .onConflictDoUpdate({
          target: [couponCustomerUses.couponId, couponCustomerUses.customerId],
          set: { uses: sql`${couponCustomerUses.uses} + 1` },
          setWhere: limit === null ? undefined : sql`${couponCustomerUses.uses} < ${limit}`,
        })
        .returning({ uses: couponCustomerUses.uses })
      if (!uses) throw couponUsedUp(taken.code, 'customer_limit_reached', null)
    }
    return { taken: { id: taken.id, code: taken.code } }
  }
  return { refused: first }
}

/** Why a code took no use, for the problem: this customer's limit (or not hers), else every use taken. */
async function refusalReason(tx: Tx, couponId: string, customerId: string | null): Promise<'used_up' | 'customer_limit_reached'> {
  const [row] = await tx
    .select({
      mine: sql<boolean>`(${coupons.customerId} is null or ${coupons.customerId} = ${customerId}::text)
        and (${coupons.perCustomerLimit} is null or (${customerId}::text is not null and coalesce(${couponCustomerUses.uses}, 0) < ${coupons.perCustomerLimit}))`,
    })
    .from(coupons)
    .leftJoin(couponCustomerUses, and(eq(couponCustomerUses.couponId, coupons.id), sql`${couponCustomerUses.customerId} = ${customerId}::text`))
    .where(eq(coupons.id, couponId))
  return row?.mine === false ? 'customer_limit_reached' : 'used_up'
}

/** One entry per promotion (amounts added up), promotions in id order; entries worth nothing count no use. */
function byPromotion(applied: readonly AppliedDiscount[]): AppliedDiscount[] {
  const merged = new Map<string, AppliedDiscount>()
  for (const entry of applied) {
    const seen = merged.get(entry.promotionId)
    merged.set(entry.promotionId, seen ? { ...seen, amount: seen.amount + entry.amount } : { ...entry })
  }
  return [...merged.values()].filter((entry) => entry.amount > 0).sort((a, b) => (a.promotionId < b.promotionId ? -1 : a.promotionId > b.promotionId ? 1 : 0))
}

/**
 * Counts the uses of every promotion the checkout applied and records them as the order's discounts; throws 409
 * coupon-used-up or promotion-used-up (with the code or promotion) when a use is no longer there, whatever the
 * concurrency, so that the checkout rolls back whole.
 */
export async function redeemPromotions(tx: Tx, input: RedeemInput): Promise<void> {
  const events: NewEvent<typeof COUPON_EVENTS.redeemed>[] = []
  for (const entry of byPromotion(input.applied)) {
    const promotion = await countPromotionUse(tx, entry, input.customerId)
    const coupon = await countCouponUse(tx, promotion.id, input)
    // A promotion that runs without a code still applies when the cart's code of it is used up; one that needs a
    // code does not, and the checkout fails rather than give a discount nobody may have.
    if (promotion.requiresCoupon && coupon && 'refused' in coupon) throw couponUsedUp(coupon.refused.code, await refusalReason(tx, coupon.refused.id, input.customerId), null)
    if (promotion.requiresCoupon && !coupon) throw promotionCouponMissing(promotion.id, entry.name)
    const counted = coupon && 'taken' in coupon ? coupon.taken : null
    await tx.insert(promotionRedemptions).values({
      id: newId('prd'),
      orderId: input.orderId,
      promotionId: promotion.id,
      couponId: counted?.id ?? null,
      couponCode: counted?.code ?? null,
      customerId: input.customerId,
      channelId: input.channelId,
      name: entry.name,
      kind: promotion.kind,
      level: entry.level,
      amount: entry.amount,
    })
    events.push({
      type: COUPON_EVENTS.redeemed,
      payload: { orderId: input.orderId, promotionId: promotion.id, couponId: counted?.id ?? null, customerId: input.customerId, channelId: input.channelId, amount: entry.amount, level: entry.level },
      scope: { customerId: input.customerId },
    })
  }
  await emitAll(tx, events)
}

/**
 * Gives back the uses an order counted (order cancelled, or every unit returned and refunded): marks its redeemed
 * rows released and takes one off each counter it had raised. Guarded on the status, so twice gives back once;
 * returns how many redemptions were released.
 */
export async function releaseOrderPromotions(tx: Tx, input: { orderId: string; reason: 'cancelled' | 'returned' }): Promise<number> {
  const released = await tx
    .update(promotionRedemptions)
    .set({ status: 'released', releaseReason: input.reason, releasedAt: sql`now()` })
    .where(and(eq(promotionRedemptions.orderId, input.orderId), eq(promotionRedemptions.status, 'redeemed')))
    .returning({ promotionId: promotionRedemptions.promotionId, couponId: promotionRedemptions.couponId, customerId: promotionRedemptions.customerId })
  if (released.length === 0) return 0
  // An order redeems a promotion once (unique (order_id, promotion_id)) and a coupon has one promotion: one step each.
  const promotionIds = released.map((row) => row.promotionId).sort()
  const couponIds = released.flatMap((row) => (row.couponId ? [row.couponId] : [])).sort()
  await tx
    .update(promotions)
    .set({ usedCount: sql`${promotions.usedCount} - 1` })
    .where(and(inArray(promotions.id, promotionIds), sql`${promotions.usageLimit} is not null and ${promotions.usedCount} > 0`))
  if (couponIds.length > 0) {
    await tx
      .update(coupons)
      .set({ usedCount: sql`${coupons.usedCount} - 1`, updatedAt: sql`now()` })
      .where(and(inArray(coupons.id, couponIds), sql`${coupons.maxUses} is not null and ${coupons.usedCount} > 0`))
  }
  for (const row of released) {
    if (!row.customerId) continue
    await tx
      .update(promotionCustomerUses)
      .set({ uses: sql`${promotionCustomerUses.uses} - 1` })
      .where(and(eq(promotionCustomerUses.promotionId, row.promotionId), eq(promotionCustomerUses.customerId, row.customerId), sql`${promotionCustomerUses.uses} > 0`))
    if (row.couponId) {
      await tx
        .update(couponCustomerUses)
        .set({ uses: sql`${couponCustomerUses.uses} - 1` })
        .where(and(eq(couponCustomerUses.couponId, row.couponId), eq(couponCustomerUses.customerId, row.customerId), sql`${couponCustomerUses.uses} > 0`))
    }
  }
  await emitAll(
    tx,
    released.map((row) => ({
      type: COUPON_EVENTS.released,
      payload: { orderId: input.orderId, promotionId: row.promotionId, couponId: row.couponId, customerId: row.customerId, reason: input.reason },
      scope: { customerId: row.customerId },
    })),
  )
  return released.length
}

/** Each order's discounts as they were applied (released ones too: the order still got them), largest first. */
export async function listOrderDiscounts(tx: Tx, orderIds: readonly string[]): Promise<Map<string, OrderDiscount[]>> {
  const byOrder = new Map<string, OrderDiscount[]>()
  if (orderIds.length === 0) return byOrder
  const rows = await tx
    .select()
    .from(promotionRedemptions)
    .where(inArray(promotionRedemptions.orderId, [...orderIds]))
    .orderBy(asc(promotionRedemptions.orderId), sql`${promotionRedemptions.amount} desc`, asc(promotionRedemptions.promotionId))
  for (const row of rows) {
    const list = byOrder.get(row.orderId) ?? []
    list.push({ promotionId: row.promotionId, name: row.name, kind: row.kind, level: row.level, amount: row.amount, couponCode: row.couponCode })
    byOrder.set(row.orderId, list)
  }
  return byOrder
}
