import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, stockAt, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { creditBalance, deliveredWebOrder, line, openReturn, tillSale } from './returns.fixtures.js'

describe.each(engines)('POST /v1/orders/{id}/returns at a store counter on %s', (engine) => {
  const shop = useCommerceWorld(engine)

  const getOrder = (id: string) => shop.server.app.inject({ method: 'GET', url: `/v1/orders/${id}`, headers: shop.world.admin.headers }).then((r) => r.json())

  it('takes back part of a web order in Montpellier: restocked there, the card refunded for exactly the returned units', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 3490], onHand: 5 })
    const [dress, scarf] = product.variants
    const order = await deliveredWebOrder(shop.server, shop.world, [
      { variantId: dress!.id, quantity: 2 },
      { variantId: scarf!.id, quantity: 1 },
    ])
    const before = await stockAt(shop.server, dress!.id, shop.world.stores.montpellier.id)
    const res = await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id, 1)], locationId: shop.world.stores.montpellier.id }, shop.world.associate.headers)
    expect(res.statusCode).toBe(201)
    const ret = res.json()
    expect(ret).toMatchObject({
      method: 'in_store',
      status: 'refunded',
      refundMethod: 'original_payment',
      receivingLocationId: shop.world.stores.montpellier.id,
      channelId: shop.world.channels.storeMontpellier.id,
      customerId: shop.world.customer.id,
      takenByStaffId: shop.world.associate.id,
      labelReference: null,
      lines: [{ orderLineId: order.lines[0]!.id, quantity: 1, condition: 'resellable', restocked: true, unitRefund: { amount: 5990 } }],
      // 59.90 at 20 %: VAT = round(5990 × 2000 / 12000) = 998; delivery kept (not everything came back).
      totals: {
        goods: { amount: 5990 },
        shipping: { amount: 0 },
        total: { amount: 5990 },
        vat: [{ rate: 2000, amount: { amount: 998 } }],
        refunded: { amount: 5990 },
        exchanged: { amount: 0 },
      },
      refunds: [{ method: 'card', amount: { amount: 5990, currency: 'EUR' } }],
    })
    expect(ret.id).toMatch(/^ret_/)
    expect(ret.history.map((h: { to: string }) => h.to)).toEqual(['received', 'refunded'])
    expect(await stockAt(shop.server, dress!.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: before.onHand + 1 })
    const after = await getOrder(order.id)
    expect(after.payments).toMatchObject([{ method: 'card', status: 'partially_refunded', refundedAmount: { amount: 5990 } }])
    expect(after.lines.map((l: { returnedQuantity: number }) => l.returnedQuantity)).toEqual([1, 0])
    const events = await shop.server.database.db.select().from(outboxEvents).where(eq(outboxEvents.locationId, shop.world.stores.montpellier.id))
    const mine = events.filter((e) => (e.payload as { returnId?: string }).returnId === ret.id)
    expect(mine.map((e) => e.type)).toEqual(['returns.return_received', 'returns.return_refunded'])
    expect(mine.every((e) => e.customerId === shop.world.customer.id)).toBe(true)
  })

  it('does not restock a damaged unit, and still refunds it', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    const before = await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)
    const res = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id, 1, { reason: 'damaged', condition: 'damaged' })], locationId: shop.world.stores.montpellier.id },
      shop.world.associate.headers,
    )
    expect(res.json()).toMatchObject({ status: 'refunded', lines: [{ condition: 'damaged', restocked: false, reason: 'damaged' }] })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: before.onHand })
  })

  it('gives the delivery fee back with the last unit, in a second return of the remaining units', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 5 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 3 }])
    expect(order.totals.shipping.amount).toBe(490)
    const first = await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id, 2)], locationId: shop.world.stores.montpellier.id }, shop.world.associate.headers)
    expect(first.json()).toMatchObject({ totals: { goods: { amount: 11980 }, shipping: { amount: 0 }, total: { amount: 11980 } } })
    const tooMany = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id, 2)], locationId: shop.world.stores.montpellier.id },
      shop.world.associate.headers,
    )
    expect(tooMany.statusCode).toBe(409)
    expect(tooMany.json()).toMatchObject({
      type: 'https://omnicanal.dev/problems/return-exceeds-purchase',
      orderLineId: order.lines[0]!.id,
      returnable: 1,
      field: '/body/lines/0/quantity',
    })
    const second = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id, 1)], locationId: shop.world.stores.montpellier.id },
      shop.world.associate.headers,
    )
    expect(second.statusCode).toBe(201)
    // 59.90 + 4.90 delivery, both at 20 %: VAT = round(6480 × 2000 / 12000) = 1080.
    expect(second.json()).toMatchObject({
      totals: {
        goods: { amount: 5990 },
        shipping: { amount: 490 },
        total: { amount: 6480 },
        vat: [{ rate: 2000, amount: { amount: 1080 } }],
        refunded: { amount: 6480 },
      },
    })
    expect((await getOrder(order.id)).payments).toMatchObject([{ status: 'refunded', refundedAmount: { amount: order.totals.total.amount } }])
    const list = await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${order.id}/returns`, headers: shop.world.customer.headers })
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([second.json().id, first.json().id])
    expect(
      (await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id, 1)], locationId: shop.world.stores.montpellier.id }, shop.world.associate.headers))
        .statusCode,
    ).toBe(409)
  })

  it('hands cash back at the till for a cash sale', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const order = await tillSale(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }], { method: 'cash', tendered: 6000 })
    const res = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id, 1, { reason: 'changed_mind' })], locationId: shop.world.stores.montpellier.id },
      shop.world.associate.headers,
    )
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ status: 'refunded', refunds: [{ method: 'cash', amount: { amount: 5990 } }] })
    expect((await getOrder(order.id)).payments).toMatchObject([{ method: 'cash', status: 'refunded', refundedAmount: { amount: 5990 } }])
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 2 })
  })

  it('refunds as store credit when asked, raising the customer’s balance', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    const before = await creditBalance(shop.server, shop.world.customer)
    const res = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id)], locationId: shop.world.stores.lyon.id, refundMethod: 'store_credit' },
      shop.world.lyonAssociate.headers,
    )
    // The only unit came back, so the delivery fee (4.90) is credited with it.
    expect(res.json()).toMatchObject({
      status: 'refunded',
      refundMethod: 'store_credit',
      refunds: [{ paymentId: null, method: 'store_credit', amount: { amount: 6480 } }],
    })
    expect(await creditBalance(shop.server, shop.world.customer)).toBe(before + 6480)
    expect((await getOrder(order.id)).payments).toMatchObject([{ method: 'card', refundedAmount: { amount: 0 } }])
  })

  it('refuses a store associate without a store, another store’s counter, and a store-credit refund of a guest order', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    expect((await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)] }, shop.world.associate.headers)).json()).toMatchObject({
      status: 400,
      field: '/body/locationId',
      type: 'https://omnicanal.dev/problems/receiving-location-required',
    })
    expect(
      (await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)], locationId: shop.world.stores.lyon.id }, shop.world.associate.headers)).statusCode,
    ).toBe(404)
    expect(
      (await openReturn(shop.server, order.id, { lines: [line('oln_nope')], locationId: shop.world.stores.montpellier.id }, shop.world.associate.headers)).json(),
    ).toMatchObject({ status: 400, field: '/body/lines/0/orderLineId' })
    expect(
      (
        await openReturn(
          shop.server,
          order.id,
          { lines: [line(order.lines[0]!.id, 1, { reason: 'bored' })], locationId: shop.world.stores.montpellier.id },
          shop.world.associate.headers,
        )
      ).json(),
    ).toMatchObject({ status: 400, field: '/body/lines/0/reason' })
    const guest = await tillSale(
      shop.server,
      shop.world,
      [{ variantId: variant.id, quantity: 1 }],
      { method: 'card_terminal', terminalReference: 'TPE-1' },
      { guest: true },
    )
    const credit = await openReturn(
      shop.server,
      guest.id,
      { lines: [line(guest.lines[0]!.id)], locationId: shop.world.stores.montpellier.id, refundMethod: 'store_credit' },
      shop.world.associate.headers,
    )
    expect(credit.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/store-credit-needs-customer' })
    const back = await openReturn(shop.server, guest.id, { lines: [line(guest.lines[0]!.id)], locationId: shop.world.stores.montpellier.id }, shop.world.associate.headers)
    expect(back.json()).toMatchObject({ status: 'refunded', customerId: null, refunds: [{ method: 'card_terminal', amount: { amount: 5990 } }] })
    expect(await expectLedgerConsistent(shop.server)).toEqual([])
  })

  it.skipIf(engine === 'pglite')(
    'takes the last unit back once when two counters try at the same time (PostgreSQL only: PGlite has one connection)',
    async () => {
      const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3 })).variants[0]!
      const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
      const body = { lines: [line(order.lines[0]!.id)], locationId: shop.world.stores.montpellier.id }
      const [a, b] = await Promise.all([
        openReturn(shop.server, order.id, body, shop.world.associate.headers),
        openReturn(shop.server, order.id, body, shop.world.associate.headers),
      ])
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409])
      expect((await getOrder(order.id)).payments).toMatchObject([{ refundedAmount: { amount: 6480 } }])
    },
  )

  it('replays a retried return with the same Idempotency-Key: one return, one refund', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 2 }])
    const body = { lines: [line(order.lines[0]!.id)], locationId: shop.world.stores.montpellier.id }
    const first = await openReturn(shop.server, order.id, body, shop.world.associate.headers, { 'idempotency-key': `ret-${order.id}` })
    const again = await openReturn(shop.server, order.id, body, shop.world.associate.headers, { 'idempotency-key': `ret-${order.id}` })
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.json().id).toBe(first.json().id)
    expect((await getOrder(order.id)).payments).toMatchObject([{ refundedAmount: { amount: 5990 } }])
  })
})
