/**
 * Pickup codes cannot be guessed: wrong codes are counted per fulfilment even though each request fails, the fifth
 * locks the handover and tells the store, and only a manager of the pickup store (or an admin) unlocks it.
 */
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, stockedProduct, useCommerceWorld, type CommerceSuite } from '../../../test/commerce.js'
import { staffSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { fulfilments } from './schema.js'
import { PICKUP_ATTEMPTS } from './service.js'

type Headers = Record<string, string>
const PROBLEM = 'https://omnicanal.dev/problems/'

function pickups(shop: CommerceSuite) {
  const act = (fulfilmentId: string, action: string, headers: Headers, payload: object = {}) =>
    shop.server.app.inject({ method: 'POST', url: `/v1/fulfilments/${fulfilmentId}/${action}`, headers, payload })
  /** A click-and-collect order at Montpellier, ready at the counter: its fulfilment id and code. */
  async function readyPickup(): Promise<{ id: string; code: string; wrong: string }> {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 5 })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const placed = await checkout(shop.server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.montpellier.id }, payments: [card()] }, shop.world.customer.headers)
    expect(placed.statusCode, placed.body).toBe(201)
    const fulfilment = placed.json<{ fulfilments: { id: string; pickupCode: string }[] }>().fulfilments[0]!
    expect((await act(fulfilment.id, 'pick', shop.world.associate.headers)).statusCode).toBe(200)
    expect((await act(fulfilment.id, 'ready', shop.world.associate.headers)).statusCode).toBe(200)
    return { id: fulfilment.id, code: fulfilment.pickupCode, wrong: fulfilment.pickupCode === '000000' ? '000001' : '000000' }
  }
  const failures = async (id: string) => (await shop.server.database.db.select({ n: fulfilments.pickupFailures }).from(fulfilments).where(eq(fulfilments.id, id)))[0]?.n
  const events = (type: string, id: string) =>
    shop.server.database.db
      .select({ locationId: outboxEvents.locationId })
      .from(outboxEvents)
      .where(and(eq(outboxEvents.type, type), sql`${outboxEvents.payload}->>'fulfilmentId' = ${id}`))
  async function queueItem(id: string) {
    const res = await shop.server.app.inject({ url: `/v1/locations/${shop.world.stores.montpellier.id}/work`, headers: shop.world.associate.headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json<{ toHandOver: { fulfilmentId: string; pickupLocked: boolean }[] }>().toHandOver.find((item) => item.fulfilmentId === id)
  }
  return { act, readyPickup, failures, events, queueItem }
}

describe.each(engines)('pickup codes on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const p = pickups(shop)

  it('counts wrong codes although each is refused, locks the fifth time and tells the store, until a manager unlocks it', async () => {
    const pickup = await p.readyPickup()
    for (let i = 1; i <= PICKUP_ATTEMPTS; i += 1) {
      const res = await p.act(pickup.id, 'collect', shop.world.associate.headers, { pickupCode: pickup.wrong })
      expect(res.json()).toMatchObject({ status: 409, type: `${PROBLEM}wrong-pickup-code`, field: '/body/pickupCode', attemptsLeft: PICKUP_ATTEMPTS - i })
      expect(await p.failures(pickup.id)).toBe(i)
    }
    // Locked: even the right code is no longer checked.
    const locked = await p.act(pickup.id, 'collect', shop.world.associate.headers, { pickupCode: pickup.code })
    expect(locked.json()).toMatchObject({ status: 423, type: `${PROBLEM}pickup-locked`, fulfilmentId: pickup.id })
    expect(await p.events('orders.pickup_locked', pickup.id)).toEqual([{ locationId: shop.world.stores.montpellier.id }])
    expect(await p.queueItem(pickup.id)).toMatchObject({ pickupLocked: true })

    // The associate at the counter cannot unlock; another store's manager does not see it; Montpellier's manager can.
    expect((await p.act(pickup.id, 'unlock-pickup', shop.world.associate.headers)).json()).toMatchObject({ status: 403 })
    const lyonManager = await staffSession(shop.server, 'store_manager', [shop.world.stores.lyon.id])
    expect((await p.act(pickup.id, 'unlock-pickup', lyonManager.headers)).statusCode).toBe(404)
    const manager = await staffSession(shop.server, 'store_manager', [shop.world.stores.montpellier.id])
    expect((await p.act(pickup.id, 'unlock-pickup', manager.headers)).statusCode).toBe(200)
    expect(await p.events('orders.pickup_unlocked', pickup.id)).toHaveLength(1)
    expect(await p.failures(pickup.id)).toBe(0)
    expect(await p.queueItem(pickup.id)).toMatchObject({ pickupLocked: false })

    const collected = await p.act(pickup.id, 'collect', shop.world.associate.headers, { pickupCode: pickup.code })
    expect(collected.json()).toMatchObject({ fulfilments: [{ id: pickup.id, status: 'collected' }] })
  })

  it('counts nothing for staff of another store, and a right code resets the count', async () => {
    const pickup = await p.readyPickup()
    expect((await p.act(pickup.id, 'collect', shop.world.lyonAssociate.headers, { pickupCode: pickup.wrong })).statusCode).toBe(404)
    expect(await p.failures(pickup.id)).toBe(0)
    expect((await p.act(pickup.id, 'collect', shop.world.associate.headers, { pickupCode: pickup.wrong })).statusCode).toBe(409)
    expect(await p.failures(pickup.id)).toBe(1)
    expect((await p.act(pickup.id, 'collect', shop.world.associate.headers, { pickupCode: pickup.code })).statusCode).toBe(200)
    expect(await p.failures(pickup.id)).toBe(0)
  })

  it('counts nothing on a home delivery, a collected or a cancelled fulfilment: collect answers what it would anyway', async () => {
    const admin = await staffSession(shop.server, 'admin')
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 5 })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant.id, quantity: 1 }])
    const placed = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers)
    expect(placed.statusCode, placed.body).toBe(201)
    const delivery = placed.json<{ fulfilments: { id: string }[] }>().fulfilments[0]!.id
    // A home delivery has no code: every guess would be wrong, and the sixth would have locked it and told a store.
    for (let i = 0; i <= PICKUP_ATTEMPTS; i += 1) {
      expect((await p.act(delivery, 'collect', admin.headers, { pickupCode: '000000' })).json()).toMatchObject({ status: 409, type: `${PROBLEM}not-a-pickup` })
    }
    expect(await p.failures(delivery)).toBe(0)
    expect(await p.events('orders.pickup_locked', delivery)).toEqual([])

    const collected = await p.readyPickup()
    expect((await p.act(collected.id, 'collect', shop.world.associate.headers, { pickupCode: collected.code })).statusCode).toBe(200)
    const cancelled = await p.readyPickup()
    expect((await p.act(cancelled.id, 'cancel', shop.world.associate.headers, { reason: 'Customer never came' })).statusCode).toBe(200)
    for (const done of [collected, cancelled]) {
      for (let i = 0; i <= PICKUP_ATTEMPTS; i += 1) {
        expect((await p.act(done.id, 'collect', shop.world.associate.headers, { pickupCode: done.wrong })).json()).toMatchObject({ status: 409, type: `${PROBLEM}illegal-transition` })
      }
      expect(await p.failures(done.id)).toBe(0)
      expect(await p.events('orders.pickup_locked', done.id)).toEqual([])
    }
  })

  it.skipIf(engine === 'pglite')('checks at most five of twenty concurrent wrong codes; the rest find it locked', async () => {
    const pickup = await p.readyPickup()
    const results = await Promise.all(Array.from({ length: 20 }, () => p.act(pickup.id, 'collect', shop.world.associate.headers, { pickupCode: pickup.wrong })))
    const codes = results.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 409)).toHaveLength(PICKUP_ATTEMPTS)
    expect(codes.filter((c) => c === 423)).toHaveLength(20 - PICKUP_ATTEMPTS)
    expect(await p.failures(pickup.id)).toBe(PICKUP_ATTEMPTS)
    expect(await p.events('orders.pickup_locked', pickup.id)).toHaveLength(1)
  })
})
