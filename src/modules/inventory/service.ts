/**
 * Inventory: stock per (variant, location), its ledger, reservations, transfers, counts and availability reads.
 * Owns `stock_levels`, `stock_movements`, `stock_reservations`, `stock_transfers`, `stock_transfer_lines`.
 *
 * Invariants:
 * - on hand ≥ 0; 0 ≤ reserved ≤ on hand; incoming ≥ 0; safety stock ≥ 0 (CHECK constraints, the last line of defence);
 *   available = greatest(0, on hand − reserved − safety stock).
 * - The ledger: for every level, on_hand = Σ onHandDelta, reserved = Σ reservedDelta, incoming = Σ incomingDelta of
 *   its movements. Every change of a level writes its movement in the same statement or transaction
 *   (ledgerMismatches() checks it).
 * - Counters change only in SQL: guarded single-row updates (reserve, till sale, negative adjustment) or batches
 *   that lock their levels in key order (no deadlock between batches); never read-modify-write in JS.
 * - Reserving never oversells (one guarded UPDATE); releasing, consuming and expiring are guarded on
 *   status = 'active', so a second call or a racing job never counts twice.
 * - A physical count below what is reserved is refused (409 count-below-reserved naming the line): release or fulfil
 *   the reservations first. A negative adjustment never takes on hand below reserved (409 insufficient-stock).
 * - Transfers follow TRANSFER_TRANSITIONS (requested → shipped → received; requested → cancelled).
 * - Store staff see and change stock only at their stores (another store answers 404); others everywhere.
 *
 * Movement kinds: receipt, sale, return, transfer_out (source, on ship), in_transit (destination incoming, on ship),
 * transfer_in (destination, on receipt), adjustment (incl. a transfer shortfall), count, reservation, release.
 * Events (scoped to the location): see events.ts — inventory.stock_received, stock_adjusted, stock_counted,
 * safety_stock_changed, stock_reserved, reservation_released (reason, expired), reservation_consumed, stock_sold,
 * stock_returned, transfer_requested|shipped|received|cancelled, stock_levels_set.
 */
import type { FastifyInstance } from 'fastify'
import type { Job } from '../../platform/jobs.js'
import { expireDueReservations } from './reservations.js'

export { availabilityOf, nearestAvailability, type LocationAvailability, type NearbyStore, type VariantAvailability, type VariantCode } from './availability.js'
export { ledgerMismatches, listMovements, type LedgerMismatch, type Movement } from './ledger.js'
export {
  adjustStock,
  countStock,
  getAvailability,
  listLevels,
  listStockForVariant,
  receiveStock,
  returnStock,
  sellStock,
  setSafetyStock,
  setStockLevels,
  type StockAvailability,
  type StockLevel,
  type StockLevelInput,
} from './levels.js'
export { inScope, locationScope, stockStatus, type StockStatus } from './policies.js'
export {
  consumeReservations,
  expireDueReservations,
  expireReservationsBatch,
  getReservation,
  releaseReservations,
  reserveStock,
  type Reservation,
  type ReservationKind,
  type ReservationStatus,
  type ReserveInput,
} from './reservations.js'
export {
  cancelTransfer,
  getTransfer,
  receiveTransfer,
  requestTransfer,
  shipTransfer,
  TRANSFER_TRANSITIONS,
  type Transfer,
  type TransferLine,
  type TransferStatus,
} from './transfers.js'

/** How often a node looks for expired holds and checkout reservations. */
export const RESERVATION_EXPIRY_EVERY_MS = 5_000

/** The inventory module's background jobs: releasing expired, order-free reservations (safe on several nodes). */
export function inventoryJobs(app: FastifyInstance): Job[] {
  return [{ name: 'expire-reservations', everyMs: RESERVATION_EXPIRY_EVERY_MS, run: () => expireDueReservations(app.database) }]
}
