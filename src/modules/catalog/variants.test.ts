import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { catalogCallers, codes, productBody, requests, type CatalogCallers } from './catalog.fixtures.js'
import { getVariantsByIds } from './service.js'

describe.each(engines)('variants on %s', (engine) => {
  let server: TestServer
  let callers: CatalogCallers
  beforeAll(async () => {
    server = await startTestServer({ engine })
    callers = await catalogCallers(server)
  })
  afterAll(async () => server?.close())
  const { post, patch, get } = requests(
    () => server,
    () => callers.admin.headers,
  )

  describe('variants', () => {
    it('adds a variant at the end of the list and changes its price', async () => {
      const created = (await post('/v1/products', productBody())).json()
      const c = codes()
      const added = await post(`/v1/products/${created.id}/variants`, {
        sku: `${c.sku}-L`,
        barcode: c.barcode,
        options: { taille: 'L' },
        price: { amount: 6490 },
      })
      expect(added.statusCode).toBe(201)
      expect(added.json()).toMatchObject({ productId: created.id, position: 2, price: { amount: 6490, currency: 'EUR' }, compareAtPrice: null })
      const changed = await patch(`/v1/products/${created.handle}/variants/${added.json().id}`, { price: { amount: 4990 }, compareAtPrice: { amount: 6490 } })
      expect(changed.statusCode).toBe(200)
      expect(changed.json()).toMatchObject({ price: { amount: 4990, currency: 'EUR' }, compareAtPrice: { amount: 6490, currency: 'EUR' } })
      const above = await patch(`/v1/products/${created.id}/variants/${added.json().id}`, { price: { amount: 9990 } })
      expect(above.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/invalid-compare-at-price', field: '/body/price' })
    })

    it('refuses taken codes and bad barcodes, and variants of another product', async () => {
      const one = (await post('/v1/products', productBody())).json()
      const two = (await post('/v1/products', productBody())).json()
      const variantId = two.variants[0].id
      const sku = await patch(`/v1/products/${two.id}/variants/${variantId}`, { sku: one.variants[0].sku })
      expect(sku.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/sku-taken', field: '/body/sku' })
      const barcode = await patch(`/v1/products/${two.id}/variants/${variantId}`, { barcode: one.variants[0].barcode })
      expect(barcode.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/barcode-taken', field: '/body/barcode' })
      const invalid = await post(`/v1/products/${two.id}/variants`, { sku: 'NEW-1', barcode: '3700000000000', price: { amount: 100 } })
      expect(invalid.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/invalid-barcode', field: '/body/barcode' })
      const dupe = await post(`/v1/products/${two.id}/variants`, { sku: one.variants[1].sku, price: { amount: 100 } })
      expect(dupe.json()).toMatchObject({ status: 409, field: '/body/sku' })
      expect((await patch(`/v1/products/${one.id}/variants/${variantId}`, { price: { amount: 1 } })).statusCode).toBe(404)
    })
  })

  describe('GET /v1/variants/{skuOrBarcode}', () => {
    it('finds a variant by SKU in any case and by barcode, with its product summary', async () => {
      const created = (await post('/v1/products', productBody())).json()
      const [first] = created.variants
      const bySku = await get(`/v1/variants/${first.sku.toLowerCase()}`)
      expect(bySku.statusCode).toBe(200)
      expect(bySku.json()).toMatchObject({
        id: first.id,
        sku: first.sku,
        price: { amount: 5990, currency: 'EUR' },
        product: {
          id: created.id,
          title: created.title,
          images: created.images,
          status: 'active',
          price: { min: { amount: 5990, currency: 'EUR' }, max: { amount: 5990, currency: 'EUR' } },
        },
      })
      expect((await get(`/v1/variants/${first.barcode}`)).json().id).toBe(first.id)
    })

    it('answers an unknown code, and a draft product’s code to the public, with a 404 problem', async () => {
      const missing = await get('/v1/variants/3700000000017')
      expect(missing.statusCode).toBe(404)
      expect(missing.headers['content-type']).toContain('application/problem+json')
      expect(missing.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/not-found', field: '/params/skuOrBarcode' })
      const draft = (await post('/v1/products', productBody({ status: 'draft' }))).json()
      expect((await get(`/v1/variants/${draft.variants[0].barcode}`)).statusCode).toBe(404)
      expect((await get(`/v1/variants/${draft.variants[0].barcode}`, callers.associate.headers)).statusCode).toBe(200)
    })
  })

  describe('getVariantsByIds', () => {
    it('answers known variants with their product, leaving out unknown ids and, for the public, drafts', async () => {
      const active = (await post('/v1/products', productBody())).json()
      const draft = (await post('/v1/products', productBody({ status: 'draft' }))).json()
      const ids = [active.variants[1].id, draft.variants[0].id, 'var_unknown']
      const publicView = await getVariantsByIds(server.database.db, { ids, audience: 'public' })
      expect(publicView.map((variant) => variant.id)).toEqual([active.variants[1].id])
      expect(publicView[0]?.product).toMatchObject({ id: active.id, handle: active.handle })
      expect(await getVariantsByIds(server.database.db, { ids, audience: 'staff' })).toHaveLength(2)
    })
  })
})
