import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, expectLedgerConsistent, homeAddress, stockAt, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { staffSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { expireHeldOrders, testCardProvider } from './service.js'

describe.each(engines)('fulfilments on %s', (engine) => {
  const shop = useCommerceWorld(engine)

  const act = (fulfilmentId: string, action: string, headers: Record<string, string>, payload: object = {}) =>
    shop.server.app.inject({ method: 'POST', url: `/v1/fulfilments/${fulfilmentId}/${action}`, headers, payload })

  it('prepares and hands over a click-and-collect order against its code, selling the stock and capturing the card', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 3 })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 2 }])
    const order = (await checkout(shop.server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.montpellier.id }, payments: [card()] }, shop.world.customer.headers)).json()
    const fulfilment = order.fulfilments[0]
    // Lyon's associate cannot touch Montpellier's pickup; Montpellier's can.
    expect((await act(fulfilment.id, 'pick', shop.world.lyonAssociate.headers)).statusCode).toBe(404)
    expect((await act(fulfilment.id, 'collect', shop.world.associate.headers, { pickupCode: fulfilment.pickupCode })).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/illegal-transition', from: 'allocated', to: 'collected' })
    expect((await act(fulfilment.id, 'pick', shop.world.associate.headers)).json()).toMatchObject({ status: 'picking', fulfilments: [{ status: 'picking', pickupCode: null }] })
    const queue = (await shop.server.app.inject({ method: 'GET', url: `/v1/locations/${shop.world.stores.montpellier.id}/work`, headers: shop.world.associate.headers })).json()
    expect(queue.toPrepare.map((i: { fulfilmentId: string }) => i.fulfilmentId)).toContain(fulfilment.id)
    expect((await act(fulfilment.id, 'ready', shop.world.associate.headers)).json()).toMatchObject({ status: 'ready_for_pickup' })
    const wrongCode = fulfilment.pickupCode === '000000' ? '000001' : '000000'
    expect((await act(fulfilment.id, 'collect', shop.world.associate.headers, { pickupCode: wrongCode })).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/wrong-pickup-code' })
    const collected = (await act(fulfilment.id, 'collect', shop.world.associate.headers, { pickupCode: fulfilment.pickupCode })).json()
    expect(collected).toMatchObject({ status: 'collected', fulfilments: [{ status: 'collected' }], payments: [{ status: 'captured', capturedAmount: { amount: 11980 } }] })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 1, reserved: 0 })
    expect((await act(fulfilment.id, 'cancel', shop.world.associate.headers, { reason: 'late' })).json()).toMatchObject({ status: 409, from: 'collected' })
    const history = (await shop.server.app.inject({ method: 'GET', url: `/v1/locations/${shop.world.stores.montpellier.id}/work`, headers: shop.world.associate.headers })).json()
    expect(history.toHandOver).toEqual([])
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/locations/${shop.world.stores.montpellier.id}/work`, headers: shop.world.lyonAssociate.headers })).statusCode).toBe(404)
  })

  it('routes a pickup the store cannot serve through a transfer, and hands it over once received', async () => {
    const product = await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.lyon.id] })
    const variant = product.variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(shop.server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.montpellier.id }, payments: [card()] }, shop.world.customer.headers)).json()
    const fulfilment = order.fulfilments[0]
    expect(fulfilment).toMatchObject({ method: 'click_and_collect', sourceLocationId: shop.world.stores.lyon.id, pickupLocationId: shop.world.stores.montpellier.id })
    expect(fulfilment.transferId).toMatch(/^trf_/)
    expect(fulfilment.routingReason).toContain('transfer')
    expect(await stockAt(shop.server, variant.id, shop.world.stores.lyon.id)).toMatchObject({ reserved: 1 })
    expect((await act(fulfilment.id, 'ready', shop.world.associate.headers)).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/stock-in-transit' })
    const incoming = (await shop.server.app.inject({ method: 'GET', url: `/v1/locations/${shop.world.stores.montpellier.id}/work`, headers: shop.world.associate.headers })).json()
    expect(incoming.incoming.map((i: { fulfilmentId: string }) => i.fulfilmentId)).toContain(fulfilment.id)
    const toPick = (await shop.server.app.inject({ method: 'GET', url: `/v1/locations/${shop.world.stores.lyon.id}/work`, headers: shop.world.lyonAssociate.headers })).json()
    expect(toPick.toPick.map((i: { fulfilmentId: string }) => i.fulfilmentId)).toContain(fulfilment.id)
    expect((await act(fulfilment.id, 'pick', shop.world.lyonAssociate.headers)).statusCode).toBe(200)
    expect((await act(fulfilment.id, 'ship', shop.world.lyonAssociate.headers, { carrier: 'Navette', trackingNumber: 'LYO-MTP-1' })).json()).toMatchObject({ fulfilments: [{ status: 'in_transit' }] })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ incoming: 1, onHand: 0 })
    expect((await act(fulfilment.id, 'ready', shop.world.associate.headers)).json()).toMatchObject({ status: 'ready_for_pickup' })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ incoming: 0, onHand: 1, reserved: 1 })
    expect((await act(fulfilment.id, 'collect', shop.world.associate.headers, { pickupCode: fulfilment.pickupCode })).json()).toMatchObject({ status: 'collected' })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 0, reserved: 0 })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.lyon.id)).toMatchObject({ onHand: 1, reserved: 0 })
  })

  it('splits an order no single location can serve, one fulfilment per source', async () => {
    const a = (await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.warehouse.id] })).variants[0]!
    const b = (await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.paris.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 1 },
    ])
    const order = (await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers)).json()
    expect(order.fulfilments.map((f: { method: string; sourceLocationId: string }) => [f.method, f.sourceLocationId]).sort()).toEqual(
      [
        ['ship', shop.world.stores.warehouse.id],
        ['ship_from_store', shop.world.stores.paris.id],
      ].sort(),
    )
    expect(order.fulfilments[0].routingReason).toContain('split')
    expect(order.totals.shipping.amount).toBe(490)
    const [first, second] = order.fulfilments
    for (const f of [first, second]) expect((await act(f.id, 'pick', shop.world.admin.headers)).statusCode).toBe(200)
    const shipped = (await act(first.id, 'ship', shop.world.admin.headers, { carrier: 'Colissimo', trackingNumber: '6A1' })).json()
    expect(shipped.status).toBe('picking')
    expect((await act(first.id, 'deliver', shop.world.admin.headers)).json().status).toBe('partially_fulfilled')
    expect((await act(second.id, 'deliver', shop.world.admin.headers)).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/illegal-transition', from: 'picking', to: 'delivered' })
    await act(second.id, 'ship', shop.world.admin.headers, { carrier: 'Colissimo', trackingNumber: '6A2' })
    const done = (await act(second.id, 'deliver', shop.world.admin.headers)).json()
    expect(done).toMatchObject({ status: 'delivered', payments: [{ status: 'captured', capturedAmount: { amount: order.totals.total.amount } }] })
  })

  it('sells from the shelf at the till for cash and gives the change', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, contact: { email: 'passant@example.com' }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.associate.headers)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({
      status: 'collected',
      placedLocationId: shop.world.stores.montpellier.id,
      attributedLocationId: shop.world.stores.montpellier.id,
      attributionReason: 'placed_in_store',
      fulfilments: [{ method: 'in_store', status: 'collected' }],
      payments: [{ method: 'cash', status: 'captured', change: { amount: 4010 }, takenAtLocationId: shop.world.stores.montpellier.id }],
    })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 1, reserved: 0 })
  })

  it('sells from the shelf to an anonymous passer-by without contact details, but a guest order to deliver needs them', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.associate.headers)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ customerId: null, contact: { email: null, phone: null }, status: 'collected', placedLocationId: shop.world.stores.montpellier.id })
    const later = await cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const home = await checkout(shop.server, later, { fulfilment: { method: 'endless_aisle', shippingAddress: homeAddress() }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.associate.headers)
    expect(home.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/contact-required' })
  })

  it('sells from the shelf only by the store’s staff: a shopper’s device on a cart a seller claimed cannot sell itself the shelf', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const post = (url: string, payload: object, headers: Record<string, string>) => shop.server.app.inject({ method: 'POST', url, headers, payload })
    const cartId = await cartWith(shop.server, shop.world.device.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const shown = await post(`/v1/carts/${cartId}/handoff-code`, {}, shop.world.device.headers)
    expect(shown.statusCode, shown.body).toBe(201)
    const claimed = await post('/v1/carts/claim', { code: shown.json<{ code: string }>().code, channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)
    expect(claimed.statusCode, claimed.body).toBe(200)
    const bySelf = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [card()] }, shop.world.device.headers)
    expect(bySelf.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/fulfilment-method-not-offered', field: '/body/fulfilment/method' })
    const lineId = claimed.json<{ lines: { id: string }[] }>().lines[0]!.id
    const collect = { method: 'click_and_collect', pickupLocationId: shop.world.stores.montpellier.id }
    const perLine = await checkout(shop.server, cartId, { fulfilment: collect, lines: [{ lineId, fulfilment: { method: 'in_store' } }], contact: { email: 'passant@example.com' }, payments: [card()] }, shop.world.device.headers)
    expect(perLine.json()).toMatchObject({ status: 400, field: '/body/lines/0/fulfilment/method' })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 2, reserved: 0 })
    // The seller who claimed it sells it at her till, to the same anonymous passer-by.
    const atTill = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [card()] }, shop.world.associate.headers)
    expect(atTill.statusCode, atTill.body).toBe(201)
    expect(atTill.json()).toMatchObject({ status: 'collected', customerId: null, fulfilments: [{ method: 'in_store', status: 'collected' }] })
  })

  it('holds a reserve-in-store order unpaid, takes the payment at the till on collection', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(shop.server, cartId, { fulfilment: { method: 'reserve_in_store', pickupLocationId: shop.world.stores.montpellier.id }, payments: [] }, shop.world.customer.headers)).json()
    expect(order).toMatchObject({ status: 'placed', payments: [], fulfilments: [{ method: 'reserve_in_store', status: 'allocated' }] })
    expect(order.holdExpiresAt).not.toBeNull()
    const fulfilment = order.fulfilments[0]
    const held = (await shop.server.app.inject({ method: 'GET', url: `/v1/locations/${shop.world.stores.montpellier.id}/work`, headers: shop.world.associate.headers })).json()
    expect(held.held.map((i: { fulfilmentId: string }) => i.fulfilmentId)).toContain(fulfilment.id)
    await act(fulfilment.id, 'ready', shop.world.associate.headers)
    expect((await act(fulfilment.id, 'collect', shop.world.associate.headers, { pickupCode: fulfilment.pickupCode })).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/payment-outstanding' })
    const collected = await act(fulfilment.id, 'collect', shop.world.associate.headers, { pickupCode: fulfilment.pickupCode, payments: [{ method: 'card_terminal', terminalReference: 'TPE-1' }] })
    expect(collected.json()).toMatchObject({ status: 'collected', holdExpiresAt: null, payments: [{ method: 'card_terminal', status: 'captured' }] })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 0, reserved: 0 })
  })

  it('cancels a reserve-in-store order whose hold ran out and gives its stock back, once even with two runs', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(shop.server, cartId, { fulfilment: { method: 'reserve_in_store', pickupLocationId: shop.world.stores.montpellier.id }, payments: [] }, shop.world.customer.headers)).json()
    await shop.server.database.db.execute(sql`update orders set hold_expires_at = now() - interval '1 minute' where id = ${order.id}`)
    const runs = await Promise.all([expireHeldOrders(shop.server.database, { provider: testCardProvider }), expireHeldOrders(shop.server.database, { provider: testCardProvider })])
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1)
    const after = (await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: shop.world.customer.headers })).json()
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'hold_expired', fulfilments: [{ status: 'cancelled' }] })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.montpellier.id)).toMatchObject({ onHand: 1, reserved: 0, available: 1 })
  })

  it('takes an endless-aisle order at a kiosk, delivered home, credited to the kiosk’s store', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3, locationIds: [shop.world.stores.warehouse.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.device.headers, shop.world.channels.kioskMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'endless_aisle', shippingAddress: homeAddress('75011') }, contact: { email: 'borne@example.com' }, payments: [card()] }, shop.world.device.headers)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ channel: { kind: 'kiosk' }, placedLocationId: shop.world.stores.montpellier.id, attributedLocationId: shop.world.stores.montpellier.id, fulfilments: [{ method: 'endless_aisle', sourceLocationId: shop.world.stores.warehouse.id }] })
  })

  it('lets a customer cancel an order not yet prepared, releasing stock and voiding the card', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.warehouse.id] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers)).json()
    expect((await shop.server.app.inject({ method: 'POST', url: `/v1/orders/${order.id}/cancel`, headers: shop.world.otherCustomer.headers, payload: { reason: 'x' } })).statusCode).toBe(404)
    const cancelled = (await shop.server.app.inject({ method: 'POST', url: `/v1/orders/${order.id}/cancel`, headers: shop.world.customer.headers, payload: { reason: 'changed_mind' } })).json()
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'changed_mind', payments: [{ status: 'voided' }] })
    expect(await stockAt(shop.server, variant.id, shop.world.stores.warehouse.id)).toMatchObject({ reserved: 0, available: 1 })
    expect(await expectLedgerConsistent(shop.server)).toEqual([])
  })

  it('lists orders by store for store staff (their stores only) and by any filter for admins', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.paris.id] })).variants[0]!
    const place = async () => {
      const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
      return (await checkout(shop.server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.paris.id }, payments: [card()] }, shop.world.customer.headers)).json()
    }
    await place()
    const order = await place()
    const parisAssociate = await staffSession(shop.server, 'store_associate', [shop.world.stores.paris.id])
    const ids = async (url: string, headers: Record<string, string>) => (await shop.server.app.inject({ method: 'GET', url, headers })).json().items.map((o: { id: string }) => o.id)
    expect(await ids('/v1/orders?limit=100', parisAssociate.headers)).toContain(order.id)
    expect(await ids('/v1/orders?limit=100', shop.world.lyonAssociate.headers)).not.toContain(order.id)
    expect(await ids(`/v1/orders?locationId=${shop.world.stores.paris.id}`, shop.world.admin.headers)).toContain(order.id)
    expect(await ids(`/v1/orders?customerId=${shop.world.customer.id}&status=allocated`, shop.world.agent.headers)).toContain(order.id)
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers: shop.world.lyonAssociate.headers })).statusCode).toBe(404)
    const page = (await shop.server.app.inject({ method: 'GET', url: '/v1/orders?limit=1', headers: shop.world.customer.headers })).json()
    expect(page.items).toHaveLength(1)
    const next = (await shop.server.app.inject({ method: 'GET', url: `/v1/orders?limit=1&cursor=${page.nextCursor}`, headers: shop.world.customer.headers })).json()
    expect(next.items[0].id < page.items[0].id).toBe(true)
  })
})
