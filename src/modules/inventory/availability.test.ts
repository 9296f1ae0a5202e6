import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { createVariants, inventoryWorld, requests, stock, type InventoryWorld, type TestVariant } from './inventory.fixtures.js'

describe.each(engines)('availability on %s', (engine) => {
  let server: TestServer
  let world: InventoryWorld
  let variant: TestVariant
  let web: { id: string }
  beforeAll(async () => {
    server = await startTestServer({ engine })
    world = await inventoryWorld(server)
    ;[variant] = (await createVariants(server, world.admin)) as [TestVariant]
    const { stores } = world
    await stock(server, world.admin, stores.warehouse.id, [{ variantId: variant.id, quantity: 40 }])
    await stock(server, world.admin, stores.lyon.id, [{ variantId: variant.id, quantity: 2 }])
    await stock(server, world.admin, stores.paris.id, [{ variantId: variant.id, quantity: 5 }])
    await stock(server, world.admin, stores.montpellier.id, [{ variantId: variant.id, quantity: 1 }])
    await post('/v1/inventory/adjustments', { locationId: stores.montpellier.id, variantId: variant.id, quantity: -1, reason: 'damage' })
    web = (await post('/v1/channels', { code: 'web', name: 'Web', kind: 'web' })).json()
    const points = [
      { country: 'FR', postalCode: '34000', latitude: 43.6108, longitude: 3.8767 },
      { country: 'FR', postalCode: '69003', latitude: 45.759, longitude: 4.851 },
      { country: 'FR', postalCode: '75004', latitude: 48.8543, longitude: 2.3576 },
    ]
    const put = await server.app.inject({ method: 'PUT', url: '/v1/postal-codes', headers: world.admin.headers, payload: { items: points } })
    if (put.statusCode !== 200) throw new Error(put.body)
  })
  afterAll(async () => server?.close())
  const { post, put, get } = requests(
    () => server,
    () => world.admin.headers,
  )

  describe('GET /v1/inventory/availability', () => {
    it('answers anyone with available and status per location, by SKU in any case, barcode or id', async () => {
      const res = await get(`/v1/inventory/availability?sku=${variant.sku.toLowerCase()}`, {})
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body).toMatchObject({ variant: { id: variant.id, sku: variant.sku, barcode: variant.barcode }, totalAvailable: 47, status: 'in_stock' })
      const byCode = Object.fromEntries(body.locations.map((l: { code: string }) => [l.code, l]))
      expect(byCode['warehouse-orleans']).toEqual({
        locationId: world.stores.warehouse.id,
        code: 'warehouse-orleans',
        name: 'Entrepôt Orléans',
        kind: 'warehouse',
        available: 40,
        status: 'in_stock',
      })
      expect(byCode['store-lyon']).toMatchObject({ available: 2, status: 'low_stock' })
      expect(byCode['store-montpellier']).toMatchObject({ available: 0, status: 'out_of_stock' })
      expect((await get(`/v1/inventory/availability?barcode=${variant.barcode}`, {})).json().totalAvailable).toBe(47)
      expect((await get(`/v1/inventory/availability?variantId=${variant.id}`, {})).json().totalAvailable).toBe(47)
    })

    it('shows staff the counters behind the number', async () => {
      const body = (await get(`/v1/inventory/availability?sku=${variant.sku}`)).json()
      expect(body.locations.find((l: { code: string }) => l.code === 'store-paris')).toEqual(
        expect.objectContaining({ onHand: 5, reserved: 0, safetyStock: 0, incoming: 0, available: 5 }),
      )
    })

    it('limits to the locations a channel may fulfil from, every active location when it lists none', async () => {
      const all = (await get(`/v1/inventory/availability?sku=${variant.sku}&channelId=${web.id}`, {})).json()
      expect(all.locations).toHaveLength(4)
      const set = await put(`/v1/channels/${web.id}/fulfilment-locations`, {
        locations: [{ locationId: world.stores.warehouse.id }, { locationId: world.stores.paris.id }],
      })
      expect(set.statusCode).toBe(200)
      expect(set.json()).toMatchObject({
        channelId: web.id,
        everyActiveLocation: false,
        locations: [
          { locationId: world.stores.warehouse.id, priority: 0 },
          { locationId: world.stores.paris.id, priority: 1 },
        ],
      })
      expect((await get(`/v1/channels/${web.id}/fulfilment-locations`)).json().locations).toHaveLength(2)
      expect((await get(`/v1/channels/${web.id}/fulfilment-locations`, world.lyonAssociate.headers)).statusCode).toBe(403)
      const limited = (await get(`/v1/inventory/availability?sku=${variant.sku}&channelId=${web.id}`, {})).json()
      expect(limited.locations.map((l: { code: string }) => l.code).sort()).toEqual(['store-paris', 'warehouse-orleans'])
      expect(limited.totalAvailable).toBe(45)
      const unknown = await put(`/v1/channels/${web.id}/fulfilment-locations`, { locations: [{ locationId: 'loc_nope' }] })
      expect(unknown.json()).toMatchObject({ status: 400, field: '/body/locations/0/locationId' })
      await put(`/v1/channels/${web.id}/fulfilment-locations`, { locations: [] })
      expect((await get(`/v1/inventory/availability?sku=${variant.sku}&channelId=${web.id}`, {})).json().locations).toHaveLength(4)
    })

    it('answers an unknown variant with 404, an unknown channel and a missing code with 400', async () => {
      expect((await get('/v1/inventory/availability?sku=NOPE-0', {})).json()).toMatchObject({ status: 404, field: '/query/sku' })
      expect((await get(`/v1/inventory/availability?sku=${variant.sku}&channelId=chn_nope`, {})).json()).toMatchObject({
        status: 400,
        field: '/query/channelId',
      })
      expect((await get('/v1/inventory/availability', {})).json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/variant-required' })
    })
  })

  describe('GET /v1/inventory/availability/nearest', () => {
    it('lists stores holding the variant nearest first from a postal code, with plausible distances', async () => {
      const res = await get(`/v1/inventory/availability/nearest?sku=${variant.sku}&postalCode=69003`, {})
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.origin).toEqual({ latitude: 45.759, longitude: 4.851, postalCode: '69003' })
      // Montpellier has none available, and the warehouse is not a store.
      expect(body.items.map((i: { code: string }) => i.code)).toEqual(['store-lyon', 'store-paris'])
      expect(body.items[0].distanceKm).toBeLessThan(2)
      expect(body.items[1].distanceKm).toBeGreaterThan(380)
      expect(body.items[1].distanceKm).toBeLessThan(420)
      expect(body.items[1]).toMatchObject({ available: 5, status: 'in_stock', address: { postalCode: '75003', city: 'Paris' } })
      const two = (await get(`/v1/inventory/availability/nearest?sku=${variant.sku}&postalCode=69003&minQuantity=3`, {})).json()
      expect(two.items.map((i: { code: string }) => i.code)).toEqual(['store-paris'])
    })

    it('takes coordinates instead of a postal code', async () => {
      const body = (await get(`/v1/inventory/availability/nearest?barcode=${variant.barcode}&latitude=48.86&longitude=2.35&limit=1`, {})).json()
      expect(body.items).toHaveLength(1)
      expect(body.items[0]).toMatchObject({ code: 'store-paris' })
      expect(body.items[0].distanceKm).toBeLessThan(2)
    })

    it('answers an unknown postal code with a 400 that suggests coordinates', async () => {
      const res = await get(`/v1/inventory/availability/nearest?sku=${variant.sku}&postalCode=99999`, {})
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/unknown-postal-code', field: '/query/postalCode' })
      expect(res.json().detail).toContain('latitude')
      expect((await get(`/v1/inventory/availability/nearest?sku=${variant.sku}`, {})).json()).toMatchObject({
        status: 400,
        type: 'https://omnicanal.dev/problems/origin-required',
      })
    })

    it('lets only admins set postal-code centres', async () => {
      const body = { items: [{ country: 'FR', postalCode: '34000', latitude: 43.61, longitude: 3.88 }] }
      expect((await put('/v1/postal-codes', body, world.lyonAssociate.headers)).statusCode).toBe(403)
      expect((await put('/v1/postal-codes', { items: [{ country: 'FR', postalCode: '34000', latitude: 91, longitude: 3 }] })).json()).toMatchObject({
        status: 400,
        field: '/body/items/0/latitude',
      })
      expect((await put('/v1/postal-codes', body)).json()).toEqual({ upserted: 1 })
    })
  })
})
