import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { expectLedgerConsistent, stockAt, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { deliveredWebOrder, line, openReturn } from './returns.fixtures.js'
import { closeOrdersPastReturnWindow } from './service.js'

describe.each(engines)('mail and phone returns, windows and visibility on %s', (engine) => {
  const shop = useCommerceWorld(engine)

  const get = (url: string, headers: Record<string, string>) => shop.server.app.inject({ method: 'GET', url, headers })
  const post = (url: string, payload: object, headers: Record<string, string>) => shop.server.app.inject({ method: 'POST', url, headers, payload })

  it('closes delivered orders once their channel’s return window has passed, and no sooner', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const recent = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    const old = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    const put = await shop.server.app.inject({ method: 'PUT', url: `/v1/channels/${shop.world.channels.web.id}/return-policy`, headers: shop.world.admin.headers, payload: { windowDays: 10 } })
    expect(put.statusCode).toBe(200)
    await shop.server.database.db.execute(sql`update orders set updated_at = now() - interval '9 days' where id = ${recent.id}`)
    await shop.server.database.db.execute(sql`update orders set updated_at = now() - interval '11 days' where id = ${old.id}`)
    expect(await closeOrdersPastReturnWindow(shop.server.database)).toBeGreaterThanOrEqual(1)
    expect((await get(`/v1/orders/${old.id}`, shop.world.customer.headers)).json().status).toBe('closed')
    expect((await get(`/v1/orders/${recent.id}`, shop.world.customer.headers)).json().status).toBe('delivered')
    // Back to the default window for the tests that follow.
    await shop.server.database.db.execute(sql`delete from return_policies where channel_id = ${shop.world.channels.web.id}`)
  })

  it('lets any store receive a parcel sent to it, restocking there and refunding the card, not in cash', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    const ret = (await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id, 1)] }, shop.world.customer.headers)).json()
    const lyonBefore = await stockAt(shop.server, variant.id, shop.world.stores.lyon.id)
    const received = await post(`/v1/returns/${ret.id}/receive`, { locationId: shop.world.stores.lyon.id }, shop.world.lyonAssociate.headers)
    expect(received.statusCode).toBe(200)
    expect(received.json()).toMatchObject({ status: 'refunded', receivingLocationId: shop.world.stores.lyon.id })
    expect((await stockAt(shop.server, variant.id, shop.world.stores.lyon.id)).onHand).toBe(lyonBefore.onHand + 1)
    const after = (await get(`/v1/orders/${order.id}`, shop.world.customer.headers)).json()
    // The only unit came back, so the delivery fee comes back with it.
    expect(after.payments[0]).toMatchObject({ method: 'card', refundedAmount: { amount: order.totals.total.amount } })
  })

  it('lets the customer request a mail return, received later at the warehouse: restocked there and refunded', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 2 }])
    const requested = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id, 2, { reason: 'not_as_described', reasonNote: 'Couleur différente' })] },
      shop.world.customer.headers,
    )
    expect(requested.statusCode).toBe(201)
    const ret = requested.json()
    expect(ret).toMatchObject({
      method: 'mail',
      status: 'requested',
      channelId: shop.world.channels.web.id,
      receivingLocationId: null,
      takenByStaffId: null,
      lines: [{ quantity: 2, condition: null, restocked: false }],
      totals: { total: { amount: 12470 } },
    })
    expect(ret.labelReference).toBe(`RMA-${ret.number}`)
    const warehouseBefore = await stockAt(shop.server, variant.id, shop.world.stores.warehouse.id)
    // The parcel's units are claimed: no second request for them.
    expect((await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id, 1)] }, shop.world.customer.headers)).json()).toMatchObject({
      status: 409,
      returnable: 0,
    })
    expect((await post(`/v1/returns/${ret.id}/receive`, { locationId: shop.world.stores.warehouse.id }, shop.world.customer.headers)).statusCode).toBe(403)
    expect((await post(`/v1/returns/${ret.id}/receive`, { locationId: shop.world.stores.warehouse.id }, shop.world.associate.headers)).statusCode).toBe(404)
    const received = await post(
      `/v1/returns/${ret.id}/receive`,
      { locationId: shop.world.stores.warehouse.id, lines: [{ id: ret.lines[0].id, condition: 'resellable' }] },
      shop.world.admin.headers,
    )
    expect(received.statusCode).toBe(200)
    expect(received.json()).toMatchObject({
      status: 'refunded',
      receivingLocationId: shop.world.stores.warehouse.id,
      lines: [{ condition: 'resellable', restocked: true }],
      refunds: [{ method: 'card', amount: { amount: 12470 } }],
    })
    expect(received.json().history.map((h: { to: string }) => h.to)).toEqual(['requested', 'received', 'refunded'])
    expect(await stockAt(shop.server, variant.id, shop.world.stores.warehouse.id)).toMatchObject({ onHand: warehouseBefore.onHand + 2 })
    expect((await post(`/v1/returns/${ret.id}/receive`, { locationId: shop.world.stores.warehouse.id }, shop.world.admin.headers)).json()).toMatchObject({
      status: 409,
      type: 'https://omnicanal.dev/problems/illegal-transition',
      from: 'refunded',
    })
    const seen = await get(`/v1/orders/${order.id}/returns`, shop.world.customer.headers)
    expect(seen.json().items).toMatchObject([{ id: ret.id, status: 'refunded' }])
  })

  it('takes a phone RMA from the call centre, and cancels it, freeing its units', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    const phone = await openReturn(
      shop.server,
      order.id,
      { lines: [line(order.lines[0]!.id, 1, { reason: 'late' })], refundMethod: 'store_credit' },
      shop.world.agent.headers,
    )
    expect(phone.json()).toMatchObject({
      method: 'phone',
      status: 'requested',
      channelId: shop.world.channels.phone.id,
      takenByStaffId: shop.world.agent.id,
      refundMethod: 'store_credit',
    })
    expect((await post(`/v1/returns/${phone.json().id}/cancel`, { reason: 'x' }, shop.world.otherCustomer.headers)).statusCode).toBe(404)
    const cancelled = await post(`/v1/returns/${phone.json().id}/cancel`, { reason: 'customer_kept_item' }, shop.world.customer.headers)
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      history: [{ to: 'requested' }, { from: 'requested', to: 'cancelled', note: 'customer_kept_item' }],
    })
    expect((await post(`/v1/returns/${phone.json().id}/cancel`, { reason: 'again' }, shop.world.customer.headers)).json()).toMatchObject({
      status: 409,
      from: 'cancelled',
    })
    expect((await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id, 1)] }, shop.world.customer.headers)).statusCode).toBe(201)
  })

  it('refuses a return outside the window with its deadline; staff may override it with a recorded note', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    await shop.server.database.db.execute(sql`update fulfilments set updated_at = now() - interval '40 days' where order_id = ${order.id}`)
    const closed = await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)] }, shop.world.customer.headers)
    expect(closed.statusCode).toBe(409)
    expect(closed.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/return-window-closed', windowDays: 30 })
    expect(new Date(closed.json().deadline).getTime()).toBeLessThan(Date.now())
    expect(
      (await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)], overrideWindow: true, overrideNote: 'please' }, shop.world.customer.headers))
        .statusCode,
    ).toBe(403)
    const body = { lines: [line(order.lines[0]!.id)], locationId: shop.world.stores.montpellier.id, overrideWindow: true }
    expect((await openReturn(shop.server, order.id, body, shop.world.associate.headers)).json()).toMatchObject({ status: 400, field: '/body/overrideNote' })
    const overridden = await openReturn(shop.server, order.id, { ...body, overrideNote: 'Cliente fidèle, geste commercial' }, shop.world.associate.headers)
    expect(overridden.statusCode).toBe(201)
    expect(overridden.json()).toMatchObject({
      status: 'refunded',
      windowOverridden: true,
      overrideNote: 'Cliente fidèle, geste commercial',
      history: [{ to: 'received', note: 'Cliente fidèle, geste commercial' }, { to: 'refunded' }],
    })
  })

  it('sets a channel’s window (admin) and applies it to the next return', async () => {
    const url = `/v1/channels/${shop.world.channels.web.id}/return-policy`
    expect((await get(url, {})).json()).toEqual({ channelId: shop.world.channels.web.id, windowDays: 30, isDefault: true, updatedAt: null })
    expect((await shop.server.app.inject({ method: 'PUT', url, headers: shop.world.associate.headers, payload: { windowDays: 60 } })).statusCode).toBe(403)
    expect((await shop.server.app.inject({ method: 'PUT', url, headers: shop.world.admin.headers, payload: { windowDays: 9999 } })).json()).toMatchObject({
      status: 400,
      field: '/body/windowDays',
    })
    const set = await shop.server.app.inject({ method: 'PUT', url, headers: shop.world.admin.headers, payload: { windowDays: 60 } })
    expect(set.json()).toMatchObject({ windowDays: 60, isDefault: false })
    expect(
      (await shop.server.app.inject({ method: 'PUT', url: '/v1/channels/chn_nope/return-policy', headers: shop.world.admin.headers, payload: { windowDays: 60 } }))
        .statusCode,
    ).toBe(404)
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 1 }])
    await shop.server.database.db.execute(sql`update fulfilments set updated_at = now() - interval '40 days' where order_id = ${order.id}`)
    expect((await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)] }, shop.world.customer.headers)).statusCode).toBe(201)
    await shop.server.app.inject({ method: 'PUT', url, headers: shop.world.admin.headers, payload: { windowDays: 30 } })
  })

  it('hides a customer’s order and returns from another customer and from another store’s staff', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 4 })).variants[0]!
    const order = await deliveredWebOrder(shop.server, shop.world, [{ variantId: variant.id, quantity: 2 }])
    expect((await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)] }, shop.world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await get(`/v1/orders/${order.id}/returns`, shop.world.otherCustomer.headers)).statusCode).toBe(404)
    const ret = (
      await openReturn(shop.server, order.id, { lines: [line(order.lines[0]!.id)], locationId: shop.world.stores.montpellier.id }, shop.world.associate.headers)
    ).json()
    expect((await get(`/v1/returns/${ret.id}`, shop.world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await get(`/v1/returns/${ret.id}`, shop.world.device.headers)).statusCode).toBe(404)
    expect((await get(`/v1/returns/${ret.id}`, shop.world.customer.headers)).json()).toMatchObject({ id: ret.id, status: 'refunded' })
    // Lyon's associate neither received it nor can see the order (shipped from the warehouse, credited to Montpellier).
    expect((await get(`/v1/returns/${ret.id}`, shop.world.lyonAssociate.headers)).statusCode).toBe(404)
    expect((await get(`/v1/returns?locationId=${shop.world.stores.montpellier.id}`, shop.world.lyonAssociate.headers)).statusCode).toBe(404)
    const lyonList = (await get('/v1/returns', shop.world.lyonAssociate.headers)).json()
    expect(lyonList.items.map((r: { id: string }) => r.id)).not.toContain(ret.id)
    const montpellier = (await get(`/v1/returns?locationId=${shop.world.stores.montpellier.id}&status=refunded`, shop.world.associate.headers)).json()
    expect(montpellier.items.map((r: { id: string }) => r.id)).toContain(ret.id)
    expect((await get('/v1/returns', shop.world.customer.headers)).statusCode).toBe(403)
    expect(await expectLedgerConsistent(shop.server)).toEqual([])
  })
})
