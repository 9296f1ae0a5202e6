/**
 * Promotions data in a customer's life cycle: a profile merge adds her per-customer uses to the survivor's and moves
 * her vouchers and redemptions, a revert gives back exactly what still counts; the GDPR export lists them; an
 * erasure disables her vouchers and drops her counts, and keeps her orders' discounts.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cartWith, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { countRows, couponRow, insertPromotion, rawHttp } from './coupon.fixtures.js'
import { redeemOrderPromotions } from '../carts/service.js'
import { releaseOrderPromotions } from './service.js'

type Headers = Record<string, string>

describe.each(engines)('promotions data through merges, exports and erasures, on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const call = rawHttp(() => shop.server)
  const admin = () => shop.world.admin.headers
  let orders = 0

  async function setUp() {
    const promotionId = await insertPromotion(shop.server, { perCustomerLimit: 5 })
    const code = (await call('POST', '/v1/coupons', admin(), { promotionId, perCustomerLimit: 5 })).body.code as string
    const survivor = await customerSession(shop.server)
    const merged = await customerSession(shop.server)
    const voucher = (await call('POST', '/v1/coupons', admin(), { promotionId, maxUses: 1, customerId: merged.id })).body.code as string
    return { promotionId, code, voucher, survivor, merged }
  }

  /** An order of the customer redeeming the promotion with `code` (placed directly: checkout is not under test here). */
  async function redeemAs(customer: { id: string; headers: Headers }, promotionId: string, code: string): Promise<string> {
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [5000] })).variants[0]!
    const cartId = await cartWith(shop.server, customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    expect((await call('POST', `/v1/carts/${cartId}/coupons`, customer.headers, { code })).status).toBe(200)
    const orderId = `ord_gdpr${(orders += 1)}${Date.now()}`
    await shop.server.database.transaction((tx) =>
      redeemOrderPromotions(tx, { orderId, cartId, customerId: customer.id, channelId: shop.world.channels.web.id, applied: [{ promotionId, name: 'Dix pour cent', kind: 'percent_off', level: 'order', amount: 500 }] }),
    )
    return orderId
  }

  const uses = (table: 'promotion_customer_uses' | 'coupon_customer_uses', customerId: string) =>
    countRows(shop.server, sql`select coalesce(sum(uses), 0)::int as n from ${sql.raw(table)} where customer_id = ${customerId}`)
  const redemptionsOf = (customerId: string) => countRows(shop.server, sql`select count(*)::int as n from promotion_redemptions where customer_id = ${customerId}`)

  it('adds her uses to the survivor’s on a merge, and gives back on a revert exactly what still counts', async () => {
    const { promotionId, code, voucher, survivor, merged } = await setUp()
    await redeemAs(survivor, promotionId, code)
    const kept = await redeemAs(merged, promotionId, code)
    const cancelledLater = await redeemAs(merged, promotionId, code)
    expect([await uses('promotion_customer_uses', merged.id), await uses('coupon_customer_uses', merged.id)]).toEqual([2, 2])

    const merge = await call('POST', `/v1/customers/${survivor.id}/merges`, admin(), { mergedCustomerId: merged.id })
    expect(merge.status, JSON.stringify(merge.body)).toBe(201)
    expect([await uses('promotion_customer_uses', survivor.id), await uses('coupon_customer_uses', survivor.id)]).toEqual([3, 3])
    expect([await uses('promotion_customer_uses', merged.id), await uses('coupon_customer_uses', merged.id)]).toEqual([0, 0])
    expect((await couponRow(shop.server, voucher))?.customerId).toBe(survivor.id)
    expect(await redemptionsOf(survivor.id)).toBe(3)

    // One of her orders is cancelled while merged: its use comes off the survivor, and the revert does not give it twice.
    await shop.server.database.transaction((tx) => releaseOrderPromotions(tx, { orderId: cancelledLater, reason: 'cancelled' }))
    expect(await uses('promotion_customer_uses', survivor.id)).toBe(2)

    const revert = await call('POST', `/v1/customer-merges/${merge.body.id}/revert`, admin(), {})
    expect(revert.status, JSON.stringify(revert.body)).toBe(200)
    expect([await uses('promotion_customer_uses', survivor.id), await uses('coupon_customer_uses', survivor.id)]).toEqual([1, 1])
    expect([await uses('promotion_customer_uses', merged.id), await uses('coupon_customer_uses', merged.id)]).toEqual([1, 1])
    expect((await couponRow(shop.server, voucher))?.customerId).toBe(merged.id)
    expect(await redemptionsOf(merged.id)).toBe(2)
    expect(await countRows(shop.server, sql`select count(*)::int as n from promotion_redemptions where order_id = ${kept} and customer_id = ${merged.id} and status = 'redeemed'`)).toBe(1)
  })

  it('exports her vouchers, uses and discounts; an erasure disables the vouchers, drops the counts and keeps the discounts', async () => {
    const { promotionId, code, voucher, merged: customer } = await setUp()
    const orderId = await redeemAs(customer, promotionId, code)
    const exported = await call('GET', `/v1/customers/${customer.id}/export`, customer.headers)
    expect(exported.status, JSON.stringify(exported.body)).toBe(200)
    expect(exported.body.promotions).toMatchObject({
      vouchers: [{ code: voucher, promotionId, status: 'active', usedCount: 0 }],
      promotionUses: [{ promotionId, uses: 1 }],
      couponUses: [{ code, uses: 1 }],
      redemptions: [{ orderId, promotionId, amount: 500, couponCode: code, status: 'redeemed' }],
    })

    const erased = await call('POST', `/v1/customers/${customer.id}/erasure`, admin(), { reason: 'Request by email' })
    expect(erased.status, JSON.stringify(erased.body)).toBe(200)
    expect((await couponRow(shop.server, voucher))?.status).toBe('disabled')
    expect([await uses('promotion_customer_uses', customer.id), await uses('coupon_customer_uses', customer.id)]).toEqual([0, 0])
    expect(await redemptionsOf(customer.id)).toBe(1)
  })
})
