/**
 * A web order shipped from the warehouse and delivered home is brought back to the Montpellier store: the associate
 * takes it at the counter, the card is refunded, the unit is back on Montpellier's shelf and the customer sees the
 * return on her order — every step over real HTTP on loopback.
 */
import { describe, expect, it } from 'vitest'
import { card, homeAddress, httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'

describe.each(engines)('journey: a web order returned in store on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })

  const { call } = httpCalls(() => shop.server)

  it('ships, delivers, takes it back in Montpellier, refunds the card and puts the unit on the shelf', async () => {
    const [dress, belt] = (await stockedProduct(shop.server, shop.world, { prices: [8990, 2490], onHand: 3 })).variants
    const { customer, associate, admin, stores } = shop.world
    const montpellierShelf = async () => {
      const levels = await call<{ items: { onHand: number }[] }>(
        'GET',
        `/v1/inventory/levels?locationId=${stores.montpellier.id}&variantId=${dress!.id}`,
        associate.headers,
      )
      return levels.body.items[0]?.onHand ?? 0
    }

    const cart = await call<{ id: string }>('POST', '/v1/carts', customer.headers, {
      channelId: shop.world.channels.web.id,
      lines: [
        { variantId: dress!.id, quantity: 1 },
        { variantId: belt!.id, quantity: 1 },
      ],
    })
    expect(cart.status).toBe(201)
    const placed = await call<{ id: string; lines: { id: string; variantId: string }[]; fulfilments: { id: string; sourceLocationId: string }[] }>(
      'POST',
      `/v1/carts/${cart.body.id}/checkout`,
      customer.headers,
      {
        fulfilment: { method: 'ship', shippingAddress: homeAddress('34070') },
        payments: [card()],
        expectedTotal: 8990 + 2490 + 490,
      },
    )
    expect(placed.status).toBe(201)
    const order = placed.body
    expect(order.fulfilments).toMatchObject([{ sourceLocationId: stores.warehouse.id }])
    const fulfilmentId = order.fulfilments[0]!.id
    expect((await call('POST', `/v1/fulfilments/${fulfilmentId}/pick`, admin.headers, {})).status).toBe(200)
    expect((await call('POST', `/v1/fulfilments/${fulfilmentId}/ship`, admin.headers, { carrier: 'Colissimo', trackingNumber: '6A00000000001' })).status).toBe(
      200,
    )
    const delivered = await call('POST', `/v1/fulfilments/${fulfilmentId}/deliver`, admin.headers, {})
    expect(delivered.body).toMatchObject({ status: 'delivered', payments: [{ status: 'captured', capturedAmount: { amount: 11970 } }] })

    const shelfBefore = await montpellierShelf()
    const dressLine = order.lines.find((l) => l.variantId === dress!.id)!
    const taken = await call<{ id: string }>(
      'POST',
      `/v1/orders/${order.id}/returns`,
      { ...associate.headers, 'idempotency-key': `journey-${order.id}` },
      {
        lines: [{ orderLineId: dressLine.id, quantity: 1, reason: 'wrong_size', condition: 'resellable' }],
        locationId: stores.montpellier.id,
      },
    )
    expect(taken.status).toBe(201)
    expect(taken.body).toMatchObject({
      method: 'in_store',
      status: 'refunded',
      receivingLocationId: stores.montpellier.id,
      totals: { total: { amount: 8990 } },
      refunds: [{ method: 'card', amount: { amount: 8990 } }],
    })

    expect(await montpellierShelf()).toBe(shelfBefore + 1)
    const movements = await call<{ items: { kind: string; locationId: string; onHandDelta: number }[] }>(
      'GET',
      `/v1/inventory/movements?orderId=${order.id}&locationId=${stores.montpellier.id}`,
      associate.headers,
    )
    expect(movements.body.items).toMatchObject([{ kind: 'return', locationId: stores.montpellier.id, onHandDelta: 1 }])

    const mine = await call<Record<string, unknown>>('GET', `/v1/orders/${order.id}`, customer.headers)
    expect(mine.body).toMatchObject({
      lines: [{ returnedQuantity: 1 }, { returnedQuantity: 0 }],
      payments: [{ status: 'partially_refunded', refundedAmount: { amount: 8990 } }],
    })
    const returns = await call<{ items: { id: string; status: string; lines: { quantity: number; reason: string }[] }[] }>(
      'GET',
      `/v1/orders/${order.id}/returns`,
      customer.headers,
    )
    expect(returns.body.items).toMatchObject([{ id: taken.body.id, status: 'refunded', lines: [{ quantity: 1, reason: 'wrong_size' }] }])
    expect((await call('GET', `/v1/returns/${taken.body.id}`, customer.headers)).status).toBe(200)
  })
})
