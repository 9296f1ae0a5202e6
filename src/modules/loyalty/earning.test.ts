import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cartWith, checkout, homeAddress, card, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { closeOrdersPastWindow } from '../orders/service.js'
import { closeOrder, entriesOf, loyaltyOf, returnAtCounter, tillOrder, webOrder } from './loyalty.fixtures.js'

describe.each(engines)('loyalty points from orders on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const balances = async (customer: { id: string; headers: Record<string, string> }) => (await loyaltyOf(shop.server, customer.id, customer.headers)).balances

  it('earns pending points on a paid web order (goods after discounts, not delivery), available once the return window closes', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    const [dress, scarf] = (await stockedProduct(server, world, { prices: [5990, 2450] })).variants
    const order = await webOrder(
      server,
      world,
      customer,
      [
        { variantId: dress!.id, quantity: 2 },
        { variantId: scarf!.id, quantity: 1 },
      ],
      { deliver: false },
    )
    // 119.80 + 24.50 = 144.30 € of goods: 144 points; the delivery fee earns nothing.
    expect(order.totals.shipping.amount).toBeGreaterThan(0)
    expect(await balances(customer)).toEqual({ available: 0, pending: 144, lifetime: 0 })
    for (const fulfilment of order.fulfilments) {
      for (const [action, payload] of [
        ['pick', {}],
        ['ship', { carrier: 'Colissimo', trackingNumber: 'X1' }],
        ['deliver', {}],
      ] as const) {
        expect(
          (await server.app.inject({ method: 'POST', url: `/v1/fulfilments/${fulfilment.id}/${action}`, headers: world.admin.headers, payload })).statusCode,
        ).toBe(200)
      }
    }
    // Moving through allocated, picking, shipped and delivered earns nothing more.
    expect(await balances(customer)).toEqual({ available: 0, pending: 144, lifetime: 0 })

    // The job that closes orders past their return window (a window of 0 days here).
    expect(await closeOrdersPastWindow(server.database, { windowDays: {}, defaultDays: 0 })).toBeGreaterThanOrEqual(1)
    expect(await balances(customer)).toEqual({ available: 144, pending: 0, lifetime: 144 })
    const entries = await entriesOf(server, customer.id, customer.headers)
    expect(entries.map((e) => [e.kind, e.available, e.pending, e.lifetime, e.orderId])).toEqual([
      ['earn_confirmed', 144, -144, 144, order.id],
      ['earn_pending', 0, 144, 0, order.id],
    ])
    // Closing again confirms nothing twice.
    expect((await closeOrder(server, world, order.id)).statusCode).toBe(200)
    expect(await balances(customer)).toEqual({ available: 144, pending: 0, lifetime: 144 })
  })

  it('earns at the till into the same account, at the configured rate', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    const variant = (await stockedProduct(server, world, { prices: [2450] })).variants[0]!
    const put = (pointsPerUnit: number) =>
      server.app.inject({ method: 'PUT', url: '/v1/loyalty/settings', headers: world.admin.headers, payload: { pointsPerUnit } })
    expect((await put(3)).json()).toMatchObject({ pointsPerUnit: 3, currency: 'EUR' })
    try {
      const sale = await tillOrder(server, world, customer.id, [{ variantId: variant.id, quantity: 1 }])
      expect(sale.status).toBe('collected')
      await webOrder(server, world, customer, [{ variantId: variant.id, quantity: 2 }], { deliver: false })
      // 24 € × 3 at the till, 49 € × 3 on the web: one account, the same from every channel.
      const seen = await Promise.all([customer.headers, world.associate.headers, world.agent.headers].map((headers) => loyaltyOf(server, customer.id, headers)))
      for (const view of seen) expect(view.balances).toEqual({ available: 0, pending: 72 + 147, lifetime: 0 })
      expect(seen[0]!).toMatchObject({ pointsPerUnit: 3 })
      expect((await closeOrder(server, world, sale.id)).statusCode).toBe(200)
      expect(await balances(customer)).toEqual({ available: 72, pending: 147, lifetime: 72 })
    } finally {
      expect((await put(1)).statusCode).toBe(200)
    }
  })

  it('takes back exactly the points of the goods returned, from pending while the order is open, the last unit taking the rest', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    const variant = (await stockedProduct(server, world, { prices: [3350] })).variants[0]!
    const order = await webOrder(server, world, customer, [{ variantId: variant.id, quantity: 3 }], { deliver: true })
    // 100.50 € of goods: 100 points; one unit (33.50 €) is worth 33 on its own.
    expect(await balances(customer)).toEqual({ available: 0, pending: 100, lifetime: 0 })
    const first = await returnAtCounter(server, world, order.id, [{ orderLineId: order.lines[0]!.id, quantity: 1 }])
    expect(first.status).toBe('refunded')
    expect(await balances(customer)).toEqual({ available: 0, pending: 67, lifetime: 0 })
    await returnAtCounter(server, world, order.id, [{ orderLineId: order.lines[0]!.id, quantity: 2 }])
    // 100.50 € back in all: the 100 points, not 33 + 66.
    expect(await balances(customer)).toEqual({ available: 0, pending: 0, lifetime: 0 })
    const reversals = (await entriesOf(server, customer.id, customer.headers)).filter((e) => e.kind === 'earn_reversed')
    expect(reversals.map((e) => [e.pending, e.returnId !== null, e.orderId])).toEqual([
      [-67, true, order.id],
      [-33, true, order.id],
    ])
    expect((await closeOrder(server, world, order.id)).statusCode).toBe(200)
    expect(await balances(customer)).toEqual({ available: 0, pending: 0, lifetime: 0 })
  })

  it('takes returned points from available once the order closed, never below zero, noting what was already spent', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    const [dress, scarf] = (await stockedProduct(server, world, { prices: [5990, 2450] })).variants
    const order = await webOrder(
      server,
      world,
      customer,
      [
        { variantId: dress!.id, quantity: 1 },
        { variantId: scarf!.id, quantity: 1 },
      ],
      { deliver: true },
    )
    expect((await closeOrder(server, world, order.id)).statusCode).toBe(200)
    expect(await balances(customer)).toEqual({ available: 84, pending: 0, lifetime: 84 })
    const spend = await server.app.inject({
      method: 'POST',
      url: `/v1/customers/${customer.id}/loyalty/adjustments`,
      headers: world.admin.headers,
      payload: { points: -50, note: 'Points spent elsewhere' },
    })
    expect(spend.statusCode, spend.body).toBe(201)
    const dressLine = order.lines.find((l) => l.variantId === dress!.id)!
    await returnAtCounter(server, world, order.id, [{ orderLineId: dressLine.id, quantity: 1 }])
    // 59 points due back: the 34 left are taken, lifetime loses the 59.
    expect(await balances(customer)).toEqual({ available: 0, pending: 0, lifetime: 25 })
    const [reversal] = await entriesOf(server, customer.id, customer.headers)
    expect(reversal).toMatchObject({ kind: 'earn_reversed', available: -34, pending: 0, lifetime: -59, orderId: order.id })
    expect(reversal!.note).toMatch(/59 points due, only 34/)
  })

  it('drops the pending points of a cancelled order', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    const variant = (await stockedProduct(server, world, { prices: [4200] })).variants[0]!
    const order = await webOrder(server, world, customer, [{ variantId: variant.id, quantity: 1 }], { deliver: false })
    expect(await balances(customer)).toEqual({ available: 0, pending: 42, lifetime: 0 })
    const res = await server.app.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/cancel`,
      headers: customer.headers,
      payload: { reason: 'changed_mind' },
    })
    expect(res.json().status).toBe('cancelled')
    expect(await balances(customer)).toEqual({ available: 0, pending: 0, lifetime: 0 })
    expect((await entriesOf(server, customer.id, customer.headers)).map((e) => [e.kind, e.pending, e.note])).toEqual([
      ['earn_reversed', -42, 'Order cancelled'],
      ['earn_pending', 42, null],
    ])
  })

  it('keeps only the points of the goods still coming when one fulfilment of the order is cancelled', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    // One item only at the warehouse, the other only in Lyon: the order ships in two fulfilments.
    const coat = (await stockedProduct(server, world, { prices: [6000], locationIds: [world.stores.warehouse.id] })).variants[0]!
    const belt = (await stockedProduct(server, world, { prices: [4000], locationIds: [world.stores.lyon.id] })).variants[0]!
    const order = await webOrder(
      server,
      world,
      customer,
      [
        { variantId: coat.id, quantity: 1 },
        { variantId: belt.id, quantity: 1 },
      ],
      { deliver: false },
    )
    expect(order.fulfilments).toHaveLength(2)
    expect(await balances(customer)).toEqual({ available: 0, pending: 100, lifetime: 0 })
    const beltLine = order.lines.find((line) => line.variantId === belt.id)!
    const beltFulfilment = order.fulfilments.find((f) => (f as unknown as { lines: { orderLineId: string }[] }).lines.some((l) => l.orderLineId === beltLine.id))!
    const res = await server.app.inject({ method: 'POST', url: `/v1/fulfilments/${beltFulfilment.id}/cancel`, headers: world.admin.headers, payload: { reason: 'out_of_stock' } })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().status).not.toBe('cancelled')
    // 60 € of the 100 € stay: 60 of the 100 points.
    expect(await balances(customer)).toEqual({ available: 0, pending: 60, lifetime: 0 })
    expect((await entriesOf(server, customer.id, customer.headers))[0]).toMatchObject({ kind: 'earn_reversed', pending: -40, note: 'Part of the order was cancelled' })
  })

  it('earns nothing on a guest order', async () => {
    const { server, world } = shop
    const variant = (await stockedProduct(server, world, { prices: [4200] })).variants[0]!
    const cartId = await cartWith(server, world.device.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(
      server,
      cartId,
      { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()], contact: { email: 'invite.sans.compte@example.com' } },
      world.device.headers,
    )
    expect(res.statusCode, res.body).toBe(201)
    const rows = rowsOf<{ n: number }>(await server.database.db.execute(sql`select count(*)::int as n from loyalty_entries where order_id = ${res.json().id}`))
    expect(rows[0]?.n).toBe(0)
  })
})
