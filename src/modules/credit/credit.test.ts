import { describe, expect, it } from 'vitest'
import { stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'

describe.each(engines)('store credit on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: engine === 'postgres' })

  const adjust = (customerId: string, amount: number, headers = shop.world.admin.headers) =>
    shop.server.app.inject({ method: 'POST', url: `/v1/customers/${customerId}/store-credit/adjustments`, headers, payload: { amount, note: 'Geste commercial' } })
  const balanceOf = async (customerId: string) => (await shop.server.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/store-credit`, headers: shop.world.admin.headers })).json()

  it('lets an admin grant and take back credit, never below zero, and shows the history to the customer only', async () => {
    expect((await adjust(shop.world.customer.id, 2500)).json()).toEqual({ customerId: shop.world.customer.id, balance: { amount: 2500, currency: 'EUR' } })
    expect((await adjust(shop.world.customer.id, -3000)).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/insufficient-store-credit', balance: 2500 })
    expect((await adjust(shop.world.customer.id, -500)).json()).toEqual({ customerId: shop.world.customer.id, balance: { amount: 2000, currency: 'EUR' } })
    expect((await adjust(shop.world.customer.id, 100, shop.world.associate.headers)).statusCode).toBe(403)
    expect((await adjust('cus_unknown', 100)).statusCode).toBe(404)
    const own = (await shop.server.app.inject({ method: 'GET', url: `/v1/customers/${shop.world.customer.id}/store-credit`, headers: shop.world.customer.headers })).json()
    expect(own).toMatchObject({ balance: { amount: 2000, currency: 'EUR' } })
    expect(own.entries.map((e: { delta: { amount: number } }) => e.delta.amount)).toEqual([-500, 2500])
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/customers/${shop.world.customer.id}/store-credit`, headers: shop.world.otherCustomer.headers })).statusCode).toBe(404)
  })

  it('pays part of an order with store credit and the rest by card', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [5990] })).variants[0]!
    const cart = (await shop.server.app.inject({ method: 'POST', url: '/v1/carts', headers: shop.world.customer.headers, payload: { channelId: shop.world.channels.web.id, lines: [{ variantId: variant.id, quantity: 1 }] } })).json()
    const before = (await balanceOf(shop.world.customer.id)).balance.amount
    const res = await shop.server.app.inject({
      method: 'POST',
      url: `/v1/carts/${cart.id}/checkout`,
      headers: shop.world.customer.headers,
      payload: { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.lyon.id }, payments: [{ method: 'store_credit', amount: before }, { method: 'card', amount: 5990 - before, card: { number: '4242424242424242', expiryMonth: 1, expiryYear: 2040 } }] },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().payments.map((p: { method: string; status: string }) => [p.method, p.status])).toEqual([
      ['store_credit', 'captured'],
      ['card', 'authorized'],
    ])
    expect((await balanceOf(shop.world.customer.id)).balance.amount).toBe(0)
  })

  it.skipIf(engine === 'pglite')('lets only one of two channels spend the same credit at the same instant', async () => {
    await adjust(shop.world.otherCustomer.id, 6000)
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [6000] })).variants[0]!
    const carts = await Promise.all(
      [shop.world.channels.web.id, shop.world.channels.mobile.id].map(async (channelId) => (await shop.server.app.inject({ method: 'POST', url: '/v1/carts', headers: shop.world.otherCustomer.headers, payload: { channelId, lines: [{ variantId: variant.id, quantity: 1 }] } })).json().id as string),
    )
    const body = JSON.stringify({ fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.paris.id }, payments: [{ method: 'store_credit' }] })
    const results = await Promise.all(carts.map((id) => fetch(`${shop.server.url}/v1/carts/${id}/checkout`, { method: 'POST', headers: { ...shop.world.otherCustomer.headers, 'content-type': 'application/json' }, body })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect((await balanceOf(shop.world.otherCustomer.id)).balance.amount).toBe(0)
  })
})
