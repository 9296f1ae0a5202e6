import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { createVariants, eventsOf, expectLedgerConsistent, inventoryWorld, requests, stock, type InventoryWorld } from './inventory.fixtures.js'
import { expireDueReservations, getAvailability } from './service.js'

/** Moves a reservation's expiry into the past, as if its time had run out. */
async function expireNow(server: TestServer, reservationId: string): Promise<void> {
  await server.database.db.execute(sql`update stock_reservations set expires_at = now() - interval '1 second' where id = ${reservationId}`)
}

describe.each(engines)('reservations on %s', (engine) => {
  let server: TestServer
  let world: InventoryWorld
  beforeAll(async () => {
    server = await startTestServer({ engine, listen: engine === 'postgres' })
    world = await inventoryWorld(server)
  })
  afterAll(async () => server?.close())
  const { post, get } = requests(
    () => server,
    () => world.admin.headers,
  )

  describe('POST /v1/inventory/reservations', () => {
    it('holds units, refuses more than is available with the available quantity, and releases once', async () => {
      const [a] = await createVariants(server, world.admin)
      const at = world.stores.lyon.id
      await stock(server, world.admin, at, [{ variantId: a!.id, quantity: 3 }])
      const hold = await post('/v1/inventory/reservations', { variantId: a!.id, locationId: at, quantity: 2, expiresInSeconds: 600 })
      expect(hold.statusCode).toBe(201)
      expect(hold.json()).toMatchObject({ kind: 'hold', status: 'active', quantity: 2, orderId: null })
      const more = await post('/v1/inventory/reservations', { variantId: a!.id, locationId: at, quantity: 2, expiresInSeconds: 600 })
      expect(more.statusCode).toBe(409)
      expect(more.headers['content-type']).toContain('application/problem+json')
      expect(more.json()).toMatchObject({
        type: 'https://omnicanal.dev/problems/insufficient-stock',
        variantId: a!.id,
        locationId: at,
        requested: 2,
        available: 1,
      })
      const nowhere = await post('/v1/inventory/reservations', { variantId: a!.id, locationId: world.stores.paris.id, quantity: 1, expiresInSeconds: 600 })
      expect(nowhere.json()).toMatchObject({ status: 409, available: 0 })
      const id = hold.json().id
      expect((await get(`/v1/inventory/reservations/${id}`)).json()).toMatchObject({ id, status: 'active' })
      const released = await server.app.inject({ method: 'POST', url: `/v1/inventory/reservations/${id}/release`, headers: world.admin.headers })
      expect(released.statusCode).toBe(200)
      expect(released.json()).toMatchObject({ status: 'released' })
      const again = await post(`/v1/inventory/reservations/${id}/release`, {})
      expect(again.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/reservation-not-active' })
      const [level] = await getAvailability(server.database.db, { variantIds: [a!.id], locationIds: [at] })
      expect(level).toMatchObject({ onHand: 3, reserved: 0, available: 3 })
      expect((await get(`/v1/inventory/reservations/${id}`, world.lyonAssociate.headers)).statusCode).toBe(200)
      await expectLedgerConsistent(server)
    })

    it('is refused to anonymous callers and to staff of another store', async () => {
      const [a] = await createVariants(server, world.admin)
      await stock(server, world.admin, world.stores.paris.id, [{ variantId: a!.id, quantity: 3 }])
      const body = { variantId: a!.id, locationId: world.stores.paris.id, quantity: 1, expiresInSeconds: 600 }
      expect((await post('/v1/inventory/reservations', body, {})).statusCode).toBe(401)
      expect((await post('/v1/inventory/reservations', body, world.lyonAssociate.headers)).json()).toMatchObject({ status: 404, field: '/body/locationId' })
      const hold = await post('/v1/inventory/reservations', body)
      expect((await get(`/v1/inventory/reservations/${hold.json().id}`, world.lyonAssociate.headers)).statusCode).toBe(404)
    })
  })

  describe('the expiry job', () => {
    it('releases an expired hold once, with a release movement and one event', async () => {
      const [a] = await createVariants(server, world.admin)
      const at = world.stores.montpellier.id
      await stock(server, world.admin, at, [{ variantId: a!.id, quantity: 2 }])
      const hold = (await post('/v1/inventory/reservations', { variantId: a!.id, locationId: at, quantity: 2, expiresInSeconds: 600 })).json()
      const live = (await post('/v1/inventory/reservations', { variantId: a!.id, locationId: at, quantity: 1, expiresInSeconds: 600 })).json()
      expect(live.status).toBe(409)
      await expireNow(server, hold.id)
      await expireDueReservations(server.database)
      await expireDueReservations(server.database)
      expect((await get(`/v1/inventory/reservations/${hold.id}`)).json()).toMatchObject({ status: 'expired' })
      const events = (await eventsOf(server, 'inventory.reservation_released')).filter((e) => e.payload.reservationId === hold.id)
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({ location_id: at, payload: { reason: 'expired', expired: true, quantity: 2 } })
      const movements = (await get(`/v1/inventory/movements?variantId=${a!.id}&locationId=${at}`)).json().items
      expect(movements[0]).toMatchObject({ kind: 'release', reservedDelta: -2, reason: 'expired', reservationId: hold.id, actor: { kind: 'system', id: null } })
      const [level] = await getAvailability(server.database.db, { variantIds: [a!.id], locationIds: [at] })
      expect(level).toMatchObject({ reserved: 0, available: 2 })
      await expectLedgerConsistent(server)
    })

    it.skipIf(engine === 'pglite')('releases each reservation exactly once when two runs race (PostgreSQL only: PGlite has one connection)', async () => {
      const [a] = await createVariants(server, world.admin)
      const at = world.stores.paris.id
      await stock(server, world.admin, at, [{ variantId: a!.id, quantity: 300 }])
      const ids: string[] = []
      for (let i = 0; i < 60; i++)
        ids.push((await post('/v1/inventory/reservations', { variantId: a!.id, locationId: at, quantity: 1 + (i % 3), expiresInSeconds: 600 })).json().id)
      await server.database.db.execute(sql`update stock_reservations set expires_at = now() - interval '1 second' where id in ${ids}`)
      const runs = await Promise.all([
        expireDueReservations(server.database, { batchSize: 7 }),
        expireDueReservations(server.database, { batchSize: 7 }),
        expireDueReservations(server.database, { batchSize: 7 }),
      ])
      const events = (await eventsOf(server, 'inventory.reservation_released')).filter((e) => ids.includes(String(e.payload.reservationId)))
      // The background job of the server may have taken some too; together every reservation is released exactly once.
      expect(runs.reduce((x, y) => x + y, 0)).toBeLessThanOrEqual(60)
      expect(events).toHaveLength(60)
      expect(new Set(events.map((e) => e.payload.reservationId)).size).toBe(60)
      const [level] = await getAvailability(server.database.db, { variantIds: [a!.id], locationIds: [at] })
      expect(level).toMatchObject({ onHand: 300, reserved: 0 })
      await expectLedgerConsistent(server)
    })
  })

  describe.skipIf(engine === 'pglite')('under load over real HTTP (PostgreSQL only: PGlite serialises everything on one connection)', () => {
    async function burst(body: object, count: number, during?: () => Promise<unknown>) {
      const send = () =>
        fetch(`${server.url}/v1/inventory/reservations`, {
          method: 'POST',
          headers: { ...world.admin.headers, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (res) => ({
          status: res.status,
          body: (await res.json()) as Record<string, unknown>,
        }))
      const half = Math.floor(count / 2)
      const first = Array.from({ length: half }, send)
      const side = during ? during() : Promise.resolve()
      const second = Array.from({ length: count - half }, send)
      const [results] = await Promise.all([Promise.all([...first, ...second]), side])
      return results
    }

    it('200 concurrent holds of one unit on 10 units: exactly 10 succeed, the others are 409 with available', async () => {
      const [a] = await createVariants(server, world.admin)
      const at = world.stores.lyon.id
      await stock(server, world.admin, at, [{ variantId: a!.id, quantity: 10 }])
      const results = await burst({ variantId: a!.id, locationId: at, quantity: 1, expiresInSeconds: 600 }, 200)
      expect(results.filter((r) => r.status >= 500)).toEqual([])
      expect(results.filter((r) => r.status === 201)).toHaveLength(10)
      const refused = results.filter((r) => r.status === 409)
      expect(refused).toHaveLength(190)
      for (const r of refused) expect(r.body).toMatchObject({ type: 'https://omnicanal.dev/problems/insufficient-stock', available: 0 })
      const [level] = await getAvailability(server.database.db, { variantIds: [a!.id], locationIds: [at] })
      expect(level).toMatchObject({ onHand: 10, reserved: 10, available: 0 })
      await expectLedgerConsistent(server)
    })

    it('with 4 of 10 units on holds that expire during the burst, takes exactly the units that became free', async () => {
      const [a] = await createVariants(server, world.admin)
      const at = world.stores.montpellier.id
      await stock(server, world.admin, at, [{ variantId: a!.id, quantity: 10 }])
      const holds: string[] = []
      for (let i = 0; i < 2; i++)
        holds.push((await post('/v1/inventory/reservations', { variantId: a!.id, locationId: at, quantity: 2, expiresInSeconds: 600 })).json().id)
      await server.database.db.execute(sql`update stock_reservations set expires_at = now() - interval '1 second' where id in ${holds}`)
      const results = await burst({ variantId: a!.id, locationId: at, quantity: 1, expiresInSeconds: 600 }, 200, () =>
        expireDueReservations(server.database, { batchSize: 1 }),
      )
      expect(results.filter((r) => r.status >= 500)).toEqual([])
      const taken = results.filter((r) => r.status === 201).length
      const stillHeld = rowsOf<{ units: number }>(
        await server.database.db.execute(
          sql`select coalesce(sum(quantity), 0)::int as units from stock_reservations where id in ${holds} and status = 'active'`,
        ),
      )[0]!.units
      expect(taken + stillHeld).toBe(10)
      expect(taken).toBeGreaterThanOrEqual(6)
      for (const r of results.filter((x) => x.status === 409))
        expect(r.body).toMatchObject({ type: 'https://omnicanal.dev/problems/insufficient-stock', available: 0 })
      const [level] = await getAvailability(server.database.db, { variantIds: [a!.id], locationIds: [at] })
      expect(level).toMatchObject({ onHand: 10, reserved: 10, available: 0 })
      await expectLedgerConsistent(server)
    })
  })
})
