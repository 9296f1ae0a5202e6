import { count } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { generateCategories } from '../../demo/generator/categories.js'
import { generateProducts, type DemoProduct } from '../../demo/generator/index.js'
import { makeEan13 } from './barcodes.js'
import { products } from './schema.js'
import { insertCatalog, type CatalogImport } from './service.js'

// More products than one batch, so that batch boundaries and error paths past the first batch are exercised.
const demo: DemoProduct[] = [...generateProducts({ seed: 7, count: 1_050, warehouseCode: 'warehouse-orleans', storeCodes: ['store-lyon'] })].map(
  (item) => item.product,
)

function extra(handle: string, sku: string, barcode: string, categoryCodes = ['femme-robes']): DemoProduct {
  return {
    handle,
    title: { fr: 'Robe test', en: 'Test dress' },
    description: { fr: '', en: '' },
    brand: 'Test',
    categoryCodes,
    vatRate: 2000,
    imageUrls: [],
    variants: [{ sku, barcode, options: {}, price: 1000, compareAtPrice: null }],
  }
}

describe.each(engines)('insertCatalog on %s', (engine) => {
  let server: TestServer
  let variantIds: Map<string, string>
  beforeAll(async () => {
    server = await startTestServer({ engine })
    variantIds = await server.database.transaction((tx) => insertCatalog(tx, { categories: generateCategories(), products: demo }))
  })
  afterAll(async () => server?.close())

  const importing = (input: CatalogImport) => server.database.transaction((tx) => insertCatalog(tx, input))
  const productCount = async () => (await server.database.db.select({ n: count() }).from(products))[0]?.n

  it('inserts every product and variant of a demo-shaped catalogue and maps each SKU to its variant id', async () => {
    const variants = demo.flatMap((product) => product.variants)
    expect(variantIds.size).toBe(variants.length)
    expect(await productCount()).toBe(demo.length)
    const last = demo.at(-1)
    const variant = last?.variants[0]
    const res = await server.app.inject({ url: `/v1/variants/${variant?.barcode}` })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      id: variantIds.get(variant?.sku ?? ''),
      sku: variant?.sku,
      price: { amount: variant?.price, currency: 'EUR' },
      product: { handle: last?.handle, status: 'active' },
    })
    const detail = (await server.app.inject({ url: `/v1/products/${last?.handle}` })).json()
    expect(detail.variants).toHaveLength(last?.variants.length ?? 0)
    expect(detail.categoryIds).toHaveLength(new Set(last?.categoryCodes).size)
    expect(detail.images.map((image: { url: string }) => image.url)).toEqual(last?.imageUrls)
  })

  it('runs again with more products, matching stored categories by code', async () => {
    const map = await importing({ categories: generateCategories(), products: [extra('robe-test-a', 'TEST-A', makeEan13('300000000001'))] })
    expect(map.size).toBe(1)
    const listed = (await server.app.inject({ url: '/v1/products?category=femme&q=test&lang=fr' })).json()
    expect(listed.items.map((item: { handle: string }) => item.handle)).toContain('robe-test-a')
  })

  it('refuses taken handles, SKUs and barcodes past the first batch, naming the input path, and writes nothing', async () => {
    const before = await productCount()
    const fresh = (n: number) => extra(`robe-fresh-${n}`, `FRESH-${n}`, makeEan13(`3100000000${String(n).padStart(2, '0')}`))
    const filler = Array.from({ length: 1_000 }, (_, n) => extra(`robe-filler-${n}`, `FILLER-${n}`, makeEan13(`32${String(n).padStart(10, '0')}`)))
    const demoVariant = demo[0]?.variants[0]
    await expect(
      importing({ categories: [], products: [...filler, fresh(1), extra(demo[3]?.handle ?? '', 'NEW-SKU', makeEan13('330000000001'))] }),
    ).rejects.toMatchObject({
      code: 'handle-taken',
      field: '/products/1001/handle',
    })
    await expect(
      importing({ categories: [], products: [fresh(1), extra('robe-fresh-x', (demoVariant?.sku ?? '').toLowerCase(), makeEan13('330000000002'))] }),
    ).rejects.toMatchObject({
      code: 'sku-taken',
      field: '/products/1/variants/0/sku',
    })
    await expect(importing({ categories: [], products: [fresh(1), extra('robe-fresh-y', 'FRESH-Y', demoVariant?.barcode ?? '')] })).rejects.toMatchObject({
      code: 'barcode-taken',
      field: '/products/1/variants/0/barcode',
    })
    await expect(importing({ categories: [], products: [fresh(1), extra('robe-fresh-z', 'FRESH-1', makeEan13('330000000003'))] })).rejects.toMatchObject({
      code: 'sku-taken',
      field: '/products/1/variants/0/sku',
    })
    expect(await productCount()).toBe(before)
  })

  it('checks barcodes, VAT rates and category codes before writing', async () => {
    const good = makeEan13('340000000001')
    const bad = good.slice(0, 12) + String((Number(good[12]) + 5) % 10)
    await expect(importing({ categories: [], products: [extra('robe-bad', 'BAD-1', bad)] })).rejects.toMatchObject({
      code: 'invalid-barcode',
      field: '/products/0/variants/0/barcode',
    })
    await expect(importing({ categories: [], products: [{ ...extra('robe-vat', 'VAT-1', good), vatRate: 1960 }] })).rejects.toMatchObject({
      code: 'invalid-vat-rate',
      field: '/products/0/vatRate',
    })
    await expect(importing({ categories: [], products: [extra('robe-cat', 'CAT-1', good, ['femme-robes', 'nope'])] })).rejects.toMatchObject({
      code: 'unknown-category',
      field: '/products/0/categoryCodes/1',
    })
    await expect(
      importing({ categories: [{ code: 'orphan', name: { fr: 'Orphelin', en: 'Orphan' }, parentCode: 'nope' }], products: [] }),
    ).rejects.toMatchObject({
      code: 'unknown-category',
      field: '/categories/0/parentCode',
    })
  })
})
