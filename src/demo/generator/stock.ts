// Opening stock: every variant at the warehouse, and at each store that ranges the product.
// Stores do not range everything, and a ranged size can be sold out, so store rows include zeros:
// the demo needs "out of stock here, available at Lyon" and "ship from the warehouse" situations.

import type { DemoProduct, DemoStock } from './types.js'
import { chance, intBetween, rngFor } from './random.js'

/** One row per variant at the warehouse and per variant at each store ranging the product; onHand ≥ 0. */
export function productStock(seed: number, productIndex: number, product: DemoProduct, warehouseCode: string, storeCodes: readonly string[]): DemoStock[] {
  const rng = rngFor(seed, 'stock', productIndex)
  const rows: DemoStock[] = []
  for (const variant of product.variants) {
    const roll = rng()
    // Mostly a healthy depth, sometimes a bestseller's deep stock, occasionally a sell-out awaiting a reorder.
    const onHand = roll < 0.05 ? 0 : roll < 0.9 ? intBetween(rng, 8, 150) : intBetween(rng, 150, 400)
    rows.push({ sku: variant.sku, locationCode: warehouseCode, onHand })
  }
  for (const storeCode of storeCodes) {
    if (!chance(rng, 0.75)) continue
    for (const variant of product.variants) {
      const onHand = chance(rng, 0.2) ? 0 : intBetween(rng, 1, 12)
      rows.push({ sku: variant.sku, locationCode: storeCode, onHand })
    }
  }
  return rows
}
