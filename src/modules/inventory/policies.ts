/** Pure rules of the inventory module: who sees which locations (404 for one outside them), and how a quantity reads on a shelf label. */
import { isStoreStaff, type Actor } from '../../platform/auth.js'
import { locationNotFound } from './errors.js'

/**
 * The locations whose stock the actor may see and change, or null for everywhere. Store staff are bound to their
 * stores; admins, call-centre agents and integrations reach every location (route permissions apply on top).
 */
export function locationScope(actor: Actor | null): string[] | null {
  if (isStoreStaff(actor)) return actor.locationIds
  return null
}

/** True when the actor may see or change stock at this location. */
export function inScope(actor: Actor | null, locationId: string): boolean {
  const scope = locationScope(actor)
  return scope === null || scope.includes(locationId)
}

/** Store staff reach only their stores: another location answers 404, as if it did not exist. */
export function assertLocation(actor: Actor | null, locationId: string | undefined, field: string): void {
  if (locationId !== undefined && !inScope(actor, locationId)) throw locationNotFound(locationId, field)
}

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock'

/** At most this many available units reads as "low stock". */
export const LOW_STOCK_THRESHOLD = 2

/** How an available quantity reads on a product page or shelf label. */
export function stockStatus(available: number): StockStatus {
  if (available <= 0) return 'out_of_stock'
  return available <= LOW_STOCK_THRESHOLD ? 'low_stock' : 'in_stock'
}
