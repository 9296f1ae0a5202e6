/**
 * The paths a busy shop takes by accident: cards at the counter, 3-D Secure that fails or cannot happen, stock an
 * order holds being released behind its back, partial cancellations of prepaid orders, absurd amounts, a held order
 * that cannot be cancelled blocking the expiry of the others.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, stockAt, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { expireHeldOrders, TEST_CARDS, testCardProvider } from './service.js'

describe.each(engines)('order safeguards on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const post = (url: string, headers: Record<string, string>, payload?: object) => shop.server.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) })

  it('captures a card tendered at the till at once, since the goods leave with the shopper', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(server, cartId, { fulfilment: { method: 'in_store' }, contact: { email: 'comptoir@example.com' }, payments: [card()] }, world.associate.headers)).json()
    expect(order).toMatchObject({ status: 'collected', payments: [{ method: 'card', status: 'captured', capturedAmount: { amount: 5990 } }] })
  })

  it('refuses a card needing 3-D Secure at a counter, at the till and when collecting a reserved order', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 3, locationIds: [world.stores.montpellier.id] })).variants[0]!
    const tillCart = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const till = await checkout(server, tillCart, { fulfilment: { method: 'in_store' }, contact: { email: 'comptoir@example.com' }, payments: [card(TEST_CARDS.requiresAction)] }, world.associate.headers)
    expect(till.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/payment-not-allowed', field: '/body/payments/0' })
    const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const held = (await checkout(server, cartId, { fulfilment: { method: 'reserve_in_store', pickupLocationId: world.stores.montpellier.id }, payments: [] }, world.customer.headers)).json()
    const [fulfilment] = held.fulfilments
    await post(`/v1/fulfilments/${fulfilment.id}/ready`, world.associate.headers)
    const collect = await post(`/v1/fulfilments/${fulfilment.id}/collect`, world.associate.headers, { pickupCode: fulfilment.pickupCode, payments: [card(TEST_CARDS.requiresAction)] })
    expect(collect.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/payment-not-allowed' })
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${held.id}`, headers: world.customer.headers })).json()).toMatchObject({ status: 'placed', fulfilments: [{ status: 'ready_for_pickup' }], payments: [] })
  })

  it('takes the acquirer’s word on 3-D Secure: a failed challenge leaves the order unpaid with its hold', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2 })).variants[0]!
    const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card(TEST_CARDS.requiresActionFails)] }, world.customer.headers)).json()
    const confirmed = await post(`/v1/orders/${order.id}/payments/${order.payments[0].id}/confirm`, world.customer.headers)
    expect(confirmed.json()).toMatchObject({ status: 'placed', payments: [{ status: 'declined' }] })
    expect(confirmed.json().holdExpiresAt).not.toBeNull()
    expect((await post(`/v1/orders/${order.id}/payments/${order.payments[0].id}/confirm`, world.customer.headers)).statusCode).toBe(400)
  })

  it('keeps an order’s stock out of the inventory API’s hands, and keeps deliveries away from the pickup counter', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const order = (await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, world.customer.headers)).json()
    const movements = (await shop.server.app.inject({ method: 'GET', url: `/v1/inventory/movements?orderId=${order.id}`, headers: world.admin.headers })).json()
    const reservationId = movements.items.find((m: { reservationId: string | null }) => m.reservationId)?.reservationId
    expect(reservationId).toBeTruthy()
    expect((await post(`/v1/inventory/reservations/${reservationId}/release`, world.admin.headers, {})).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/owned-by-order' })
    expect(await stockAt(server, variant.id, world.stores.warehouse.id)).toMatchObject({ reserved: 1 })
    expect((await post(`/v1/fulfilments/${order.fulfilments[0].id}/ready`, world.admin.headers)).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/not-a-pickup' })
  })

  it('gives back the prepaid share of a cancelled fulfilment, and keeps what the rest is worth', async () => {
    const { world, server } = shop
    await post(`/v1/customers/${world.otherCustomer.id}/store-credit/adjustments`, world.admin.headers, { amount: 20_000, note: 'test' })
    const a = (await stockedProduct(server, world, { onHand: 1, locationIds: [world.stores.lyon.id] })).variants[0]!
    const b = (await stockedProduct(server, world, { onHand: 1, locationIds: [world.stores.paris.id] })).variants[0]!
    const cartId = await cartWith(server, world.otherCustomer.headers, world.channels.web.id, [
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 1 },
    ])
    const order = (await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [{ method: 'store_credit' }] }, world.otherCustomer.headers)).json()
    expect(order.fulfilments).toHaveLength(2)
    const fromParis = order.fulfilments.find((f: { sourceLocationId: string }) => f.sourceLocationId === world.stores.paris.id)
    const after = (await post(`/v1/fulfilments/${fromParis.id}/cancel`, world.admin.headers, { reason: 'out_of_stock_in_store' })).json()
    expect(after.payments[0]).toMatchObject({ method: 'store_credit', status: 'partially_refunded', refundedAmount: { amount: 5990 } })
    const credit = (await shop.server.app.inject({ method: 'GET', url: `/v1/customers/${world.otherCustomer.id}/store-credit`, headers: world.otherCustomer.headers })).json()
    expect(credit.balance.amount).toBe(20_000 - order.totals.total.amount + 5990)
  })

  it('answers absurd amounts and a second delivery address with a 400 naming the field', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const res = await checkout(server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 99_999_999_999 }] }, world.associate.headers)
    expect(res.json()).toMatchObject({ status: 400, field: '/body/payments/0/tendered' })
    const other = (await stockedProduct(server, world, { onHand: 2 })).variants[0]!
    const twoLines = await cartWith(server, world.customer.headers, world.channels.web.id, [
      { variantId: variant.id, quantity: 1 },
      { variantId: other.id, quantity: 1 },
    ])
    const lines = (await shop.server.app.inject({ method: 'GET', url: `/v1/carts/${twoLines}`, headers: world.customer.headers })).json().lines
    const split = await checkout(server, twoLines, { fulfilment: { method: 'ship', shippingAddress: homeAddress('34000') }, lines: [{ lineId: lines[1].id, fulfilment: { method: 'ship', shippingAddress: homeAddress('69002') } }], payments: [card()] }, world.customer.headers)
    expect(split.json()).toMatchObject({ status: 400, field: '/body/lines/0/fulfilment/shippingAddress' })
  })

  it('takes an order of 0 without a tender, and refuses a tender that would pay nothing', async () => {
    const { world, server } = shop
    const gift = (await stockedProduct(server, world, { prices: [0], onHand: 2, locationIds: [world.stores.montpellier.id] })).variants[0]!
    const withTender = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: gift.id, quantity: 1 }])
    const refused = await checkout(server, withTender, { fulfilment: { method: 'in_store' }, contact: { email: 'offert@example.com' }, payments: [{ method: 'cash', tendered: 100 }] }, world.associate.headers)
    expect(refused.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/payment-not-allowed', field: '/body/payments/0/method' })
    const free = await checkout(server, withTender, { fulfilment: { method: 'in_store' }, contact: { email: 'offert@example.com' }, payments: [] }, world.associate.headers)
    expect(free.statusCode, free.body).toBe(201)
    expect(free.json()).toMatchObject({ totals: { total: { amount: 0 } }, payments: [] })
  })

  it('lets no device spend a customer’s store credit, even on her own cart', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.montpellier.id] })).variants[0]!
    const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    // The shopper shows the kiosk her cart's code: the kiosk now holds her cart on its channel.
    const shown = await server.app.inject({ method: 'POST', url: `/v1/carts/${cartId}/handoff-code`, headers: world.customer.headers, payload: {} })
    const claimed = await server.app.inject({ method: 'POST', url: '/v1/carts/claim', headers: world.kiosk.headers, payload: { code: shown.json<{ code: string }>().code, channelId: world.channels.kioskMontpellier.id } })
    expect(claimed.statusCode, claimed.body).toBe(200)
    const paid = await checkout(server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.montpellier.id }, payments: [{ method: 'store_credit' }] }, world.kiosk.headers)
    expect(paid.json()).toMatchObject({ status: 400, field: '/body/payments/0/method' })
  })

  it('expires the other held orders even when one of them cannot be cancelled', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.lyon.id] })).variants[0]!
    const place = async () => {
      const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
      return (await checkout(server, cartId, { fulfilment: { method: 'reserve_in_store', pickupLocationId: world.stores.lyon.id }, payments: [] }, world.customer.headers)).json()
    }
    const [stuck, fine] = [await place(), await place()]
    await server.database.db.execute(sql`update orders set hold_expires_at = now() - interval '2 minutes' where id = ${stuck.id}`)
    await server.database.db.execute(sql`update orders set hold_expires_at = now() - interval '1 minute' where id = ${fine.id}`)
    // A provider whose void fails stands for any fault on one order.
    const failing = { ...testCardProvider, void: async () => Promise.reject(new Error('acquirer down')) }
    await server.database.db.execute(sql`insert into payments (id, order_id, method, provider, status, amount, currency) values (${'pay_stuck_' + stuck.id}, ${stuck.id}, 'card', 'test', 'requires_action', 100, 'EUR')`)
    const errors: string[] = []
    const expired = await expireHeldOrders(server.database, { provider: failing, onError: (orderId) => errors.push(orderId) })
    expect(expired).toBe(1)
    expect(errors).toEqual([stuck.id])
    expect((await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${fine.id}`, headers: world.customer.headers })).json().status).toBe('cancelled')
    expect(await stockAt(server, variant.id, world.stores.lyon.id)).toMatchObject({ reserved: 1 })
  })

  it('shows a shared kiosk device its guest orders without contact, address or pickup code, and lets it cancel none', async () => {
    const { world, server } = shop
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const cartId = await cartWith(server, world.device.headers, world.channels.kioskMontpellier.id, [{ variantId: variant.id, quantity: 1 }])
    const placed = (await checkout(server, cartId, { fulfilment: { method: 'endless_aisle', pickupLocationId: world.stores.montpellier.id }, contact: { email: 'passante@example.com', phone: '+33611223344' }, payments: [card()] }, world.device.headers)).json()
    expect(placed.fulfilments[0].pickupCode).toMatch(/^[0-9]{6}$/)
    const later = (await shop.server.app.inject({ method: 'GET', url: `/v1/orders/${placed.id}`, headers: world.device.headers })).json()
    expect(later).toMatchObject({ id: placed.id, contact: { email: null, phone: null }, shippingAddress: null, fulfilments: [{ pickupCode: null }] })
    const listed = (await shop.server.app.inject({ method: 'GET', url: '/v1/orders', headers: world.device.headers })).json()
    expect(JSON.stringify(listed)).not.toContain('passante@example.com')
    expect((await post(`/v1/orders/${placed.id}/cancel`, world.device.headers, { reason: 'prank' })).json()).toMatchObject({ status: 403, type: 'https://omnicanal.dev/problems/guest-cannot-cancel' })
  })

  it('releases the uncaptured rest of a card once the part still to ship is cancelled', async () => {
    const { world, server } = shop
    const a = (await stockedProduct(server, world, { onHand: 1, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const b = (await stockedProduct(server, world, { onHand: 1, locationIds: [world.stores.paris.id] })).variants[0]!
    const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 1 },
    ])
    const order = (await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, world.customer.headers)).json()
    const fromWarehouse = order.fulfilments.find((f: { sourceLocationId: string }) => f.sourceLocationId === world.stores.warehouse.id)
    const fromParis = order.fulfilments.find((f: { sourceLocationId: string }) => f.sourceLocationId === world.stores.paris.id)
    await post(`/v1/fulfilments/${fromWarehouse.id}/pick`, world.admin.headers)
    const shipped = (await post(`/v1/fulfilments/${fromWarehouse.id}/ship`, world.admin.headers, { carrier: 'Colissimo', trackingNumber: '6A9' })).json()
    expect(shipped.payments[0]).toMatchObject({ status: 'captured', capturedAmount: { amount: 5990 + 490 } })
    await post(`/v1/fulfilments/${fromParis.id}/cancel`, world.admin.headers, { reason: 'damaged_in_store' })
    const voids = rowsOf<{ amount: number }>(await server.database.db.execute(sql`select amount::int as amount from payment_operations where payment_id = ${order.payments[0].id} and kind = 'void'`))
    expect(voids.map((v) => v.amount)).toEqual([5990])
  })
})
