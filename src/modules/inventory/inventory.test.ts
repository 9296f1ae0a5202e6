import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { SYSTEM_ACTOR } from '../../platform/auth.js'
import { createVariants, eventsOf, expectLedgerConsistent, inventoryWorld, requests, stock, type InventoryWorld } from './inventory.fixtures.js'
import { consumeReservations, getAvailability, reserveStock, returnStock, sellStock, setStockLevels } from './service.js'

describe.each(engines)('inventory levels on %s', (engine) => {
  let server: TestServer
  let world: InventoryWorld
  beforeAll(async () => {
    server = await startTestServer({ engine })
    world = await inventoryWorld(server)
  })
  afterAll(async () => server?.close())
  const { post, patch, get } = requests(
    () => server,
    () => world.admin.headers,
  )

  describe('POST /v1/inventory/receipts, adjustments and counts', () => {
    it('adds received units, creating the level, and records each change in the ledger', async () => {
      const [a, b] = await createVariants(server, world.admin, 2)
      const res = await post('/v1/inventory/receipts', {
        locationId: world.stores.lyon.id,
        lines: [
          { variantId: a!.id, quantity: 10 },
          { variantId: b!.id, quantity: 4 },
        ],
        reference: 'BL-1',
      })
      expect(res.statusCode).toBe(201)
      expect(res.json().levels).toHaveLength(2)
      expect(res.json().levels).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ variantId: a!.id, onHand: 10, reserved: 0, available: 10 }),
          expect.objectContaining({ variantId: b!.id, onHand: 4, available: 4 }),
        ]),
      )
      await post('/v1/inventory/receipts', { locationId: world.stores.lyon.id, lines: [{ variantId: a!.id, quantity: 5 }] })
      const movements = (await get(`/v1/inventory/movements?variantId=${a!.id}&locationId=${world.stores.lyon.id}`)).json()
      expect(movements.items.map((m: { kind: string; onHandDelta: number }) => [m.kind, m.onHandDelta])).toEqual([
        ['receipt', 5],
        ['receipt', 10],
      ])
      expect(movements.items[1]).toMatchObject({ reason: 'receipt BL-1', actor: { kind: 'staff', id: world.admin.id } })
      await expectLedgerConsistent(server)
    })

    it('refuses a receipt that would carry on hand past what a stock counter stores with a 409, changing nothing', async () => {
      const [a] = await createVariants(server, world.admin, 1)
      const at = world.stores.lyon.id
      // An import set the level near the top of int4; receipts are bounded per request, not in total.
      await server.database.transaction((tx) => setStockLevels(tx, [{ variantId: a!.id, locationId: at, onHand: 2_147_000_000 }]))
      const refused = await post('/v1/inventory/receipts', { locationId: at, lines: [{ variantId: a!.id, quantity: 1_000_000 }] })
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/quantity-out-of-range', variantId: a!.id, locationId: at })
      const adjusted = await post('/v1/inventory/adjustments', { locationId: at, variantId: a!.id, quantity: 1_000_000, reason: 'found' })
      expect(adjusted.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/quantity-out-of-range' })
      expect((await get(`/v1/inventory/levels?variantId=${a!.id}`)).json().items[0].onHand).toBe(2_147_000_000)
      expect((await post('/v1/inventory/receipts', { locationId: at, lines: [{ variantId: a!.id, quantity: 483_647 }] })).statusCode).toBe(201)
      await expectLedgerConsistent(server)
    })

    it('refuses an unknown variant or location naming the field', async () => {
      const [a] = await createVariants(server, world.admin)
      const variant = await post('/v1/inventory/receipts', {
        locationId: world.stores.lyon.id,
        lines: [
          { variantId: a!.id, quantity: 1 },
          { variantId: 'var_nope', quantity: 1 },
        ],
      })
      expect(variant.json()).toMatchObject({ status: 404, field: '/body/lines/1/variantId' })
      const location = await post('/v1/inventory/receipts', { locationId: 'loc_nope', lines: [{ variantId: a!.id, quantity: 1 }] })
      expect(location.json()).toMatchObject({ status: 404, field: '/body/locationId' })
      const zero = await post('/v1/inventory/adjustments', { locationId: world.stores.lyon.id, variantId: a!.id, quantity: 0, reason: 'damage' })
      expect(zero.json()).toMatchObject({ status: 400, field: '/body/quantity' })
    })

    it('adjusts on hand and never takes it below what is reserved', async () => {
      const [a] = await createVariants(server, world.admin)
      await stock(server, world.admin, world.stores.paris.id, [{ variantId: a!.id, quantity: 5 }])
      const hold = await post('/v1/inventory/reservations', { variantId: a!.id, locationId: world.stores.paris.id, quantity: 3, expiresInSeconds: 600 })
      expect(hold.statusCode).toBe(201)
      const damaged = await post('/v1/inventory/adjustments', {
        locationId: world.stores.paris.id,
        variantId: a!.id,
        quantity: -2,
        reason: 'damage',
        note: 'Stained',
      })
      expect(damaged.statusCode).toBe(201)
      expect(damaged.json()).toMatchObject({ onHand: 3, reserved: 3, available: 0 })
      const tooMuch = await post('/v1/inventory/adjustments', { locationId: world.stores.paris.id, variantId: a!.id, quantity: -1, reason: 'theft' })
      expect(tooMuch.statusCode).toBe(409)
      expect(tooMuch.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/insufficient-stock', available: 0, requested: 1 })
      const found = await post('/v1/inventory/adjustments', { locationId: world.stores.paris.id, variantId: a!.id, quantity: 2, reason: 'found' })
      expect(found.json()).toMatchObject({ onHand: 5, available: 2 })
      const events = await eventsOf(server, 'inventory.stock_adjusted')
      expect(events.filter((e) => e.payload.variantId === a!.id).map((e) => e.payload.quantity)).toEqual([-2, 2])
      await expectLedgerConsistent(server)
    })

    it('sets on hand from a count, records the difference, and refuses a count below the reserved quantity', async () => {
      const [a, b] = await createVariants(server, world.admin, 2)
      await stock(server, world.admin, world.stores.lyon.id, [
        { variantId: a!.id, quantity: 8 },
        { variantId: b!.id, quantity: 6 },
      ])
      await post('/v1/inventory/reservations', { variantId: b!.id, locationId: world.stores.lyon.id, quantity: 4, expiresInSeconds: 600 })
      const refused = await post('/v1/inventory/counts', {
        locationId: world.stores.lyon.id,
        lines: [
          { variantId: a!.id, onHand: 7 },
          { variantId: b!.id, onHand: 3 },
        ],
      })
      expect(refused.statusCode).toBe(409)
      expect(refused.json()).toMatchObject({
        type: 'https://omnicanal.dev/problems/count-below-reserved',
        field: '/body/lines/1/onHand',
        reserved: 4,
        counted: 3,
      })
      const counted = await post('/v1/inventory/counts', {
        locationId: world.stores.lyon.id,
        lines: [
          { variantId: a!.id, onHand: 7 },
          { variantId: b!.id, onHand: 9 },
        ],
        reason: 'Monthly count',
      })
      expect(counted.statusCode).toBe(201)
      expect(counted.json().lines).toEqual([
        { variantId: a!.id, counted: 7, difference: -1 },
        { variantId: b!.id, counted: 9, difference: 3 },
      ])
      const levels = (await get(`/v1/inventory/levels?locationId=${world.stores.lyon.id}&limit=200`)).json().items
      expect(levels.find((l: { variantId: string }) => l.variantId === b!.id)).toMatchObject({ onHand: 9, reserved: 4, available: 5 })
      const duplicate = await post('/v1/inventory/counts', {
        locationId: world.stores.lyon.id,
        lines: [
          { variantId: a!.id, onHand: 1 },
          { variantId: a!.id, onHand: 2 },
        ],
      })
      expect(duplicate.json()).toMatchObject({ status: 400, field: '/body/lines/1/variantId' })
      await expectLedgerConsistent(server)
    })

    it('sets safety stock, which lowers what is available', async () => {
      const [a] = await createVariants(server, world.admin)
      await stock(server, world.admin, world.stores.lyon.id, [{ variantId: a!.id, quantity: 5 }])
      const res = await patch(`/v1/inventory/levels/${world.stores.lyon.id}/${a!.id}`, { safetyStock: 2 })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ onHand: 5, safetyStock: 2, available: 3 })
      expect((await patch(`/v1/inventory/levels/${world.stores.paris.id}/${a!.id}`, { safetyStock: 1 })).statusCode).toBe(404)
      const hold = await post('/v1/inventory/reservations', { variantId: a!.id, locationId: world.stores.lyon.id, quantity: 4, expiresInSeconds: 60 })
      expect(hold.json()).toMatchObject({ status: 409, requested: 4, available: 3 })
    })
  })

  describe('store staff', () => {
    it('see and change only their own stores; another store answers 404', async () => {
      const [a] = await createVariants(server, world.admin)
      await stock(server, world.admin, world.stores.lyon.id, [{ variantId: a!.id, quantity: 3 }])
      await stock(server, world.admin, world.stores.paris.id, [{ variantId: a!.id, quantity: 3 }])
      const own = world.lyonAssociate.headers
      const mine = (await get(`/v1/inventory/levels?variantId=${a!.id}`, own)).json()
      expect(mine.items.map((l: { locationId: string }) => l.locationId)).toEqual([world.stores.lyon.id])
      expect((await get(`/v1/inventory/levels?locationId=${world.stores.paris.id}`, own)).statusCode).toBe(404)
      expect((await get(`/v1/inventory/movements?locationId=${world.stores.paris.id}`, own)).statusCode).toBe(404)
      const theirs = await post('/v1/inventory/adjustments', { locationId: world.stores.paris.id, variantId: a!.id, quantity: -1, reason: 'damage' }, own)
      expect(theirs.json()).toMatchObject({ status: 404, field: '/body/locationId' })
      const ours = await post('/v1/inventory/adjustments', { locationId: world.stores.lyon.id, variantId: a!.id, quantity: -1, reason: 'damage' }, own)
      expect(ours.statusCode).toBe(201)
      const movements = (await get(`/v1/inventory/movements?variantId=${a!.id}`, own)).json()
      expect(new Set(movements.items.map((m: { locationId: string }) => m.locationId))).toEqual(new Set([world.stores.lyon.id]))
      expect((await get('/v1/inventory/levels', {})).statusCode).toBe(401)
    })
  })

  describe('service functions the orders module calls', () => {
    it('sells from the shelf, consumes a fulfilment, takes returns and loads levels, keeping the ledger whole', async () => {
      const [a, b] = await createVariants(server, world.admin, 2)
      const at = world.stores.montpellier.id
      await server.database.transaction((tx) =>
        setStockLevels(tx, [
          { variantId: a!.id, locationId: at, onHand: 6 },
          { variantId: b!.id, locationId: at, onHand: 2 },
        ]),
      )
      await server.database.transaction((tx) => setStockLevels(tx, [{ variantId: a!.id, locationId: at, onHand: 5 }]))
      await server.database.transaction(async (tx) => {
        await reserveStock(tx, { variantId: a!.id, locationId: at, quantity: 2, kind: 'order', actor: SYSTEM_ACTOR, orderId: 'ord_1', fulfilmentId: 'ful_1' })
        await sellStock(tx, { variantId: a!.id, locationId: at, quantity: 3, orderId: 'ord_2', actor: SYSTEM_ACTOR })
      })
      await expect(
        server.database.transaction((tx) => sellStock(tx, { variantId: a!.id, locationId: at, quantity: 1, orderId: 'ord_3', actor: SYSTEM_ACTOR })),
      ).rejects.toMatchObject({
        code: 'insufficient-stock',
        data: { available: 0 },
      })
      expect(await server.database.transaction((tx) => consumeReservations(tx, { fulfilmentId: 'ful_1', orderId: 'ord_1', actor: SYSTEM_ACTOR }))).toBe(1)
      expect(await server.database.transaction((tx) => consumeReservations(tx, { fulfilmentId: 'ful_1', orderId: 'ord_1', actor: SYSTEM_ACTOR }))).toBe(0)
      await server.database.transaction((tx) =>
        returnStock(tx, { variantId: a!.id, locationId: world.stores.paris.id, quantity: 1, orderId: 'ord_2', reason: 'too small', actor: SYSTEM_ACTOR }),
      )
      const levels = await getAvailability(server.database.db, { variantIds: [a!.id] })
      expect(levels.map((l) => [l.locationId, l.onHand, l.reserved])).toEqual(
        expect.arrayContaining([
          [at, 0, 0],
          [world.stores.paris.id, 1, 0],
        ]),
      )
      const kinds = (await get(`/v1/inventory/movements?variantId=${a!.id}&locationId=${at}`)).json().items.map((m: { kind: string }) => m.kind)
      expect(kinds).toEqual(['sale', 'sale', 'reservation', 'count', 'receipt'])
      expect((await get('/v1/inventory/movements?orderId=ord_2')).json().items.map((m: { kind: string }) => m.kind)).toEqual(['return', 'sale'])
      await expectLedgerConsistent(server)
    })
  })
})
