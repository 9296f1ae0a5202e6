import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cartWorld, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'

describe.each(engines)('store credit on %s', (engine) => {
  let server: TestServer
  let world: CartWorld
  beforeAll(async () => {
    server = await startTestServer({ engine, listen: engine === 'postgres' })
    world = await cartWorld(server)
  })
  afterAll(async () => server?.close())

  const adjust = (customerId: string, amount: number, headers = world.admin.headers) =>
    server.app.inject({ method: 'POST', url: `/v1/customers/${customerId}/store-credit/adjustments`, headers, payload: { amount, note: 'Geste commercial' } })
  const balanceOf = async (customerId: string) => (await server.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/store-credit`, headers: world.admin.headers })).json()

  it('lets an admin grant and take back credit, never below zero, and shows the history to the customer only', async () => {
    expect((await adjust(world.customer.id, 2500)).json()).toEqual({ customerId: world.customer.id, balance: { amount: 2500, currency: 'EUR' } })
    expect((await adjust(world.customer.id, -3000)).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/insufficient-store-credit', balance: 2500 })
    expect((await adjust(world.customer.id, -500)).json()).toEqual({ customerId: world.customer.id, balance: { amount: 2000, currency: 'EUR' } })
    expect((await adjust(world.customer.id, 100, world.associate.headers)).statusCode).toBe(403)
    expect((await adjust('cus_unknown', 100)).statusCode).toBe(404)
    const own = (await server.app.inject({ method: 'GET', url: `/v1/customers/${world.customer.id}/store-credit`, headers: world.customer.headers })).json()
    expect(own).toMatchObject({ balance: { amount: 2000, currency: 'EUR' } })
    expect(own.entries.map((e: { delta: { amount: number } }) => e.delta.amount)).toEqual([-500, 2500])
    expect((await server.app.inject({ method: 'GET', url: `/v1/customers/${world.customer.id}/store-credit`, headers: world.otherCustomer.headers })).statusCode).toBe(404)
  })

  it('pays part of an order with store credit and the rest by card', async () => {
    const variant = (await stockedProduct(server, world, { prices: [5990] })).variants[0]!
    const cart = (await server.app.inject({ method: 'POST', url: '/v1/carts', headers: world.customer.headers, payload: { channelId: world.channels.web.id, lines: [{ variantId: variant.id, quantity: 1 }] } })).json()
    const before = (await balanceOf(world.customer.id)).balance.amount
    const res = await server.app.inject({
      method: 'POST',
      url: `/v1/carts/${cart.id}/checkout`,
      headers: world.customer.headers,
      payload: { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.lyon.id }, payments: [{ method: 'store_credit', amount: before }, { method: 'card', amount: 5990 - before, card: { number: '4242424242424242', expiryMonth: 1, expiryYear: 2040 } }] },
    })
    expect(res.statusCode).toBe(201)
    expect(res.json().payments.map((p: { method: string; status: string }) => [p.method, p.status])).toEqual([
      ['store_credit', 'captured'],
      ['card', 'authorized'],
    ])
    expect((await balanceOf(world.customer.id)).balance.amount).toBe(0)
  })

  it.skipIf(engine === 'pglite')('lets only one of two channels spend the same credit at the same instant', async () => {
    await adjust(world.otherCustomer.id, 6000)
    const variant = (await stockedProduct(server, world, { prices: [6000] })).variants[0]!
    const carts = await Promise.all(
      [world.channels.web.id, world.channels.mobile.id].map(async (channelId) => (await server.app.inject({ method: 'POST', url: '/v1/carts', headers: world.otherCustomer.headers, payload: { channelId, lines: [{ variantId: variant.id, quantity: 1 }] } })).json().id as string),
    )
    const body = JSON.stringify({ fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.paris.id }, payments: [{ method: 'store_credit' }] })
    const results = await Promise.all(carts.map((id) => fetch(`${server.url}/v1/carts/${id}/checkout`, { method: 'POST', headers: { ...world.otherCustomer.headers, 'content-type': 'application/json' }, body })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect((await balanceOf(world.otherCustomer.id)).balance.amount).toBe(0)
  })
})
