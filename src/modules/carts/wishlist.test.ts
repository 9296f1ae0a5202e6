import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import type { Product } from '../catalog/service.js'
import { listWishlist } from './service.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`

describe.each(engines)('wishlists, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let product: Product
  let camille: Session
  beforeAll(async () => {
    product = await stockedProduct(shop.server, shop.world, { prices: [5990, 2500, 1200] })
    camille = await customerSession(shop.server)
  })
  const { get, del } = requests(() => shop.server)
  const put = (url: string, payload: unknown, headers: Record<string, string>) =>
    shop.server.app.inject({ method: 'PUT', url, headers, payload: payload as object })
  const variant = (index: number) => product.variants[index]?.id ?? ''
  const item = (customerId: string, variantId: string) => `/v1/customers/${customerId}/wishlist/items/${variantId}`
  const wishlistTouchpoints = async (customerId: string) =>
    rowsOf<{ subject_id: string; data: { action: string } }>(
      await shop.server.database.db.execute(
        sql`select subject_id, data from touchpoints where customer_id = ${customerId} and kind = 'wishlist_changed' order by occurred_at, id`,
      ),
    )

  it('adds once (idempotently), lists newest first at current prices with the channel, and removes', async () => {
    const first = await put(item(camille.id, variant(0)), { channelId: shop.world.channels.mobile.id }, camille.headers)
    expect(first.statusCode, first.body).toBe(200)
    expect(first.json()).toMatchObject({
      variantId: variant(0),
      productId: product.id,
      sku: product.variants[0]?.sku,
      title: product.title,
      price: { amount: 5990, currency: 'EUR' },
      sellable: true,
      channel: { id: shop.world.channels.mobile.id, kind: 'mobile_app', name: 'app' },
    })
    const again = await put(item(camille.id, variant(0)), { channelId: shop.world.channels.web.id }, camille.headers)
    expect(again.json()).toMatchObject({ addedAt: first.json().addedAt, channel: { id: shop.world.channels.mobile.id } })
    // A seller adds one from the store's tablet.
    expect((await put(item(camille.id, variant(1)), { channelId: shop.world.channels.storeMontpellier.id }, shop.world.associate.headers)).statusCode).toBe(200)
    expect((await put(item(camille.id, variant(2)), {}, camille.headers)).json()).toMatchObject({ channel: null })

    const listed = (await get(`/v1/customers/${camille.id}/wishlist`, camille.headers)).json<{ items: { variantId: string }[] }>()
    expect(listed.items.map((i) => i.variantId)).toEqual([variant(2), variant(1), variant(0)])
    const page = (await get(`/v1/customers/${camille.id}/wishlist?limit=2`, shop.world.agent.headers)).json<{
      items: { variantId: string }[]
      nextCursor: string
    }>()
    const rest = (await get(`/v1/customers/${camille.id}/wishlist?limit=2&cursor=${page.nextCursor}`, shop.world.agent.headers)).json<{
      items: { variantId: string }[]
      nextCursor: null
    }>()
    expect([...page.items, ...rest.items].map((i) => i.variantId)).toEqual([variant(2), variant(1), variant(0)])
    expect(rest.nextCursor).toBeNull()

    const removed = await del(item(camille.id, variant(1)), camille.headers)
    expect(removed.statusCode).toBe(204)
    expect((await del(item(camille.id, variant(1)), camille.headers)).statusCode).toBe(204)
    expect((await shop.server.database.transaction((tx) => listWishlist(tx, camille.id))).map((i) => i.variantId)).toEqual([variant(2), variant(0)])
    // One touchpoint per real change, none for the repeated add and remove.
    expect((await wishlistTouchpoints(camille.id)).map((t) => [t.subject_id, t.data.action])).toEqual([
      [variant(0), 'added'],
      [variant(1), 'added'],
      [variant(2), 'added'],
      [variant(1), 'removed'],
    ])
  })

  it('shows the current price and whether the product is still on sale', async () => {
    const other = await stockedProduct(shop.server, shop.world, { prices: [4000] })
    const id = other.variants[0]?.id ?? ''
    await put(item(camille.id, id), {}, camille.headers)
    await shop.server.app.inject({
      method: 'PATCH',
      url: `/v1/products/${other.id}/variants/${id}`,
      headers: shop.world.admin.headers,
      payload: { price: { amount: 3500 } },
    })
    await shop.server.app.inject({ method: 'DELETE', url: `/v1/products/${other.id}`, headers: shop.world.admin.headers })
    const listed = (await get(`/v1/customers/${camille.id}/wishlist`, camille.headers)).json<{ items: { variantId: string }[] }>()
    expect(listed.items.find((i) => i.variantId === id)).toMatchObject({ price: { amount: 3500 }, sellable: false })
  })

  it('keeps a wishlist to its customer and the staff serving her', async () => {
    const lea = await customerSession(shop.server)
    await put(item(lea.id, variant(0)), {}, lea.headers)
    for (const headers of [shop.world.otherCustomer.headers, shop.world.device.headers]) {
      expect((await get(`/v1/customers/${lea.id}/wishlist`, headers)).json()).toMatchObject({ status: 404, type: problem('not-found') })
      expect((await put(item(lea.id, variant(1)), {}, headers)).statusCode).toBe(404)
      expect((await del(item(lea.id, variant(0)), headers)).statusCode).toBe(404)
    }
    expect((await get(`/v1/customers/${lea.id}/wishlist`, {})).statusCode).toBe(401)
    expect((await get(`/v1/customers/${lea.id}/wishlist`, shop.world.lyonAssociate.headers)).json().items).toHaveLength(1)
    // An API key with carts:manage only changes no customer.
    expect((await put(item(lea.id, variant(1)), {}, shop.world.integration.headers)).json()).toMatchObject({ status: 403, type: problem('forbidden') })
    expect((await get(`/v1/customers/${lea.id}/wishlist`, lea.headers)).json().items.map((i: { variantId: string }) => i.variantId)).toEqual([variant(0)])
  })

  it('answers 404 on the variant for an unknown one, 400 for an unknown channel, and 404 for an unknown customer', async () => {
    const unknown = await put(item(camille.id, 'var_unknown'), {}, camille.headers)
    expect(unknown.json()).toMatchObject({ status: 404, field: '/params/variantId' })
    expect((await del(item(camille.id, 'var_unknown'), camille.headers)).json()).toMatchObject({ status: 404, field: '/params/variantId' })
    expect((await put(item(camille.id, variant(0)), { channelId: 'chn_nope' }, camille.headers)).json()).toMatchObject({
      status: 400,
      type: problem('unknown-channel'),
      field: '/body/channelId',
    })
    expect((await put(item(camille.id, variant(0)), { colour: 'red' }, camille.headers)).json()).toMatchObject({ status: 400, field: '/body/colour' })
    expect((await get('/v1/customers/cus_unknown/wishlist', shop.world.associate.headers)).statusCode).toBe(404)
    expect((await put(item('cus_unknown', variant(0)), {}, shop.world.associate.headers)).statusCode).toBe(404)
    expect((await get(`/v1/customers/${camille.id}/wishlist?cursor=bm9wZQ`, camille.headers)).json()).toMatchObject({ status: 400, field: '/query/cursor' })
  })
})
