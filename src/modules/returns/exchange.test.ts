import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, stockAt, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { deliveredWebOrder, line, openReturn } from './returns.fixtures.js'

describe.each(engines)('exchanges at a store counter (POST /v1/orders/{id}/returns with exchange) on %s', (engine) => {
  const shop = useCommerceWorld(engine)

  const getOrder = (id: string) => shop.server.app.inject({ method: 'GET', url: `/v1/orders/${id}`, headers: shop.world.admin.headers }).then((r) => r.json())

  it('exchanges size S for size M in one call: a new order collected at the till, stock moved both ways', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 5990], onHand: 4 })
    const [small, medium] = product.variants
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: small!.id, quantity: 1 }])
    const smallBefore = await stockAt(shop.server, small!.id, shop.world.stores.montpellier.id)
    const mediumBefore = await stockAt(shop.server, medium!.id, shop.world.stores.montpellier.id)
    const res = await openReturn(
      shop.server,
      order.id,
      {
        lines: [line(order.lines[0]!.id)],
        locationId: shop.world.stores.montpellier.id,
        exchange: { lines: [{ variantId: medium!.id, quantity: 1 }], fulfilment: { method: 'in_store' } },
      },
      shop.world.associate.headers,
    )
    expect(res.statusCode).toBe(201)
    const ret = res.json()
    // The goods pay for the new size; the delivery fee of the first order comes back to the card with its only unit.
    expect(ret).toMatchObject({
      status: 'refunded',
      totals: { total: { amount: 6480 }, exchanged: { amount: 5990 }, refunded: { amount: 490 } },
      refunds: [{ method: 'card', amount: { amount: 490 } }],
    })
    expect(ret.exchangeOrderId).toMatch(/^ord_/)
    const exchanged = await getOrder(ret.exchangeOrderId)
    expect(exchanged).toMatchObject({
      status: 'collected',
      customerId: shop.world.customer.id,
      channelId: shop.world.channels.storeMontpellier.id,
      lines: [{ variantId: medium!.id, quantity: 1 }],
      fulfilments: [{ method: 'in_store', status: 'collected' }],
      payments: [{ method: 'exchange', status: 'captured', amount: { amount: 5990 } }],
    })
    expect(await stockAt(shop.server, small!.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: smallBefore.onHand + 1 })
    expect(await stockAt(shop.server, medium!.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: mediumBefore.onHand - 1 })
    expect((await getOrder(order.id)).payments).toMatchObject([{ refundedAmount: { amount: 490 } }])
  })

  it('charges the difference of a dearer exchange with the customer’s tender, and refunds the difference of a cheaper one', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 7990, 2990], onHand: 4 })
    const [base, dearer, cheaper] = product.variants
    const first = await deliveredWebOrder(shop.server, shop.world, [{ variantId: base!.id, quantity: 1 }])
    const exchange = (variantId: string, payments?: unknown[]) => ({
      lines: [{ variantId, quantity: 1 }],
      fulfilment: { method: 'in_store' },
      ...(payments ? { payments } : {}),
    })
    const unpaid = await openReturn(
      shop.server,
      first.id,
      { lines: [line(first.lines[0]!.id)], locationId: shop.world.stores.montpellier.id, exchange: exchange(dearer!.id) },
      shop.world.associate.headers,
    )
    expect(unpaid.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/exchange-payment-mismatch', due: 1510 })
    const paid = await openReturn(
      shop.server,
      first.id,
      {
        lines: [line(first.lines[0]!.id)],
        locationId: shop.world.stores.montpellier.id,
        exchange: exchange(dearer!.id, [{ method: 'card_terminal', terminalReference: 'TPE-9' }]),
      },
      shop.world.associate.headers,
    )
    // Returned goods and delivery (64.80) pay for 79.90; the terminal takes the 15.10 left.
    expect(paid.json()).toMatchObject({ status: 'refunded', totals: { total: { amount: 6480 }, exchanged: { amount: 6480 }, refunded: { amount: 0 } } })
    expect((await getOrder(paid.json().exchangeOrderId)).payments).toMatchObject([
      { method: 'exchange', amount: { amount: 6480 } },
      { method: 'card_terminal', amount: { amount: 1510 } },
    ])
    const second = await deliveredWebOrder(shop.server, shop.world, [{ variantId: base!.id, quantity: 1 }])
    const cheap = await openReturn(
      shop.server,
      second.id,
      { lines: [line(second.lines[0]!.id)], locationId: shop.world.stores.montpellier.id, exchange: exchange(cheaper!.id) },
      shop.world.associate.headers,
    )
    expect(cheap.json()).toMatchObject({
      status: 'refunded',
      totals: { exchanged: { amount: 2990 }, refunded: { amount: 3490 } },
      refunds: [{ method: 'card', amount: { amount: 3490 } }],
    })
    expect(await expectLedgerConsistent(shop.server)).toEqual([])
  })
})
