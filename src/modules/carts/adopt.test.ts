import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cartWith, cartWorld, requests, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { customerSession, registerAndLogIn } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import type { Product } from '../catalog/service.js'
import { recordTouchpoint } from '../journeys/service.js'

type Headers = Record<string, string>
interface CartAnswer {
  id: string
  channelId: string
  customerId: string | null
  status: string
  lines: { id: string; variantId: string; quantity: number; unitPrice: { amount: number } }[]
  changes: unknown[]
}

const PASSWORD = 'motdepasse-solide'

describe.each(engines)('carts joining at login (cross-device), on %s', (engine) => {
  let server: TestServer
  let world: CartWorld
  let product: Product
  beforeAll(async () => {
    server = await startTestServer({ engine, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } })
    world = await cartWorld(server)
    product = await stockedProduct(server, world, { prices: [5990, 2990, 1990] })
  })
  afterAll(async () => server?.close())
  const { post, get, patch } = requests(() => server)
  const variant = (index: number) => product.variants[index]!.id

  async function anonymousDevice(): Promise<{ id: string; headers: Headers }> {
    const res = await post('/v1/auth/anonymous', {}, {})
    expect(res.statusCode, res.body).toBe(201)
    const body = res.json<{ token: string; deviceId: string }>()
    return { id: body.deviceId, headers: { authorization: `Bearer ${body.token}` } }
  }

  async function login(email: string, device: { headers: Headers }): Promise<Headers> {
    const res = await post('/v1/auth/customers/login', { email, password: PASSWORD }, device.headers)
    expect(res.statusCode, res.body).toBe(200)
    return { authorization: `Bearer ${res.json<{ token: string }>().token}` }
  }

  async function openCarts(headers: Headers): Promise<{ id: string }[]> {
    const res = await get('/v1/carts?status=open&limit=50', headers)
    expect(res.statusCode, res.body).toBe(200)
    return res.json<{ items: { id: string }[] }>().items
  }

  async function cartRow(id: string): Promise<{ status: string; merged_into_cart_id: string | null; customer_id: string | null }> {
    const rows = rowsOf<{ status: string; merged_into_cart_id: string | null; customer_id: string | null }>(
      await server.database.db.execute(sql`select status, merged_into_cart_id, customer_id from carts where id = ${id}`),
    )
    return rows[0]!
  }

  it('adds the device cart’s lines to the customer’s open cart: quantities add, one line per variant, re-priced, on the device’s channel', async () => {
    const customer = await customerSession(server, { email: `cross.${randomBytes(4).toString('hex')}@example.com` })
    const customerCart = await cartWith(server, customer.headers, world.channels.web.id, [
      { variantId: variant(0), quantity: 2 },
      { variantId: variant(1), quantity: 1 },
    ])
    const device = await anonymousDevice()
    const deviceCart = await cartWith(server, device.headers, world.channels.mobile.id, [
      { variantId: variant(0), quantity: 3 },
      { variantId: variant(2), quantity: 1 },
    ])
    await server.database.transaction((tx) => recordTouchpoint(tx, { kind: 'product_view', deviceId: device.id, subjectType: 'product', subjectId: product.id }))
    // The price moved since the device cart was filled: the joined cart shows the current one.
    const repriced = await patch(`/v1/products/${product.id}/variants/${variant(2)}`, { price: { amount: 1790, currency: 'EUR' } }, world.admin.headers)
    expect(repriced.statusCode, repriced.body).toBe(200)

    const headers = await login(customer.email, device)

    expect((await openCarts(headers)).map((cart) => cart.id)).toEqual([customerCart])
    const cart = (await get(`/v1/carts/${customerCart}`, headers)).json<CartAnswer>()
    expect(cart.channelId).toBe(world.channels.mobile.id)
    expect(cart.changes).toEqual([])
    const lines = Object.fromEntries(cart.lines.map((line) => [line.variantId, line]))
    expect(cart.lines).toHaveLength(3)
    expect(lines[variant(0)]?.quantity).toBe(5)
    expect(lines[variant(1)]?.quantity).toBe(1)
    expect(lines[variant(2)]).toMatchObject({ quantity: 1, unitPrice: { amount: 1790 } })
    const stored = rowsOf<{ unit_price: number }>(await server.database.db.execute(sql`select unit_price from cart_lines where cart_id = ${customerCart} and variant_id = ${variant(2)}`))
    expect(stored[0]?.unit_price).toBe(1790)

    expect(await cartRow(deviceCart)).toEqual({ status: 'merged', merged_into_cart_id: customerCart, customer_id: null })
    expect((await get(`/v1/carts/${deviceCart}`, world.admin.headers)).json()).toMatchObject({ status: 'merged', lines: [{ quantity: 3 }, { quantity: 1 }] })
    const adding = await post(`/v1/carts/${deviceCart}/lines`, { variantId: variant(1), quantity: 1 }, world.admin.headers)
    expect(adding.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/cart-not-open' })

    const touchpoints = rowsOf<{ kind: string; customer_id: string | null }>(
      await server.database.db.execute(sql`select kind, customer_id from touchpoints where device_id = ${device.id} order by occurred_at, id`),
    )
    expect(touchpoints.filter((touchpoint) => touchpoint.customer_id !== customer.id)).toEqual([])
    expect(touchpoints.map((touchpoint) => touchpoint.kind)).toEqual(expect.arrayContaining(['product_view', 'cart_merged']))
    const events = rowsOf<{ payload: { cartId: string; mergedCartId: string } }>(
      await server.database.db.execute(sql`select payload from outbox_events where type = 'carts.cart_merged' and payload->>'mergedCartId' = ${deviceCart}`),
    )
    expect(events.map((event) => event.payload.cartId)).toEqual([customerCart])
  })

  it('caps a joined line at 99', async () => {
    const customer = await customerSession(server, { email: `cap.${randomBytes(4).toString('hex')}@example.com` })
    const customerCart = await cartWith(server, customer.headers, world.channels.web.id, [{ variantId: variant(1), quantity: 60 }])
    const device = await anonymousDevice()
    await cartWith(server, device.headers, world.channels.web.id, [{ variantId: variant(1), quantity: 50 }])
    const headers = await login(customer.email, device)
    const cart = (await get(`/v1/carts/${customerCart}`, headers)).json<CartAnswer>()
    expect(cart.lines.map((line) => line.quantity)).toEqual([99])
  })

  it('gives the device cart to a customer who has no open cart (registration on the device)', async () => {
    const device = await anonymousDevice()
    const deviceCart = await cartWith(server, device.headers, world.channels.mobile.id, [{ variantId: variant(0), quantity: 2 }])
    const email = `adopt.${randomBytes(4).toString('hex')}@example.com`
    const customer = await registerAndLogIn(server, { email, password: PASSWORD, firstName: 'Inès', lastName: 'Garcia' }, device.headers)
    const headers = customer.headers

    expect((await openCarts(headers)).map((cart) => cart.id)).toEqual([deviceCart])
    const cart = (await get(`/v1/carts/${deviceCart}`, headers)).json<CartAnswer>()
    expect(cart).toMatchObject({ status: 'open', customerId: customer.id, channelId: world.channels.mobile.id, lines: [{ variantId: variant(0), quantity: 2 }] })
    // The device's anonymous view of it ends: the cart is the customer's now.
    expect((await get(`/v1/carts/${deviceCart}`, device.headers)).statusCode).toBe(404)
  })

  it('leaves alone the carts staff opened and a customer logging in without a device', async () => {
    const customer = await customerSession(server, { email: `plain.${randomBytes(4).toString('hex')}@example.com` })
    const till = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant(0), quantity: 1 }], { customerId: customer.id })
    const own = await cartWith(server, customer.headers, world.channels.web.id, [{ variantId: variant(1), quantity: 1 }])
    await login(customer.email, { headers: {} })
    expect(await cartRow(till)).toMatchObject({ status: 'open', customer_id: customer.id })
    expect(await cartRow(own)).toMatchObject({ status: 'open', customer_id: customer.id })
  })
})
