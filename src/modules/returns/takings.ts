/**
 * What a store gave back, read by the tills module (which sits above returns): refunds per tender of the returns
 * received at a location, and the returns received there over a time window.
 */
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { returns } from './schema.js'

export interface ReturnsWindow {
  locationId: string
  currency: string
  from: Date
  /** Exclusive; null for "up to now". */
  to: Date | null
}

export interface RefundsGiven {
  /** The tender that gave the money back (`store_credit` when a tender was refunded as credit). */
  method: string
  count: number
  amount: number
}

function windowOf(column: typeof returns.refundedAt | typeof returns.receivedAt, window: ReturnsWindow): SQL[] {
  return [gte(column, window.from), ...(window.to ? [lt(column, window.to)] : [])]
}

/** Refunds of the returns settled at the location within the window, per tender (cash handed back at its till…). */
export async function refundsGivenAt(tx: Tx, window: ReturnsWindow): Promise<RefundsGiven[]> {
  // returns_location_status_idx narrows to the location; each return's refunds are a small jsonb array.
  const refund = sql`jsonb_array_elements(${returns.refunds})`
  const rows = await tx
    .select({ method: sql<string>`r.refund->>'method'`, count: sql<number>`count(*)::int`, amount: sql<string>`coalesce(sum((r.refund->>'amount')::bigint), 0)::text` })
    .from(sql`${returns} cross join lateral ${refund} as r(refund)`)
    .where(and(eq(returns.receivingLocationId, window.locationId), eq(returns.currency, window.currency), ...windowOf(returns.refundedAt, window)))
    .groupBy(sql`r.refund->>'method'`)
  return rows.map((r) => ({ method: r.method, count: Number(r.count), amount: Number(r.amount) }))
}

/** Returns received at the location within the window (counter returns and parcels alike): how many, worth what. */
export async function returnsReceivedAt(tx: Tx, window: ReturnsWindow): Promise<{ count: number; total: number }> {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${returns.total}), 0)::text` })
    .from(returns)
    .where(and(eq(returns.receivingLocationId, window.locationId), eq(returns.currency, window.currency), ...windowOf(returns.receivedAt, window)))
  return { count: Number(row?.count ?? 0), total: Number(row?.total ?? 0) }
}
