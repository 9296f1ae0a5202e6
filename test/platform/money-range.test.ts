/**
 * The money range (src/platform/money.ts): unit prices, quantities and entered amounts are bounded by the schemas so
 * that no total or balance the API computes can pass what a bigint column or a JS number holds exactly; sums far
 * past 2^31 minor units (21,474,836.47 €) are ordinary orders and balances, not 500s.
 */
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'

const INT4_MAX = 2 ** 31 - 1

describe.each(engines)('the money range on %s', (engine) => {
  const shop = useCommerceWorld(engine)

  it('checks out 99 × a 1,000,000.00 € item (a total past 2^31 minor units)', async () => {
    const { world, server } = shop
    // The most generous earning rule: points follow the order past 2^31 too.
    const settings = await server.app.inject({ method: 'PUT', url: '/v1/loyalty/settings', headers: world.admin.headers, payload: { pointsPerUnit: 1000 } })
    expect(settings.statusCode, settings.body).toBe(200)
    const variant = (await stockedProduct(server, world, { prices: [100_000_000], onHand: 200 })).variants[0]!
    const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 99 }])
    const cart = await server.app.inject({ url: `/v1/carts/${cartId}`, headers: world.customer.headers })
    expect(cart.statusCode).toBe(200)
    const res = await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, world.customer.headers)
    expect(res.statusCode, res.body).toBe(201)
    const order = res.json()
    expect(order.totals.subtotal.amount).toBe(9_900_000_000)
    expect(order.totals.total.amount).toBeGreaterThan(INT4_MAX)
    const again = await server.app.inject({ url: `/v1/orders/${order.id}`, headers: world.customer.headers })
    expect(again.json().totals.total).toEqual(order.totals.total)
    const overview = await server.app.inject({ url: `/v1/customers/${world.customer.id}/overview`, headers: world.admin.headers })
    expect(overview.statusCode, overview.body).toBe(200)
    const loyalty = await server.app.inject({ url: `/v1/customers/${world.customer.id}/loyalty`, headers: world.customer.headers })
    expect(loyalty.statusCode, loyalty.body).toBe(200)
    expect(loyalty.json().balances.pending).toBe(99_000_000_000)
  })

  it('keeps a store-credit balance past 2^31 minor units', async () => {
    const { world, server } = shop
    const adjust = (amount: number) =>
      server.app.inject({ method: 'POST', url: `/v1/customers/${world.otherCustomer.id}/store-credit/adjustments`, headers: world.admin.headers, payload: { amount, note: 'Grand compte' } })
    let balance = 0
    while (balance <= INT4_MAX) {
      const res = await adjust(10_000_000)
      expect(res.statusCode, res.body).toBe(201)
      balance = res.json().balance.amount
    }
    expect(balance).toBe(2_150_000_000)
    const read = await server.app.inject({ url: `/v1/customers/${world.otherCustomer.id}/store-credit`, headers: world.admin.headers })
    expect(read.json().balance.amount).toBe(2_150_000_000)
  })

  it('refuses a unit price, a quantity or an adjustment past its bound with a 400 naming the field', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world)).variants[0]!
    const line = await server.app.inject({ method: 'POST', url: '/v1/carts', headers: world.customer.headers, payload: { channelId: world.channels.web.id, lines: [{ variantId: variant.id, quantity: 100 }] } })
    expect(line.json()).toMatchObject({ status: 400, field: '/body/lines/0/quantity' })
    const price = await server.app.inject({ method: 'PATCH', url: `/v1/products/${variant.productId}/variants/${variant.id}`, headers: world.admin.headers, payload: { price: { amount: 100_000_001 } } })
    expect(price.json()).toMatchObject({ status: 400, field: '/body/price/amount' })
    const credit = await server.app.inject({ method: 'POST', url: `/v1/customers/${world.customer.id}/store-credit/adjustments`, headers: world.admin.headers, payload: { amount: 2 ** 53, note: 'x' } })
    expect(credit.json()).toMatchObject({ status: 400, field: '/body/amount' })
  })
  it('refuses a price filter past the highest unit price with a 400 naming it, not a 500 from PostgreSQL', async () => {
    for (const query of ['minPrice=1e21', 'maxPrice=1e21', 'minPrice=9223372036854775808', `maxPrice=${100_000_001}`]) {
      const res = await shop.server.app.inject({ url: `/v1/products?${query}` })
      expect(res.statusCode, query).toBe(400)
      expect(res.json().field, query).toBe(`/query/${query.split('=')[0]}`)
    }
    expect((await shop.server.app.inject({ url: `/v1/products?minPrice=0&maxPrice=${100_000_000}` })).statusCode).toBe(200)
  })
})
