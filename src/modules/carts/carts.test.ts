import { beforeAll, describe, expect, it } from 'vitest'
import { requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import type { Product } from '../catalog/service.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`

describe.each(engines)('carts: who may open and see them, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let product: Product
  beforeAll(async () => {
    product = await stockedProduct(shop.server, shop.world)
  })
  const { post, patch, get } = requests(() => shop.server)

  describe('POST /v1/carts', () => {
    it('lets customers and devices open carts on the web, mobile app and kiosk channels, owned by them', async () => {
      for (const channel of [shop.world.channels.web, shop.world.channels.mobile, shop.world.channels.kioskMontpellier]) {
        const byCustomer = await post('/v1/carts', { channelId: channel.id }, shop.world.customer.headers)
        expect(byCustomer.statusCode).toBe(201)
        expect(byCustomer.json()).toMatchObject({ channelId: channel.id, customerId: shop.world.customer.id, deviceId: null, createdByStaffId: null, status: 'open', currency: 'EUR', lines: [], changes: [] })
        expect(byCustomer.json().id).toMatch(/^cart_/)
        const byDevice = await post('/v1/carts', { channelId: channel.id }, shop.world.device.headers)
        expect(byDevice.statusCode).toBe(201)
        expect(byDevice.json()).toMatchObject({ customerId: null, deviceId: shop.world.device.id })
      }
    })

    it('refuses shoppers on staff channels, requests without a token, and unknown or inactive channels', async () => {
      for (const channel of [shop.world.channels.storeMontpellier, shop.world.channels.phone, shop.world.channels.marketplace]) {
        const res = await post('/v1/carts', { channelId: channel.id }, shop.world.customer.headers)
        expect(res.json()).toMatchObject({ status: 403, type: problem('channel-not-allowed'), field: '/body/channelId' })
      }
      expect((await post('/v1/carts', { channelId: shop.world.channels.web.id }, {})).statusCode).toBe(401)
      for (const channelId of [shop.world.channels.closed.id, 'chn_nope']) {
        const res = await post('/v1/carts', { channelId }, shop.world.customer.headers)
        expect(res.json()).toMatchObject({ status: 400, type: problem('unknown-channel'), field: '/body/channelId' })
      }
    })

    it('refuses a shopper opening a cart for someone else, and unknown fields', async () => {
      const other = await post('/v1/carts', { channelId: shop.world.channels.web.id, customerId: shop.world.otherCustomer.id }, shop.world.customer.headers)
      expect(other.json()).toMatchObject({ status: 400, field: '/body/customerId' })
      const unknown = await post('/v1/carts', { channelId: shop.world.channels.web.id, coupon: 'X' }, shop.world.customer.headers)
      expect(unknown.json()).toMatchObject({ status: 400, field: '/body/coupon' })
    })

    it('lets a store associate sell on their own store’s store and kiosk channels only, recording who opened the cart', async () => {
      for (const channel of [shop.world.channels.storeMontpellier, shop.world.channels.kioskMontpellier]) {
        const res = await post('/v1/carts', { channelId: channel.id, customerId: shop.world.customer.id }, shop.world.associate.headers)
        expect(res.statusCode).toBe(201)
        expect(res.json()).toMatchObject({ customerId: shop.world.customer.id, createdByStaffId: shop.world.associate.id })
      }
      const walkIn = await post('/v1/carts', { channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)
      expect(walkIn.json()).toMatchObject({ customerId: null, createdByStaffId: shop.world.associate.id })
      for (const channel of [shop.world.channels.storeLyon, shop.world.channels.web, shop.world.channels.phone]) {
        const res = await post('/v1/carts', { channelId: channel.id }, shop.world.associate.headers)
        expect(res.json()).toMatchObject({ status: 403, type: problem('channel-not-allowed') })
      }
    })

    it('lets a call-centre agent sell on the phone and catalogue channels for a customer, and checks the customer exists', async () => {
      for (const channel of [shop.world.channels.phone, shop.world.channels.catalogue]) {
        const res = await post('/v1/carts', { channelId: channel.id, customerId: shop.world.customer.id }, shop.world.agent.headers)
        expect(res.statusCode).toBe(201)
        expect(res.json()).toMatchObject({ channelId: channel.id, customerId: shop.world.customer.id, createdByStaffId: shop.world.agent.id })
      }
      const store = await post('/v1/carts', { channelId: shop.world.channels.storeMontpellier.id }, shop.world.agent.headers)
      expect(store.statusCode).toBe(403)
      const unknown = await post('/v1/carts', { channelId: shop.world.channels.phone.id, customerId: 'cus_unknown' }, shop.world.agent.headers)
      expect(unknown.json()).toMatchObject({ status: 400, type: problem('unknown-customer'), field: '/body/customerId' })
    })

    it('lets admins and integrations with carts:manage use any channel, and refuses keys without it', async () => {
      expect((await post('/v1/carts', { channelId: shop.world.channels.marketplace.id }, shop.world.admin.headers)).statusCode).toBe(201)
      expect((await post('/v1/carts', { channelId: shop.world.channels.storeLyon.id }, shop.world.integration.headers)).statusCode).toBe(201)
      expect((await post('/v1/carts', { channelId: shop.world.channels.web.id }, shop.world.readOnlyIntegration.headers)).statusCode).toBe(403)
    })

    it('opens a cart with lines and a pickup store, and refuses a pickup location that is not a store', async () => {
      const [variant] = product.variants
      const res = await post(
        '/v1/carts',
        { channelId: shop.world.channels.web.id, pickupLocationId: shop.world.stores.lyon.id, lines: [{ variantId: variant?.id, quantity: 2 }] },
        shop.world.customer.headers,
      )
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ pickupLocationId: shop.world.stores.lyon.id, lines: [{ variantId: variant?.id, quantity: 2 }], totals: { itemCount: 2 } })
      const warehouse = await post('/v1/carts', { channelId: shop.world.channels.web.id, pickupLocationId: shop.world.stores.warehouse.id }, shop.world.customer.headers)
      expect(warehouse.json()).toMatchObject({ status: 400, type: problem('invalid-pickup-location'), field: '/body/pickupLocationId' })
      const badLine = await post('/v1/carts', { channelId: shop.world.channels.web.id, lines: [{ sku: 'NOPE' }] }, shop.world.customer.headers)
      expect(badLine.json()).toMatchObject({ status: 400, type: problem('unknown-variant'), field: '/body/lines/0/sku' })
    })
  })

  describe('GET /v1/carts/{id} and GET /v1/carts', () => {
    it('answers 404 for another customer’s or device’s cart and for a guessed id, exactly like an unknown one', async () => {
      const mine = (await post('/v1/carts', { channelId: shop.world.channels.web.id }, shop.world.customer.headers)).json()
      const devices = (await post('/v1/carts', { channelId: shop.world.channels.web.id }, shop.world.device.headers)).json()
      expect((await get(`/v1/carts/${mine.id}`, shop.world.customer.headers)).statusCode).toBe(200)
      expect((await get(`/v1/carts/${devices.id}`, shop.world.device.headers)).statusCode).toBe(200)
      for (const [id, headers] of [
        [mine.id, shop.world.otherCustomer.headers],
        [mine.id, shop.world.device.headers],
        [devices.id, shop.world.otherDevice.headers],
        [devices.id, shop.world.customer.headers],
        ['cart_01jd3x5k2v0000000000000000', shop.world.customer.headers],
      ] as const) {
        const res = await get(`/v1/carts/${id}`, headers)
        expect(res.statusCode).toBe(404)
        expect(res.json()).toMatchObject({ type: problem('not-found') })
      }
      const change = await post(`/v1/carts/${mine.id}/lines`, { sku: product.variants[0]?.sku }, shop.world.otherCustomer.headers)
      expect(change.statusCode).toBe(404)
      expect((await get(`/v1/carts/${mine.id}`, {})).statusCode).toBe(401)
    })

    it('lets staff see the carts of channels they sell on and nothing else', async () => {
      const lyon = (await post('/v1/carts', { channelId: shop.world.channels.storeLyon.id }, shop.world.lyonAssociate.headers)).json()
      const kiosk = (await post('/v1/carts', { channelId: shop.world.channels.kioskMontpellier.id }, shop.world.device.headers)).json()
      const web = (await post('/v1/carts', { channelId: shop.world.channels.web.id }, shop.world.customer.headers)).json()
      expect((await get(`/v1/carts/${lyon.id}`, shop.world.associate.headers)).statusCode).toBe(404)
      expect((await get(`/v1/carts/${kiosk.id}`, shop.world.associate.headers)).statusCode).toBe(200)
      expect((await get(`/v1/carts/${web.id}`, shop.world.associate.headers)).statusCode).toBe(404)
      expect((await get(`/v1/carts/${web.id}`, shop.world.agent.headers)).statusCode).toBe(404)
      expect((await get(`/v1/carts/${lyon.id}`, shop.world.admin.headers)).statusCode).toBe(200)
      // A cart staff opened for a customer is the seller's, not the shopper's to change.
      const phone = (await post('/v1/carts', { channelId: shop.world.channels.phone.id, customerId: shop.world.customer.id }, shop.world.agent.headers)).json()
      expect((await get(`/v1/carts/${phone.id}`, shop.world.customer.headers)).statusCode).toBe(404)
    })

    it('lists the caller’s own carts, and lets staff filter by customer, channel and status', async () => {
      const device = (await post('/v1/carts', { channelId: shop.world.channels.mobile.id, lines: [{ variantId: product.variants[0]!.id, quantity: 2 }] }, shop.world.otherDevice.headers)).json()
      const own = (await get('/v1/carts', shop.world.otherDevice.headers)).json()
      expect(own.items.map((c: { id: string }) => c.id)).toEqual([device.id])
      expect(own.items[0]).toMatchObject({ deviceId: shop.world.otherDevice.id, itemCount: 2, status: 'open' })
      const customers = (await get('/v1/carts?limit=200', shop.world.customer.headers)).json()
      expect(customers.items.length).toBeGreaterThan(0)
      expect(customers.items.every((c: { customerId: string; createdByStaffId: string | null }) => c.customerId === shop.world.customer.id && c.createdByStaffId === null)).toBe(true)
      const forCustomer = (await get(`/v1/carts?customerId=${shop.world.customer.id}&channelId=${shop.world.channels.phone.id}&status=open`, shop.world.agent.headers)).json()
      expect(forCustomer.items.length).toBeGreaterThan(0)
      expect(forCustomer.items.every((c: { channelId: string; customerId: string }) => c.channelId === shop.world.channels.phone.id && c.customerId === shop.world.customer.id)).toBe(true)
      const associates = (await get('/v1/carts?limit=200', shop.world.associate.headers)).json()
      const allowed = new Set([shop.world.channels.storeMontpellier.id, shop.world.channels.kioskMontpellier.id])
      expect(associates.items.length).toBeGreaterThan(0)
      expect(associates.items.every((c: { channelId: string }) => allowed.has(c.channelId))).toBe(true)
      const page = (await get('/v1/carts?limit=1', shop.world.admin.headers)).json()
      expect(page.items).toHaveLength(1)
      const next = (await get(`/v1/carts?limit=1&cursor=${page.nextCursor}`, shop.world.admin.headers)).json()
      expect(next.items[0].id < page.items[0].id).toBe(true)
    })
  })

  describe('PATCH /v1/carts/{id}', () => {
    it('sets and clears the pickup store; staff may change the customer, shoppers may not', async () => {
      const cart = (await post('/v1/carts', { channelId: shop.world.channels.web.id }, shop.world.customer.headers)).json()
      const set = await patch(`/v1/carts/${cart.id}`, { pickupLocationId: shop.world.stores.paris.id }, shop.world.customer.headers)
      expect(set.json()).toMatchObject({ pickupLocationId: shop.world.stores.paris.id })
      expect((await patch(`/v1/carts/${cart.id}`, { pickupLocationId: null }, shop.world.customer.headers)).json()).toMatchObject({ pickupLocationId: null })
      const customer = await patch(`/v1/carts/${cart.id}`, { customerId: shop.world.otherCustomer.id }, shop.world.customer.headers)
      expect(customer.json()).toMatchObject({ status: 400, field: '/body/customerId' })
      const store = (await post('/v1/carts', { channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)).json()
      const identified = await patch(`/v1/carts/${store.id}`, { customerId: shop.world.otherCustomer.id }, shop.world.associate.headers)
      expect(identified.json()).toMatchObject({ customerId: shop.world.otherCustomer.id })
      expect((await patch(`/v1/carts/${store.id}`, {}, shop.world.associate.headers)).statusCode).toBe(400)
    })
  })
})
