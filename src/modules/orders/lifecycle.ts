/**
 * Moving orders and fulfilments through their lifecycles. Every change is a guarded UPDATE on the status it expects
 * (two associates pressing the same button cannot both succeed), a history row and an event; an order's move also
 * runs the `orderStatusChanged` hook, in the same transaction.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit, emitAll } from '../../platform/events.js'
import { defineHook } from '../../platform/hooks.js'
import { newId } from '../../platform/ids.js'
import { recordTouchpoint } from '../journeys/service.js'
import { illegalTransition, orderNotFound } from './errors.js'
import { ORDER_EVENTS } from './events.js'
import { canTransition, deriveOrderStatus, FULFILMENT_TRANSITIONS, ORDER_TRANSITIONS, orderStatusPath } from './policies.js'
import { fulfilments, orderHistory, orders, payments, type FulfilmentStatus, type OrderStatus } from './schema.js'

export type FulfilmentRow = typeof fulfilments.$inferSelect
export type OrderRow = typeof orders.$inferSelect

export interface OrderStatusChanged {
  /** The order as it is now, after the move. */
  order: OrderRow
  /** Every status the order stepped into, in order (the last one is its status now). */
  passed: readonly OrderStatus[]
}

/**
 * Run by every move of an order's status (moveOrder), after its history, events and UPDATE: what other modules do
 * in the same transaction — a cancelled order gives its promotion and coupon uses back, its points are earned
 * pending when paid, confirmed when closed and dropped when cancelled (src/module-hooks.ts).
 */
export const orderStatusChanged = defineHook<OrderStatusChanged>('orders.status-changed')

/** The customer and stores an order's events concern, so that SSE and webhooks route them. */
export function orderScope(order: Pick<OrderRow, 'customerId' | 'attributedLocationId' | 'placedLocationId'>, locationId?: string | null) {
  return { customerId: order.customerId, locationId: locationId ?? order.placedLocationId ?? order.attributedLocationId }
}

/** Puts a moment of the order on its customer's (or guest device's) timeline, where it happened; one INSERT. */
export async function recordOrderTouchpoint(
  tx: Tx,
  order: OrderRow,
  kind: 'order_placed' | 'order_cancelled' | 'order_collected' | 'order_delivered',
  input: { locationId: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await recordTouchpoint(tx, {
    kind,
    customerId: order.customerId,
    deviceId: order.deviceId,
    channelId: order.channelId,
    locationId: input.locationId,
    subjectType: 'order',
    subjectId: order.id,
    data: { number: order.number, ...input.data },
  })
}

type HistoryEntry = { orderId: string; fulfilmentId?: string | null; from: string | null; to: string; actor: ActorRef; note?: string | null }

async function recordHistory(tx: Tx, entries: HistoryEntry[]): Promise<void> {
  if (entries.length === 0) return
  await tx.insert(orderHistory).values(
    entries.map((e) => ({ id: newId('ohs'), orderId: e.orderId, fulfilmentId: e.fulfilmentId ?? null, fromStatus: e.from, toStatus: e.to, actorKind: e.actor.kind, actorId: e.actor.id, note: e.note ?? null })),
  )
}

/** Records the birth of an order (and its fulfilments) in the history, in one statement. */
export async function recordPlaced(tx: Tx, input: { order: OrderRow; fulfilments: FulfilmentRow[]; actor: ActorRef }): Promise<void> {
  await recordHistory(tx, [
    { orderId: input.order.id, from: null, to: 'placed', actor: input.actor },
    ...input.fulfilments.map((f) => ({ orderId: input.order.id, fulfilmentId: f.id, from: null, to: f.status, actor: input.actor, note: f.routingReason })),
  ])
}

/**
 * Moves a fulfilment from its current status to `to` when the lifecycle allows it (409 illegal-transition otherwise,
 * also when someone else moved it first), with extra columns to set in the same UPDATE.
 */
export async function transitionFulfilment(
  tx: Tx,
  input: { fulfilment: FulfilmentRow; to: FulfilmentStatus; actor: ActorRef; note?: string | null; set?: Partial<Pick<FulfilmentRow, 'carrier' | 'trackingNumber' | 'handledByStaffId' | 'capturedAt'>> },
): Promise<FulfilmentRow> {
  const { fulfilment, to } = input
  const allowed = FULFILMENT_TRANSITIONS[fulfilment.status]
  if (!canTransition(FULFILMENT_TRANSITIONS, fulfilment.status, to)) throw illegalTransition('fulfilment', fulfilment.status, to, allowed)
  const [row] = await tx
    .update(fulfilments)
    .set({ ...input.set, status: to, updatedAt: sql`now()` })
    .where(and(eq(fulfilments.id, fulfilment.id), eq(fulfilments.status, fulfilment.status)))
    .returning()
  if (!row) throw illegalTransition('fulfilment', fulfilment.status, to, allowed)
  await recordHistory(tx, [{ orderId: row.orderId, fulfilmentId: row.id, from: fulfilment.status, to, actor: input.actor, note: input.note }])
  const [order] = await tx.select().from(orders).where(eq(orders.id, row.orderId))
  const payload = { orderId: row.orderId, fulfilmentId: row.id, method: row.method, from: fulfilment.status, to, sourceLocationId: row.sourceLocationId, pickupLocationId: row.pickupLocationId }
  if (order) await emit(tx, ORDER_EVENTS.fulfilmentStatusChanged, payload, orderScope(order, row.pickupLocationId ?? row.sourceLocationId))
  // Each handover is a moment of its own: a collection at its counter, a delivery at home (no store).
  if (order && (to === 'collected' || to === 'delivered')) await recordOrderTouchpoint(tx, order, `order_${to}`, { locationId: to === 'collected' ? (row.pickupLocationId ?? row.sourceLocationId) : null, data: { fulfilmentId: row.id, handledByStaffId: row.handledByStaffId } })
  return row
}

/** True when authorised or captured tenders cover the whole order. */
export async function isPaidInFull(tx: Tx, order: Pick<OrderRow, 'id' | 'total'>): Promise<boolean> {
  const [row] = await tx
    .select({ covered: sql<number>`coalesce(sum(${payments.amount}), 0)::bigint`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.orderId, order.id), inArray(payments.status, ['authorized', 'captured', 'partially_refunded', 'refunded'])))
  return (row?.covered ?? 0) >= order.total
}

/**
 * Brings the order's status in line with its payment and fulfilments, stepping through each intermediate state
 * (placed → paid → allocated …) so that the history and the event stream tell the whole story. Locks the order row.
 */
export async function syncOrderStatus(tx: Tx, input: { orderId: string; actor: ActorRef; note?: string | null }): Promise<OrderRow> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for('update')
  if (!order) throw orderNotFound(input.orderId)
  const rows = await tx.select({ status: fulfilments.status }).from(fulfilments).where(eq(fulfilments.orderId, order.id))
  const target = deriveOrderStatus({ current: order.status, paid: await isPaidInFull(tx, order), fulfilments: rows })
  return moveOrder(tx, { order, to: target, actor: input.actor, note: input.note })
}

/** Moves an order to `to` through the legal path; 409 illegal-transition when there is none. */
export async function moveOrder(tx: Tx, input: { order: OrderRow; to: OrderStatus; actor: ActorRef; note?: string | null; cancelReason?: string }): Promise<OrderRow> {
  const { order, to } = input
  const path = orderStatusPath(order.status, to)
  if (path === null) throw illegalTransition('order', order.status, to, ORDER_TRANSITIONS[order.status])
  if (path.length === 0) return order
  // Every intermediate step is a history row and an event, written in two statements whatever the path's length.
  const steps = path.map((to, i) => ({ from: i === 0 ? order.status : (path[i - 1] ?? order.status), to }))
  await recordHistory(tx, steps.map((step) => ({ orderId: order.id, from: step.from, to: step.to, actor: input.actor, note: input.note })))
  await emitAll(tx, steps.map((step) => ({ type: ORDER_EVENTS.statusChanged, payload: { orderId: order.id, number: order.number, from: step.from, to: step.to }, scope: orderScope(order) })))
  const holdCleared = to !== 'placed' ? { holdExpiresAt: null } : {}
  const [updated] = await tx
    .update(orders)
    .set({ status: to, ...holdCleared, ...(input.cancelReason ? { cancelReason: input.cancelReason } : {}), updatedAt: sql`now()` })
    .where(and(eq(orders.id, order.id), eq(orders.status, order.status)))
    .returning()
  if (!updated) throw illegalTransition('order', order.status, to, [])
  if (to === 'cancelled') await recordOrderTouchpoint(tx, updated, 'order_cancelled', { locationId: null, data: { reason: updated.cancelReason ?? input.note ?? null } })
  await orderStatusChanged.run(tx, { order: updated, passed: path })
  return updated
}
