import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import type { TimelineEntry } from './service.js'

interface Timeline {
  items: TimelineEntry[]
  nextCursor: string | null
}
type Headers = Record<string, string>

/** The kinds the engine writes itself in these stories; other modules may add more, which these tests leave aside. */
const STORY_KINDS = new Set(['cart_created', 'cart_changed', 'order_placed', 'order_collected', 'return_created', 'return_received', 'product_view', 'search', 'store_visit'])

describe.each(engines)('customer timeline on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const { get, post } = requests(() => shop.server)
  const timeline = async (customerId: string, headers: Headers, query = '') => {
    const res = await get(`/v1/customers/${customerId}/timeline${query}`, headers)
    expect(res.statusCode, res.body).toBe(200)
    return res.json<Timeline>()
  }
  const story = (page: Timeline) => page.items.filter((entry) => STORY_KINDS.has(entry.kind))
  const report = (headers: Headers, ...entries: object[]) => post('/v1/touchpoints', { entries }, headers)

  async function anonymousDevice(): Promise<{ id: string; headers: Headers }> {
    const res = await shop.server.app.inject({ method: 'POST', url: '/v1/auth/anonymous' })
    const body = res.json<{ token: string; deviceId: string }>()
    return { id: body.deviceId, headers: { authorization: `Bearer ${body.token}` } }
  }

  /** A web cart changed once, collected in Montpellier, one unit brought back at the Montpellier counter. */
  async function collectedAndReturned(customer: Session) {
    const { channels, stores, associate } = shop.world
    const [dress, belt] = (await stockedProduct(shop.server, shop.world, { prices: [8990, 2490], onHand: 5 })).variants
    const cartId = await cartWith(shop.server, customer.headers, channels.web.id, [{ variantId: dress!.id, quantity: 1 }])
    expect((await post(`/v1/carts/${cartId}/lines`, { variantId: belt!.id, quantity: 1 }, customer.headers)).statusCode).toBe(201)
    const placed = await checkout(shop.server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: stores.montpellier.id }, payments: [card()] }, customer.headers)
    expect(placed.statusCode, placed.body).toBe(201)
    const order = placed.json<{ id: string; lines: { id: string; variantId: string }[]; fulfilments: { id: string; pickupCode: string }[] }>()
    const fulfilment = order.fulfilments[0]!
    if ((await post(`/v1/fulfilments/${fulfilment.id}/ready`, {}, associate.headers)).statusCode !== 200) throw new Error('not ready')
    const collected = await post(`/v1/fulfilments/${fulfilment.id}/collect`, { pickupCode: fulfilment.pickupCode }, associate.headers)
    expect(collected.statusCode, collected.body).toBe(200)
    const dressLine = order.lines.find((line) => line.variantId === dress!.id)!
    const returned = await post(`/v1/orders/${order.id}/returns`, { lines: [{ orderLineId: dressLine.id, quantity: 1, reason: 'wrong_size' }], locationId: stores.montpellier.id }, associate.headers)
    expect(returned.statusCode, returned.body).toBe(201)
    return { cartId, orderId: order.id, returnId: returned.json<{ id: string }>().id }
  }

  it('shows the cart, the order, its collection and its return with channel and store, newest first', async () => {
    const { channels, stores } = shop.world
    const customer = await customerSession(shop.server)
    const { cartId, orderId, returnId } = await collectedAndReturned(customer)
    const entries = story(await timeline(customer.id, customer.headers, '?limit=200'))
    const web = { id: channels.web.id, kind: 'web', name: channels.web.name }
    const montpellier = { id: stores.montpellier.id, name: stores.montpellier.name }
    expect(entries).toMatchObject([
      { kind: 'return_received', channel: { id: channels.storeMontpellier.id, kind: 'store' }, location: montpellier, subjectType: 'return', subjectId: returnId },
      { kind: 'return_created', channel: { id: channels.storeMontpellier.id, kind: 'store' }, location: montpellier, subjectType: 'return', subjectId: returnId },
      { kind: 'order_collected', channel: web, location: montpellier, subjectType: 'order', subjectId: orderId },
      { kind: 'order_placed', channel: web, location: montpellier, subjectType: 'order', subjectId: orderId, data: { total: 8990 + 2490, currency: 'EUR' } },
      { kind: 'cart_changed', channel: web, location: null, subjectType: 'cart', subjectId: cartId, data: { change: 'line_added' } },
      { kind: 'cart_created', channel: web, location: null, subjectType: 'cart', subjectId: cartId },
    ])
    const times = entries.map((entry) => Date.parse(entry.occurredAt))
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  it('pages with a cursor without gaps or duplicates, and filters by channel and kind', async () => {
    const { channels } = shop.world
    const customer = await customerSession(shop.server)
    await collectedAndReturned(customer)
    await collectedAndReturned(customer)
    const all = (await timeline(customer.id, customer.headers, '?limit=200')).items
    expect(all.length).toBeGreaterThanOrEqual(12)
    for (const limit of [1, 5]) {
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const page: Timeline = await timeline(customer.id, customer.headers, `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        expect(page.items.length).toBeLessThanOrEqual(limit)
        seen.push(...page.items.map((entry) => entry.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(seen).toEqual(all.map((entry) => entry.id))
    }

    const inStore = await timeline(customer.id, customer.headers, `?channelId=${channels.storeMontpellier.id}`)
    expect(inStore.items.map((entry) => entry.kind)).toEqual(['return_received', 'return_created', 'return_received', 'return_created'])
    const orders = await timeline(customer.id, customer.headers, '?kind=order_placed,order_collected')
    expect(orders.items.map((entry) => entry.kind)).toEqual(['order_collected', 'order_placed', 'order_collected', 'order_placed'])
    const carts = await timeline(customer.id, customer.headers, '?kind=cart_created&kind=cart_changed&limit=3')
    expect(carts.items.map((entry) => entry.kind)).toEqual(['cart_changed', 'cart_created', 'cart_changed'])
    const onlyWebCarts = await timeline(customer.id, customer.headers, `?kind=cart_created&channelId=${channels.web.id}`)
    expect(onlyWebCarts.items).toHaveLength(2)
    const future = await timeline(customer.id, customer.headers, `?since=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)
    expect(future.items).toEqual([])

    const unknownKind = await get(`/v1/customers/${customer.id}/timeline?kind=order_placed,teleport`, customer.headers)
    expect(unknownKind.statusCode).toBe(400)
    expect(unknownKind.json()).toMatchObject({ field: '/query/kind' })
    const forged = Buffer.from(JSON.stringify(['yesterday', 'tp_x'])).toString('base64url')
    expect((await get(`/v1/customers/${customer.id}/timeline?cursor=${forged}`, customer.headers)).json()).toMatchObject({ status: 400, field: '/query/cursor' })
    // Shaped like a cursor, but no time PostgreSQL could cast: still the cursor's 400, never a 500.
    for (const time of ['2026-13-45T99:99:99.000000Z', '2026-02-30T10:00:00.000000Z', '0000-01-01T00:00:00.000000Z']) {
      const shaped = Buffer.from(JSON.stringify([time, 'tp_x'])).toString('base64url')
      expect((await get(`/v1/customers/${customer.id}/timeline?cursor=${shaped}`, customer.headers)).json(), time).toMatchObject({ status: 400, field: '/query/cursor' })
    }
    for (const bound of ['since', 'until']) {
      const res = await get(`/v1/customers/${customer.id}/timeline?${bound}=0000-01-01T00:00:00Z`, customer.headers)
      expect(res.json(), bound).toMatchObject({ status: 400, field: `/query/${bound}` })
    }
  })

  it('is readable by the customer and by staff, by no one else, even with a guessed id', async () => {
    const { associate, otherCustomer, device } = shop.world
    const customer = await customerSession(shop.server)
    await cartWith(shop.server, customer.headers, shop.world.channels.web.id, [])
    expect(story(await timeline(customer.id, associate.headers)).map((entry) => entry.kind)).toEqual(['cart_created'])
    for (const headers of [otherCustomer.headers, device.headers]) {
      const res = await get(`/v1/customers/${customer.id}/timeline`, headers)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/not-found' })
    }
    expect((await get(`/v1/customers/${customer.id}/timeline`, {})).statusCode).toBe(401)
    expect((await get('/v1/customers/cus_01jd3x5k2v0000000000000000/timeline', otherCustomer.headers)).statusCode).toBe(404)
    expect((await get('/v1/customers/cus_01jd3x5k2v0000000000000000/timeline', associate.headers)).statusCode).toBe(404)
  })

  it('joins an anonymous device’s product views and searches to the profile on login', async () => {
    const { channels } = shop.world
    const variant = (await stockedProduct(shop.server, shop.world)).variants[0]!
    const device = await anonymousDevice()
    const reported = await report(device.headers, { kind: 'product_view', channelId: channels.mobile.id, variantId: variant.id }, { kind: 'search', channelId: channels.mobile.id, query: 'robe lin', resultCount: 12 })
    expect(reported.statusCode, reported.body).toBe(202)
    expect(reported.json()).toEqual({ recorded: 2, withheld: 0 })
    const customer = await customerSession(shop.server)
    expect(story(await timeline(customer.id, customer.headers))).toEqual([])

    const login = await shop.server.app.inject({ method: 'POST', url: '/v1/auth/customers/login', headers: device.headers, payload: { email: customer.email, password: 'motdepasse-solide' } })
    expect(login.statusCode, login.body).toBe(200)
    const entries = story(await timeline(customer.id, customer.headers))
    expect(entries).toMatchObject([
      { kind: 'search', deviceId: device.id, channel: { id: channels.mobile.id, kind: 'mobile_app' }, subjectType: null, subjectId: null, data: { query: 'robe lin', resultCount: 12 } },
      { kind: 'product_view', deviceId: device.id, channel: { id: channels.mobile.id }, subjectType: 'variant', subjectId: variant.id, data: { productId: variant.productId } },
    ])
  })

  it('records no product views of a customer who withdrew personalisation, and records them when never asked', async () => {
    const { channels } = shop.world
    const product = await stockedProduct(shop.server, shop.world)
    const customer = await customerSession(shop.server)
    const view = { kind: 'product_view', channelId: channels.web.id, productId: product.id }
    expect((await report(customer.headers, view)).json()).toEqual({ recorded: 1, withheld: 0 })
    const withdraw = await post(`/v1/customers/${customer.id}/consents`, { decisions: [{ purpose: 'personalisation', granted: false, method: 'account_settings' }] }, customer.headers)
    expect(withdraw.statusCode, withdraw.body).toBe(200)
    const after = await report(customer.headers, view, { kind: 'search', channelId: channels.web.id, query: 'lin' })
    expect(after.statusCode).toBe(202)
    expect(after.json()).toEqual({ recorded: 0, withheld: 2 })
    expect(story(await timeline(customer.id, customer.headers)).map((entry) => entry.kind)).toEqual(['product_view'])
    // What a device browsed anonymously does not join her profile either when she logs in on it.
    const device = await anonymousDevice()
    expect((await report(device.headers, { kind: 'product_view', channelId: channels.web.id, productId: product.id })).json()).toEqual({ recorded: 1, withheld: 0 })
    const login = await shop.server.app.inject({ method: 'POST', url: '/v1/auth/customers/login', headers: device.headers, payload: { email: customer.email, password: 'motdepasse-solide' } })
    expect(login.statusCode, login.body).toBe(200)
    expect(story(await timeline(customer.id, customer.headers)).map((entry) => entry.kind)).toEqual(['product_view'])
  })

  it('lets shoppers report only views and searches, and staff visits at their own stores', async () => {
    const { channels, stores, associate, lyonAssociate, customer, device } = shop.world
    const visit = { kind: 'store_visit', customerId: customer.id, locationId: stores.montpellier.id, channelId: channels.storeMontpellier.id, note: 'Essayage' }
    for (const headers of [customer.headers, device.headers]) {
      const res = await report(headers, visit)
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/touchpoint-not-allowed', field: '/body/entries/0/kind' })
    }
    const elsewhere = await report(lyonAssociate.headers, visit)
    expect(elsewhere.statusCode).toBe(404)
    expect(elsewhere.json()).toMatchObject({ field: '/body/entries/0/locationId' })
    expect((await report(associate.headers, { ...visit, locationId: undefined, channelId: undefined })).json()).toMatchObject({ status: 400, field: '/body/entries/0/locationId' })
    expect((await report(associate.headers, { kind: 'product_view', customerId: customer.id, channelId: channels.web.id, productId: 'x' })).statusCode).toBe(403)

    const done = await report(associate.headers, visit, { kind: 'service_contact', customerId: customer.id, reason: 'Retouche', locationId: stores.montpellier.id })
    expect(done.statusCode, done.body).toBe(202)
    expect(done.json()).toEqual({ recorded: 2, withheld: 0 })
    const entries = (await timeline(customer.id, customer.headers, '?kind=store_visit,service_contact')).items
    expect(entries).toMatchObject([
      { kind: 'service_contact', location: { id: stores.montpellier.id }, channel: null, data: { reason: 'Retouche' } },
      { kind: 'store_visit', location: { id: stores.montpellier.id }, channel: { id: channels.storeMontpellier.id }, data: { note: 'Essayage', reportedBy: { kind: 'staff' } } },
    ])
  })

  it('refuses a bad batch whole, naming the entry and field at fault', async () => {
    const { channels, customer } = shop.world
    const ok = { kind: 'search', channelId: channels.web.id, query: 'lin' }
    const cases: [object, number, string][] = [
      [{ kind: 'product_view', channelId: channels.web.id, variantId: 'var_unknown' }, 404, '/body/entries/1/variantId'],
      [{ kind: 'product_view', channelId: channels.web.id }, 400, '/body/entries/1/productId'],
      [{ kind: 'search', channelId: channels.storeMontpellier.id, query: 'lin' }, 400, '/body/entries/1/channelId'],
      [{ kind: 'search', channelId: channels.web.id, query: 'lin', productId: 'p' }, 400, '/body/entries/1/productId'],
      [{ kind: 'search', channelId: 'chn_unknown', query: 'lin' }, 404, '/body/entries/1/channelId'],
      [{ kind: 'search', query: 'lin' }, 400, '/body/entries/1/channelId'],
      [{ kind: 'search', channelId: channels.web.id, query: 'lin', occurredAt: '2020-01-01T00:00:00Z' }, 400, '/body/entries/1/occurredAt'],
    ]
    for (const [entry, status, field] of cases) {
      const res = await report(customer.headers, ok, entry)
      expect(res.statusCode, `${JSON.stringify(entry)}: ${res.body}`).toBe(status)
      expect(res.json()).toMatchObject({ field })
    }
    expect((await report(customer.headers, ...Array.from({ length: 51 }, () => ok))).statusCode).toBe(400)
    expect((await report(customer.headers, { ...ok, kind: 'order_placed' })).statusCode).toBe(400)
    expect(story(await timeline(customer.id, customer.headers, '?kind=search')).map((entry) => entry.data.query)).toEqual([])
  })
})
