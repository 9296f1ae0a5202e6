import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { closeOrder, entriesOf, loyaltyOf, tillOrder, voucherPromotion } from './loyalty.fixtures.js'

type Headers = Record<string, string>

describe.each(engines)('loyalty rewards and balances on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: engine === 'postgres' })
  const call = (method: 'GET' | 'POST', url: string, headers: Headers = {}, payload?: object) =>
    shop.server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const redeem = (customerId: string, rewardId: string, headers: Headers) =>
    call('POST', `/v1/customers/${customerId}/loyalty/redemptions`, headers, { rewardId })
  const adjust = (customerId: string, points: number, headers = shop.world.admin.headers) =>
    call('POST', `/v1/customers/${customerId}/loyalty/adjustments`, headers, { points, note: 'Geste commercial' })

  async function reward(pointsCost: number, amount: number): Promise<string> {
    const promotionId = await voucherPromotion(shop.server, amount)
    const res = await call('POST', '/v1/loyalty/rewards', shop.world.admin.headers, {
      name: { fr: `Bon de ${amount / 100} €`, en: `€${amount / 100} voucher` },
      pointsCost,
      promotionId,
      voucherValidDays: 30,
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: string }>().id
  }

  /** A customer with `points` available, earned at the till and kept past the return window. */
  async function memberWith(points: number) {
    const customer = await customerSession(shop.server)
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [points * 100] })).variants[0]!
    const sale = await tillOrder(shop.server, shop.world, customer.id, [{ variantId: variant.id, quantity: 1 }])
    expect((await closeOrder(shop.server, shop.world, sale.id)).statusCode).toBe(200)
    expect((await loyaltyOf(shop.server, customer.id, customer.headers)).balances).toEqual({ available: points, pending: 0, lifetime: points })
    return customer
  }

  it('exchanges points for a voucher only she can use, refuses what she cannot afford, and spends it at web checkout', async () => {
    const { server, world } = shop
    const customer = await memberWith(650)
    const rewardId = await reward(500, 1000)
    const res = await redeem(customer.id, rewardId, customer.headers)
    expect(res.statusCode, res.body).toBe(201)
    const { voucher, balances } = res.json()
    expect(balances).toEqual({ available: 150, pending: 0, lifetime: 650 })
    expect(voucher).toMatchObject({ code: expect.stringMatching(/^FID-[A-Z2-9]{12}$/), rewardId, points: 500 })
    expect(Date.parse(voucher.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000)
    const coupon = await call('GET', `/v1/coupons/${voucher.code}`, world.admin.headers)
    expect(coupon.json()).toMatchObject({ id: voucher.couponId, customerId: customer.id, maxUses: 1, usedCount: 0, status: 'active' })

    const refused = await redeem(customer.id, rewardId, customer.headers)
    expect(refused.json()).toMatchObject({
      status: 409,
      type: expect.stringMatching(/insufficient-points$/),
      field: '/body/rewardId',
      available: 150,
      requested: 500,
    })
    const view = await loyaltyOf(server, customer.id, customer.headers)
    expect(view.balances.available).toBe(150)
    expect(view.vouchers).toEqual([expect.objectContaining({ couponId: voucher.couponId, code: voucher.code, status: 'active', points: 500 })])
    expect((await entriesOf(server, customer.id, customer.headers))[0]).toMatchObject({ kind: 'redeem', available: -500, pending: 0, lifetime: 0 })

    // Nobody else can use it; she can, on the web: 10 € off, and the order earns on what she paid for the goods.
    const variant = (await stockedProduct(server, world, { prices: [4590] })).variants[0]!
    const otherCart = await cartWith(server, world.otherCustomer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    expect((await call('POST', `/v1/carts/${otherCart}/coupons`, world.otherCustomer.headers, { code: voucher.code })).statusCode).toBe(404)
    const cartId = await cartWith(server, customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const applied = await call('POST', `/v1/carts/${cartId}/coupons`, customer.headers, { code: voucher.code })
    expect(applied.statusCode, applied.body).toBe(200)
    const order = await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, customer.headers)
    expect(order.statusCode, order.body).toBe(201)
    expect(order.json()).toMatchObject({ totals: { discount: { amount: 1000 } } })
    // 45.90 − 10 = 35.90 € of goods paid: 35 points pending.
    expect((await loyaltyOf(server, customer.id, customer.headers)).balances).toEqual({ available: 150, pending: 35, lifetime: 650 })
    expect((await loyaltyOf(server, customer.id, customer.headers)).vouchers[0]).toMatchObject({ couponId: voucher.couponId, status: 'used_up' })
  })

  it('lets the till redeem for her and staff read her balance, and nobody else', async () => {
    const { world } = shop
    const customer = await memberWith(520)
    const rewardId = await reward(500, 1000)
    const url = `/v1/customers/${customer.id}/loyalty`
    expect((await call('GET', url)).statusCode).toBe(401)
    expect((await call('GET', url, world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await call('GET', `${url}/entries`, world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await call('GET', url, world.device.headers)).statusCode).toBe(404)
    expect((await call('GET', url, world.readOnlyIntegration.headers)).statusCode).toBe(403)
    expect((await call('GET', `/v1/customers/cus_unknown/loyalty`, world.admin.headers)).statusCode).toBe(404)
    for (const staff of [world.associate, world.lyonAssociate, world.agent]) expect((await call('GET', url, staff.headers)).json().balances.available).toBe(520)
    expect((await redeem(customer.id, rewardId, world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await redeem(customer.id, 'lyr_unknown', world.associate.headers)).json()).toMatchObject({ status: 404, field: '/body/rewardId' })
    const atTill = await redeem(customer.id, rewardId, world.associate.headers)
    expect(atTill.statusCode, atTill.body).toBe(201)
    const [entry] = await entriesOf(shop.server, customer.id, world.associate.headers)
    expect(entry).toMatchObject({ kind: 'redeem', available: -500 })

    // At the till the cashier enters her voucher on the till cart like any coupon.
    const variant = (await stockedProduct(shop.server, world, { prices: [3000] })).variants[0]!
    const tillCart = await cartWith(shop.server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }], {
      customerId: customer.id,
    })
    const applied = await call('POST', `/v1/carts/${tillCart}/coupons`, world.associate.headers, { code: atTill.json().voucher.code })
    expect(applied.statusCode, applied.body).toBe(200)
    const sale = await checkout(
      shop.server,
      tillCart,
      { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 2000 }] },
      world.associate.headers,
    )
    expect(sale.statusCode, sale.body).toBe(201)
    expect(sale.json()).toMatchObject({ totals: { total: { amount: 2000 } } })

    const retired = await reward(100, 500)
    await shop.server.app.inject({ method: 'PATCH', url: `/v1/loyalty/rewards/${retired}`, headers: world.admin.headers, payload: { active: false } })
    expect((await redeem(customer.id, retired, customer.headers)).json()).toMatchObject({
      status: 409,
      type: expect.stringMatching(/reward-unavailable$/),
      field: '/body/rewardId',
    })
  })

  it('adjusts available points by hand with loyalty:adjust, never below zero, and pages the ledger', async () => {
    const { world } = shop
    const customer = await customerSession(shop.server)
    expect((await adjust(customer.id, 200, world.associate.headers)).statusCode).toBe(403)
    expect((await adjust(customer.id, 0)).statusCode).toBe(400)
    expect((await adjust('cus_unknown', 10)).json()).toMatchObject({ status: 404, field: '/params/id' })
    expect((await adjust(customer.id, 200)).json()).toEqual({ customerId: customer.id, balances: { available: 200, pending: 0, lifetime: 0 } })
    expect((await adjust(customer.id, -250)).json()).toMatchObject({ status: 409, field: '/body/points', available: 200, requested: 250 })
    expect((await adjust(customer.id, -50)).json()).toMatchObject({ balances: { available: 150 } })
    const first = (await call('GET', `/v1/customers/${customer.id}/loyalty/entries?limit=1`, customer.headers)).json()
    expect(first.items).toEqual([
      expect.objectContaining({ kind: 'adjust', available: -50, note: 'Geste commercial', actor: { kind: 'staff', id: world.admin.id } }),
    ])
    const second = (await call('GET', `/v1/customers/${customer.id}/loyalty/entries?limit=1&cursor=${first.nextCursor}`, customer.headers)).json()
    expect(second).toEqual({ items: [expect.objectContaining({ available: 200 })], nextCursor: null })
    expect((await call('GET', `/v1/customers/${customer.id}/loyalty/entries?cursor=bogus`, customer.headers)).json()).toMatchObject({
      status: 400,
      field: '/query/cursor',
    })
  })

  it.skipIf(engine === 'pglite')('lets exactly the affordable number of concurrent redemptions win, never taking points below zero', async () => {
    const customer = await customerSession(shop.server)
    expect((await adjust(customer.id, 1000)).statusCode).toBe(201)
    const rewardId = await reward(300, 1000)
    const body = JSON.stringify({ rewardId })
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${shop.server.url}/v1/customers/${customer.id}/loyalty/redemptions`, {
          method: 'POST',
          headers: { ...customer.headers, 'content-type': 'application/json' },
          body,
        }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409])
    const view = await loyaltyOf(shop.server, customer.id, customer.headers)
    expect(view.balances.available).toBe(100)
    expect(view.vouchers).toHaveLength(3)
    expect((await entriesOf(shop.server, customer.id, customer.headers)).filter((e) => e.kind === 'redeem')).toHaveLength(3)
  })
})
