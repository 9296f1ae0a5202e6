/**
 * Reservations: units set aside at one location. Reserving is one guarded UPDATE (never oversells); releasing,
 * consuming and expiring are guarded on status = 'active', so a second call or a racing job never counts twice.
 */
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { SYSTEM_ACTOR, type ActorRef } from '../../platform/auth.js'
import { rowsOf, type Database, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { insufficientStock, reservationNotFound } from './errors.js'
import { INVENTORY_EVENTS } from './events.js'
import { applyMovements } from './ledger.js'
import { stockReservations } from './schema.js'

export type ReservationKind = 'checkout' | 'order' | 'reserve_in_store' | 'hold' | 'transfer'
export type ReservationStatus = 'active' | 'consumed' | 'released' | 'expired'

export interface Reservation {
  id: string
  variantId: string
  locationId: string
  quantity: number
  kind: ReservationKind
  status: ReservationStatus
  orderId: string | null
  fulfilmentId: string | null
  cartId: string | null
  expiresAt: string | null
  createdAt: string
  transferId?: string | null
  endedAt?: string | null
}

type ReservationRow = typeof stockReservations.$inferSelect

export function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    variantId: row.variantId,
    locationId: row.locationId,
    quantity: row.quantity,
    kind: row.kind,
    status: row.status,
    orderId: row.orderId,
    fulfilmentId: row.fulfilmentId,
    cartId: row.cartId,
    transferId: row.transferId,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  }
}

export interface ReserveInput {
  variantId: string
  locationId: string
  quantity: number
  kind: ReservationKind
  actor: ActorRef
  orderId?: string | null
  fulfilmentId?: string | null
  cartId?: string | null
  expiresAt?: Date | null
  ignoreSafetyStock?: boolean
  reason?: string
  transferId?: string | null
}

/**
 * Reserves units at one location or throws 409 insufficient-stock with what is available. The availability check,
 * the increment, the reservation row and its movement are one statement. Relies on stock_levels_pkey.
 */
export async function reserveStock(tx: Tx, input: ReserveInput): Promise<Reservation> {
  const id = newId('rsv')
  const safety = input.ignoreSafetyStock ? sql`0` : sql`safety_stock`
  const expiresAt = input.expiresAt ? input.expiresAt.toISOString() : null
  const result = await tx.execute(sql`
    with level as (
      update stock_levels set reserved = reserved + ${input.quantity}::int, updated_at = now()
      where variant_id = ${input.variantId} and location_id = ${input.locationId} and on_hand - reserved - ${safety} >= ${input.quantity}::int
      returning variant_id, location_id
    ), reservation as (
      insert into stock_reservations (id, variant_id, location_id, quantity, kind, order_id, fulfilment_id, cart_id, transfer_id, expires_at)
      select ${id}::text, variant_id, location_id, ${input.quantity}::int, ${input.kind}::text, ${input.orderId ?? null}::text, ${input.fulfilmentId ?? null}::text,
        ${input.cartId ?? null}::text, ${input.transferId ?? null}::text, ${expiresAt}::timestamptz
      from level
      returning *
    ), moved as (
      insert into stock_movements (id, variant_id, location_id, kind, reserved_delta, reason, actor_kind, actor_id, order_id, reservation_id, transfer_id)
      select ${newId('mov')}::text, variant_id, location_id, 'reservation', ${input.quantity}::int, ${input.reason ?? null}::text, ${input.actor.kind}::text,
        ${input.actor.id}::text, ${input.orderId ?? null}::text, ${id}::text, ${input.transferId ?? null}::text
      from level
    )
    select id, created_at from reservation`)
  const [row] = rowsOf<{ id: string; created_at: string | Date }>(result)
  if (!row) {
    const level = await tx.execute(
      sql`select greatest(0, on_hand - reserved - ${safety})::int as available from stock_levels where variant_id = ${input.variantId} and location_id = ${input.locationId}`,
    )
    const available = Number(rowsOf<{ available: number }>(level)[0]?.available ?? 0)
    throw insufficientStock({ variantId: input.variantId, locationId: input.locationId, requested: input.quantity, available })
  }
  const reservation: Reservation = {
    id,
    variantId: input.variantId,
    locationId: input.locationId,
    quantity: input.quantity,
    kind: input.kind,
    status: 'active',
    orderId: input.orderId ?? null,
    fulfilmentId: input.fulfilmentId ?? null,
    cartId: input.cartId ?? null,
    transferId: input.transferId ?? null,
    expiresAt,
    createdAt: new Date(row.created_at).toISOString(),
    endedAt: null,
  }
  const { variantId, locationId, quantity, kind, orderId, fulfilmentId, cartId } = reservation
  await emit(
    tx,
    INVENTORY_EVENTS.stockReserved,
    { reservationId: id, variantId, locationId, quantity, kind, orderId, fulfilmentId, cartId, expiresAt },
    { locationId },
  )
  return reservation
}

/** Ends the active reservations matched by `where` (guarded on status = 'active'); returns the rows it ended. */
async function endReservations(tx: Tx, where: SQL, status: Exclude<ReservationStatus, 'active'>, reason: string | null): Promise<ReservationRow[]> {
  return tx
    .update(stockReservations)
    .set({ status, endedAt: sql`now()`, endReason: reason })
    .where(and(eq(stockReservations.status, 'active'), where))
    .returning()
}

async function recordReleases(tx: Tx, rows: ReservationRow[], reason: string, actor: ActorRef, expired: boolean): Promise<void> {
  await applyMovements(
    tx,
    actor,
    rows.map((r) => ({
      variantId: r.variantId,
      locationId: r.locationId,
      kind: 'release',
      reservedDelta: -r.quantity,
      reason,
      orderId: r.orderId,
      reservationId: r.id,
      transferId: r.transferId,
    })),
  )
  for (const r of rows) {
    await emit(
      tx,
      INVENTORY_EVENTS.reservationReleased,
      {
        reservationId: r.id,
        variantId: r.variantId,
        locationId: r.locationId,
        quantity: r.quantity,
        kind: r.kind,
        orderId: r.orderId,
        fulfilmentId: r.fulfilmentId,
        reason,
        expired,
      },
      { locationId: r.locationId },
    )
  }
}

/** Releases the active reservations named by ids, order, fulfilment or transfer (filters combine); returns how many. */
export async function releaseReservations(
  tx: Tx,
  input: { reservationIds?: string[]; orderId?: string; fulfilmentId?: string; transferId?: string; reason: string; actor: ActorRef; expired?: boolean },
): Promise<number> {
  const filters = [
    input.reservationIds ? inArray(stockReservations.id, input.reservationIds.length > 0 ? input.reservationIds : ['']) : undefined,
    input.orderId !== undefined ? eq(stockReservations.orderId, input.orderId) : undefined,
    input.fulfilmentId !== undefined ? eq(stockReservations.fulfilmentId, input.fulfilmentId) : undefined,
    input.transferId !== undefined ? eq(stockReservations.transferId, input.transferId) : undefined,
  ].filter((f): f is SQL => f !== undefined)
  if (filters.length === 0) throw new Error('releaseReservations needs reservationIds, orderId or fulfilmentId')
  const rows = await endReservations(tx, and(...filters) ?? sql`false`, input.expired ? 'expired' : 'released', input.reason)
  await recordReleases(tx, rows, input.reason, input.actor, input.expired === true)
  return rows.length
}

/** The sale of a fulfilment: per active reservation, on hand and reserved go down by its quantity (kind `sale`). */
export async function consumeReservations(tx: Tx, input: { fulfilmentId: string; actor: ActorRef; orderId: string }): Promise<number> {
  const rows = await endReservations(tx, eq(stockReservations.fulfilmentId, input.fulfilmentId), 'consumed', 'sold')
  await applyMovements(
    tx,
    input.actor,
    rows.map((r) => ({
      variantId: r.variantId,
      locationId: r.locationId,
      kind: 'sale',
      onHandDelta: -r.quantity,
      reservedDelta: -r.quantity,
      orderId: input.orderId,
      reservationId: r.id,
    })),
  )
  for (const r of rows) {
    await emit(
      tx,
      INVENTORY_EVENTS.reservationConsumed,
      { reservationId: r.id, variantId: r.variantId, locationId: r.locationId, quantity: r.quantity, orderId: input.orderId, fulfilmentId: input.fulfilmentId },
      { locationId: r.locationId },
    )
  }
  return rows.length
}

/** One reservation, or a 404. */
export async function getReservation(tx: Tx, id: string): Promise<Reservation> {
  const [row] = await tx.select().from(stockReservations).where(eq(stockReservations.id, id)).limit(1)
  if (!row) throw reservationNotFound(id)
  return toReservation(row)
}

/** Ends the transfer reservations of a transfer as consumed; returns the rows (the caller writes the movements). */
export async function consumeTransferReservations(tx: Tx, transferId: string): Promise<ReservationRow[]> {
  return endReservations(tx, eq(stockReservations.transferId, transferId), 'consumed', 'shipped')
}

/**
 * One batch of the expiry job: ends up to `limit` active, order-free reservations whose time has passed. SKIP LOCKED
 * lets several nodes run it at once without waiting on, or double-releasing, each other's rows.
 * Relies on stock_reservations_expiry_idx.
 */
export async function expireReservationsBatch(tx: Tx, limit: number): Promise<number> {
  const due = tx
    .select({ id: stockReservations.id })
    .from(stockReservations)
    .where(and(eq(stockReservations.status, 'active'), isNull(stockReservations.orderId), sql`${stockReservations.expiresAt} < now()`))
    .orderBy(stockReservations.expiresAt)
    .limit(limit)
    .for('update', { skipLocked: true })
  const rows = await endReservations(tx, inArray(stockReservations.id, due), 'expired', 'expired')
  await recordReleases(tx, rows, 'expired', SYSTEM_ACTOR, true)
  return rows.length
}

/** Runs expiry batches, each in its own transaction, until none is full; returns how many reservations expired. */
export async function expireDueReservations(database: Database, options: { batchSize?: number } = {}): Promise<number> {
  const limit = options.batchSize ?? 100
  let total = 0
  for (;;) {
    const expired = await database.transaction((tx) => expireReservationsBatch(tx, limit))
    total += expired
    if (expired < limit) return total
  }
}
