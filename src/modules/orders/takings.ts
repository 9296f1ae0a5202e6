/**
 * What a store's till took, read by the tills module (which sits above orders): payments taken at a location over a
 * time window, and the orders placed there by seller. Named query functions, so that no other module reads the
 * payments table itself.
 */
import { and, eq, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { orders, payments, type PaymentMethod } from './schema.js'

export interface TakingsWindow {
  locationId: string
  currency: string
  from: Date
  /** Exclusive; null for "up to now" (an open till session). */
  to: Date | null
}

export interface TenderTakings {
  method: PaymentMethod
  count: number
  /** What the tender paid of the orders. */
  amount: number
  /** Cash: what customers handed over (amount + change); other tenders: the amount. */
  tendered: number
}

/** Payments that took money: declined, voided and 3-D Secure-pending ones took nothing. */
const TOOK_MONEY = ['authorized', 'captured', 'partially_refunded', 'refunded'] as const

function windowOf(column: typeof payments.createdAt | typeof orders.placedAt, window: TakingsWindow): SQL[] {
  return [gte(column, window.from), ...(window.to ? [lt(column, window.to)] : [])]
}

/**
 * Per tender, the payments taken at the location's till (takenAtLocationId: staff at a store channel's till, sales
 * and reserve-in-store collections alike) within the window, in one currency.
 */
export async function tenderTakingsAt(tx: Tx, window: TakingsWindow): Promise<TenderTakings[]> {
  // payments_taken_at_idx (taken_at_location_id, created_at)
  const rows = await tx
    .select({
      method: payments.method,
      count: sql<number>`count(*)::int`,
      amount: sql<string>`coalesce(sum(${payments.amount}), 0)::text`,
      tendered: sql<string>`coalesce(sum(coalesce(${payments.tenderedAmount}, ${payments.amount})), 0)::text`,
    })
    .from(payments)
    .where(and(eq(payments.takenAtLocationId, window.locationId), eq(payments.currency, window.currency), inArray(payments.status, [...TOOK_MONEY]), ...windowOf(payments.createdAt, window)))
    .groupBy(payments.method)
  return rows.map((r) => ({ method: r.method, count: Number(r.count), amount: Number(r.amount), tendered: Number(r.tendered) }))
}

export interface SellerSales {
  /** null: orders placed at the store without a seller (a kiosk, a cart handed over by a device). */
  staffId: string | null
  orderCount: number
  total: number
}

/** Orders placed at the location (its till or kiosk) within the window, not cancelled, per seller. */
export async function storeSalesBySeller(tx: Tx, window: TakingsWindow): Promise<SellerSales[]> {
  // orders_placed_location_idx (placed_location_id, placed_at)
  const rows = await tx
    .select({ staffId: orders.placedByStaffId, orderCount: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${orders.total}), 0)::text` })
    .from(orders)
    .where(and(eq(orders.placedLocationId, window.locationId), eq(orders.currency, window.currency), ne(orders.status, 'cancelled'), ...windowOf(orders.placedAt, window)))
    .groupBy(orders.placedByStaffId)
  return rows.map((r) => ({ staffId: r.staffId, orderCount: Number(r.orderCount), total: Number(r.total) }))
}
