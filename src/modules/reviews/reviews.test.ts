import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { inArray } from 'drizzle-orm'
import { EVENT_CATALOGUE } from '../../event-catalogue.js'
import { outboxEvents } from '../../platform/schema.js'

const PROBLEMS = 'https://omnicanal.dev/problems/'
type Headers = Record<string, string>

describe.each(engines)('reviews on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)
  const product = async () => (await stockedProduct(shop.server, shop.world, { prices: [5990] }))
  const review = (productId: string, body: unknown, headers: Headers, extra: Headers = {}) => http.post(`/v1/products/${productId}/reviews`, body, headers, extra)
  const moderate = (id: string, body: unknown, headers: Headers = shop.world.admin.headers) => http.post(`/v1/reviews/${id}/moderation`, body, headers)

  /** A sale at the Montpellier till to `customerId`, paid in cash. */
  async function storeOrder(customerId: string, variantId: string): Promise<string> {
    const cartId = await cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId, quantity: 1 }], { customerId })
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.associate.headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: string }>().id
  }

  /** Her own web order, shipped home and paid by card. */
  async function webOrder(session: Session, variantId: string): Promise<string> {
    const cartId = await cartWith(shop.server, session.headers, shop.world.channels.web.id, [{ variantId, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, session.headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: string }>().id
  }

  it('takes the review of a store purchase as a verified one, pending moderation, and refuses a second (409 naming the first)', async () => {
    const { customer } = shop.world
    const dress = await product()
    const orderId = await storeOrder(customer.id, dress.variants[0]!.id)
    const res = await review(dress.id, { rating: 5, title: 'Parfaite', body: 'Essayée à la maison, la taille tombe juste.' }, customer.headers)
    expect(res.statusCode, res.body).toBe(201)
    const created = res.json<{ id: string; version: number }>()
    expect(created).toMatchObject({
      productId: dress.id,
      customerId: customer.id,
      orderId,
      channelId: shop.world.channels.storeMontpellier.id,
      purchaseChannel: 'store',
      verifiedPurchase: true,
      status: 'pending',
      moderation: null,
      rating: 5,
      locale: 'fr',
      reviewer: 'Camille M.',
    })
    expect(res.headers.etag).toBe(`"${created.version}"`)
    expect(res.body).not.toMatch(/@example\.com/)

    const again = await review(dress.id, { rating: 1 }, customer.headers)
    expect(again.json()).toMatchObject({ status: 409, type: `${PROBLEMS}review-exists`, reviewId: created.id, productId: dress.id })
    // Pending: not on the product yet.
    const list = await http.get(`/v1/products/${dress.id}/reviews`, {})
    expect(list.json()).toMatchObject({ items: [], aggregate: { count: 0, averageTenths: null } })
    const mine = await http.get(`/v1/customers/${customer.id}/reviews`, customer.headers)
    expect(mine.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toContain(created.id)
  })

  it('marks a web purchase with its channel, and takes a product handle too', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    await webOrder(buyer, dress.variants[0]!.id)
    const res = await review(dress.handle, { rating: 4, locale: 'en', body: 'Lovely.' }, buyer.headers)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toMatchObject({ productId: dress.id, purchaseChannel: 'web', locale: 'en', title: null, body: 'Lovely.' })
  })

  it('refuses without a purchase, for a cancelled order, to staff and to the anonymous', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    expect((await review(dress.id, { rating: 3 }, buyer.headers)).json()).toMatchObject({ status: 403, type: `${PROBLEMS}purchase-required`, field: '/params/id' })
    const orderId = await webOrder(buyer, dress.variants[0]!.id)
    const cancelled = await http.post(`/v1/orders/${orderId}/cancel`, { reason: 'Changé d’avis' }, buyer.headers)
    expect(cancelled.statusCode, cancelled.body).toBe(200)
    expect((await review(dress.id, { rating: 3 }, buyer.headers)).json()).toMatchObject({ status: 403, type: `${PROBLEMS}purchase-required` })
    expect((await review(dress.id, { rating: 3 }, shop.world.admin.headers)).json()).toMatchObject({ status: 403, type: `${PROBLEMS}forbidden` })
    expect((await review(dress.id, { rating: 3 }, {})).statusCode).toBe(401)
    expect((await review('prod_nope', { rating: 3 }, buyer.headers)).json()).toMatchObject({ status: 404, field: '/params/id' })
  })

  it('refuses bad input with a 400 naming the field, and counts characters as people see them', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    await storeOrder(buyer.id, dress.variants[0]!.id)
    const bad = async (body: unknown, field: string) => expect((await review(dress.id, body, buyer.headers)).json(), JSON.stringify(body).slice(0, 80)).toMatchObject({ status: 400, field })
    await bad({}, '/body/rating')
    await bad({ rating: 0 }, '/body/rating')
    await bad({ rating: 6 }, '/body/rating')
    await bad({ rating: 4.5 }, '/body/rating')
    await bad({ rating: 1e300 }, '/body/rating')
    await bad({ rating: 5, title: 'x'.repeat(121) }, '/body/title')
    await bad({ rating: 5, title: '😀'.repeat(121) }, '/body/title')
    await bad({ rating: 5, body: 'é'.repeat(4001) }, '/body/body')
    await bad({ rating: 5, body: 'a\u0000b' }, '/body/body')
    await bad({ rating: 5, locale: 'French' }, '/body/locale')
    await bad({ rating: 5, stars: 5 }, '/body/stars')
    const ok = await review(dress.id, { rating: 5, title: '😀'.repeat(120), body: 'ü'.repeat(4000) }, buyer.headers)
    expect(ok.statusCode, ok.body).toBe(201)
    expect(ok.json<{ title: string }>().title).toBe('😀'.repeat(120))
  })

  it('lets one of several concurrent submissions win; the others get a 409 naming it', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    await storeOrder(buyer.id, dress.variants[0]!.id)
    // On PGlite (one connection) they run one after the other; on PostgreSQL the unique index decides.
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => review(dress.id, { rating: 1 + i }, buyer.headers)))
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409])
    const winner = answers.find((a) => a.statusCode === 201)!.json<{ id: string }>().id
    for (const a of answers.filter((r) => r.statusCode === 409)) expect(a.json()).toMatchObject({ type: `${PROBLEMS}review-exists`, reviewId: winner })
  })

  it('moderates along the lifecycle, for reviews:moderate only; her edit goes back to moderation, If-Match honoured', async () => {
    const { admin, associate, customer, otherCustomer } = shop.world
    const dress = await product()
    await storeOrder(customer.id, dress.variants[0]!.id)
    const created = (await review(dress.id, { rating: 2, title: 'Bof' }, customer.headers)).json<{ id: string }>()
    const id = created.id

    expect((await moderate(id, { status: 'published' }, customer.headers)).statusCode).toBe(403)
    expect((await moderate(id, { status: 'published' }, associate.headers)).json()).toMatchObject({ status: 403, type: `${PROBLEMS}forbidden` })
    expect((await http.get('/v1/reviews?status=pending', associate.headers)).statusCode).toBe(403)
    // Another customer sees neither the pending review nor her list.
    expect((await http.get(`/v1/reviews/${id}`, otherCustomer.headers)).statusCode).toBe(404)
    expect((await http.get(`/v1/customers/${customer.id}/reviews`, otherCustomer.headers)).statusCode).toBe(404)
    expect((await http.patch(`/v1/reviews/${id}`, { rating: 1 }, otherCustomer.headers)).statusCode).toBe(404)
    // Staff with customers:read read hers; the queue lists it for a moderator.
    expect((await http.get(`/v1/customers/${customer.id}/reviews?status=pending`, associate.headers)).json<{ items: { id: string }[] }>().items.map((r) => r.id)).toContain(id)
    const queue = await http.get(`/v1/reviews?status=pending&productId=${dress.id}`, admin.headers)
    expect(queue.json()).toMatchObject({ items: [{ id, status: 'pending', reviewer: 'Camille M.' }] })

    const published = await moderate(id, { status: 'published', note: 'OK' })
    expect(published.statusCode, published.body).toBe(200)
    expect(published.json()).toMatchObject({ status: 'published', moderation: { note: 'OK', by: { kind: 'staff', id: admin.id } } })
    expect((await moderate(id, { status: 'published' })).json()).toMatchObject({ status: 409, type: `${PROBLEMS}illegal-transition`, from: 'published', allowed: ['held', 'rejected'] })
    expect((await moderate(id, { status: 'pending' })).json()).toMatchObject({ status: 400, field: '/body/status' })
    expect((await http.get(`/v1/products/${dress.id}/reviews`, {})).json()).toMatchObject({ items: [{ id, title: 'Bof' }], aggregate: { count: 1 } })

    // Her edit of the published review, with the ETag she read: pending again, off the product page.
    const read = await http.get(`/v1/reviews/${id}`, customer.headers)
    const etag = read.headers.etag as string
    const edited = await shop.server.app.inject({ method: 'PATCH', url: `/v1/reviews/${id}`, headers: { ...customer.headers, 'if-match': etag }, payload: { rating: 4, title: null } })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({ status: 'pending', rating: 4, title: null, moderation: null })
    const stale = await shop.server.app.inject({ method: 'PATCH', url: `/v1/reviews/${id}`, headers: { ...customer.headers, 'if-match': etag }, payload: { rating: 5 } })
    expect(stale.json()).toMatchObject({ status: 412, type: `${PROBLEMS}precondition-failed` })
    expect((await http.patch(`/v1/reviews/${id}`, {}, customer.headers)).json()).toMatchObject({ status: 400 })
    expect((await http.patch(`/v1/reviews/${id}`, { rating: 3 }, admin.headers)).statusCode).toBe(403)
    expect((await http.get(`/v1/products/${dress.id}/reviews`, {})).json()).toMatchObject({ items: [], aggregate: { count: 0 } })

    expect((await moderate(id, { status: 'held', note: 'À relire' })).json()).toMatchObject({ status: 'held' })
    expect((await moderate(id, { status: 'rejected' })).json()).toMatchObject({ status: 'rejected' })
    expect((await moderate(id, { status: 'published' })).json()).toMatchObject({ status: 409, type: `${PROBLEMS}illegal-transition`, allowed: [] })
    expect((await http.patch(`/v1/reviews/${id}`, { rating: 5 }, customer.headers)).json()).toMatchObject({ status: 409, type: `${PROBLEMS}review-rejected` })

    const events = await shop.server.database.db
      .select()
      .from(outboxEvents)
      .where(inArray(outboxEvents.type, ['reviews.review_submitted', 'reviews.review_published', 'reviews.review_held', 'reviews.review_rejected']))
      .orderBy(outboxEvents.position)
    const mine = events.filter((e) => (e.payload as { reviewId: string }).reviewId === id)
    expect(mine.map((e) => e.type)).toEqual(['reviews.review_submitted', 'reviews.review_published', 'reviews.review_submitted', 'reviews.review_held', 'reviews.review_rejected'])
    expect(mine.every((e) => e.customerId === customer.id)).toBe(true)
    expect(JSON.stringify(mine.map((e) => e.payload))).not.toMatch(/Bof|OK|relire/)
    // Each payload fits the schema the event catalogue publishes for its type.
    const ajv = new Ajv2020({ strict: false })
    for (const event of mine) {
      const published = EVENT_CATALOGUE.find((entry) => entry.type === event.type)!
      expect(ajv.validate(published.payload, event.payload), `${event.type} ${JSON.stringify(ajv.errors)}`).toBe(true)
    }
  })

  it('shows the public only published reviews, sorted, with the aggregate of all of them', async () => {
    const dress = await product()
    const ratings = [5, 4, 4, 1]
    const ids: string[] = []
    for (const rating of ratings) {
      const buyer = await customerSession(shop.server)
      await storeOrder(buyer.id, dress.variants[0]!.id)
      ids.push((await review(dress.id, { rating, locale: rating === 1 ? 'en' : 'fr' }, buyer.headers)).json<{ id: string }>().id)
    }
    for (const id of ids.slice(0, 3)) expect((await moderate(id, { status: 'published' })).statusCode).toBe(200)
    expect((await moderate(ids[3]!, { status: 'held' })).statusCode).toBe(200)
    const list = await http.get(`/v1/products/${dress.id}/reviews?count=true`, {})
    expect(list.statusCode, list.body).toBe(200)
    expect(list.json()).toMatchObject({ totalCount: 3, nextCursor: null, aggregate: { count: 3, averageTenths: 43, distribution: { '1': 0, '2': 0, '3': 0, '4': 2, '5': 1 } } })
    expect(list.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toEqual([ids[2], ids[1], ids[0]])
    expect(list.body).not.toMatch(/customerId|status|@example/)
    const best = await http.get(`/v1/products/${dress.id}/reviews?sort=-rating&limit=1`, {})
    expect(best.json()).toMatchObject({ items: [{ id: ids[0], rating: 5, reviewer: 'Camille M.' }], nextCursor: expect.any(String) })
    const next = await http.get(`/v1/products/${dress.id}/reviews?sort=-rating&limit=1&cursor=${best.json<{ nextCursor: string }>().nextCursor}`, {})
    expect(next.json<{ items: { rating: number }[] }>().items.map((r) => r.rating)).toEqual([4])
    expect((await http.get(`/v1/products/${dress.id}/reviews?locale=en`, {})).json()).toMatchObject({ items: [], aggregate: { count: 3 } })
    expect((await http.get('/v1/products/prod_nope/reviews', {})).statusCode).toBe(404)
    expect((await http.get(`/v1/products/${dress.id}/reviews?sort=stars`, {})).json()).toMatchObject({ status: 400, field: '/query/sort' })
  })
})
