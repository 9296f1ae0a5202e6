/**
 * Catalogue read hot paths, at one connection (latency of a lone client) and at 32 (a busy shop):
 * - product search: `GET /v1/products?q=<word>&limit=20`, rotating through French words taken from product titles
 *   (full-text on products_search_idx, trigram fallback on products_search_title_trgm_idx);
 * - variant lookup by barcode: `GET /v1/variants/<ean13>`, rotating through real barcodes (the till scanner's path,
 *   product_variants_barcode_key).
 */
import { rotation, runLoadStep } from '../lib/load.js'
import { ENGINES, type BenchCase, type BenchRow } from '../lib/types.js'

const CONCURRENCIES = [1, 32] as const

const SEARCH = 'product search'
const LOOKUP = 'variant by barcode'

export const productSearch: BenchCase = {
  name: SEARCH,
  engines: ENGINES,
  async run(ctx) {
    const { searchWords } = await ctx.inputs()
    const rows: BenchRow[] = []
    for (const concurrency of CONCURRENCIES) {
      const nextWord = rotation(searchWords, 7)
      const nextPath = () => `/v1/products?q=${encodeURIComponent(nextWord())}&limit=20`
      rows.push(await runLoadStep(ctx, { case: SEARCH, concurrency, nextPath, note: `${searchWords.length} words` }))
    }
    return rows
  },
}

export const variantLookup: BenchCase = {
  name: LOOKUP,
  engines: ENGINES,
  async run(ctx) {
    const { barcodes } = await ctx.inputs()
    const rows: BenchRow[] = []
    for (const concurrency of CONCURRENCIES) {
      const nextBarcode = rotation(barcodes, 11)
      const nextPath = () => `/v1/variants/${nextBarcode()}`
      rows.push(await runLoadStep(ctx, { case: LOOKUP, concurrency, nextPath, note: `${barcodes.length} barcodes` }))
    }
    return rows
  },
}
