import { beforeAll, describe, expect, it } from 'vitest'
import { requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import type { Actor } from '../../platform/auth.js'
import type { DomainError } from '../../platform/problems.js'
import { closeCart, loadCartForCheckout } from './service.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`

describe.each(engines)('carts for checkout (the orders module’s API), on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  let customer: Actor
  beforeAll(async () => {
    customer = { kind: 'customer', id: shop.world.customer.id, tokenId: 'tok_test' }
  })
  const { post, patch, get } = requests(() => shop.server)
  const failure = (work: Promise<unknown>) => work.then(() => null, (error: DomainError) => ({ code: error.code, status: error.status, data: error.data }))

  it('loads an open cart at current catalogue prices for the actor who may use it, and 404s anyone else', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 2590], vatRate: 550 })
    const [a, b] = product.variants
    const cart = (await post('/v1/carts', { channelId: shop.world.channels.web.id, pickupLocationId: shop.world.stores.paris.id, lines: [{ variantId: a?.id, quantity: 2 }, { variantId: b?.id }] }, shop.world.customer.headers)).json()
    await shop.server.app.inject({ method: 'PATCH', url: `/v1/products/${product.id}/variants/${b?.id}`, headers: shop.world.admin.headers, payload: { price: { amount: 1990 } } })
    const loaded = await shop.server.database.transaction((tx) => loadCartForCheckout(tx, { cartId: cart.id, actor: customer }))
    expect(loaded).toEqual({
      id: cart.id,
      channelId: shop.world.channels.web.id,
      customerId: shop.world.customer.id,
      deviceId: null,
      kioskSessionId: null,
      createdByStaffId: null,
      pickupLocationId: shop.world.stores.paris.id,
      currency: 'EUR',
      lines: [
        { lineId: cart.lines[0].id, variantId: a?.id, sku: a?.sku, productId: product.id, title: product.title, options: { taille: 'S' }, quantity: 2, unitPrice: 5990, priceListId: null, vatRate: 550 },
        { lineId: cart.lines[1].id, variantId: b?.id, sku: b?.sku, productId: product.id, title: product.title, options: { taille: 'M' }, quantity: 1, unitPrice: 1990, priceListId: null, vatRate: 550 },
      ],
    })
    const stranger: Actor = { kind: 'customer', id: shop.world.otherCustomer.id, tokenId: 'tok_test' }
    expect(await failure(shop.server.database.transaction((tx) => loadCartForCheckout(tx, { cartId: cart.id, actor: stranger })))).toMatchObject({ status: 404 })
    expect(await failure(shop.server.database.transaction((tx) => loadCartForCheckout(tx, { cartId: cart.id, actor: null })))).toMatchObject({ status: 404 })
  })

  it('refuses an empty cart and a cart whose product left the catalogue, naming the line', async () => {
    const empty = (await post('/v1/carts', { channelId: shop.world.channels.web.id }, shop.world.customer.headers)).json()
    expect(await failure(shop.server.database.transaction((tx) => loadCartForCheckout(tx, { cartId: empty.id, actor: customer })))).toMatchObject({ code: 'cart-empty', status: 409 })
    const product = await stockedProduct(shop.server, shop.world)
    const cart = (await post('/v1/carts', { channelId: shop.world.channels.web.id, lines: [{ variantId: product.variants[0]?.id }] }, shop.world.customer.headers)).json()
    await shop.server.app.inject({ method: 'DELETE', url: `/v1/products/${product.id}`, headers: shop.world.admin.headers })
    expect(await failure(shop.server.database.transaction((tx) => loadCartForCheckout(tx, { cartId: cart.id, actor: customer })))).toMatchObject({
      code: 'variant-not-sellable',
      status: 409,
      data: { lineId: cart.lines[0].id, variantId: product.variants[0]?.id },
    })
  })

  it('closes a cart once with its order id; a checked-out cart refuses every change and a second checkout', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [4200] })
    const cart = (await post('/v1/carts', { channelId: shop.world.channels.web.id, lines: [{ variantId: product.variants[0]?.id }] }, shop.world.customer.headers)).json()
    await shop.server.database.transaction(async (tx) => {
      await loadCartForCheckout(tx, { cartId: cart.id, actor: customer })
      await closeCart(tx, { cartId: cart.id, orderId: 'order_test_1' })
    })
    const seen = (await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json()
    expect(seen).toMatchObject({ status: 'checked_out', orderId: 'order_test_1', changes: [], totals: { total: { amount: 4200 } } })
    const lineId = seen.lines[0].id
    for (const res of [
      await post(`/v1/carts/${cart.id}/lines`, { variantId: product.variants[0]?.id }, shop.world.customer.headers),
      await patch(`/v1/carts/${cart.id}/lines/${lineId}`, { quantity: 2 }, shop.world.customer.headers),
      await shop.server.app.inject({ method: 'DELETE', url: `/v1/carts/${cart.id}/lines/${lineId}`, headers: shop.world.customer.headers }),
      await patch(`/v1/carts/${cart.id}`, { pickupLocationId: shop.world.stores.paris.id }, shop.world.customer.headers),
    ]) {
      expect(res.json()).toMatchObject({ status: 409, type: problem('cart-not-open') })
    }
    expect(await failure(shop.server.database.transaction((tx) => closeCart(tx, { cartId: cart.id, orderId: 'order_test_2' })))).toMatchObject({ code: 'cart-not-open' })
    expect(await failure(shop.server.database.transaction((tx) => loadCartForCheckout(tx, { cartId: cart.id, actor: customer })))).toMatchObject({ code: 'cart-not-open' })
    const listed = await shop.server.app.inject({ method: 'GET', url: `/v1/carts?status=checked_out`, headers: shop.world.customer.headers })
    expect(listed.json().items.map((c: { id: string }) => c.id)).toContain(cart.id)
  })

  it.skipIf(engine === 'pglite')('makes a line added during a checkout wait for it, then refuses it (PGlite has one connection)', async () => {
    const product = await stockedProduct(shop.server, shop.world)
    const cart = (await post('/v1/carts', { channelId: shop.world.channels.web.id, lines: [{ variantId: product.variants[0]?.id }] }, shop.world.customer.headers)).json()
    let added: Promise<{ statusCode: number; json: () => { type: string } }> | undefined
    await shop.server.database.transaction(async (tx) => {
      await loadCartForCheckout(tx, { cartId: cart.id, actor: customer })
      added = post(`/v1/carts/${cart.id}/lines`, { variantId: product.variants[0]?.id }, shop.world.customer.headers)
      // Give the add time to reach the lock; whether it did or not, it must not land in the closed cart.
      await new Promise((resolve) => setTimeout(resolve, 200))
      await closeCart(tx, { cartId: cart.id, orderId: 'order_test_race' })
    })
    const res = await added
    expect(res?.statusCode).toBe(409)
    expect(res?.json().type).toBe(problem('cart-not-open'))
    expect((await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json().lines[0].quantity).toBe(1)
  })
})
