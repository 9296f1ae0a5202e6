/**
 * Redemption and release: each use counted once by guarded SQL inside the checkout's transaction, given back once
 * by the documented rule (cancelled, or every unit returned and refunded). The races — the same single-use code at
 * two channels at the same instant, one customer's last use on two carts, a promotion's last uses — run on
 * PostgreSQL with real concurrent transactions on separate connections; PGlite has a single connection.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, stockedProduct, useCommerceWorld, type CommerceSuite } from '../../../test/commerce.js'
import { engines, TEST_DATABASE_URL } from '../../../test/harness.js'
import type { Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import { countRows, couponRow, insertPromotion, promotionUsedCount, rawHttp } from './coupon.fixtures.js'
import { redeemOrderPromotions } from '../carts/service.js'
import { getCoupon, listOrderDiscounts, releaseOrderPromotions, type AppliedDiscount } from './service.js'

type Headers = Record<string, string>
const PROBLEM = 'https://omnicanal.dev/problems/'
let serial = 0

function harness(shop: CommerceSuite) {
  const call = rawHttp(() => shop.server)
  const discount = (promotionId: string, amount = 1000): AppliedDiscount => ({ promotionId, name: 'Dix pour cent', kind: 'percent_off', level: 'order', amount })
  async function coupon(body: Record<string, unknown>, promotion: Parameters<typeof insertPromotion>[1] = {}) {
    const promotionId = await insertPromotion(shop.server, promotion)
    const res = await call('POST', '/v1/coupons', shop.world.admin.headers, { promotionId, code: `RDM-${Date.now().toString(36).toUpperCase()}${(serial += 1)}`, ...body })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return { code: res.body.code as string, promotionId }
  }
  async function cart(channel: 'web' | 'storeMontpellier', headers: Headers, code: string | null, extra: Record<string, unknown> = {}) {
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [5000], onHand: 50 })).variants[0]!
    const cartId = await cartWith(shop.server, headers, shop.world.channels[channel].id, [{ variantId: variant.id, quantity: 2 }], extra)
    if (code) expect((await call('POST', `/v1/carts/${cartId}/coupons`, headers, { code })).status).toBe(200)
    return cartId
  }
  const redeem = (tx: Tx, cartId: string, applied: AppliedDiscount[], customerId: string | null, orderId = `ord_t${(serial += 1)}`) =>
    redeemOrderPromotions(tx, { orderId, cartId, customerId, channelId: shop.world.channels.web.id, applied }).then(() => orderId)
  const inTx = <T>(work: (tx: Tx) => Promise<T>) => shop.server.database.transaction(work)
  const uses = (table: 'coupon_customer_uses' | 'promotion_customer_uses', key: 'coupon_id' | 'promotion_id', id: string, customerId: string) =>
    countRows(shop.server, sql`select coalesce(sum(uses), 0)::int as n from ${sql.raw(table)} where ${sql.raw(key)} = ${id} and customer_id = ${customerId}`)
  return { call, discount, coupon, cart, redeem, inTx, uses }
}

/** Promotions that run without a code apply to every later cart of the suite: paused once their test is done. */
async function pauseAutomatic(shop: CommerceSuite, ids: string[]): Promise<void> {
  for (const id of ids) await shop.server.database.db.execute(sql`update promotions set status = 'paused' where id = ${id}`)
}

async function refusal(pending: Promise<unknown>): Promise<DomainError> {
  const error = await pending.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  return error as DomainError
}

describe.each(engines)('redeemOrderPromotions and releaseOrderPromotions, on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const t = harness(shop)

  it('counts the promotion, the code and the customer’s uses once, and records the order’s discount', async () => {
    const { code, promotionId } = await t.coupon({ maxUses: 5, perCustomerLimit: 2 }, { usageLimit: 10, perCustomerLimit: 3 })
    const cartId = await t.cart('web', shop.world.customer.headers, code)
    const orderId = await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(promotionId, 700), t.discount(promotionId, 300)], shop.world.customer.id))
    const row = await couponRow(shop.server, code)
    expect(row?.usedCount).toBe(1)
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(1)
    expect(await t.uses('coupon_customer_uses', 'coupon_id', row!.id, shop.world.customer.id)).toBe(1)
    expect(await t.uses('promotion_customer_uses', 'promotion_id', promotionId, shop.world.customer.id)).toBe(1)
    const discounts = await listOrderDiscounts(shop.server.database.db, [orderId, 'ord_none'])
    expect(discounts.get(orderId)).toEqual([{ promotionId, name: 'Dix pour cent', kind: 'percent_off', level: 'order', amount: 1000, couponCode: code }])
    expect(discounts.has('ord_none')).toBe(false)
    expect(await countRows(shop.server, sql`select count(*)::int as n from outbox_events where type = 'promotions.promotion_redeemed' and payload->>'orderId' = ${orderId}`)).toBe(1)
  })

  it('refuses a single-use code, a promotion’s last use and a customer’s limit once taken, rolling the checkout back', async () => {
    const single = await t.coupon({ maxUses: 1 })
    const first = await t.cart('web', shop.world.customer.headers, single.code)
    const second = await t.cart('storeMontpellier', shop.world.associate.headers, single.code)
    await t.inTx((tx) => t.redeem(tx, first, [t.discount(single.promotionId)], shop.world.customer.id))
    const usedUp = await refusal(t.inTx((tx) => t.redeem(tx, second, [t.discount(single.promotionId)], null)))
    expect(usedUp).toMatchObject({ code: 'coupon-used-up', status: 409, data: { code: single.code, reason: 'used_up' } })
    expect(await promotionUsedCount(shop.server, single.promotionId)).toBe(1)

    const capped = await insertPromotion(shop.server, { requiresCoupon: false, usageLimit: 1, usedCount: 1 })
    const cartId = await t.cart('web', shop.world.customer.headers, null)
    expect(await refusal(t.inTx((tx) => t.redeem(tx, cartId, [t.discount(capped)], null)))).toMatchObject({ code: 'promotion-used-up', data: { promotionId: capped, reason: 'used_up' } })

    const once = await insertPromotion(shop.server, { requiresCoupon: false, perCustomerLimit: 1 })
    await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(once)], shop.world.customer.id))
    expect(await refusal(t.inTx((tx) => t.redeem(tx, cartId, [t.discount(once)], shop.world.customer.id)))).toMatchObject({ code: 'promotion-used-up', data: { reason: 'customer_limit_reached' } })
    // A guest is not counted per customer.
    await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(once)], null))
    expect(await promotionUsedCount(shop.server, once)).toBe(2)
    await pauseAutomatic(shop, [capped, once])
  })

  it('over HTTP: a cart whose single-use code another order took first is refused 409 coupon-used-up, never charged in full', async () => {
    const { code } = await t.coupon({ maxUses: 1 })
    const web = await t.cart('web', shop.world.customer.headers, code)
    const till = await t.cart('storeMontpellier', shop.world.associate.headers, code)
    const tillSale = { fulfilment: { method: 'in_store' }, contact: { email: 'passant@example.com' }, payments: [{ method: 'cash', tendered: 10000 }] }
    expect((await t.call('POST', `/v1/carts/${till}/checkout`, shop.world.associate.headers, tillSale)).status).toBe(201)
    const late = await t.call('POST', `/v1/carts/${web}/checkout`, shop.world.customer.headers, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] })
    expect(late.status, JSON.stringify(late.body)).toBe(409)
    expect(late.body).toMatchObject({ type: `${PROBLEM}coupon-used-up`, code, reason: 'used_up' })
    expect(await countRows(shop.server, sql`select count(*)::int as n from orders where cart_id = ${web}`)).toBe(0)
    // Once she takes the code off, she sees and pays the full price.
    expect((await t.call('DELETE', `/v1/carts/${web}/coupons/${code}`, shop.world.customer.headers)).status).toBe(200)
    const placed = await t.call('POST', `/v1/carts/${web}/checkout`, shop.world.customer.headers, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] })
    expect(placed.status, JSON.stringify(placed.body)).toBe(201)
    expect(placed.body.discounts).toEqual([])
  })

  it('applies a promotion that runs without a code even when its code on the cart is used up; a coupon-only one needs its code', async () => {
    const { code, promotionId } = await t.coupon({ maxUses: 1 }, { requiresCoupon: false })
    const cartId = await t.cart('web', shop.world.customer.headers, code)
    await shop.server.database.db.execute(sql`update coupons set used_count = 1 where code = ${code}`)
    const orderId = await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(promotionId)], shop.world.customer.id))
    expect((await listOrderDiscounts(shop.server.database.db, [orderId])).get(orderId)).toMatchObject([{ promotionId, couponCode: null }])
    const couponOnly = await insertPromotion(shop.server)
    expect(await refusal(t.inTx((tx) => t.redeem(tx, cartId, [t.discount(couponOnly)], null)))).toMatchObject({ code: 'coupon-missing', status: 409 })
    await pauseAutomatic(shop, [promotionId])
  })

  it('gives the uses back once, however often it is released, and keeps the order’s discount on record', async () => {
    const { code, promotionId } = await t.coupon({ maxUses: 1, perCustomerLimit: 1 }, { usageLimit: 5, perCustomerLimit: 1 })
    const cartId = await t.cart('web', shop.world.customer.headers, code)
    const orderId = await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(promotionId)], shop.world.customer.id))
    expect(await t.inTx((tx) => releaseOrderPromotions(tx, { orderId, reason: 'cancelled' }))).toBe(1)
    expect(await t.inTx((tx) => releaseOrderPromotions(tx, { orderId, reason: 'cancelled' }))).toBe(0)
    const row = await couponRow(shop.server, code)
    expect(row?.usedCount).toBe(0)
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(0)
    expect(await t.uses('coupon_customer_uses', 'coupon_id', row!.id, shop.world.customer.id)).toBe(0)
    expect(await t.uses('promotion_customer_uses', 'promotion_id', promotionId, shop.world.customer.id)).toBe(0)
    expect(await countRows(shop.server, sql`select count(*)::int as n from promotion_redemptions where order_id = ${orderId} and status = 'released' and release_reason = 'cancelled'`)).toBe(1)
    expect((await listOrderDiscounts(shop.server.database.db, [orderId])).get(orderId)).toHaveLength(1)
    // The use is free again: the same customer may take it on another order.
    await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(promotionId)], shop.world.customer.id))
    expect((await couponRow(shop.server, code))?.usedCount).toBe(1)
  })

  it('at checkout: a cancelled order gives its code back', async () => {
    const { code } = await t.coupon({ maxUses: 1 })
    const cartId = await t.cart('web', shop.world.customer.headers, code)
    const placed = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers)
    expect(placed.statusCode, placed.body).toBe(201)
    expect((await couponRow(shop.server, code))?.usedCount).toBe(1)
    const cancelled = await t.call('POST', `/v1/orders/${placed.json().id}/cancel`, shop.world.admin.headers, { reason: 'customer_request' })
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
    expect((await couponRow(shop.server, code))?.usedCount).toBe(0)
  })

  it('at the till: a partial return keeps the use, the return of the last unit gives it back', async () => {
    const { code, promotionId } = await t.coupon({ maxUses: 1 })
    const cartId = await t.cart('storeMontpellier', shop.world.associate.headers, code, { customerId: shop.world.customer.id })
    const placed = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.associate.headers)
    expect(placed.statusCode, placed.body).toBe(201)
    const order = placed.json<{ id: string; lines: { id: string }[] }>()
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(1)
    const back = () =>
      t.call('POST', `/v1/orders/${order.id}/returns`, shop.world.associate.headers, { lines: [{ orderLineId: order.lines[0]!.id, quantity: 1, reason: 'wrong_size' }], locationId: shop.world.stores.montpellier.id })
    expect((await back()).status).toBe(201)
    expect((await couponRow(shop.server, code))?.usedCount).toBe(1)
    expect((await back()).status).toBe(201)
    expect((await couponRow(shop.server, code))?.usedCount).toBe(0)
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(0)
    expect(await countRows(shop.server, sql`select count(*)::int as n from promotion_redemptions where order_id = ${order.id} and promotion_id = ${promotionId} and release_reason = 'returned'`)).toBe(1)
  })
})

/** Resolves once `n` callers are waiting: every transaction is open before any of them redeems. */
function barrier(n: number): () => Promise<void> {
  let arrived = 0
  let open: () => void = () => {}
  const all = new Promise<void>((resolve) => (open = resolve))
  return async () => {
    arrived += 1
    if (arrived === n) open()
    await all
  }
}

describe.skipIf(!TEST_DATABASE_URL)('redemption races on postgres (PGlite has a single connection: concurrency is proven on PostgreSQL only)', () => {
  const shop = useCommerceWorld('postgres', { listen: true })
  const t = harness(shop)

  /** Each redemption in its own transaction on its own connection, all opened before any redeems. */
  async function race(attempts: { cartId: string; applied: AppliedDiscount[]; customerId: string | null }[]) {
    const ready = barrier(attempts.length)
    return Promise.allSettled(
      attempts.map((attempt) =>
        t.inTx(async (tx) => {
          await tx.execute(sql`select pg_backend_pid()`)
          await ready()
          return t.redeem(tx, attempt.cartId, attempt.applied, attempt.customerId)
        }),
      ),
    )
  }
  const refusedWith = (results: PromiseSettledResult<string>[]) =>
    results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof DomainError ? { problem: r.reason.code, ...r.reason.data } : { error: String(r.reason) }] : []))

  it('lets exactly one of two channels take a single-use code at the same instant; the other gets coupon-used-up', async () => {
    const { code, promotionId } = await t.coupon({ maxUses: 1 })
    const web = await t.cart('web', shop.world.customer.headers, code)
    const till = await t.cart('storeMontpellier', shop.world.associate.headers, code)
    const results = await race([
      { cartId: web, applied: [t.discount(promotionId)], customerId: shop.world.customer.id },
      { cartId: till, applied: [t.discount(promotionId)], customerId: null },
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(refusedWith(results)).toEqual([{ problem: 'coupon-used-up', code, reason: 'used_up' }])
    expect((await couponRow(shop.server, code))?.usedCount).toBe(1)
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(1)
    expect(await countRows(shop.server, sql`select count(*)::int as n from promotion_redemptions where coupon_code = ${code}`)).toBe(1)
  })

  it('over HTTP: two checkouts with the same single-use code on the web and at the till, one order', async () => {
    const { code } = await t.coupon({ maxUses: 1 })
    const web = await t.cart('web', shop.world.customer.headers, code)
    const till = await t.cart('storeMontpellier', shop.world.associate.headers, code)
    const results = await Promise.all([
      t.call('POST', `/v1/carts/${web}/checkout`, shop.world.customer.headers, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }),
      t.call('POST', `/v1/carts/${till}/checkout`, shop.world.associate.headers, { fulfilment: { method: 'in_store' }, contact: { email: 'passant@example.com' }, payments: [{ method: 'cash', tendered: 10000 }] }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ type: `${PROBLEM}coupon-used-up`, code })
    expect((await couponRow(shop.server, code))?.usedCount).toBe(1)
  })

  it('lets one customer take her last use of a code on only one of two carts at once', async () => {
    const { code, promotionId } = await t.coupon({ perCustomerLimit: 1 })
    const web = await t.cart('web', shop.world.otherCustomer.headers, code)
    const till = await t.cart('storeMontpellier', shop.world.associate.headers, code, { customerId: shop.world.otherCustomer.id })
    const results = await race([
      { cartId: web, applied: [t.discount(promotionId)], customerId: shop.world.otherCustomer.id },
      { cartId: till, applied: [t.discount(promotionId)], customerId: shop.world.otherCustomer.id },
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(refusedWith(results)).toEqual([{ problem: 'coupon-used-up', code, reason: 'customer_limit_reached' }])
    const row = await couponRow(shop.server, code)
    // A code without maxUses is not counted on its row (no hot row): its uses are its redemptions.
    expect(row?.usedCount).toBe(0)
    expect((await getCoupon(shop.server.database.db, { code })).usedCount).toBe(1)
    expect(await t.uses('coupon_customer_uses', 'coupon_id', row!.id, shop.world.otherCustomer.id)).toBe(1)
  })

  it('hands out exactly a promotion’s remaining uses to eight checkouts at once', async () => {
    const promotionId = await insertPromotion(shop.server, { requiresCoupon: false, usageLimit: 3 })
    const carts: string[] = []
    for (let i = 0; i < 8; i++) carts.push(await t.cart('web', shop.world.customer.headers, null))
    const results = await race(carts.map((cartId) => ({ cartId, applied: [t.discount(promotionId)], customerId: null })))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    expect(refusedWith(results)).toEqual(Array.from({ length: 5 }, () => ({ problem: 'promotion-used-up', promotionId, reason: 'used_up' })))
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(3)
    await pauseAutomatic(shop, [promotionId])
  })

  it('gives a use back once when the same order is released twice at the same instant', async () => {
    const { code, promotionId } = await t.coupon({ maxUses: 1 })
    const cartId = await t.cart('web', shop.world.customer.headers, code)
    const orderId = await t.inTx((tx) => t.redeem(tx, cartId, [t.discount(promotionId)], shop.world.customer.id))
    const ready = barrier(2)
    const released = await Promise.all(
      [0, 1].map(() =>
        t.inTx(async (tx) => {
          await tx.execute(sql`select 1`)
          await ready()
          return releaseOrderPromotions(tx, { orderId, reason: 'cancelled' })
        }),
      ),
    )
    expect(released.sort()).toEqual([0, 1])
    expect((await couponRow(shop.server, code))?.usedCount).toBe(0)
    expect(await promotionUsedCount(shop.server, promotionId)).toBe(0)
  })
})
