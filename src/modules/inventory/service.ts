/**
 * Inventory: stock per (variant, location). Owns `stock_levels`.
 * Invariants (CHECK constraints): on hand ≥ 0; 0 ≤ reserved ≤ on hand. Counters change only through guarded SQL
 * updates, never read-modify-write in JS.
 * Events: inventory.stock_levels_set (per location, from initial loads and counts).
 * The stock ledger, reservations, transfers and availability queries arrive with the inventory issue.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { stockLevels } from './schema.js'

export interface StockLevelInput {
  variantId: string
  locationId: string
  onHand: number
}

export interface StockLevel {
  variantId: string
  locationId: string
  onHand: number
  reserved: number
  available: number
}

const BATCH = 1000

/** Sets on-hand quantities (initial load or import), in batches; existing rows take the new quantity. */
export async function setStockLevels(tx: Tx, levels: StockLevelInput[]): Promise<number> {
  for (let i = 0; i < levels.length; i += BATCH) {
    const batch = levels.slice(i, i + BATCH)
    await tx
      .insert(stockLevels)
      .values(batch)
      .onConflictDoUpdate({ target: [stockLevels.variantId, stockLevels.locationId], set: { onHand: sql`excluded.on_hand`, updatedAt: sql`now()` } })
  }
  const locationIds = [...new Set(levels.map((l) => l.locationId))]
  for (const locationId of locationIds) {
    await emit(tx, 'inventory.stock_levels_set', { locationId, variants: levels.filter((l) => l.locationId === locationId).length }, { locationId })
  }
  return levels.length
}

/** The stock of one variant at every location (primary key prefix scan). */
export async function listStockForVariant(tx: Tx, variantId: string): Promise<StockLevel[]> {
  const rows = await tx.select().from(stockLevels).where(eq(stockLevels.variantId, variantId)).orderBy(asc(stockLevels.locationId))
  return rows.map((r) => ({ variantId: r.variantId, locationId: r.locationId, onHand: r.onHand, reserved: r.reserved, available: r.onHand - r.reserved }))
}
