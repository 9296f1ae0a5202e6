/**
 * The seeds' central story over real HTTP, on both engines: a shopper fills a cart on the web anonymously and logs in;
 * later she walks into the Montpellier store, the seller identifies her by the phone number she gives, finds that cart,
 * continues it on the store channel and closes the sale at the till. Her web account then shows the store order, the
 * cart is closed and the sale is attributed to Montpellier.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'

type Json = Record<string, unknown>

describe.each(engines)('web cart closed in store on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const { call, expectStatus } = httpCalls(() => shop.server)

  it('anonymous web cart → login → seller identifies her by phone → continues the cart → till checkout', async () => {
    const { world } = shop
    const montpellier = world.stores.montpellier.id
    const stocked = { onHand: 3, locationIds: [montpellier, world.stores.lyon.id] }
    const dress = (await stockedProduct(shop.server, world, { ...stocked, prices: [8990] })).variants[0]!
    const scarf = (await stockedProduct(shop.server, world, { ...stocked, prices: [2990] })).variants[0]!

    // She has an account, made earlier on another device, with her mobile number.
    const email = `lea.${randomBytes(4).toString('hex')}@example.com`
    const mobile = `6${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`
    await expectStatus(call('POST', '/v1/auth/customers/register', {}, { email, password: 'Soleil-de-Sete-34', firstName: 'Léa', lastName: 'Garcia', phone: `+33${mobile}` }), 202)

    // Tonight, on her laptop, without logging in: a web cart.
    const device = await expectStatus<{ token: string }>(call('POST', '/v1/auth/anonymous', {}), 201)
    const laptop = { authorization: `Bearer ${device.token}` }
    const webCart = await expectStatus<{ id: string }>(call('POST', '/v1/carts', laptop, { channelId: world.channels.web.id, lines: [{ variantId: dress.id, quantity: 1 }] }), 201)

    // She logs in on that laptop: the cart is now hers, and she leaves it.
    const session = await expectStatus<{ token: string; customer: { id: string } }>(call('POST', '/v1/auth/customers/login', laptop, { email, password: 'Soleil-de-Sete-34' }), 200)
    const customer = { authorization: `Bearer ${session.token}` }
    const customerId = session.customer.id
    const mine = await expectStatus<{ items: { id: string; status: string }[] }>(call('GET', '/v1/carts?status=open', customer), 200)
    // She had no open cart on her account: the laptop's cart became hers, the same cart.
    expect(mine.items.map((c) => c.id)).toEqual([webCart.id])
    const cartId = webCart.id
    await shop.server.database.db.execute(sql`update carts set updated_at = now() - interval '3 hours' where id = ${cartId}`)

    // Next day in Montpellier: the seller types the number she says, in the national format.
    const seller = world.associate.headers
    const found = await expectStatus<{ id: string }>(call('GET', `/v1/customers/lookup?phone=${encodeURIComponent(`0${mobile.replace(/(\d)(\d{2})(\d{2})(\d{2})(\d{2})/, '$1 $2 $3 $4 $5')}`)}`, seller), 200)
    expect(found.id).toBe(customerId)

    // Her carts from every channel: the web one, abandoned.
    const carts = await expectStatus<{ items: Json[] }>(call('GET', `/v1/customers/${customerId}/carts?status=all`, seller), 200)
    const abandoned = carts.items.find((c) => c.id === cartId)
    expect(abandoned).toMatchObject({ abandoned: true })

    // The seller continues that very cart on the store channel, adds the scarf she tries on, and closes the sale.
    const handedOff = await expectStatus<Json>(call('POST', `/v1/carts/${cartId}/handoff`, seller, { channelId: world.channels.storeMontpellier.id }), 200)
    expect(handedOff).toMatchObject({ id: cartId, channelId: world.channels.storeMontpellier.id, customerId, sellerStaffId: world.associate.id })
    await expectStatus(call('POST', `/v1/carts/${cartId}/lines`, seller, { variantId: scarf.id, quantity: 1 }), 201)
    const order = await expectStatus<Json & { id: string }>(
      call('POST', `/v1/carts/${cartId}/checkout`, { ...seller, 'idempotency-key': `till-${cartId}` }, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 100_000 }] }),
      201,
    )
    expect(order).toMatchObject({ customerId, channelId: world.channels.storeMontpellier.id, channel: { id: world.channels.storeMontpellier.id, kind: 'store' }, placedLocationId: montpellier, placedByStaffId: world.associate.id, attributedLocationId: montpellier })

    // At home, her account shows the store order; the cart is closed.
    const history = await expectStatus<{ items: { id: string }[] }>(call('GET', '/v1/orders', customer), 200)
    expect(history.items.map((o) => o.id)).toContain(order.id)
    const closed = await expectStatus<Json>(call('GET', `/v1/carts/${cartId}`, customer), 200)
    expect(closed).toMatchObject({ status: 'checked_out', orderId: order.id })
    const open = await expectStatus<{ items: unknown[] }>(call('GET', '/v1/carts?status=open', customer), 200)
    expect(open.items).toHaveLength(0)
    // Her timeline tells the story across channels: the web cart, the visit to Montpellier, the handoff, the order.
    const timeline = await expectStatus<{ items: { kind: string; location: { id: string } | null }[] }>(call('GET', `/v1/customers/${customerId}/timeline?limit=50`, customer), 200)
    const kinds = timeline.items.map((entry) => entry.kind)
    expect(kinds).toEqual(expect.arrayContaining(['cart_created', 'store_visit', 'cart_handed_off', 'order_placed']))
    expect(timeline.items.find((entry) => entry.kind === 'store_visit')?.location?.id).toBe(montpellier)
    expect(kinds.indexOf('order_placed')).toBeLessThan(kinds.indexOf('store_visit'))
  })
})
