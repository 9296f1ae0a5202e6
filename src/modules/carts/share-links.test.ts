import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { signingKey, signToken, verifyToken } from '../../platform/signing.js'
import type { Product } from '../catalog/service.js'
import { readCartLink, SHARE_LINK_PURPOSE, signCartLink } from './share-links.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`

describe('cart link tokens', () => {
  const secret = randomBytes(32)
  const now = new Date('2025-01-15T10:00:00Z')
  const expiresAt = new Date('2025-01-16T10:00:00Z')
  const token = signCartLink({ cartId: 'cart_1', expiresAt }, secret)

  it('reads back the cart and expiry of a token it signed, until it expires', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(readCartLink(token, secret, now)).toEqual({ status: 'valid', cartId: 'cart_1', expiresAt })
    expect(readCartLink(token, secret, new Date(expiresAt.getTime() - 1))).toMatchObject({ status: 'valid' })
    expect(readCartLink(token, secret, expiresAt)).toEqual({ status: 'expired', cartId: 'cart_1', expiresAt })
  })

  it('refuses a tampered payload or signature, another key and malformed tokens', () => {
    const [payload, signature] = token.split('.') as [string, string]
    const forged = Buffer.from(JSON.stringify({ v: 1, cart: 'cart_2', exp: expiresAt.getTime() / 1000 })).toString('base64url')
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    // The same bytes spelled otherwise (unused bits of the last symbol) are not the signature either.
    const symbols = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const respelled = `${signature.slice(0, -1)}${symbols[symbols.indexOf(signature.at(-1) ?? 'A') ^ 1]}`
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true)
    for (const bad of [
      `${forged}.${signature}`,
      `${payload}.${flipped}`,
      `${payload}.${respelled}`,
      `${payload}.${signature}x`,
      `${payload}.`,
      payload,
      '',
      'a.b.c',
      `${payload}.${signature}.x`,
      '🙂.🙂',
    ]) {
      expect(readCartLink(bad, secret, now), bad).toEqual({ status: 'invalid' })
    }
    expect(readCartLink(token, randomBytes(32), now)).toEqual({ status: 'invalid' })
    // Signed by us, but not a cart link.
    expect(readCartLink(signToken({ v: 1, cart: 7, exp: 1 }, secret), secret, now)).toEqual({ status: 'invalid' })
    expect(verifyToken(`${Buffer.from('not json').toString('base64url')}.${signToken({}, secret).split('.')[1]}`, secret)).toBeNull()
  })
})

describe.each(engines)('send my cart to myself, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let product: Product
  beforeAll(async () => {
    product = await stockedProduct(shop.server, shop.world)
  })
  const { post, get } = requests(() => shop.server)
  const variantId = () => product.variants[0]?.id ?? ''
  const newDevice = async () => {
    const res = await post('/v1/auth/anonymous', undefined, {})
    const body = res.json<{ token: string; deviceId: string }>()
    return { id: body.deviceId, headers: { authorization: `Bearer ${body.token}` } }
  }
  const linkFor = async (cartId: string, headers: Record<string, string>) => {
    const res = await post(`/v1/carts/${cartId}/share-link`, undefined, headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ url: string; token: string; expiresAt: string }>()
  }
  const open = (token: string, headers: Record<string, string>) => post('/v1/carts/open-link', { token }, headers)
  const sign = async (cartId: string, expiresAt: Date) =>
    signCartLink({ cartId, expiresAt }, await shop.server.database.transaction((tx) => signingKey(tx, SHARE_LINK_PURPOSE)))

  it('reopens an anonymous cart on another device, which then owns it', async () => {
    const phone = await newDevice()
    const laptop = await newDevice()
    const cartId = await cartWith(shop.server, phone.headers, shop.world.channels.mobile.id, [{ variantId: variantId(), quantity: 2 }])
    const link = await linkFor(cartId, phone.headers)
    expect(link.url).toBe(`${shop.server.config.publicUrl}/carts/open#token=${link.token}`)
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThanOrEqual(24)
    const opened = await open(link.token, laptop.headers)
    expect(opened.statusCode, opened.body).toBe(200)
    expect(opened.json()).toMatchObject({ id: cartId, deviceId: laptop.id, customerId: null, lines: [{ variantId: variantId(), quantity: 2 }] })
    expect((await get(`/v1/carts/${cartId}`, laptop.headers)).statusCode).toBe(200)
    expect((await get(`/v1/carts/${cartId}`, phone.headers)).statusCode).toBe(404)
  })

  it('opens a customer’s cart only for that customer, logged in on the new device', async () => {
    const camille = await customerSession(shop.server)
    const cartId = await cartWith(shop.server, camille.headers, shop.world.channels.web.id, [{ variantId: variantId(), quantity: 1 }])
    const { token } = await linkFor(cartId, camille.headers)
    for (const headers of [(await newDevice()).headers, shop.world.otherCustomer.headers]) {
      expect((await open(token, headers)).json()).toMatchObject({ status: 403, type: problem('login-required') })
    }
    const login = await post('/v1/auth/customers/login', { email: camille.email, password: 'motdepasse-solide' }, {})
    expect(login.statusCode, login.body).toBe(200)
    const opened = await open(token, { authorization: `Bearer ${login.json<{ token: string }>().token}` })
    expect(opened.json()).toMatchObject({ id: cartId, customerId: camille.id, deviceId: null })
  })

  it('lets a logged-in shopper take her anonymous cart into her account', async () => {
    const phone = await newDevice()
    const camille = await customerSession(shop.server)
    const cartId = await cartWith(shop.server, phone.headers, shop.world.channels.mobile.id, [{ variantId: variantId(), quantity: 1 }])
    const { token } = await linkFor(cartId, phone.headers)
    expect((await open(token, camille.headers)).json()).toMatchObject({ id: cartId, customerId: camille.id })
    expect((await get(`/v1/carts/${cartId}`, camille.headers)).statusCode).toBe(200)
  })

  it('refuses tampered and expired tokens, staff, strangers’ carts and closed carts, with problems and never a 500', async () => {
    const device = await newDevice()
    const cartId = await cartWith(shop.server, device.headers, shop.world.channels.web.id, [{ variantId: variantId(), quantity: 1 }])
    const { token } = await linkFor(cartId, device.headers)
    const [payload, signature] = token.split('.') as [string, string]
    const forged = Buffer.from(JSON.stringify({ v: 1, cart: cartId, exp: 4_102_444_800 })).toString('base64url')
    for (const bad of [`${forged}.${signature}`, `${payload}.${signature.slice(1)}`, 'not-a-token', `${payload}.${signature}.`]) {
      expect((await open(bad, device.headers)).json(), bad).toMatchObject({ status: 400, type: problem('invalid-share-link'), field: '/body/token' })
    }
    const expired = await open(await sign(cartId, new Date(Date.now() - 1000)), device.headers)
    expect(expired.json()).toMatchObject({ status: 410, type: problem('share-link-expired'), field: '/body/token' })
    expect((await open(await sign(cartId, new Date(Date.now() + 60_000)), device.headers)).statusCode).toBe(200)
    expect((await open(token, shop.world.associate.headers)).json()).toMatchObject({ status: 403, type: problem('shoppers-only') })
    expect((await open(token, {})).statusCode).toBe(401)
    expect((await post(`/v1/carts/${cartId}/share-link`, undefined, shop.world.associate.headers)).statusCode).toBe(403)
    expect((await post(`/v1/carts/${cartId}/share-link`, undefined, shop.world.otherDevice.headers)).statusCode).toBe(404)
    expect((await open(await sign('cart_unknown', new Date(Date.now() + 60_000)), device.headers)).statusCode).toBe(404)

    const paid = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: variantId(), quantity: 1 }])
    const paidLink = await linkFor(paid, shop.world.customer.headers)
    expect(
      (await checkout(shop.server, paid, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, shop.world.customer.headers))
        .statusCode,
    ).toBe(201)
    expect((await open(paidLink.token, shop.world.customer.headers)).json()).toMatchObject({ status: 409, type: problem('cart-not-open') })
    expect((await post(`/v1/carts/${paid}/share-link`, undefined, shop.world.customer.headers)).json()).toMatchObject({
      status: 409,
      type: problem('cart-not-open'),
    })
  })

  it('keeps one signing key per purpose however many transactions ask for it at once', async () => {
    const keys = await Promise.all(Array.from({ length: 6 }, () => shop.server.database.transaction((tx) => signingKey(tx, 'test-race'))))
    expect(new Set(keys.map((key) => key.toString('base64url'))).size).toBe(1)
    expect(keys[0]?.length).toBe(32)
  })
})
