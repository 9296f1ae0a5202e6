import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { cartWith, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { registerAndLogIn, staffSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import type { Product } from '../catalog/service.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`
const password = 'motdepasse-solide'

describe.each(engines)('shared kiosks told apart from shoppers’ own devices, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let product: Product
  beforeAll(async () => {
    product = await stockedProduct(shop.server, shop.world)
  })
  const { post } = requests(() => shop.server)
  const variant = () => product.variants[0]!.id
  const count = async (query: ReturnType<typeof sql>) => rowsOf<{ n: number }>(await shop.server.database.db.execute(query))[0]?.n

  /** A customer account opened with the given device's token (a kiosk's, or her own phone's). */
  async function registerOn(headers: Record<string, string>): Promise<{ id: string; email: string; headers: Record<string, string> }> {
    const email = `passante.${randomBytes(4).toString('hex')}@example.com`
    const session = await registerAndLogIn(shop.server, { email, password, firstName: 'Inès', lastName: 'Roux' }, headers)
    return { id: session.id, email, headers: session.headers }
  }

  async function phone(): Promise<{ id: string; headers: Record<string, string> }> {
    const body = (await post('/v1/auth/anonymous', {}, {})).json<{ token: string; deviceId: string }>()
    return { id: body.deviceId, headers: { authorization: `Bearer ${body.token}` } }
  }

  const view = (headers: Record<string, string>) =>
    post('/v1/touchpoints', { entries: [{ kind: 'product_view', channelId: shop.world.channels.kioskMontpellier.id, productId: product.id }] }, headers)

  it('registers a kiosk for an admin or a manager of the kiosk’s store only, on an active kiosk channel', async () => {
    const { world } = shop
    const url = (channelId: string) => `/v1/channels/${channelId}/kiosk-devices`
    const manager = await staffSession(shop.server, 'store_manager', [world.stores.montpellier.id])
    const lyonManager = await staffSession(shop.server, 'store_manager', [world.stores.lyon.id])

    const res = await post(url(world.channels.kioskMontpellier.id), {}, manager.headers)
    expect(res.statusCode, res.body).toBe(201)
    const kiosk = res.json<{ deviceId: string; token: string; kioskChannelId: string; expiresAt: string }>()
    expect(kiosk).toMatchObject({ deviceId: expect.stringMatching(/^dev_/), kioskChannelId: world.channels.kioskMontpellier.id, tokenType: 'Bearer' })
    expect(new Date(kiosk.expiresAt).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000)
    expect((await post(url(world.channels.kioskMontpellier.id), {}, world.admin.headers)).statusCode).toBe(201)

    // Associates (even of that store), a manager of another store, shoppers and their devices: refused.
    for (const headers of [world.associate.headers, world.lyonAssociate.headers, lyonManager.headers, world.customer.headers, world.device.headers, kioskHeaders(kiosk.token)]) {
      expect((await post(url(world.channels.kioskMontpellier.id), {}, headers)).json()).toMatchObject({ status: 403, type: problem('forbidden') })
    }
    expect((await post(url(world.channels.kioskMontpellier.id), {}, {})).statusCode).toBe(401)
    expect((await post(url(world.channels.storeMontpellier.id), {}, manager.headers)).json()).toMatchObject({
      status: 409,
      type: problem('not-a-kiosk-channel'),
      field: '/params/id',
    })
    expect((await post(url(world.channels.web.id), {}, world.admin.headers)).json()).toMatchObject({ status: 409, type: problem('not-a-kiosk-channel') })
    expect((await post(url('chn_unknown'), {}, world.admin.headers)).json()).toMatchObject({ status: 404, field: '/params/id' })
  })

  it('lets only the kiosk registered on a kiosk channel claim a cart there, never a shopper’s own device', async () => {
    const { world } = shop
    const cartId = await cartWith(shop.server, world.customer.headers, world.channels.web.id, [{ variantId: variant(), quantity: 1 }])
    const { code } = (await post(`/v1/carts/${cartId}/handoff-code`, {}, world.customer.headers)).json<{ code: string }>()
    const stranger = await post('/v1/carts/claim', { code, channelId: world.channels.kioskMontpellier.id }, world.device.headers)
    expect(stranger.json()).toMatchObject({ status: 403, type: problem('channel-not-allowed') })
    // The refused claim spent nothing: the kiosk takes the cart with the same code.
    const claimed = await post('/v1/carts/claim', { code, channelId: world.channels.kioskMontpellier.id }, world.kiosk.headers)
    expect(claimed.statusCode, claimed.body).toBe(200)
    expect(claimed.json()).toMatchObject({ id: cartId, customerId: world.customer.id, deviceId: world.kiosk.id })
  })

  it('adopts nothing of the kiosk when a passer-by logs in or registers on it', async () => {
    const { world } = shop
    const kiosk = world.kiosk
    const earlier = await cartWith(shop.server, kiosk.headers, world.channels.kioskMontpellier.id, [{ variantId: variant(), quantity: 1 }])
    expect((await view(kiosk.headers)).statusCode).toBe(202)
    const registered = await registerOn(kiosk.headers)
    const login = await post('/v1/auth/customers/login', { email: registered.email, password }, kiosk.headers)
    expect(login.statusCode, login.body).toBe(200)

    const cart = rowsOf<{ customer_id: string | null; device_id: string | null }>(await shop.server.database.db.execute(sql`select customer_id, device_id from carts where id = ${earlier}`))
    expect(cart).toEqual([{ customer_id: null, device_id: kiosk.id }])
    expect(await count(sql`select count(*)::int as n from touchpoints where customer_id = ${registered.id}`)).toBe(0)
    expect(await count(sql`select count(*)::int as n from touchpoints where device_id = ${kiosk.id} and customer_id is null`)).toBeGreaterThan(0)
    expect(await count(sql`select count(*)::int as n from devices where id = ${kiosk.id} and customer_id is not null`)).toBe(0)
    expect(await count(sql`select count(*)::int as n from customer_identifiers where kind = 'device' and value = ${kiosk.id}`)).toBe(0)

    // Her own phone, by contrast, joins her: its anonymous cart becomes hers.
    const own = await phone()
    const phoneCart = await cartWith(shop.server, own.headers, world.channels.mobile.id, [{ variantId: variant(), quantity: 1 }])
    expect((await post('/v1/auth/customers/login', { email: registered.email, password }, own.headers)).statusCode).toBe(200)
    expect(await count(sql`select count(*)::int as n from carts where customer_id = ${registered.id} and (id = ${phoneCart} or device_id = ${own.id})`)).toBeGreaterThan(0)
  })

  it('erases her own devices’ anonymous activity but never a kiosk’s, even one linked to her', async () => {
    const { world } = shop
    const own = await phone()
    const customer = await registerOn(own.headers)
    expect((await view(own.headers)).statusCode).toBe(202)
    expect((await view(world.kiosk.headers)).statusCode).toBe(202)
    // A kiosk linked to her (as logins on kiosks did before kiosks were registered): its activity is still not hers.
    await shop.server.database.db.execute(sql`update devices set customer_id = ${customer.id} where id = ${world.kiosk.id}`)
    await shop.server.database.db.execute(sql`insert into customer_identifiers (customer_id, kind, value) values (${customer.id}, 'device', ${world.kiosk.id})`)
    const kioskBefore = await count(sql`select count(*)::int as n from touchpoints where device_id = ${world.kiosk.id} and customer_id is null`)
    expect(kioskBefore).toBeGreaterThan(0)

    const erased = await post(`/v1/customers/${customer.id}/erasure`, { reason: 'Demande de la cliente' }, customer.headers)
    expect(erased.statusCode, erased.body).toBe(200)
    expect(await count(sql`select count(*)::int as n from touchpoints where device_id = ${world.kiosk.id} and customer_id is null`)).toBe(kioskBefore)
    expect(await count(sql`select count(*)::int as n from touchpoints where device_id = ${own.id}`)).toBe(0)
    // The kiosk keeps working for the next passer-by.
    expect((await view(world.kiosk.headers)).statusCode).toBe(202)
  })
})

function kioskHeaders(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}
