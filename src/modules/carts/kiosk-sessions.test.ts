/**
 * A shared kiosk serves one passer-by after another: its device token reads only the carts and orders of its current
 * session, never an earlier passer-by's (items, totals, card last four), and nothing once the session ended.
 */
import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, checkout, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import type { Product } from '../catalog/service.js'
import { kioskSessions } from './schema.js'
import { KIOSK_RECEIPT_GRACE_MINUTES, KIOSK_SESSION_IDLE_MINUTES, KIOSK_SESSION_MAX_MINUTES } from './service.js'

describe.each(engines)('kiosk sessions on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let product: Product
  beforeAll(async () => {
    product = await stockedProduct(shop.server, shop.world, { onHand: 50 })
  })
  const { post, get, del } = requests(() => shop.server)
  const kiosk = () => shop.world.kiosk.headers
  const kioskCart = () => cartWith(shop.server, kiosk(), shop.world.channels.kioskMontpellier.id, [{ variantId: product.variants[0]!.id, quantity: 1 }])
  const orderIds = async () => (await get('/v1/orders?limit=100', kiosk())).json<{ items: { id: string }[] }>().items.map((o) => o.id)
  const cartIds = async () => (await get('/v1/carts?limit=100', kiosk())).json<{ items: { id: string }[] }>().items.map((c) => c.id)

  it('lets the next passer-by see nothing of the previous one’s cart and order, and nobody anything after the reset', async () => {
    const started = await post('/v1/kiosk-sessions', {}, kiosk())
    expect(started.statusCode, started.body).toBe(201)
    expect(started.json()).toMatchObject({ id: expect.stringMatching(/^kss_/), idleMinutes: KIOSK_SESSION_IDLE_MINUTES })
    const first = await kioskCart()
    const placed = await checkout(
      shop.server,
      first,
      { fulfilment: { method: 'endless_aisle', pickupLocationId: shop.world.stores.montpellier.id }, contact: { email: 'passante@example.com' }, payments: [card()] },
      kiosk(),
    )
    expect(placed.statusCode, placed.body).toBe(201)
    const orderId = placed.json<{ id: string }>().id
    // Her checkout ended her session: she still reads her order (the receipt grace), no longer her cart.
    expect(await orderIds()).toEqual([orderId])
    expect((await get(`/v1/orders/${orderId}`, kiosk())).statusCode).toBe(200)
    expect(await cartIds()).toEqual([])

    // The next passer-by.
    expect((await post('/v1/kiosk-sessions', {}, kiosk())).statusCode).toBe(201)
    expect(await orderIds()).toEqual([])
    expect((await get(`/v1/orders/${orderId}`, kiosk())).statusCode).toBe(404)
    expect(await cartIds()).toEqual([])
    expect((await get(`/v1/carts/${first}`, kiosk())).statusCode).toBe(404)
    const second = await kioskCart()
    expect((await get(`/v1/carts/${second}`, kiosk())).statusCode).toBe(200)

    // The kiosk resets: nothing of the session is readable or writable any more.
    expect((await del('/v1/kiosk-sessions/current', kiosk())).statusCode).toBe(204)
    expect((await get(`/v1/carts/${second}`, kiosk())).statusCode).toBe(404)
    expect((await post(`/v1/carts/${second}/lines`, { variantId: product.variants[0]!.id, quantity: 1 }, kiosk())).statusCode).toBe(404)
    expect(await cartIds()).toEqual([])
    expect(await orderIds()).toEqual([])
    // Staff still see the order.
    expect((await get(`/v1/orders/${orderId}`, shop.world.admin.headers)).statusCode).toBe(200)
  })

  it('starts a session with the kiosk’s first cart and ends it after the idle time', async () => {
    expect((await del('/v1/kiosk-sessions/current', kiosk())).statusCode).toBe(204)
    const cartId = await kioskCart()
    expect((await get(`/v1/carts/${cartId}`, kiosk())).statusCode).toBe(200)
    const [open] = await shop.server.database.db.select().from(kioskSessions).where(sql`${kioskSessions.deviceId} = ${shop.world.kiosk.id} and ${kioskSessions.endedAt} is null`)
    expect(open).toBeDefined()
    await shop.server.database.db
      .update(kioskSessions)
      .set({ lastActiveAt: sql`now() - make_interval(mins => ${KIOSK_SESSION_IDLE_MINUTES + 1})` })
      .where(eq(kioskSessions.id, open!.id))
    expect((await get(`/v1/carts/${cartId}`, kiosk())).statusCode).toBe(404)
    expect(await cartIds()).toEqual([])
    // The next write starts a fresh session, which sees only its own cart.
    const next = await kioskCart()
    expect(await cartIds()).toEqual([next])
  })

  const openSession = async () => {
    const [open] = await shop.server.database.db.select().from(kioskSessions).where(sql`${kioskSessions.deviceId} = ${shop.world.kiosk.id} and ${kioskSessions.endedAt} is null`)
    expect(open).toBeDefined()
    return open!
  }
  const placeAtKiosk = async (cartId: string) => {
    const placed = await checkout(
      shop.server,
      cartId,
      { fulfilment: { method: 'endless_aisle', pickupLocationId: shop.world.stores.montpellier.id }, contact: { email: 'passante@example.com' }, payments: [card()] },
      kiosk(),
    )
    expect(placed.statusCode, placed.body).toBe(201)
    return placed.json<{ id: string }>().id
  }

  it('is not kept alive by reads: a polling kiosk loses an idle session', async () => {
    expect((await del('/v1/kiosk-sessions/current', kiosk())).statusCode).toBe(204)
    const cartId = await kioskCart()
    const session = await openSession()
    // Nine idle minutes, then the kiosk polls its carts and orders: reading moves nothing on.
    await shop.server.database.db.update(kioskSessions).set({ lastActiveAt: sql`now() - make_interval(mins => ${KIOSK_SESSION_IDLE_MINUTES - 1})` }).where(eq(kioskSessions.id, session.id))
    expect(await cartIds()).toEqual([cartId])
    expect((await get(`/v1/carts/${cartId}`, kiosk())).statusCode).toBe(200)
    expect(await orderIds()).toEqual([])
    // Two more minutes: idle past the limit although it was read just before.
    await shop.server.database.db.update(kioskSessions).set({ lastActiveAt: sql`${kioskSessions.lastActiveAt} - make_interval(mins => 2)` }).where(eq(kioskSessions.id, session.id))
    expect((await get(`/v1/carts/${cartId}`, kiosk())).statusCode).toBe(404)
    expect(await cartIds()).toEqual([])
  })

  it('ends a session written to without pause once its lifetime is over', async () => {
    expect((await del('/v1/kiosk-sessions/current', kiosk())).statusCode).toBe(204)
    const cartId = await kioskCart()
    const session = await openSession()
    await shop.server.database.db.update(kioskSessions).set({ startedAt: sql`now() - make_interval(mins => ${KIOSK_SESSION_MAX_MINUTES - 1})` }).where(eq(kioskSessions.id, session.id))
    expect((await post(`/v1/carts/${cartId}/lines`, { variantId: product.variants[0]!.id, quantity: 1 }, kiosk())).statusCode).toBe(201)
    // Active a moment ago, but started longer ago than the lifetime.
    await shop.server.database.db.update(kioskSessions).set({ startedAt: sql`now() - make_interval(mins => ${KIOSK_SESSION_MAX_MINUTES + 1})` }).where(eq(kioskSessions.id, session.id))
    expect((await get(`/v1/carts/${cartId}`, kiosk())).statusCode).toBe(404)
    expect(await cartIds()).toEqual([])
    const next = await kioskCart()
    expect(await cartIds()).toEqual([next])
    expect((await openSession()).id).not.toBe(session.id)
  })

  it('ends the session at checkout: the next cart is a new session, and the order is shown alone until the grace is over', async () => {
    expect((await post('/v1/kiosk-sessions', {}, kiosk())).statusCode).toBe(201)
    const session = await openSession()
    const orderId = await placeAtKiosk(await kioskCart())
    const [ended] = await shop.server.database.db.select().from(kioskSessions).where(eq(kioskSessions.id, session.id))
    expect(ended?.endedAt).not.toBeNull()
    // The receipt grace: the order alone, read as often as the screen likes.
    expect(await orderIds()).toEqual([orderId])
    expect((await get(`/v1/orders/${orderId}`, kiosk())).statusCode).toBe(200)
    await shop.server.database.db.update(kioskSessions).set({ endedAt: sql`now() - make_interval(mins => ${KIOSK_RECEIPT_GRACE_MINUTES + 1})` }).where(eq(kioskSessions.id, session.id))
    expect(await orderIds()).toEqual([])
    expect((await get(`/v1/orders/${orderId}`, kiosk())).statusCode).toBe(404)

    // Within the grace, the next passer-by's first cart starts a new session that sees nothing of the order.
    const second = await placeAtKiosk(await kioskCart())
    expect(await orderIds()).toEqual([second])
    const next = await kioskCart()
    expect((await openSession()).id).not.toBe(session.id)
    expect(await cartIds()).toEqual([next])
    expect(await orderIds()).toEqual([])
    expect((await get(`/v1/orders/${second}`, kiosk())).statusCode).toBe(404)
    // A reset right after a checkout hides the order at once.
    const third = await placeAtKiosk(next)
    expect(await orderIds()).toEqual([third])
    expect((await del('/v1/kiosk-sessions/current', kiosk())).statusCode).toBe(204)
    expect(await orderIds()).toEqual([])
  })

  it('replays a checkout to its passer-by during the receipt grace, never to the next one with the same key and body', async () => {
    expect((await post('/v1/kiosk-sessions', {}, kiosk())).statusCode).toBe(201)
    const cartId = await kioskCart()
    const body = { fulfilment: { method: 'endless_aisle', pickupLocationId: shop.world.stores.montpellier.id }, contact: { email: 'passante@example.com' }, payments: [card()] }
    const key = { 'idempotency-key': `kiosk-checkout-${cartId}` }
    const placed = await checkout(shop.server, cartId, body, kiosk(), key)
    expect(placed.statusCode, placed.body).toBe(201)
    const orderId = placed.json<{ id: string }>().id
    // Her own retry (a lost answer) during the grace is her order, replayed.
    const retried = await checkout(shop.server, cartId, body, kiosk(), key)
    expect(retried.statusCode, retried.body).toBe(201)
    expect(retried.json<{ id: string }>().id).toBe(orderId)
    // The next passer-by sends the very same request: the work is judged anew (her cart is not his), nothing replayed.
    expect((await post('/v1/kiosk-sessions', {}, kiosk())).statusCode).toBe(201)
    const replayed = await checkout(shop.server, cartId, body, kiosk(), key)
    expect(replayed.statusCode, replayed.body).toBe(404)
    expect(replayed.body).not.toContain(orderId)
  })

  it('is for shared kiosks only: a shopper’s own device and staff have no kiosk session, and a shopper’s device is not narrowed', async () => {
    expect((await post('/v1/kiosk-sessions', {}, shop.world.device.headers)).json()).toMatchObject({ status: 403 })
    expect((await post('/v1/kiosk-sessions', {}, shop.world.associate.headers)).json()).toMatchObject({ status: 403 })
    expect((await del('/v1/kiosk-sessions/current', shop.world.device.headers)).statusCode).toBe(403)
    const own = await cartWith(shop.server, shop.world.device.headers, shop.world.channels.mobile.id, [{ variantId: product.variants[0]!.id, quantity: 1 }])
    expect((await get(`/v1/carts/${own}`, shop.world.device.headers)).statusCode).toBe(200)
  })

  it.skipIf(engine === 'pglite')('starts one session per kiosk when several starts race (PostgreSQL: PGlite has one connection)', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/v1/kiosk-sessions', {}, kiosk())))
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 8 }, () => 201))
    const open = await shop.server.database.db.select().from(kioskSessions).where(sql`${kioskSessions.deviceId} = ${shop.world.kiosk.id} and ${kioskSessions.endedAt} is null`)
    expect(open).toHaveLength(1)
  })
})
