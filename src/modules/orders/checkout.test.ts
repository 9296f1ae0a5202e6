import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, expectLedgerConsistent, homeAddress, stockAt, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { outboxEvents } from '../../platform/schema.js'
import { TEST_CARDS } from './service.js'

describe.each(engines)('POST /v1/carts/{id}/checkout on %s', (engine) => {
  const shop = useCommerceWorld(engine)

  it('places a web click-and-collect order held at the pickup store, paid by card, credited to that store', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 6490], onHand: 4 })
    const [small, large] = product.variants
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [
      { variantId: small!.id, quantity: 2 },
      { variantId: large!.id, quantity: 1 },
    ])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.montpellier.id }, payments: [card()], expectedTotal: 18470 }, shop.world.customer.headers)
    expect(res.statusCode).toBe(201)
    const order = res.json()
    expect(order).toMatchObject({
      status: 'allocated',
      channel: { kind: 'web' },
      customerId: shop.world.customer.id,
      attributedLocationId: shop.world.stores.montpellier.id,
      attributionReason: 'pickup_store',
      totals: { subtotal: { amount: 18470, currency: 'EUR' }, shipping: { amount: 0 }, total: { amount: 18470 }, vat: [{ rate: 2000, amount: { amount: 3078 } }], tax: { amount: 3078 } },
      payments: [{ method: 'card', status: 'authorized', amount: { amount: 18470 }, capturedAmount: { amount: 0 }, cardBrand: 'visa', cardLast4: '4242' }],
    })
    expect(order.number).toBeGreaterThan(100000)
    expect(order.fulfilments).toHaveLength(1)
    expect(order.fulfilments[0]).toMatchObject({ method: 'click_and_collect', status: 'allocated', sourceLocationId: shop.world.stores.montpellier.id, pickupLocationId: shop.world.stores.montpellier.id })
    expect(order.fulfilments[0].pickupCode).toMatch(/^[0-9]{6}$/)
    expect(order.fulfilments[0].routingReason).toContain('Pickup store')
    expect(await stockAt(shop.server, small!.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 4, reserved: 2, available: 2 })
    const cart = await shop.server.app.inject({ method: 'GET', url: `/v1/carts/${cartId}`, headers: shop.world.customer.headers })
    expect(cart.json().status).toBe('checked_out')
    const events = await shop.server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'orders.order_status_changed'))
    const steps = events.filter((e) => (e.payload as { orderId: string }).orderId === order.id).map((e) => (e.payload as { to: string }).to)
    expect(steps).toEqual(['paid', 'allocated'])
  })

  it('declines a card with a 402 and leaves no order, no reservation, and the cart open', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 3 })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card(TEST_CARDS.declined)] }, shop.world.customer.headers)
    expect(res.statusCode).toBe(402)
    expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/payment-declined', reason: 'card_declined', field: '/body/payments/0' })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.warehouse.id)).toMatchObject({ reserved: 0, available: 3 })
    const cart = await shop.server.app.inject({ method: 'GET', url: `/v1/carts/${cartId}`, headers: shop.world.customer.headers })
    expect(cart.json().status).toBe('open')
    const retry = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers)
    expect(retry.statusCode).toBe(201)
  })

  it('ships a web order from the warehouse first, charges delivery with its VAT, and credits the delivery catchment', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 5 })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress('69002') }, payments: [card()] }, shop.world.customer.headers)
    expect(res.statusCode).toBe(201)
    const order = res.json()
    expect(order.fulfilments[0]).toMatchObject({ method: 'ship', sourceLocationId: shop.world.stores.warehouse.id, pickupCode: null })
    // 59.90 + 4.90 delivery, both at 20 %: VAT = round(6480 × 2000 / 12000) = 1080.
    expect(order.totals).toMatchObject({ subtotal: { amount: 5990 }, shipping: { amount: 490 }, total: { amount: 6480 }, vat: [{ rate: 2000, amount: { amount: 1080 } }] })
    expect(order).toMatchObject({ attributedLocationId: shop.world.stores.lyon.id, attributionReason: 'delivery_catchment', shippingAddress: { postalCode: '69002' } })
  })

  it('refuses what no location can supply with a 409 naming the line and what is available', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.lyon.id] })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    await shop.server.database.db.execute(
      // Someone else bought the last unit at the Lyon till meanwhile.
      sql`update stock_levels set on_hand = 0 where variant_id = ${variant.id}`,
    )
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers)
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/insufficient-stock', available: 0, shortages: [{ variantId: variant.id, requested: 1, available: 0 }] })
    await shop.server.database.db.execute(sql`update stock_levels set on_hand = 1 where variant_id = ${variant.id}`)
  })

  it('refuses a changed total, a guest without contact, a method the channel does not offer and a missing address', async () => {
    const product = await stockedProduct(shop.server, shop.world)
    const variant = product.variants[0]!
    const deviceCart = await cartWith(shop.server, shop.world.device.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const base = { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }
    expect((await checkout(shop.server, deviceCart, { ...base, expectedTotal: 100 }, shop.world.device.headers)).json()).toMatchObject({ type: 'https://omnicanal.dev/problems/total-changed', expected: 100, actual: 6480 })
    expect((await checkout(shop.server, deviceCart, base, shop.world.device.headers)).json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/contact-required' })
    expect((await checkout(shop.server, deviceCart, { ...base, fulfilment: { method: 'in_store' } }, shop.world.device.headers)).json()).toMatchObject({ status: 400, field: '/body/fulfilment/method' })
    expect((await checkout(shop.server, deviceCart, { ...base, fulfilment: { method: 'ship' } }, shop.world.device.headers)).json()).toMatchObject({ status: 400, field: '/body/fulfilment/shippingAddress' })
    expect((await checkout(shop.server, deviceCart, { ...base, contact: { phone: '+33612345678' }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.device.headers)).json()).toMatchObject({ status: 400, field: '/body/payments/0/method' })
    const guest = await checkout(shop.server, deviceCart, { ...base, contact: { email: 'invite@example.com' } }, shop.world.device.headers)
    expect(guest.statusCode).toBe(201)
    expect(guest.json()).toMatchObject({ customerId: null, deviceId: shop.world.device.id, contact: { email: 'invite@example.com' } })
    expect((await checkout(shop.server, deviceCart, base, shop.world.device.headers)).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/cart-not-open' })
  })

  it('replays a retried checkout with the same Idempotency-Key: one order, one authorisation', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 2 })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.mobile.id, [{ variantId: variant.id, quantity: 1 }])
    const body = { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }
    const first = await checkout(shop.server, cartId, body, shop.world.customer.headers, { 'idempotency-key': `co-${cartId}` })
    const second = await checkout(shop.server, cartId, body, shop.world.customer.headers, { 'idempotency-key': `co-${cartId}` })
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(second.json().id).toBe(first.json().id)
    expect(await stockAt(shop.server, variant.id, shop.world.stores.warehouse.id)).toMatchObject({ reserved: 1 })
  })

  it('holds the stock while a card awaits 3-D Secure, then moves on once the shopper passes it', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 2 })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card(TEST_CARDS.requiresAction)] }, shop.world.customer.headers)
    expect(res.statusCode).toBe(201)
    const order = res.json()
    expect(order).toMatchObject({ status: 'placed', payments: [{ status: 'requires_action' }] })
    expect(order.holdExpiresAt).not.toBeNull()
    expect(await stockAt(shop.server, variant.id, shop.world.stores.warehouse.id)).toMatchObject({ reserved: 1 })
    const confirmed = await shop.server.app.inject({ method: 'POST', url: `/v1/orders/${order.id}/payments/${order.payments[0].id}/confirm`, headers: shop.world.customer.headers })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ status: 'allocated', holdExpiresAt: null, payments: [{ status: 'authorized' }] })
  })

  it('keeps the ledger equal to the levels after every checkout above', async () => {
    expect(await expectLedgerConsistent(shop.server)).toEqual([])
  })

  it('answers another customer’s order with 404, even with its exact id', async () => {
    const [order] = rowsOf<{ id: string }>(await shop.server.database.db.execute(sql`select id from orders where customer_id = ${shop.world.customer.id} limit 1`))
    const id = order?.id ?? ''
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${id}`, headers: shop.world.otherCustomer.headers })).statusCode).toBe(404)
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${id}`, headers: shop.world.customer.headers })).statusCode).toBe(200)
    const mine = await shop.server.app.inject({ method: 'GET', url: '/v1/orders', headers: shop.world.otherCustomer.headers })
    expect(mine.json().items).toEqual([])
  })
})
