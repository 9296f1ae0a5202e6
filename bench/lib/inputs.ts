/**
 * Work inputs read from the running API before it is loaded: search words from product titles and barcodes of
 * real variants. Reads `GET /v1/products` (summaries: `{ items: [{ id, title: { fr, en } }], nextCursor }`) and
 * `GET /v1/products/{id}` (a product with `variants: [{ sku, barcode }]`).
 */
import type { WorkInputs } from './types.js'

const LIST_PAGES = 5
const PAGE_SIZE = 200
const DETAIL_PRODUCTS = 100
const MAX_WORDS = 60
const MIN_WORDS = 5

// Words of three letters or more that nobody searches for on their own (shorter ones are skipped anyway).
const STOP_WORDS = new Set('avec pour les des une sans aux dans sur par the and for with'.split(' '))

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function getJson(baseUrl: string, path: string): Promise<Json> {
  const response = await fetch(baseUrl + path, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) })
  const body = await response.text()
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${body.slice(0, 500)}`)
  return JSON.parse(body) as Json
}

interface ListedProduct {
  id: string
  titleFr: string
  /** Present only if the list embeds variants (it returns summaries today). */
  barcodes: string[] | null
}

function barcodesOf(variants: Json | undefined): string[] | null {
  if (!Array.isArray(variants)) return null
  return variants.flatMap((variant) => (isObject(variant) && typeof variant.barcode === 'string' ? [variant.barcode] : []))
}

function parseListPage(page: Json, path: string): { products: ListedProduct[]; nextCursor: string | null } {
  if (!isObject(page) || !Array.isArray(page.items)) throw new Error(`GET ${path}: expected { items: [...], nextCursor }`)
  const products = page.items.flatMap((item): ListedProduct[] => {
    if (!isObject(item) || typeof item.id !== 'string') return []
    const title = item.title
    const titleFr = isObject(title) && typeof title.fr === 'string' ? title.fr : typeof title === 'string' ? title : ''
    return [{ id: item.id, titleFr, barcodes: barcodesOf(item.variants) }]
  })
  return { products, nextCursor: typeof page.nextCursor === 'string' ? page.nextCursor : null }
}

/** Distinct title words of three letters or more, most frequent first (ties alphabetically), stop words removed. */
export function searchWordsOf(titles: string[], max = MAX_WORDS): string[] {
  const counts = new Map<string, number>()
  for (const title of titles) {
    for (const word of title.toLocaleLowerCase('fr').split(/[^\p{L}]+/u)) {
      if (word.length < 3 || STOP_WORDS.has(word)) continue
      counts.set(word, (counts.get(word) ?? 0) + 1)
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'fr'))
    .slice(0, max)
    .map(([word]) => word)
}

/** Every n-th item so that `count` items span the whole list. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items
  const step = items.length / count
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)] as T)
}

async function listProducts(baseUrl: string): Promise<ListedProduct[]> {
  const products: ListedProduct[] = []
  let cursor: string | null = null
  for (let page = 0; page < LIST_PAGES; page++) {
    const path = `/v1/products?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const parsed = parseListPage(await getJson(baseUrl, path), path)
    products.push(...parsed.products)
    cursor = parsed.nextCursor
    if (!cursor) break
  }
  return products
}

async function barcodesFromDetails(baseUrl: string, products: ListedProduct[]): Promise<string[]> {
  const barcodes: string[] = []
  for (const product of spread(products, DETAIL_PRODUCTS)) {
    const path = `/v1/products/${encodeURIComponent(product.id)}`
    const detail = await getJson(baseUrl, path)
    const found = isObject(detail) ? barcodesOf(detail.variants) : null
    if (found === null) throw new Error(`GET ${path}: expected a product with variants: [{ barcode }]`)
    barcodes.push(...found)
  }
  return barcodes
}

/** Reads search words and barcodes from the server; throws when the catalogue is too small to load it fairly. */
export async function fetchWorkInputs(baseUrl: string): Promise<WorkInputs> {
  const products = await listProducts(baseUrl)
  if (products.length === 0) throw new Error('GET /v1/products returned no products: was the scratch database seeded?')
  const searchWords = searchWordsOf(products.map((product) => product.titleFr))
  if (searchWords.length < MIN_WORDS) throw new Error(`Only ${searchWords.length} search words in ${products.length} product titles`)
  const embedded = products.flatMap((product) => product.barcodes ?? [])
  const barcodes = [...new Set(embedded.length > 0 ? embedded : await barcodesFromDetails(baseUrl, products))]
  if (barcodes.length === 0) throw new Error('No variant has a barcode in the sampled products')
  return { searchWords, barcodes }
}
