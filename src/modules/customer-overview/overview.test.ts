import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { cartWith, stockAt, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, staffSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { ABANDONED_AFTER_MINUTES } from '../carts/service.js'
// eslint-disable-next-line no-restricted-imports -- the customer with every kind of data is the customers module's fixture
import { customerWithEverything, type Lea } from '../customers/gdpr.fixtures.js'

type Headers = Record<string, string>

describe.each(engines)('Customer 360 and access log on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let lea: Lea
  let storeCartId: string
  let manager: Session
  const get = (url: string, headers: Headers) => shop.server.app.inject({ method: 'GET', url, headers })

  beforeAll(async () => {
    const { server, world } = shop
    lea = await customerWithEverything(server, world)
    // A second open cart, opened for her at the Montpellier till; her web cart has been idle for two hours.
    storeCartId = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: lea.variants.bought, quantity: 1 }], {
      customerId: lea.id,
    })
    await server.database.db.execute(
      sql`update carts set updated_at = now() - interval '2 hours' where customer_id = ${lea.id} and status = 'open' and id <> ${storeCartId}`,
    )
    manager = await staffSession(server, 'store_manager', [world.stores.montpellier.id, world.stores.lyon.id])
  }, 120_000)

  describe('GET /v1/customers/{id}/overview', () => {
    it('calls a cart abandoned from ABANDONED_AFTER_MINUTES without a write on, by the same rule as her carts list', async () => {
      const { server, world } = shop
      const marie = await customerSession(server)
      const almost = await cartWith(server, marie.headers, world.channels.web.id, [{ variantId: lea.variants.bought, quantity: 1 }])
      const past = await cartWith(server, marie.headers, world.channels.mobile.id, [{ variantId: lea.variants.bought, quantity: 1 }])
      const idleFor = (cartId: string, minutes: number) =>
        server.database.db.execute(sql`update carts set updated_at = now() - make_interval(mins => ${minutes}) where id = ${cartId}`)
      await idleFor(almost, ABANDONED_AFTER_MINUTES - 1)
      await idleFor(past, ABANDONED_AFTER_MINUTES + 1)
      const flags = (carts: { id: string; abandoned: boolean }[]) => Object.fromEntries(carts.map((c) => [c.id, c.abandoned]))
      const expected = { [almost]: false, [past]: true }
      expect(flags((await get(`/v1/customers/${marie.id}/carts`, world.associate.headers)).json().items)).toEqual(expected)
      expect(flags((await get(`/v1/customers/${marie.id}/overview`, world.associate.headers)).json().carts)).toEqual(expected)
      const abandoned = (await get(`/v1/customers/${marie.id}/carts?status=abandoned`, world.associate.headers)).json()
      expect(abandoned.items.map((c: { id: string }) => c.id)).toEqual([past])
    })

    it('shows a Montpellier associate everything about her, with the Montpellier stock of what she wants', async () => {
      const { world } = shop
      const res = await get(`/v1/customers/${lea.id}/overview`, world.associate.headers)
      expect(res.statusCode, res.body).toBe(200)
      const view = res.json()
      expect(view.customer).toMatchObject({ id: lea.id, email: lea.email, firstName: lea.firstName, erasedAt: null })
      // Her own email and the walk-in profile's, which the merge brought.
      expect(view.customer.identifiers).toEqual(
        expect.arrayContaining([
          { kind: 'loyalty_card', count: 1 },
          { kind: 'email', count: 2 },
          { kind: 'phone', count: 1 },
        ]),
      )
      expect(view.consents.find((c: { purpose: string }) => c.purpose === 'marketing_email')).toMatchObject({ granted: true, method: 'account_settings' })
      // Her orders are still inside their return window: their points are pending, none available yet; no tiers here.
      expect(view.loyalty).toEqual({ cardNumber: lea.cardNumber, issuedAt: expect.any(String), points: 0, tier: null })
      expect(view.storeCredit.amount).toBeGreaterThan(1000)

      const carts = new Map(view.carts.map((c: { id: string }) => [c.id, c]))
      expect(carts.get(storeCartId)).toMatchObject({ channel: { kind: 'store' }, locationId: world.stores.montpellier.id, itemCount: 1, abandoned: false })
      expect(view.carts.find((c: { id: string }) => c.id !== storeCartId)).toMatchObject({
        channel: { id: world.channels.web.id, kind: 'web' },
        locationId: null,
        itemCount: 2,
        total: { amount: 2 * 5990 },
        abandoned: true,
      })

      const orders = new Map(view.orders.map((o: { id: string }) => [o.id, o]))
      expect(orders.get(lea.orders.collected)).toMatchObject({
        status: 'collected',
        channel: { kind: 'web' },
        attributedLocationId: world.stores.montpellier.id,
        itemCount: 1,
      })
      expect(orders.get(lea.orders.shipped)).toMatchObject({ status: expect.any(String), channel: { kind: 'web' }, itemCount: 2 })
      expect(view.returns).toEqual([
        expect.objectContaining({ id: lea.returnId, channel: expect.objectContaining({ kind: 'store' }), receivingLocationId: world.stores.montpellier.id }),
      ])
      expect(view.counts).toMatchObject({ orders: 2, returns: 1 })
      const spent = view.orders.reduce((sum: number, o: { total: { amount: number } }) => sum + o.total.amount, 0)
      expect(view.returns[0]).toMatchObject({ status: 'refunded', total: { amount: 2490 } })
      expect(view.counts.lifetimeSpend).toEqual([{ amount: spent - 2490, currency: 'EUR' }])
      expect(view.touchpoints.length).toBeGreaterThan(0)
      expect(view.touchpoints.length).toBeLessThanOrEqual(10)

      expect(view.stock.locationId).toBe(world.stores.montpellier.id)
      const stock = new Map(view.stock.items.map((i: { variantId: string }) => [i.variantId, i]))
      expect(stock.size).toBe(3)
      for (const variantId of [lea.variants.inCart, lea.variants.wished, lea.variants.bought]) {
        expect(stock.get(variantId), variantId).toMatchObject({ available: (await stockAt(shop.server, variantId, world.stores.montpellier.id)).available })
      }
      expect(stock.get(lea.variants.inCart)).toMatchObject({ inCarts: 2, inWishlist: false })
      expect(stock.get(lea.variants.wished)).toMatchObject({ inCarts: 0, inWishlist: true })
      // The web order shipped from some store and the return restocked Montpellier: the numbers are the store's own.
      expect(stock.get(lea.variants.bought)).toMatchObject({ inCarts: 1 })
    })

    it('refuses a store that is not the caller’s, asks store staff with several stores which one, and is staff only', async () => {
      const { world } = shop
      const foreign = await get(`/v1/customers/${lea.id}/overview?locationId=${world.stores.montpellier.id}`, world.lyonAssociate.headers)
      expect(foreign.statusCode).toBe(404)
      expect(foreign.json()).toMatchObject({ field: '/query/locationId' })
      const lyon = (await get(`/v1/customers/${lea.id}/overview`, world.lyonAssociate.headers)).json()
      expect(lyon.stock.locationId).toBe(world.stores.lyon.id)
      expect(lyon.stock.items.find((i: { variantId: string }) => i.variantId === lea.variants.inCart).available).toBe(
        (await stockAt(shop.server, lea.variants.inCart, world.stores.lyon.id)).available,
      )
      expect((await get(`/v1/customers/${lea.id}/overview`, manager.headers)).json()).toMatchObject({
        status: 400,
        type: expect.stringMatching(/location-required$/),
        field: '/query/locationId',
      })
      expect((await get(`/v1/customers/${lea.id}/overview?locationId=${world.stores.lyon.id}`, manager.headers)).statusCode).toBe(200)
      expect((await get(`/v1/customers/${lea.id}/overview`, world.agent.headers)).json()).toMatchObject({ stock: null })
      expect((await get(`/v1/customers/${lea.id}/overview`, lea.headers)).statusCode).toBe(403)
      expect((await get(`/v1/customers/${lea.id}/overview`, world.otherCustomer.headers)).statusCode).toBe(403)
      expect((await get(`/v1/customers/${lea.id}/overview`, {})).statusCode).toBe(401)
      expect((await get('/v1/customers/cus_nobody/overview', world.associate.headers)).statusCode).toBe(404)
    })

    it('stays one page of the latest 20 orders, with exact counts, for a customer with 200 more orders', async () => {
      const db = shop.server.database.db
      // Copies of her collected order, placed over the previous 200 days (fixture data written directly).
      await db.execute(sql`
        insert into orders (id, channel_id, placed_channel_kind, placed_location_id, customer_id, contact, status, currency, subtotal,
          shipping_total, tax_total, total, vat_breakdown, attributed_location_id, attribution_reason, placed_at)
        select 'ord_bulk_' || ${lea.id} || '_' || g, channel_id, placed_channel_kind, placed_location_id, customer_id, contact, 'closed', currency,
          subtotal, shipping_total, tax_total, total, vat_breakdown, attributed_location_id, attribution_reason, now() - make_interval(days => g)
        from orders, generate_series(1, 200) g where id = ${lea.orders.collected}`)
      const view = (await get(`/v1/customers/${lea.id}/overview`, shop.world.associate.headers)).json()
      expect(view.counts.orders).toBe(202)
      expect(view.orders).toHaveLength(20)
      expect(
        view.orders
          .slice(0, 2)
          .map((o: { id: string }) => o.id)
          .sort(),
      ).toEqual([lea.orders.shipped, lea.orders.collected].sort())
      const totals = rowsOf<{ total: number }>(
        await db.execute(sql`select total from orders where id in (${lea.orders.shipped}, ${lea.orders.collected}) order by id`),
      ).map((r) => Number(r.total))
      const [first = 0, second = 0] = totals
      expect(view.counts.lifetimeSpend).toEqual([{ amount: first + second - 2490 + 200 * 1990, currency: 'EUR' }])
    })
  })

  describe('the access log', () => {
    it('records every staff lookup, search and 360 with who and which store, and shows her own log to her', async () => {
      const { world } = shop
      expect((await get(`/v1/customers/lookup?phone=${encodeURIComponent(lea.phone.national)}`, world.associate.headers)).statusCode).toBe(200)
      expect(
        (await get(`/v1/customers/lookup?loyaltyCard=${lea.cardNumber}&locationId=${world.stores.lyon.id}`, world.associate.headers)).json(),
      ).toMatchObject({ status: 404, field: '/query/locationId' })
      expect((await get(`/v1/customers/lookup?email=${encodeURIComponent(lea.email)}`, manager.headers)).json()).toMatchObject({
        status: 400,
        field: '/query/locationId',
      })
      expect((await get(`/v1/customers/lookup?email=${encodeURIComponent(lea.email)}&locationId=${world.stores.lyon.id}`, manager.headers)).statusCode).toBe(
        200,
      )
      expect((await get(`/v1/customers/lookup?email=nobody.${lea.id}@example.com`, world.associate.headers)).statusCode).toBe(404)
      expect((await get(`/v1/customers/${lea.id}/overview`, world.associate.headers)).statusCode).toBe(200)
      const search = await get(`/v1/customers?q=${encodeURIComponent(lea.lastName)}`, world.associate.headers)
      const listed = search.json().items.map((c: { id: string }) => c.id)
      expect(listed).toContain(lea.id)

      const res = await get(`/v1/customers/${lea.id}/access-log?limit=3`, lea.headers)
      expect(res.statusCode, res.body).toBe(200)
      const page = res.json()
      expect(page.items).toEqual([
        expect.objectContaining({ action: 'overview', actor: { kind: 'staff', id: world.associate.id }, locationId: world.stores.montpellier.id }),
        expect.objectContaining({ action: 'lookup', actor: { kind: 'staff', id: manager.id }, locationId: world.stores.lyon.id, details: { by: 'email' } }),
        expect.objectContaining({
          action: 'lookup',
          actor: { kind: 'staff', id: world.associate.id },
          locationId: world.stores.montpellier.id,
          details: { by: 'phone' },
        }),
      ])
      const next = (await get(`/v1/customers/${lea.id}/access-log?limit=3&cursor=${page.nextCursor}`, lea.headers)).json()
      expect(next.items.length).toBeGreaterThan(0)
      expect(next.items.every((e: { id: string }) => e.id < page.items[2].id)).toBe(true)

      // A miss and a search are logged without a customer, and never with what was typed.
      const unattached = rowsOf<{ action: string; actor_id: string; location_id: string; details: unknown }>(
        await shop.server.database.db.execute(
          sql`select action, actor_id, location_id, details from customer_audit_entries where customer_id is null and actor_id = ${world.associate.id} order by id`,
        ),
      )
      expect(unattached.map((e) => e.action)).toEqual(['lookup', 'search'])
      expect(unattached.every((e) => e.location_id === world.stores.montpellier.id)).toBe(true)
      expect(unattached[1]!.details).toEqual({ matches: listed.length, customerIds: listed })
      expect(JSON.stringify(unattached)).not.toContain(lea.lastName)
      expect(JSON.stringify(unattached)).not.toContain('nobody')

      expect((await get(`/v1/customers/${lea.id}/access-log`, world.otherCustomer.headers)).statusCode).toBe(404)
      expect((await get(`/v1/customers/${lea.id}/access-log`, world.associate.headers)).statusCode).toBe(403)
      expect((await get(`/v1/customers/${lea.id}/access-log`, world.admin.headers)).statusCode).toBe(200)
      expect((await get(`/v1/customers/${lea.id}/access-log?cursor=bogus`, lea.headers)).json()).toMatchObject({ status: 400, field: '/query/cursor' })
    })
  })
})
