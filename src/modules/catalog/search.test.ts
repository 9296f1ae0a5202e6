import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerSession, staffSession, type Session } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { makeEan13 } from './barcodes.js'
import { insertCatalog, type ImportProduct } from './service.js'

const CATEGORIES = [
  { code: 'femme', name: { fr: 'Femme', en: 'Women' }, parentCode: null },
  { code: 'homme', name: { fr: 'Homme', en: 'Men' }, parentCode: null },
  { code: 'femme-robes', name: { fr: 'Robes', en: 'Dresses' }, parentCode: 'femme' },
  { code: 'femme-jeans', name: { fr: 'Jeans', en: 'Jeans' }, parentCode: 'femme' },
  { code: 'homme-chemises', name: { fr: 'Chemises', en: 'Shirts' }, parentCode: 'homme' },
  { code: 'homme-pulls', name: { fr: 'Pulls', en: 'Jumpers' }, parentCode: 'homme' },
]

let barcodeNumber = 0
function product(
  handle: string,
  fr: string,
  en: string,
  brand: string,
  category: string,
  price: number,
  status: ImportProduct['status'] = 'active',
): ImportProduct {
  barcodeNumber += 1
  return {
    handle,
    title: { fr, en },
    description: { fr: `${fr}, fabriqué en France.`, en: `${en}, made in France.` },
    brand,
    categoryCodes: [category],
    vatRate: 2000,
    imageUrls: [`https://images.example.com/${handle}.jpg`],
    status,
    variants: [
      { sku: `SRCH-${handle.toUpperCase()}`, barcode: makeEan13(`3799${String(barcodeNumber).padStart(8, '0')}`), options: {}, price, compareAtPrice: null },
    ],
  }
}

const PRODUCTS = [
  product('robe-elegante-lin', 'Robe élégante en lin', 'Elegant linen dress', 'Maison Lumière', 'femme-robes', 5990),
  product('robe-longue-coton', 'Robe longue en coton', 'Long cotton dress', 'Atelier Garance', 'femme-robes', 7990),
  product('chemise-lin', 'Chemise en lin', 'Linen shirt', 'Maison Lumière', 'homme-chemises', 4990),
  product('pull-merinos', 'Pull en laine mérinos', 'Merino wool jumper', 'Les Tisserands du Sud', 'homme-pulls', 8990),
  product('jean-droit', 'Jean droit', 'Straight jeans', 'Cévennes Denim', 'femme-jeans', 6990),
  product('robe-brouillon', 'Robe brouillon', 'Draft dress', 'Maison Lumière', 'femme-robes', 1990, 'draft'),
  ...Array.from({ length: 23 }, (_, n) =>
    product(`tshirt-bio-${n}`, `T-shirt en coton bio ${n}`, `Organic cotton T-shirt ${n}`, 'Petit Lumière', 'homme-chemises', 1500 + n * 100),
  ),
]

type Page = { items: { id: string; handle: string }[]; nextCursor: string | null }

describe.each(engines)('product search on %s', (engine) => {
  let server: TestServer
  let staff: Session
  let customer: Session
  beforeAll(async () => {
    server = await startTestServer({ engine })
    await server.database.transaction((tx) => insertCatalog(tx, { categories: CATEGORIES, products: PRODUCTS }))
    staff = await staffSession(server, 'admin')
    customer = await customerSession(server)
  })
  afterAll(async () => server?.close())

  async function list(query: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await server.app.inject({ url: `/v1/products?${query}`, headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json<Page>()
  }
  const handles = async (query: string, headers?: Record<string, string>) => (await list(query, headers)).items.map((item) => item.handle)

  async function walk(query: string, limit: number): Promise<string[]> {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(page.items.length).toBeLessThanOrEqual(limit)
      seen.push(...page.items.map((item) => item.handle))
      cursor = page.nextCursor
    } while (cursor)
    return seen
  }

  it('ignores accents and case: "élégant", "elegant" and "ÉLÉGANTE" find the same products', async () => {
    const accented = await handles(`q=${encodeURIComponent('élégant')}&lang=fr`)
    expect(accented[0]).toBe('robe-elegante-lin')
    expect(await handles('q=elegant&lang=fr')).toEqual(accented)
    expect(await handles(`q=${encodeURIComponent('ÉLÉGANTE')}`)).toEqual(accented)
  })

  it('stems French and English words: "robes" finds each robe, "dresses" each dress', async () => {
    const robes = await handles('q=robes&lang=fr')
    expect(robes.slice(0, 2).sort()).toEqual(['robe-elegante-lin', 'robe-longue-coton'])
    expect(robes).not.toContain('chemise-lin')
    const dresses = await handles('q=dresses&lang=en')
    expect(dresses.slice(0, 2).sort()).toEqual(['robe-elegante-lin', 'robe-longue-coton'])
    expect((await handles('q=linen&lang=en')).sort()).toEqual(['chemise-lin', 'robe-elegante-lin'])
  })

  it('ranks the product matching every word first', async () => {
    expect((await handles(`q=${encodeURIComponent('robe lin')}&lang=fr`))[0]).toBe('robe-elegante-lin')
    expect((await handles(`q=${encodeURIComponent('linen dress')}&lang=en`))[0]).toBe('robe-elegante-lin')
  })

  it('finds a partial word through title trigrams', async () => {
    expect(await handles('q=merin')).toContain('pull-merinos')
  })

  it('filters by category including its children, brand and price range', async () => {
    expect((await handles('category=femme-robes')).sort()).toEqual(['robe-elegante-lin', 'robe-longue-coton'])
    expect((await handles('category=femme')).sort()).toEqual(['jean-droit', 'robe-elegante-lin', 'robe-longue-coton'])
    expect((await handles(`brand=${encodeURIComponent('Maison Lumière')}`)).sort()).toEqual(['chemise-lin', 'robe-elegante-lin'])
    expect((await handles('minPrice=6000&maxPrice=8000')).sort()).toEqual(['jean-droit', 'robe-longue-coton'])
    expect((await handles('q=robe&category=femme&maxPrice=6000')).sort()).toEqual(['robe-elegante-lin'])
    const unknown = await server.app.inject({ url: '/v1/products?category=nope' })
    expect(unknown.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/unknown-category', field: '/query/category' })
  })

  it('shows drafts to staff only', async () => {
    expect(await handles('q=brouillon')).toEqual([])
    expect(await handles('q=brouillon', customer.headers)).toEqual([])
    expect(await handles('q=brouillon', staff.headers)).toEqual(['robe-brouillon'])
    expect(await handles('status=draft', staff.headers)).toEqual(['robe-brouillon'])
    const refused = await server.app.inject({ url: '/v1/products?status=draft', headers: customer.headers })
    expect(refused.statusCode).toBe(403)
  })

  it('walks every page once, by id without a query and by rank with one', async () => {
    const active = PRODUCTS.filter((p) => p.status === 'active').map((p) => p.handle)
    const all = await walk('lang=fr', 4)
    expect(all).toHaveLength(active.length)
    expect([...all].sort()).toEqual([...active].sort())
    const cotton = await walk(`q=${encodeURIComponent('coton')}&lang=fr`, 5)
    expect(new Set(cotton).size).toBe(cotton.length)
    expect(cotton.filter((handle) => handle.startsWith('tshirt-bio-'))).toHaveLength(23)
    expect(cotton).toContain('robe-longue-coton')
    expect(cotton).toEqual(await handles(`q=coton&lang=fr&limit=200`))
  })

  it('answers prices as a range of money', async () => {
    const [item] = (await list('q=jean')).items as unknown as { price: unknown }[]
    expect(item?.price).toEqual({ min: { amount: 6990, currency: 'EUR' }, max: { amount: 6990, currency: 'EUR' } })
  })

  it('refuses a tampered cursor or a cursor from another ordering with a 400', async () => {
    const idCursor = (await list('limit=2')).nextCursor ?? ''
    for (const url of ['/v1/products?cursor=bm9wZQ', `/v1/products?q=coton&cursor=${idCursor}`]) {
      const res = await server.app.inject({ url })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/invalid-cursor', field: '/query/cursor' })
    }
  })
})
