import { describe, expect, it } from 'vitest'
import { requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { setStockLevels } from '../inventory/service.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`

describe.each(engines)('cart lines, prices and stock, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const { post, patch, get, del } = requests(() => shop.server)
  const newCart = async (body: Record<string, unknown> = {}) => (await post('/v1/carts', { channelId: shop.world.channels.web.id, ...body }, shop.world.customer.headers)).json<{ id: string }>()

  describe('POST /v1/carts/{id}/lines', () => {
    it('adds by SKU in any case and by barcode, and adding the variant again sums into one line', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 6490] })
      const [small, medium] = product.variants
      const cart = await newCart()
      const bySku = await post(`/v1/carts/${cart.id}/lines`, { sku: small?.sku.toLowerCase(), quantity: 2 }, shop.world.customer.headers)
      expect(bySku.statusCode).toBe(201)
      expect(bySku.json().lines).toMatchObject([
        { variantId: small?.id, sku: small?.sku, productId: product.id, title: product.title, options: { taille: 'S' }, image: product.images[0]?.url, quantity: 2, vatRate: 2000 },
      ])
      const byBarcode = await post(`/v1/carts/${cart.id}/lines`, { barcode: small?.barcode }, shop.world.customer.headers)
      expect(byBarcode.json().lines).toHaveLength(1)
      expect(byBarcode.json().lines[0]).toMatchObject({ quantity: 3, unitPrice: { amount: 5990, currency: 'EUR' }, lineTotal: { amount: 17970, currency: 'EUR' } })
      const other = await post(`/v1/carts/${cart.id}/lines`, { variantId: medium?.id, quantity: 1 }, shop.world.customer.headers)
      expect(other.json().lines.map((l: { variantId: string }) => l.variantId)).toEqual([small?.id, medium?.id])
      expect(other.json().totals).toMatchObject({ itemCount: 4, total: { amount: 17970 + 6490, currency: 'EUR' } })
    })

    it('caps a line at 99 with a problem naming the quantity, never a 500', async () => {
      const product = await stockedProduct(shop.server, shop.world)
      const sku = product.variants[0]?.sku
      const cart = await newCart()
      expect((await post(`/v1/carts/${cart.id}/lines`, { sku, quantity: 99 }, shop.world.customer.headers)).statusCode).toBe(201)
      const over = await post(`/v1/carts/${cart.id}/lines`, { sku, quantity: 1 }, shop.world.customer.headers)
      expect(over.json()).toMatchObject({ status: 409, type: problem('quantity-limit'), field: '/body/quantity', max: 99 })
      const tooMany = await post(`/v1/carts/${cart.id}/lines`, { sku, quantity: 100 }, shop.world.customer.headers)
      expect(tooMany.json()).toMatchObject({ status: 400, field: '/body/quantity' })
      expect((await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json().lines[0].quantity).toBe(99)
    })

    it('refuses unknown references, two references at once, archived products and more than is available', async () => {
      const product = await stockedProduct(shop.server, shop.world, { onHand: 2 })
      const variant = product.variants[0]
      const cart = await newCart()
      expect((await post(`/v1/carts/${cart.id}/lines`, { barcode: '3700000000017' }, shop.world.customer.headers)).json()).toMatchObject({ status: 400, field: '/body/barcode' })
      expect((await post(`/v1/carts/${cart.id}/lines`, { variantId: 'var_nope' }, shop.world.customer.headers)).json()).toMatchObject({ status: 400, field: '/body/variantId' })
      expect((await post(`/v1/carts/${cart.id}/lines`, { variantId: variant?.id, sku: variant?.sku }, shop.world.customer.headers)).json()).toMatchObject({ status: 400 })
      // Available across every location the web channel ships from: 2 at each of the four.
      const tooMany = await post(`/v1/carts/${cart.id}/lines`, { variantId: variant?.id, quantity: 9 }, shop.world.customer.headers)
      expect(tooMany.json()).toMatchObject({ status: 409, type: problem('insufficient-stock'), available: 8, field: '/body/quantity' })
      expect((await post(`/v1/carts/${cart.id}/lines`, { variantId: variant?.id, quantity: 8 }, shop.world.customer.headers)).statusCode).toBe(201)
      const archived = await stockedProduct(shop.server, shop.world)
      await shop.server.app.inject({ method: 'DELETE', url: `/v1/products/${archived.id}`, headers: shop.world.admin.headers })
      const off = await post(`/v1/carts/${cart.id}/lines`, { sku: archived.variants[0]?.sku }, shop.world.customer.headers)
      expect(off.json()).toMatchObject({ status: 409, type: problem('variant-not-sellable'), field: '/body/sku' })
    })

    it('replays a retried add with the same Idempotency-Key instead of adding twice', async () => {
      const product = await stockedProduct(shop.server, shop.world)
      const cart = await newCart()
      const body = { sku: product.variants[0]?.sku, quantity: 2 }
      const first = await post(`/v1/carts/${cart.id}/lines`, body, shop.world.customer.headers, { 'idempotency-key': `add-${cart.id}` })
      const retry = await post(`/v1/carts/${cart.id}/lines`, body, shop.world.customer.headers, { 'idempotency-key': `add-${cart.id}` })
      expect(first.statusCode).toBe(201)
      expect(retry.statusCode).toBe(201)
      expect(retry.headers['idempotent-replayed']).toBe('true')
      expect(retry.json()).toEqual(first.json())
      expect((await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json().lines[0].quantity).toBe(2)
    })

    it.skipIf(engine === 'pglite')('sums concurrent adds of one variant into one line without losing any (PGlite has one connection)', async () => {
      const product = await stockedProduct(shop.server, shop.world)
      const cart = await newCart()
      const sku = product.variants[0]?.sku
      const answers = await Promise.all(Array.from({ length: 12 }, () => post(`/v1/carts/${cart.id}/lines`, { sku, quantity: 2 }, shop.world.customer.headers)))
      expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(201))
      const lines = (await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json().lines
      expect(lines).toHaveLength(1)
      expect(lines[0].quantity).toBe(24)
    })
  })

  describe('PATCH and DELETE /v1/carts/{id}/lines/{lineId}', () => {
    it('sets a quantity, refuses raising it beyond stock, removes a line, and 404s a line of another cart', async () => {
      const product = await stockedProduct(shop.server, shop.world, { onHand: 1 })
      const cart = await newCart()
      const line = (await post(`/v1/carts/${cart.id}/lines`, { sku: product.variants[0]?.sku, quantity: 3 }, shop.world.customer.headers)).json().lines[0]
      expect((await patch(`/v1/carts/${cart.id}/lines/${line.id}`, { quantity: 2 }, shop.world.customer.headers)).json().lines[0].quantity).toBe(2)
      const over = await patch(`/v1/carts/${cart.id}/lines/${line.id}`, { quantity: 5 }, shop.world.customer.headers)
      expect(over.json()).toMatchObject({ status: 409, type: problem('insufficient-stock'), available: 4, field: '/body/quantity' })
      const other = await newCart()
      expect((await patch(`/v1/carts/${other.id}/lines/${line.id}`, { quantity: 1 }, shop.world.customer.headers)).statusCode).toBe(404)
      const removed = await del(`/v1/carts/${cart.id}/lines/${line.id}`, shop.world.customer.headers)
      expect(removed.statusCode).toBe(200)
      expect(removed.json()).toMatchObject({ lines: [], totals: { itemCount: 0, total: { amount: 0 } } })
      expect((await del(`/v1/carts/${cart.id}/lines/${line.id}`, shop.world.customer.headers)).statusCode).toBe(404)
    })
  })

  describe('GET /v1/carts/{id} re-prices and re-checks', () => {
    it('reports a catalogue price change with both prices, totals at the new price, until the next write acknowledges it', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 3990] })
      const [first, second] = product.variants
      const cart = await newCart({ lines: [{ variantId: first?.id, quantity: 2 }, { variantId: second?.id }] })
      const reprice = await shop.server.app.inject({ method: 'PATCH', url: `/v1/products/${product.id}/variants/${first?.id}`, headers: shop.world.admin.headers, payload: { price: { amount: 4990 }, compareAtPrice: null } })
      expect(reprice.statusCode).toBe(200)
      for (let read = 0; read < 2; read++) {
        const seen = (await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json()
        expect(seen.changes).toEqual([{ lineId: seen.lines[0].id, variantId: first?.id, kind: 'price_changed', previousPrice: { amount: 5990, currency: 'EUR' }, currentPrice: { amount: 4990, currency: 'EUR' } }])
        expect(seen.lines[0]).toMatchObject({ unitPrice: { amount: 4990 }, lineTotal: { amount: 9980 }, availability: { status: 'available' } })
        expect(seen.totals.total).toEqual({ amount: 9980 + 3990, currency: 'EUR' })
      }
      const written = await patch(`/v1/carts/${cart.id}/lines/${(await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json().lines[1].id}`, { quantity: 2 }, shop.world.customer.headers)
      expect(written.json().changes).toEqual([])
      expect((await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json()).toMatchObject({ changes: [], totals: { total: { amount: 9980 + 7980 } } })
    })

    it('reports a product taken off sale as unavailable and leaves it out of the totals', async () => {
      const kept = await stockedProduct(shop.server, shop.world, { prices: [2000] })
      const archived = await stockedProduct(shop.server, shop.world, { prices: [3000] })
      const cart = await newCart({ lines: [{ variantId: kept.variants[0]?.id }, { variantId: archived.variants[0]?.id }] })
      await shop.server.app.inject({ method: 'DELETE', url: `/v1/products/${archived.id}`, headers: shop.world.admin.headers })
      const seen = (await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json()
      expect(seen.changes).toEqual([{ lineId: seen.lines[1].id, variantId: archived.variants[0]?.id, kind: 'unavailable' }])
      expect(seen.lines[1]).toMatchObject({ sku: archived.variants[0]?.sku, availability: { status: 'unavailable' } })
      expect(seen.totals).toMatchObject({ itemCount: 1, total: { amount: 2000 } })
    })

    it('checks stock at the pickup store when one is chosen', async () => {
      const product = await stockedProduct(shop.server, shop.world, { onHand: 10 })
      const variantId = product.variants[0]?.id ?? ''
      const cart = await newCart({ lines: [{ variantId, quantity: 3 }] })
      await shop.server.database.transaction((tx) => setStockLevels(tx, [{ variantId, locationId: shop.world.stores.lyon.id, onHand: 1 }]))
      expect((await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json().changes).toEqual([])
      const pickup = await patch(`/v1/carts/${cart.id}`, { pickupLocationId: shop.world.stores.lyon.id }, shop.world.customer.headers)
      const line = pickup.json().lines[0]
      expect(line.availability).toEqual({ status: 'insufficient', available: 1 })
      expect(pickup.json().changes).toEqual([{ lineId: line.id, variantId, kind: 'insufficient_stock', available: 1 }])
      const more = await post(`/v1/carts/${cart.id}/lines`, { variantId }, shop.world.customer.headers)
      expect(more.json()).toMatchObject({ status: 409, type: problem('insufficient-stock'), available: 1 })
    })

    it('totals a cart mixing 20 % and 5.5 % items with the VAT per rate exact to the cent', async () => {
      const dress = await stockedProduct(shop.server, shop.world, { prices: [5990], vatRate: 2000 })
      const book = await stockedProduct(shop.server, shop.world, { prices: [1250], vatRate: 550 })
      const cart = await newCart({ lines: [{ variantId: dress.variants[0]?.id, quantity: 2 }, { variantId: book.variants[0]?.id, quantity: 3 }] })
      const { totals } = (await get(`/v1/carts/${cart.id}`, shop.world.customer.headers)).json()
      // 11980 × 2000/12000 = 1996.67 → 1997; 3750 × 550/10550 = 195.50 (195.497…) → 195.
      expect(totals).toEqual({
        itemCount: 5,
        subtotal: { amount: 15730, currency: 'EUR' },
        discountTotal: { amount: 0, currency: 'EUR' },
        vat: [
          { rate: 2000, amount: { amount: 1997, currency: 'EUR' } },
          { rate: 550, amount: { amount: 195, currency: 'EUR' } },
        ],
        total: { amount: 15730, currency: 'EUR' },
      })
    })
  })
})
