/** GET /v1/customers/{id}/carts: the lines of each cart, with the stock of the store the seller serves from. */
import { beforeAll, describe, expect, it } from 'vitest'
import { cartWith, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import type { Product } from '../catalog/service.js'

interface ListedLine {
  id: string
  variantId: string
  sku: string
  title: { fr: string; en: string }
  quantity: number
  unitPrice: { amount: number; currency: string }
  lineTotal: { amount: number; currency: string }
  availableHere: number | null
}
interface ListedCart {
  id: string
  channelId: string
  sellerStaffId: string | null
  lines: ListedLine[]
}

describe.each(engines)('GET /v1/customers/{id}/carts with lines, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const { get } = requests(() => shop.server)
  let camille: Session
  let product: Product
  let webCart: string
  const variant = (index: number) => product.variants[index]?.id ?? ''
  const listed = async (headers: Record<string, string>, query = '') => {
    const res = await get(`/v1/customers/${camille.id}/carts${query}`, headers)
    expect(res.statusCode, res.body).toBe(200)
    return res.json<{ items: ListedCart[] }>().items
  }
  const webCartOf = (items: ListedCart[]) => items.find((cart) => cart.id === webCart)
  const stockOf = (items: ListedCart[]) => webCartOf(items)?.lines.map((line) => line.availableHere)

  beforeAll(async () => {
    // Stocked at Montpellier only, so that each store's answer is its own.
    product = await stockedProduct(shop.server, shop.world, { prices: [5990, 2500], onHand: 7, locationIds: [shop.world.stores.montpellier.id] })
    camille = await customerSession(shop.server)
    webCart = await cartWith(shop.server, camille.headers, shop.world.channels.web.id, [
      { variantId: variant(0), quantity: 2 },
      { variantId: variant(1), quantity: 1 },
    ])
  })

  it('shows the Montpellier associate the web cart’s lines with Montpellier’s stock before any handoff', async () => {
    // The cart itself is not hers to read yet: only the customer's list shows it.
    expect((await get(`/v1/carts/${webCart}`, shop.world.associate.headers)).statusCode).toBe(404)
    const cart = webCartOf(await listed(shop.world.associate.headers))
    expect(cart).toMatchObject({ channelId: shop.world.channels.web.id, sellerStaffId: null })
    expect(cart?.lines).toHaveLength(2)
    expect(cart?.lines[0]).toMatchObject({
      variantId: variant(0),
      sku: product.variants[0]?.sku,
      title: product.title,
      quantity: 2,
      unitPrice: { amount: 5990, currency: 'EUR' },
      lineTotal: { amount: 11980, currency: 'EUR' },
      availableHere: 7,
    })
    expect(cart?.lines[0]?.id).toMatch(/^cli_/)
    expect(cart?.lines[1]).toMatchObject({ variantId: variant(1), quantity: 1, lineTotal: { amount: 2500, currency: 'EUR' }, availableHere: 7 })
    // Naming her own store gives the same answer.
    expect(stockOf(await listed(shop.world.associate.headers, `?locationId=${shop.world.stores.montpellier.id}`))).toEqual([7, 7])
  })

  it('shows a Lyon associate Lyon’s stock, and refuses her Montpellier’s', async () => {
    expect(stockOf(await listed(shop.world.lyonAssociate.headers))).toEqual([0, 0])
    const foreign = await get(`/v1/customers/${camille.id}/carts?locationId=${shop.world.stores.montpellier.id}`, shop.world.lyonAssociate.headers)
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json()).toMatchObject({ status: 404, type: 'https://omnicanal.dev/problems/not-found', field: '/query/locationId' })
    expect((await get(`/v1/customers/${camille.id}/carts?locationId=loc_unknown`, shop.world.associate.headers)).json()).toMatchObject({
      status: 404,
      field: '/query/locationId',
    })
  })

  it('shows staff of no single store no stock unless they name a store', async () => {
    expect(stockOf(await listed(shop.world.agent.headers))).toEqual([null, null])
    expect(stockOf(await listed(shop.world.admin.headers, `?locationId=${shop.world.stores.montpellier.id}`))).toEqual([7, 7])
  })

  it('shows the customer her own lines without any store’s stock, and nobody else anything', async () => {
    const own = webCartOf(await listed(camille.headers))
    expect(own?.lines.map((line) => [line.variantId, line.quantity, line.availableHere])).toEqual([
      [variant(0), 2, null],
      [variant(1), 1, null],
    ])
    expect(stockOf(await listed(camille.headers, `?locationId=${shop.world.stores.montpellier.id}`))).toEqual([null, null])
    for (const headers of [shop.world.otherCustomer.headers, shop.world.device.headers]) {
      expect((await get(`/v1/customers/${camille.id}/carts`, headers)).statusCode).toBe(404)
    }
  })
})
