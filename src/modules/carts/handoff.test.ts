import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { cartWith, checkout, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import type { Actor } from '../../platform/auth.js'
import { rowsOf } from '../../platform/db.js'
import type { Product } from '../catalog/service.js'
import { normaliseHandoffCode, randomHandoffCode } from './handoff.js'
import { ABANDONED_AFTER_MINUTES, claimRefusal, HANDOFF_CODE_ALPHABET, mayUseCart } from './policies.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`

describe('handoff rules', () => {
  it('lets a kiosk claim on its own kiosk channel only, staff where they sell, and no customer or shopper’s device', () => {
    const kiosk = { id: 'chn_k', kind: 'kiosk', locationId: 'loc_a' }
    const web = { id: 'chn_w', kind: 'web', locationId: null }
    const device: Actor = { kind: 'device', id: 'dev_1', tokenId: 't', kioskChannelId: 'chn_k' }
    const phone: Actor = { kind: 'device', id: 'dev_2', tokenId: 't', kioskChannelId: null }
    const otherKiosk: Actor = { kind: 'device', id: 'dev_3', tokenId: 't', kioskChannelId: 'chn_k2' }
    const associate: Actor = { kind: 'staff', id: 'stf_1', tokenId: 't', role: 'store_associate', locationIds: ['loc_a'] }
    expect(claimRefusal(device, kiosk)).toBeNull()
    expect(claimRefusal(device, web)).not.toBeNull()
    expect(claimRefusal(phone, kiosk)).not.toBeNull()
    expect(claimRefusal(otherKiosk, kiosk)).not.toBeNull()
    expect(claimRefusal(associate, kiosk)).toBeNull()
    expect(claimRefusal({ kind: 'customer', id: 'cus_1', tokenId: 't' }, kiosk)).not.toBeNull()
    // A kiosk holding a customer's cart uses it there, and only there, and only in the session that claimed it.
    const claimed = { customerId: 'cus_1', deviceId: 'dev_1', createdByStaffId: null, kioskSessionId: 'kss_1' }
    expect(mayUseCart(device, claimed, kiosk, 'kss_1')).toBe(true)
    expect(mayUseCart(device, claimed, kiosk, 'kss_2')).toBe(false)
    expect(mayUseCart(device, claimed, kiosk, null)).toBe(false)
    expect(mayUseCart(device, { ...claimed, kioskSessionId: null }, kiosk, 'kss_1')).toBe(false)
    expect(mayUseCart(phone, { ...claimed, deviceId: 'dev_2' }, kiosk)).toBe(false)
    expect(mayUseCart(device, claimed, { id: 'chn_s', kind: 'store', locationId: 'loc_a' }, 'kss_1')).toBe(false)
  })

  it('makes codes from the unambiguous alphabet and reads them as typed or scanned', () => {
    for (let i = 0; i < 50; i++) expect(randomHandoffCode()).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
    expect(HANDOFF_CODE_ALPHABET).not.toMatch(/[01IO]/)
    expect(normaliseHandoffCode(' k7m-2qx ')).toBe('K7M2QX')
    expect(normaliseHandoffCode('omnicanal:cart:K7M2QX')).toBe('K7M2QX')
  })
})

describe.each(engines)('carts across channels: handoff and short codes, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let product: Product
  beforeAll(async () => {
    product = await stockedProduct(shop.server, shop.world, { prices: [5990, 2500] })
  })
  const { post, get } = requests(() => shop.server)
  const variant = (index = 0) => product.variants[index]?.id ?? ''
  const idleFor = (cartId: string, minutes: number) =>
    shop.server.database.db.execute(sql`update carts set updated_at = now() - make_interval(mins => ${minutes}) where id = ${cartId}`)
  const touchpointsOf = async (cartId: string) =>
    rowsOf<{ kind: string; channel_id: string; location_id: string | null; customer_id: string | null }>(
      await shop.server.database.db.execute(
        sql`select kind, channel_id, location_id, customer_id from touchpoints where subject_id = ${cartId} order by occurred_at`,
      ),
    )
  const handoff = (cartId: string, channelId: string, headers: Record<string, string>) => post(`/v1/carts/${cartId}/handoff`, { channelId }, headers)
  const codeFor = async (cartId: string, headers: Record<string, string>) => {
    const res = await post(`/v1/carts/${cartId}/handoff-code`, {}, headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ code: string; qr: string; expiresAt: string }>()
  }

  describe('GET /v1/customers/{id}/carts', () => {
    let camille: Session
    let fresh: string
    let idle: string
    beforeAll(async () => {
      camille = await customerSession(shop.server)
      fresh = await cartWith(shop.server, camille.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      idle = await cartWith(shop.server, camille.headers, shop.world.channels.mobile.id, [{ variantId: variant(1), quantity: 2 }])
      const empty = await cartWith(shop.server, camille.headers, shop.world.channels.web.id, [])
      await idleFor(idle, 2 * ABANDONED_AFTER_MINUTES)
      await idleFor(empty, 2 * ABANDONED_AFTER_MINUTES)
    })

    it('shows a Montpellier associate the customer’s open and abandoned carts from every channel', async () => {
      const res = await get(`/v1/customers/${camille.id}/carts`, shop.world.associate.headers)
      expect(res.statusCode, res.body).toBe(200)
      const items = res.json<{ items: { id: string; abandoned: boolean }[] }>().items
      expect(items).toHaveLength(3)
      expect(items.find((c) => c.id === idle)).toMatchObject({
        customerId: camille.id,
        channelId: shop.world.channels.mobile.id,
        channel: { id: shop.world.channels.mobile.id, kind: 'mobile_app', name: 'app' },
        locationId: null,
        location: null,
        sellerStaffId: null,
        seller: null,
        itemCount: 2,
        totals: { total: { amount: 5000, currency: 'EUR' } },
        abandoned: true,
      })
      expect(items.find((c) => c.id === fresh)).toMatchObject({ channel: { kind: 'web' }, itemCount: 1, abandoned: false })
      // An empty cart is never abandoned, however old.
      expect(items.filter((c) => c.abandoned).map((c) => c.id)).toEqual([idle])
      const abandoned = (await get(`/v1/customers/${camille.id}/carts?status=abandoned`, shop.world.associate.headers)).json<{ items: { id: string }[] }>()
      expect(abandoned.items.map((c) => c.id)).toEqual([idle])
      const open = (await get(`/v1/customers/${camille.id}/carts?status=open`, shop.world.associate.headers)).json<{ items: { id: string }[] }>()
      expect(open.items.map((c) => c.id)).not.toContain(idle)
      expect(open.items.map((c) => c.id)).toContain(fresh)
      const page = (await get(`/v1/customers/${camille.id}/carts?limit=2`, shop.world.associate.headers)).json<{
        items: { id: string }[]
        nextCursor: string
      }>()
      const rest = (await get(`/v1/customers/${camille.id}/carts?limit=2&cursor=${page.nextCursor}`, shop.world.associate.headers)).json<{
        items: { id: string }[]
        nextCursor: null
      }>()
      expect([...page.items, ...rest.items].map((c) => c.id).sort()).toEqual(items.map((c) => c.id).sort())
    })

    it('lets the customer list her own, and answers 404 to anyone else', async () => {
      expect((await get(`/v1/customers/${camille.id}/carts`, camille.headers)).json().items).toHaveLength(3)
      for (const headers of [shop.world.otherCustomer.headers, shop.world.device.headers, shop.world.readOnlyIntegration.headers]) {
        const res = await get(`/v1/customers/${camille.id}/carts`, headers)
        expect(res.json()).toMatchObject({ status: 404, type: problem('not-found') })
      }
      expect((await get('/v1/customers/cus_unknown/carts', shop.world.associate.headers)).statusCode).toBe(404)
      expect((await get(`/v1/customers/${camille.id}/carts?status=closed`, shop.world.associate.headers)).statusCode).toBe(400)
    })
  })

  describe('POST /v1/carts/{id}/handoff', () => {
    it('moves an abandoned web cart to the Montpellier till, where the associate adds a line and checks it out onto the customer’s account', async () => {
      const camille = await customerSession(shop.server)
      const cartId = await cartWith(shop.server, camille.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      await idleFor(cartId, 3 * ABANDONED_AFTER_MINUTES)
      const res = await handoff(cartId, shop.world.channels.storeMontpellier.id, shop.world.associate.headers)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({
        id: cartId,
        channelId: shop.world.channels.storeMontpellier.id,
        customerId: camille.id,
        sellerStaffId: shop.world.associate.id,
        status: 'open',
      })
      // The customer still owns and sees it; the seller is recorded and the cart is active again.
      expect((await get(`/v1/carts/${cartId}`, camille.headers)).json()).toMatchObject({ channelId: shop.world.channels.storeMontpellier.id })
      const listed = (await get(`/v1/customers/${camille.id}/carts`, shop.world.associate.headers))
        .json<{ items: { id: string }[] }>()
        .items.find((c) => c.id === cartId)
      expect(listed).toMatchObject({
        abandoned: false,
        seller: { id: shop.world.associate.id },
        locationId: shop.world.stores.montpellier.id,
        location: { id: shop.world.stores.montpellier.id },
        channel: { kind: 'store' },
      })
      expect(await touchpointsOf(cartId)).toContainEqual({
        kind: 'cart_handed_off',
        channel_id: shop.world.channels.storeMontpellier.id,
        location_id: shop.world.stores.montpellier.id,
        customer_id: camille.id,
      })
      const events = rowsOf<{ payload: Record<string, unknown> }>(
        await shop.server.database.db.execute(sql`select payload from outbox_events where type = 'carts.cart_handed_off' and payload->>'cartId' = ${cartId}`),
      )
      expect(events.map((e) => e.payload)).toEqual([
        expect.objectContaining({
          fromChannelId: shop.world.channels.web.id,
          toChannelId: shop.world.channels.storeMontpellier.id,
          sellerStaffId: shop.world.associate.id,
        }),
      ])

      const added = await post(`/v1/carts/${cartId}/lines`, { variantId: variant(1), quantity: 1 }, shop.world.associate.headers)
      expect(added.statusCode, added.body).toBe(201)
      expect(added.json()).toMatchObject({ totals: { itemCount: 2, total: { amount: 8490 } } })
      const order = await checkout(
        shop.server,
        cartId,
        { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 10000 }] },
        shop.world.associate.headers,
      )
      expect(order.statusCode, order.body).toBe(201)
      expect(order.json()).toMatchObject({ customerId: camille.id, placedLocationId: shop.world.stores.montpellier.id, status: 'collected' })
      expect((await get(`/v1/orders/${order.json().id}`, camille.headers)).json()).toMatchObject({ customerId: camille.id })
      expect((await handoff(cartId, shop.world.channels.storeMontpellier.id, shop.world.associate.headers)).json()).toMatchObject({
        status: 409,
        type: problem('cart-not-open'),
      })
    })

    it('refuses a Lyon associate handing off to Montpellier’s channel, staff without customers:read, and carts that are no customer’s', async () => {
      const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      const lyon = await handoff(cartId, shop.world.channels.storeMontpellier.id, shop.world.lyonAssociate.headers)
      expect(lyon.json()).toMatchObject({ status: 403, type: problem('channel-not-allowed'), field: '/body/channelId' })
      expect((await handoff(cartId, shop.world.channels.closed.id, shop.world.associate.headers)).json()).toMatchObject({
        status: 400,
        type: problem('unknown-channel'),
      })
      // The integration key holds carts:manage but not customers:read.
      expect((await handoff(cartId, shop.world.channels.storeLyon.id, shop.world.integration.headers)).statusCode).toBe(403)
      expect((await handoff(cartId, shop.world.channels.storeMontpellier.id, shop.world.customer.headers)).statusCode).toBe(403)
      const deviceCart = await cartWith(shop.server, shop.world.device.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      expect((await handoff(deviceCart, shop.world.channels.storeMontpellier.id, shop.world.associate.headers)).statusCode).toBe(404)
      expect((await get(`/v1/carts/${cartId}`, shop.world.customer.headers)).json()).toMatchObject({ channelId: shop.world.channels.web.id })
    })

    it('lets a phone agent open a customer’s cart on the phone channel and work on it', async () => {
      const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.mobile.id, [{ variantId: variant(), quantity: 1 }])
      expect((await get(`/v1/carts/${cartId}`, shop.world.agent.headers)).statusCode).toBe(404)
      expect((await handoff(cartId, shop.world.channels.storeMontpellier.id, shop.world.agent.headers)).statusCode).toBe(403)
      const res = await handoff(cartId, shop.world.channels.phone.id, shop.world.agent.headers)
      expect(res.json()).toMatchObject({ channelId: shop.world.channels.phone.id, sellerStaffId: shop.world.agent.id })
      expect((await post(`/v1/carts/${cartId}/lines`, { variantId: variant(), quantity: 1 }, shop.world.agent.headers)).json()).toMatchObject({
        lines: [{ quantity: 2 }],
      })
      expect((await get(`/v1/carts/${cartId}`, shop.world.customer.headers)).json()).toMatchObject({ lines: [{ quantity: 2 }] })
    })
  })

  describe('short codes', () => {
    it('gives the owner a 6-symbol code for 15 minutes that a seller uses once, typed or scanned', async () => {
      const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      const shown = await codeFor(cartId, shop.world.customer.headers)
      expect(shown.code).toMatch(/^[2-9A-HJ-NP-Z]{6}$/)
      expect(shown.qr).toBe(`omnicanal:cart:${shown.code}`)
      const minutes = (Date.parse(shown.expiresAt) - Date.now()) / 60_000
      expect(minutes).toBeGreaterThan(13)
      expect(minutes).toBeLessThanOrEqual(15.1)
      const claimed = await post('/v1/carts/claim', { code: shown.qr, channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)
      expect(claimed.statusCode, claimed.body).toBe(200)
      expect(claimed.json()).toMatchObject({
        id: cartId,
        channelId: shop.world.channels.storeMontpellier.id,
        sellerStaffId: shop.world.associate.id,
        customerId: shop.world.customer.id,
      })
      const again = await post(
        '/v1/carts/claim',
        { code: shown.code.toLowerCase(), channelId: shop.world.channels.storeMontpellier.id },
        shop.world.associate.headers,
      )
      expect(again.json()).toMatchObject({ status: 404, type: problem('handoff-code-unknown'), field: '/body/code' })
    })

    it('refuses an expired code, codes for staff or strangers, and claims on a channel the caller does not sell on', async () => {
      const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      expect((await post(`/v1/carts/${cartId}/handoff-code`, {}, shop.world.associate.headers)).json()).toMatchObject({
        status: 403,
        type: problem('shoppers-only'),
      })
      expect((await post(`/v1/carts/${cartId}/handoff-code`, {}, shop.world.otherCustomer.headers)).statusCode).toBe(404)
      const shown = await codeFor(cartId, shop.world.customer.headers)
      const lyon = await post('/v1/carts/claim', { code: shown.code, channelId: shop.world.channels.storeMontpellier.id }, shop.world.lyonAssociate.headers)
      expect(lyon.json()).toMatchObject({ status: 403, type: problem('channel-not-allowed') })
      expect(
        (await post('/v1/carts/claim', { code: shown.code, channelId: shop.world.channels.kioskMontpellier.id }, shop.world.otherCustomer.headers)).statusCode,
      ).toBe(403)
      await shop.server.database.db.execute(sql`update carts set handoff_code_expires_at = now() - interval '1 second' where id = ${cartId}`)
      const expired = await post('/v1/carts/claim', { code: shown.code, channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)
      expect(expired.json()).toMatchObject({ status: 404, type: problem('handoff-code-expired'), field: '/body/code' })
      // A fresh code replaces it and works.
      const fresh = await codeFor(cartId, shop.world.customer.headers)
      expect(
        (await post('/v1/carts/claim', { code: fresh.code, channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)).statusCode,
      ).toBe(200)
    })

    it('lets a kiosk take over a phone’s anonymous cart, and a customer’s cart, for as long as it stays on the kiosk', async () => {
      const phoneCart = await cartWith(shop.server, shop.world.otherDevice.headers, shop.world.channels.mobile.id, [{ variantId: variant(), quantity: 1 }])
      const shown = await codeFor(phoneCart, shop.world.otherDevice.headers)
      expect((await post('/v1/carts/claim', { code: shown.code, channelId: shop.world.channels.web.id }, shop.world.kiosk.headers)).statusCode).toBe(403)
      const claimed = await post('/v1/carts/claim', { code: shown.code, channelId: shop.world.channels.kioskMontpellier.id }, shop.world.kiosk.headers)
      expect(claimed.json()).toMatchObject({ channelId: shop.world.channels.kioskMontpellier.id, deviceId: shop.world.kiosk.id, sellerStaffId: null })
      expect((await post(`/v1/carts/${phoneCart}/lines`, { variantId: variant(1) }, shop.world.kiosk.headers)).statusCode).toBe(201)
      expect((await get(`/v1/carts/${phoneCart}`, shop.world.otherDevice.headers)).statusCode).toBe(404)

      const customerCart = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
      const code = (await codeFor(customerCart, shop.world.customer.headers)).code
      expect((await post('/v1/carts/claim', { code, channelId: shop.world.channels.kioskMontpellier.id }, shop.world.kiosk.headers)).statusCode).toBe(200)
      expect((await get(`/v1/carts/${customerCart}`, shop.world.kiosk.headers)).json()).toMatchObject({
        customerId: shop.world.customer.id,
        deviceId: shop.world.kiosk.id,
      })
      expect((await get(`/v1/carts/${customerCart}`, shop.world.customer.headers)).statusCode).toBe(200)
      // Handed off to the till, it leaves the kiosk.
      expect((await handoff(customerCart, shop.world.channels.storeMontpellier.id, shop.world.associate.headers)).statusCode).toBe(200)
      expect((await get(`/v1/carts/${customerCart}`, shop.world.kiosk.headers)).statusCode).toBe(404)
    })

    it('gives a code to exactly one of two simultaneous claims', async () => {
      for (let round = 0; round < 3; round++) {
        const cartId = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
        const { code } = await codeFor(cartId, shop.world.customer.headers)
        const claims = await Promise.all([
          post('/v1/carts/claim', { code, channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers),
          post('/v1/carts/claim', { code, channelId: shop.world.channels.kioskMontpellier.id }, shop.world.kiosk.headers),
        ])
        expect(claims.map((res) => res.statusCode).sort()).toEqual([200, 404])
        const winner = claims.find((res) => res.statusCode === 200)?.json<{ channelId: string }>()
        expect((await get(`/v1/carts/${cartId}`, shop.world.customer.headers)).json()).toMatchObject({ channelId: winner?.channelId })
      }
    })
  })
})
