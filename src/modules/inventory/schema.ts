import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { productVariants } from '../catalog/schema.js'
import { locations } from '../locations/schema.js'
import { sqlList } from '../../platform/sql.js'

export const MOVEMENT_KINDS = [
  'receipt',
  'sale',
  'return',
  'transfer_out',
  'in_transit',
  'transfer_in',
  'adjustment',
  'count',
  'reservation',
  'release',
] as const
export type MovementKind = (typeof MOVEMENT_KINDS)[number]
export const RESERVATION_KINDS = ['checkout', 'order', 'reserve_in_store', 'hold', 'transfer'] as const
export const RESERVATION_STATUSES = ['active', 'consumed', 'released', 'expired'] as const
export const TRANSFER_STATUSES = ['requested', 'shipped', 'received', 'cancelled'] as const


/**
 * Stock of one variant at one location. The CHECKs are the last line of defence: whatever the code does, stock
 * never goes negative and never more is reserved than is on hand. `incoming` counts units shipped towards here.
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    locationId: text()
      .notNull()
      .references(() => locations.id),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    safetyStock: integer().notNull().default(0),
    incoming: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.locationId] }),
    check('stock_levels_on_hand_check', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_check', sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    check('stock_levels_safety_stock_check', sql`${t.safetyStock} >= 0`),
    check('stock_levels_incoming_check', sql`${t.incoming} >= 0`),
    index('stock_levels_location_idx').on(t.locationId, t.variantId),
  ],
)

/**
 * The append-only stock ledger: one row per change of a level. For every level, each counter equals the sum of its
 * deltas here (ledgerMismatches() checks it). Order, reservation and transfer ids are plain references, no FK.
 */
export const stockMovements = pgTable(
  'stock_movements',
  {
    id: text().primaryKey(),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    locationId: text()
      .notNull()
      .references(() => locations.id),
    kind: text({ enum: MOVEMENT_KINDS }).notNull(),
    onHandDelta: integer().notNull().default(0),
    reservedDelta: integer().notNull().default(0),
    incomingDelta: integer().notNull().default(0),
    reason: text(),
    actorKind: text().notNull(),
    actorId: text(),
    orderId: text(),
    reservationId: text(),
    transferId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('stock_movements_kind_check', sql`${t.kind} in (${sqlList(MOVEMENT_KINDS)})`),
    check('stock_movements_delta_check', sql`${t.onHandDelta} <> 0 or ${t.reservedDelta} <> 0 or ${t.incomingDelta} <> 0`),
    // Ids are time-ordered, so (variant, location, id) read backwards is "newest first" for one level.
    index('stock_movements_level_idx').on(t.variantId, t.locationId, t.id),
    index('stock_movements_location_idx').on(t.locationId, t.id),
    index('stock_movements_order_idx')
      .on(t.orderId, t.id)
      .where(sql`${t.orderId} is not null`),
  ],
)

/** Units set aside at one location for a checkout, an order, a pickup, a manual hold or an outgoing transfer. */
export const stockReservations = pgTable(
  'stock_reservations',
  {
    id: text().primaryKey(),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    locationId: text()
      .notNull()
      .references(() => locations.id),
    quantity: integer().notNull(),
    kind: text({ enum: RESERVATION_KINDS }).notNull(),
    status: text({ enum: RESERVATION_STATUSES }).notNull().default('active'),
    orderId: text(),
    fulfilmentId: text(),
    cartId: text(),
    transferId: text(),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text(),
  },
  (t) => [
    check('stock_reservations_quantity_check', sql`${t.quantity} > 0`),
    check('stock_reservations_kind_check', sql`${t.kind} in (${sqlList(RESERVATION_KINDS)})`),
    check('stock_reservations_status_check', sql`${t.status} in (${sqlList(RESERVATION_STATUSES)})`),
    check('stock_reservations_ended_check', sql`(${t.status} = 'active') = (${t.endedAt} is null)`),
    // The expiry job scans only the live ones.
    index('stock_reservations_expiry_idx')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'active'`),
    index('stock_reservations_fulfilment_idx').on(t.fulfilmentId),
    index('stock_reservations_order_idx').on(t.orderId),
    index('stock_reservations_transfer_idx').on(t.transferId),
  ],
)

/** Stock moving between two locations: requested → shipped → received, or requested → cancelled. */
export const stockTransfers = pgTable(
  'stock_transfers',
  {
    id: text().primaryKey(),
    fromLocationId: text()
      .notNull()
      .references(() => locations.id),
    toLocationId: text()
      .notNull()
      .references(() => locations.id),
    status: text({ enum: TRANSFER_STATUSES }).notNull().default('requested'),
    orderId: text(),
    fulfilmentId: text(),
    note: text(),
    actorKind: text().notNull(),
    actorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    shippedAt: timestamp({ withTimezone: true }),
    receivedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('stock_transfers_status_check', sql`${t.status} in (${sqlList(TRANSFER_STATUSES)})`),
    check('stock_transfers_locations_check', sql`${t.fromLocationId} <> ${t.toLocationId}`),
    index('stock_transfers_from_idx').on(t.fromLocationId, t.id),
    index('stock_transfers_to_idx').on(t.toLocationId, t.id),
    index('stock_transfers_order_idx').on(t.orderId),
  ],
)

export const stockTransferLines = pgTable(
  'stock_transfer_lines',
  {
    transferId: text()
      .notNull()
      .references(() => stockTransfers.id, { onDelete: 'cascade' }),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    position: integer().notNull(),
    quantity: integer().notNull(),
    /** Null until the transfer is received. */
    receivedQuantity: integer(),
  },
  (t) => [
    primaryKey({ columns: [t.transferId, t.variantId] }),
    check('stock_transfer_lines_quantity_check', sql`${t.quantity} > 0`),
    check('stock_transfer_lines_received_check', sql`${t.receivedQuantity} is null or ${t.receivedQuantity} between 0 and ${t.quantity}`),
  ],
)
