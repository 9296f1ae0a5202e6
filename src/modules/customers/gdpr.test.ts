import { randomBytes } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, checkout, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { registerAndLogIn } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { idempotencyKeys, outboxEvents } from '../../platform/schema.js'
import { customerWithEverything, personalStrings, type Lea } from './gdpr.fixtures.js'

type Headers = Record<string, string>

/** The personal strings of `lea` found in `text` (none expected after erasure). */
const leaks = (lea: Lea, text: string) => personalStrings(lea).filter((s) => text.toLowerCase().includes(s.toLowerCase()))

/** The `data:` payloads of an SSE replay after `lastEventId` for one customer, read until the erasure event arrives. */
async function replayEvents(url: string, headers: Headers, customerId: string, lastEventId: string): Promise<string> {
  const controller = new AbortController()
  const res = await fetch(`${url}/v1/events/stream?customerId=${customerId}`, {
    headers: { ...headers, accept: 'text/event-stream', 'last-event-id': lastEventId },
    signal: controller.signal,
  })
  expect(res.status).toBe(200)
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  const deadline = Date.now() + 30_000
  while (!text.includes('customers.customer_erased') && Date.now() < deadline) {
    const { value, done } = await reader.read()
    if (done) break
    text += decoder.decode(value, { stream: true })
  }
  controller.abort()
  expect(text).toContain('customers.customer_erased')
  return text
}

describe.each(engines)('GDPR export and erasure on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  let lea: Lea
  const get = (url: string, headers: Headers) => shop.server.app.inject({ method: 'GET', url, headers })
  const post = (url: string, headers: Headers, payload: object) => shop.server.app.inject({ method: 'POST', url, headers, payload })

  beforeAll(async () => {
    lea = await customerWithEverything(shop.server, shop.world)
  }, 120_000)

  describe('GET /v1/customers/{id}/export', () => {
    it('gives the customer a JSON attachment with every kind of data held about her, and logs it', async () => {
      const res = await get(`/v1/customers/${lea.id}/export`, lea.headers)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toMatch(/^application\/json/)
      expect(res.headers['content-disposition']).toBe(`attachment; filename="customer-${lea.id}-export.json"`)
      const doc = res.json()
      expect(doc).toMatchObject({
        format: 'omnicanal.customer-export/1',
        customerId: lea.id,
        profile: { email: lea.email, phone: lea.phone.e164, firstName: lea.firstName, hasAccount: true },
      })
      for (const section of ['identifiers', 'merges', 'devices', 'sessions', 'carts', 'wishlist', 'orders', 'returns', 'giftCards', 'groups', 'touchpoints', 'accessLog'] as const) {
        expect(doc[section].length, section).toBeGreaterThan(0)
      }
      expect(doc.consents.current.find((c: { purpose: string }) => c.purpose === 'marketing_email')).toMatchObject({ granted: true })
      expect(doc.consents.history.length).toBeGreaterThan(0)
      expect(doc.storeCredit.entries.length).toBe(2)
      expect(doc.storeCredit.balance.amount).toBeGreaterThan(1000)
      expect(doc.identifiers.map((i: { kind: string }) => i.kind)).toEqual(expect.arrayContaining(['email', 'phone', 'loyalty_card', 'loyalty_qr', 'device']))
      expect(doc.devices).toEqual([expect.objectContaining({ id: lea.deviceId, userAgent: expect.stringMatching(/^LeaPhone\//) })])
      expect(doc.wishlist).toEqual([expect.objectContaining({ variantId: lea.variants.wished })])
      const orders = doc.orders.map((o: { id: string }) => o.id)
      expect(orders).toEqual(expect.arrayContaining([lea.orders.shipped, lea.orders.collected]))
      const shipped = doc.orders.find((o: { id: string }) => o.id === lea.orders.shipped)
      expect(shipped).toMatchObject({ contact: { email: lea.email }, shippingAddress: { postalCode: '34070' } })
      expect(shipped.lines.length).toBe(1)
      expect(shipped.fulfilments[0]).toMatchObject({ method: 'ship', status: 'delivered' })
      expect(shipped.payments[0]).toMatchObject({ method: 'card', status: expect.any(String), amount: expect.any(Number) })
      expect(shipped.history.length).toBeGreaterThan(0)
      expect(doc.returns[0]).toMatchObject({ id: lea.returnId, lines: [expect.objectContaining({ reason: 'wrong_size' })] })
      expect(doc.accessLog.map((e: { action: string }) => e.action)).toContain('export')
      // Never a secret: no hash, no card number.
      expect(res.body).not.toMatch(/passwordHash|tokenHash|password_hash|token_hash|\$argon2|\$scrypt/)
      expect(res.body).not.toContain('4242424242424242')
      expect(res.body).not.toContain('4242"')
    })

    it('is refused to another customer (404) and to staff without customers:export (403); admins export and are logged', async () => {
      expect((await get(`/v1/customers/${lea.id}/export`, shop.world.otherCustomer.headers)).statusCode).toBe(404)
      expect((await get(`/v1/customers/${lea.id}/export`, shop.world.associate.headers)).statusCode).toBe(403)
      expect((await get(`/v1/customers/${lea.id}/export`, shop.world.device.headers)).statusCode).toBe(404)
      expect((await get(`/v1/customers/cus_unknown/export`, shop.world.admin.headers)).statusCode).toBe(404)
      expect((await get(`/v1/customers/${lea.id}/export?locationId=loc_nowhere`, shop.world.admin.headers)).json()).toMatchObject({
        status: 404,
        field: '/query/locationId',
      })
      expect((await get(`/v1/customers/${lea.id}/export`, shop.world.admin.headers)).statusCode).toBe(200)
      const log = (await get(`/v1/customers/${lea.id}/access-log?limit=1`, lea.headers)).json()
      expect(log.items).toEqual([expect.objectContaining({ action: 'export', actor: { kind: 'staff', id: shop.world.admin.id } })])
      expect(log.nextCursor).not.toBeNull()
    })
  })

  describe('POST /v1/customers/{id}/erasure', () => {
    it('removes or anonymises every personal field, keeps orders, returns and credit whole, and is idempotent', async () => {
      const readOrder = async (id: string) => (await get(`/v1/orders/${id}`, shop.world.admin.headers)).json()
      const readReturn = async (id: string) => (await get(`/v1/returns/${id}`, shop.world.admin.headers)).json()
      const before = { shipped: await readOrder(lea.orders.shipped), collected: await readOrder(lea.orders.collected), ret: await readReturn(lea.returnId) }
      const credit = (await get(`/v1/customers/${lea.id}/store-credit`, shop.world.admin.headers)).json()
      const deliveriesBefore = (await get(`/v1/webhooks/${lea.webhookId}/deliveries`, shop.world.admin.headers)).body
      expect(leaks(lea, deliveriesBefore)).toContain(lea.email)

      expect((await post(`/v1/customers/${lea.id}/erasure`, shop.world.associate.headers, { reason: 'x' })).statusCode).toBe(403)
      expect((await post(`/v1/customers/${lea.id}/erasure`, shop.world.otherCustomer.headers, { reason: 'x' })).statusCode).toBe(404)
      expect((await post(`/v1/customers/${lea.id}/erasure`, shop.world.admin.headers, {})).json()).toMatchObject({ status: 400, field: '/body/reason' })
      expect((await post(`/v1/customers/${lea.walkInId}/erasure`, shop.world.admin.headers, { reason: 'x' })).json()).toMatchObject({
        status: 409,
        type: expect.stringMatching(/customer-merged$/),
        mergedIntoId: lea.id,
      })

      const res = await post(`/v1/customers/${lea.id}/erasure`, shop.world.admin.headers, {
        reason: `Demande de ${lea.firstName} ${lea.lastName} par email (${lea.email})`,
      })
      expect(res.statusCode, res.body).toBe(200)
      const summary = res.json()
      expect(summary).toMatchObject({
        customerId: lea.id,
        alreadyErased: false,
        kept: { orders: 2, returns: 1, storeCreditEntries: 2 },
        anonymised: { orders: 2, returns: 1, events: expect.any(Number), webhookDeliveries: 1 },
      })
      expect(summary.erasedProfiles.sort()).toEqual([lea.id, lea.walkInId].sort())
      expect(summary.removed).toMatchObject({ openCarts: 1, wishlistItems: 1, sessions: expect.any(Number) })
      expect(summary.removed.identifiers).toBeGreaterThanOrEqual(5)
      expect(summary.removed.touchpoints).toBeGreaterThanOrEqual(2)
      // Her gift card stays spendable by whoever holds its code, but names nobody; she is in no group any more.
      const held = rowsOf<{ n: number }>(await shop.server.database.db.execute(sql`select count(*)::int as n from gift_cards where customer_id = ${lea.id}`))
      expect(held[0]?.n).toBe(0)
      const memberships = rowsOf<{ n: number }>(await shop.server.database.db.execute(sql`select count(*)::int as n from customer_group_members where customer_id = ${lea.id}`))
      expect(memberships[0]?.n).toBe(0)

      // The profiles: no personal field left, and nobody finds her by what identified her.
      for (const id of [lea.id, lea.walkInId]) {
        expect((await get(`/v1/customers/${id}`, shop.world.admin.headers)).json()).toMatchObject({
          email: null,
          firstName: null,
          lastName: null,
          phone: null,
          postalCode: null,
          hasAccount: false,
        })
      }
      const lookups = [
        `email=${encodeURIComponent(lea.email)}`,
        `phone=${encodeURIComponent(lea.phone.e164)}`,
        `loyaltyCard=${lea.cardNumber}`,
        `qr=${lea.qrToken}`,
      ]
      for (const query of lookups) expect((await get(`/v1/customers/lookup?${query}`, shop.world.agent.headers)).statusCode, query).toBe(404)
      expect((await get(`/v1/customers?q=${encodeURIComponent(lea.lastName)}`, shop.world.agent.headers)).json().items).toEqual([])
      // Logged out, and no login any more.
      expect((await get('/v1/customers/me', lea.headers)).statusCode).toBe(401)
      expect((await post('/v1/auth/customers/login', {}, { email: lea.email, password: lea.password })).statusCode).toBe(401)

      // Orders and returns: the same totals, lines and payments, without contact, address or free text.
      const after = { shipped: await readOrder(lea.orders.shipped), collected: await readOrder(lea.orders.collected), ret: await readReturn(lea.returnId) }
      for (const key of ['shipped', 'collected'] as const) {
        expect(after[key]).toMatchObject({
          customerId: lea.id,
          totals: before[key].totals,
          lines: before[key].lines,
          payments: before[key].payments,
          status: before[key].status,
        })
        expect(after[key].contact).toEqual({ email: null, phone: null, firstName: null, lastName: null })
        expect(after[key].shippingAddress).toBeNull()
        expect(leaks(lea, JSON.stringify(after[key]))).toEqual([])
      }
      expect(after.ret).toMatchObject({ customerId: lea.id, totals: before.ret.totals, refunds: before.ret.refunds })
      expect(after.ret.lines.map((l: { reasonNote: string | null }) => l.reasonNote)).toEqual([null])
      expect((await get(`/v1/customers/${lea.id}/store-credit`, shop.world.admin.headers)).json()).toMatchObject({
        balance: credit.balance,
        entries: credit.entries,
      })

      // The export now shows an anonymous profile with its kept records.
      const exported = (await get(`/v1/customers/${lea.id}/export`, shop.world.admin.headers)).json()
      expect(exported).toMatchObject({ identifiers: [], wishlist: [], touchpoints: [], devices: [] })
      expect(exported.orders.length).toBe(2)
      expect(exported.consents.history.every((e: { wording: string | null; actor: { id: string | null } }) => e.wording === null && e.actor.id === null)).toBe(
        true,
      )
      expect(exported.carts.every((c: { status: string }) => c.status !== 'open')).toBe(true)
      expect(leaks(lea, JSON.stringify(exported))).toEqual([])
      // Every other endpoint that reads about her, as an admin who may read everything.
      for (const url of [
        `/v1/customers/${lea.id}/consents`,
        `/v1/customers/${lea.id}/merges`,
        `/v1/customers/${lea.id}/timeline`,
        `/v1/customers/${lea.id}/carts`,
        `/v1/customers/${lea.id}/overview`,
        `/v1/orders?customerId=${lea.id}`,
        `/v1/returns/${lea.returnId}`,
      ]) {
        const read = await get(url, shop.world.admin.headers)
        expect(read.statusCode, `${url}: ${read.body}`).toBe(200)
        expect(leaks(lea, read.body), url).toEqual([])
      }
      const merges = rowsOf<{ text: string }>(
        await shop.server.database.db.execute(sql`select moved::text as text from customer_merges where survivor_id = ${lea.id}`),
      )
      expect(merges.length).toBe(1)
      expect(leaks(lea, merges[0]!.text)).toEqual([])

      // The outbox, the webhook deliveries, stored idempotent answers and the event stream: none of her strings.
      const db = shop.server.database.db
      const events = await db.select().from(outboxEvents).where(eq(outboxEvents.customerId, lea.id))
      expect(events.find((e) => e.id === lea.contactEventId)?.payload).toMatchObject({ customerId: lea.id, contact: null, shippingAddress: null, note: null })
      const outboxText = rowsOf<{ text: string }>(await db.execute(sql`select coalesce(string_agg(payload::text, ' '), '') as text from outbox_events`))[0]!
        .text
      expect(leaks(lea, outboxText)).toEqual([])
      expect(events.filter((e) => e.type === 'customers.customer_erased').map((e) => e.payload)).toEqual([{ customerId: lea.id }])
      const deliveries = await get(`/v1/webhooks/${lea.webhookId}/deliveries`, shop.world.admin.headers)
      expect(deliveries.json().items.some((d: { eventId: string }) => d.eventId === lea.contactEventId)).toBe(true)
      expect(leaks(lea, deliveries.body)).toEqual([])
      const stored = await db.select({ body: idempotencyKeys.responseBody }).from(idempotencyKeys)
      expect(leaks(lea, JSON.stringify(stored))).toEqual([])
      const stream = await replayEvents(shop.server.url, shop.world.admin.headers, lea.id, lea.markerEventId)
      expect(stream).toContain(lea.contactEventId)
      expect(leaks(lea, stream)).toEqual([])

      // Audited without personal data; a second erasure is a no-op.
      const log = (await get(`/v1/customers/${lea.id}/access-log`, shop.world.admin.headers)).json()
      const erasure = log.items.find((e: { action: string }) => e.action === 'erasure')
      expect(erasure).toMatchObject({
        actor: { kind: 'staff', id: shop.world.admin.id },
        details: { reason: 'Demande de [erased] [erased] par email ([erased])' },
      })
      expect(leaks(lea, JSON.stringify(log))).toEqual([])
      const again = await post(`/v1/customers/${lea.id}/erasure`, shop.world.admin.headers, { reason: 'again' })
      expect(again.statusCode).toBe(200)
      expect(again.json()).toMatchObject({ alreadyErased: true, erasedAt: summary.erasedAt, erasedProfiles: [] })
    })

    it('lets a customer erase herself (then she is logged out), unless an order of hers is still in progress', async () => {
      const world = shop.world
      const variant = (await stockedProduct(shop.server, world)).variants[0]!.id
      const email = `self.${randomBytes(3).toString('hex')}@example.com`
      const me = await registerAndLogIn(shop.server, { email, password: 'mot-de-passe-solide', firstName: 'Inès', lastName: 'Roux' })
      const cartId = await cartWith(shop.server, me.headers, world.channels.web.id, [{ variantId: variant, quantity: 1 }])
      const placed = await checkout(
        shop.server,
        cartId,
        { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.lyon.id }, payments: [card()] },
        me.headers,
      )
      expect(placed.statusCode, placed.body).toBe(201)

      const blocked = await post(`/v1/customers/${me.id}/erasure`, me.headers, { reason: 'self-service' })
      expect(blocked.statusCode).toBe(409)
      expect(blocked.json()).toMatchObject({
        type: expect.stringMatching(/orders-in-progress$/),
        field: '/params/id',
        orders: [{ id: placed.json().id, status: expect.any(String) }],
      })
      expect((await get(`/v1/customers/${me.id}`, me.headers)).json()).toMatchObject({ email })

      const cancelled = await post(`/v1/orders/${placed.json().id}/cancel`, me.headers, { reason: `Je change d’avis, Inès` })
      expect(cancelled.statusCode, cancelled.body).toBe(200)
      const res = await post(`/v1/customers/${me.id}/erasure`, me.headers, { reason: 'self-service' })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ alreadyErased: false, kept: { orders: 1 } })
      expect((await get(`/v1/customers/${me.id}`, me.headers)).statusCode).toBe(401)
      const order = (await get(`/v1/orders/${placed.json().id}`, world.admin.headers)).json()
      expect(order).toMatchObject({ status: 'cancelled', cancelReason: null, contact: { email: null } })
      expect(JSON.stringify(order)).not.toContain('Inès')
      const log = (await get(`/v1/customers/${me.id}/access-log`, world.admin.headers)).json()
      expect(log.items[0]).toMatchObject({ action: 'erasure', actor: { kind: 'customer', id: me.id }, locationId: null })
    })
  })
})
