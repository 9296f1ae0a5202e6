/**
 * The stock ledger: every change of a level goes through here (or through a guarded single-row statement that writes
 * its movement in the same statement), so that each counter of a level equals the sum of its movements' deltas.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { quantityOutOfRange } from './errors.js'
import { stockMovements, type MovementKind } from './schema.js'

// What an int4 stock counter holds.
const INT4_MIN = sql.raw('-2147483648')
/** Highest value of an int4 stock counter, as SQL. */
export const INT4_MAX = sql.raw('2147483647')

export interface MovementInput {
  variantId: string
  locationId: string
  kind: MovementKind
  onHandDelta?: number
  reservedDelta?: number
  incomingDelta?: number
  reason?: string | null
  orderId?: string | null
  reservationId?: string | null
  transferId?: string | null
}

/** Creates the missing levels (all counters 0) for these keys, in key order; returns the keys it created. */
export async function ensureLevels(tx: Tx, keys: { variantId: string; locationId: string }[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = keys.map((k) => ({ variant_id: k.variantId, location_id: k.locationId }))
  const result = await tx.execute(sql`
    insert into stock_levels (variant_id, location_id)
    select distinct variant_id, location_id from json_to_recordset(${JSON.stringify(rows)}::json) as r(variant_id text, location_id text)
    order by variant_id, location_id
    on conflict (variant_id, location_id) do nothing
    returning variant_id, location_id`)
  return new Set(rowsOf<{ variant_id: string; location_id: string }>(result).map((r) => `${r.variant_id}|${r.location_id}`))
}

/**
 * Applies the movements' deltas to their levels and appends them to the ledger, in one statement. Levels are locked
 * in key order first, so two batches touching the same levels never deadlock. The levels must exist (ensureLevels);
 * the CHECK constraints refuse a delta that would break a level, which rolls the whole statement back.
 */
export async function applyMovements(tx: Tx, actor: ActorRef, movements: MovementInput[]): Promise<void> {
  const rows = movements
    .filter((m) => (m.onHandDelta ?? 0) !== 0 || (m.reservedDelta ?? 0) !== 0 || (m.incomingDelta ?? 0) !== 0)
    .map((m) => ({
      id: newId('mov'),
      variant_id: m.variantId,
      location_id: m.locationId,
      kind: m.kind,
      on_hand_delta: m.onHandDelta ?? 0,
      reserved_delta: m.reservedDelta ?? 0,
      incoming_delta: m.incomingDelta ?? 0,
      reason: m.reason ?? null,
      order_id: m.orderId ?? null,
      reservation_id: m.reservationId ?? null,
      transfer_id: m.transferId ?? null,
    }))
  if (rows.length === 0) return
  const result = await tx.execute(sql`
    with input as (
      select * from json_to_recordset(${JSON.stringify(rows)}::json) as r(id text, variant_id text, location_id text, kind text,
        on_hand_delta int, reserved_delta int, incoming_delta int, reason text, order_id text, reservation_id text, transfer_id text)
    ), delta as (
      select variant_id, location_id, sum(on_hand_delta)::bigint as d_on_hand, sum(reserved_delta)::bigint as d_reserved, sum(incoming_delta)::bigint as d_incoming
      from input group by variant_id, location_id
    ), locked as (
      select s.variant_id, s.location_id, s.on_hand, s.reserved, s.incoming
      from stock_levels s join delta d on d.variant_id = s.variant_id and d.location_id = s.location_id
      order by s.variant_id, s.location_id for update of s
    ), changed as (
      update stock_levels s
      set on_hand = s.on_hand + d.d_on_hand, reserved = s.reserved + d.d_reserved, incoming = s.incoming + d.d_incoming, updated_at = now()
      from delta d join locked l on l.variant_id = d.variant_id and l.location_id = d.location_id
      where s.variant_id = d.variant_id and s.location_id = d.location_id
        and s.on_hand + d.d_on_hand between ${INT4_MIN} and ${INT4_MAX}
        and s.reserved + d.d_reserved between ${INT4_MIN} and ${INT4_MAX}
        and s.incoming + d.d_incoming between ${INT4_MIN} and ${INT4_MAX}
      returning s.variant_id
    ), overflowing as (
      -- the levels as locked (their latest version): those a counter of which would leave int4
      select s.variant_id, s.location_id from locked s join delta d on d.variant_id = s.variant_id and d.location_id = s.location_id
      where s.on_hand + d.d_on_hand not between ${INT4_MIN} and ${INT4_MAX}
        or s.reserved + d.d_reserved not between ${INT4_MIN} and ${INT4_MAX}
        or s.incoming + d.d_incoming not between ${INT4_MIN} and ${INT4_MAX}
      limit 1
    ), moved as (
      insert into stock_movements (id, variant_id, location_id, kind, on_hand_delta, reserved_delta, incoming_delta, reason, actor_kind, actor_id, order_id, reservation_id, transfer_id)
      select id, variant_id, location_id, kind, on_hand_delta, reserved_delta, incoming_delta, reason, ${actor.kind}::text, ${actor.id}::text, order_id, reservation_id, transfer_id
      from input
      returning id
    )
    select (select count(*) from changed)::int as changed, (select count(*) from delta)::int as expected,
      (select variant_id from overflowing) as overflow_variant_id, (select location_id from overflowing) as overflow_location_id`)
  const [counts] = rowsOf<{ changed: number; expected: number; overflow_variant_id: string | null; overflow_location_id: string | null }>(result)
  // Quantities are bounded per request, not in total: many receipts could carry a counter past what it stores.
  if (counts?.overflow_variant_id && counts.overflow_location_id) throw quantityOutOfRange(counts.overflow_variant_id, counts.overflow_location_id)
  // A missing level would leave movements without their counter change: refuse rather than break the ledger.
  if (!counts || Number(counts.changed) !== Number(counts.expected)) throw new Error('applyMovements: a stock level is missing')
}

export interface LedgerMismatch {
  variantId: string
  locationId: string
  level: { onHand: number; reserved: number; incoming: number }
  ledger: { onHand: number; reserved: number; incoming: number }
}

/** The levels whose counters differ from the sums of their movements (a consistent ledger returns none). */
export async function ledgerMismatches(tx: Tx): Promise<LedgerMismatch[]> {
  const result = await tx.execute(sql`
    with sums as (
      select variant_id, location_id, sum(on_hand_delta)::bigint as on_hand, sum(reserved_delta)::bigint as reserved, sum(incoming_delta)::bigint as incoming
      from stock_movements group by variant_id, location_id
    )
    select coalesce(l.variant_id, m.variant_id) as variant_id, coalesce(l.location_id, m.location_id) as location_id,
      coalesce(l.on_hand, 0) as l_on_hand, coalesce(l.reserved, 0) as l_reserved, coalesce(l.incoming, 0) as l_incoming,
      coalesce(m.on_hand, 0) as m_on_hand, coalesce(m.reserved, 0) as m_reserved, coalesce(m.incoming, 0) as m_incoming
    from stock_levels l full join sums m on m.variant_id = l.variant_id and m.location_id = l.location_id
    where coalesce(l.on_hand, 0) <> coalesce(m.on_hand, 0) or coalesce(l.reserved, 0) <> coalesce(m.reserved, 0)
      or coalesce(l.incoming, 0) <> coalesce(m.incoming, 0)`)
  type Row = Record<'variant_id' | 'location_id', string> &
    Record<'l_on_hand' | 'l_reserved' | 'l_incoming' | 'm_on_hand' | 'm_reserved' | 'm_incoming', number>
  return rowsOf<Row>(result).map((r) => ({
    variantId: r.variant_id,
    locationId: r.location_id,
    level: { onHand: Number(r.l_on_hand), reserved: Number(r.l_reserved), incoming: Number(r.l_incoming) },
    ledger: { onHand: Number(r.m_on_hand), reserved: Number(r.m_reserved), incoming: Number(r.m_incoming) },
  }))
}

export interface Movement {
  id: string
  variantId: string
  locationId: string
  kind: MovementKind
  onHandDelta: number
  reservedDelta: number
  incomingDelta: number
  reason: string | null
  actor: ActorRef
  orderId: string | null
  reservationId: string | null
  transferId: string | null
  createdAt: string
}

function toMovement(row: typeof stockMovements.$inferSelect): Movement {
  return {
    id: row.id,
    variantId: row.variantId,
    locationId: row.locationId,
    kind: row.kind,
    onHandDelta: row.onHandDelta,
    reservedDelta: row.reservedDelta,
    incomingDelta: row.incomingDelta,
    reason: row.reason,
    actor: { kind: row.actorKind as ActorRef['kind'], id: row.actorId },
    orderId: row.orderId,
    reservationId: row.reservationId,
    transferId: row.transferId,
    createdAt: row.createdAt.toISOString(),
  }
}

export const MOVEMENT_SORT_KEYS = ['createdAt'] as const
const movementListOrder = defineListOrder<(typeof MOVEMENT_SORT_KEYS)[number]>({ keys: { createdAt: { sql: stockMovements.createdAt, type: 'time' } }, tiebreaker: stockMovements.id, defaultDescending: true })

/**
 * Movements newest first, filtered by variant, location and order; `locationIds` narrows to the caller's stores.
 * Relies on stock_movements_level_idx, stock_movements_location_idx or stock_movements_order_idx.
 */
export async function listMovements(
  tx: Tx,
  input: { variantId?: string; locationId?: string; orderId?: string; locationIds: string[] | null; sort?: string; count?: boolean; cursor?: string; limit: number },
) {
  const filters: (SQL | undefined)[] = [
    input.variantId ? eq(stockMovements.variantId, input.variantId) : undefined,
    input.locationId ? eq(stockMovements.locationId, input.locationId) : undefined,
    input.orderId ? eq(stockMovements.orderId, input.orderId) : undefined,
    input.locationIds ? inArray(stockMovements.locationId, input.locationIds.length > 0 ? input.locationIds : ['']) : undefined,
  ]
  return listTablePage(tx, stockMovements, movementListOrder, input, and(...filters), (rows) => rows.map(toMovement))
}
