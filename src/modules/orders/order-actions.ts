/**
 * Whole-order actions: cancel, complete a 3-D Secure payment, close, and the job that cancels unpaid orders whose
 * hold ran out (reserve-in-store not collected, payment never confirmed) and gives their stock back.
 */
import { and, asc, eq, inArray, lt, notInArray, sql } from 'drizzle-orm'
import { actorRefOf, SYSTEM_ACTOR, type Actor } from '../../platform/auth.js'
import type { Database, Tx } from '../../platform/db.js'
import { guestCannotCancel, orderNotFound, paymentNotAllowed, paymentNotFound } from './errors.js'
import { cancelOne, type FulfilmentContext } from './fulfilment-actions.js'
import { moveOrder, syncOrderStatus, type OrderRow } from './lifecycle.js'
import type { CardProvider } from './payment-providers.js'
import { confirmTender } from './payments.js'
import { fulfilments, orders, payments } from './schema.js'
import { canSeeOrder, loadOrderView, type Audience, type OrderView } from './views.js'

async function lockOrder(tx: Tx, orderId: string, actor: Actor | null): Promise<{ order: OrderRow; audience: Audience }> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update')
  const audience = order ? await canSeeOrder(tx, actor, order) : null
  if (!order || !audience) throw orderNotFound(orderId)
  return { order, audience }
}

/**
 * Cancels every fulfilment that has not left yet and releases its stock; voids the payment when nothing remains.
 * A customer may cancel their own order until it is picked; staff with orders:manage any order they can see.
 */
export async function cancelOrder(tx: Tx, input: { orderId: string; reason: string; context: FulfilmentContext; staffAllowed: boolean }): Promise<OrderView> {
  const { order, audience } = await lockOrder(tx, input.orderId, input.context.actor)
  if (audience === 'staff' && !input.staffAllowed) throw orderNotFound(input.orderId)
  if (audience === 'device') throw guestCannotCancel()
  const open = await tx.select().from(fulfilments).where(and(eq(fulfilments.orderId, order.id), sql`${fulfilments.status} in ('allocated', 'picking', 'ready_for_pickup')`)).orderBy(asc(fulfilments.id))
  const ownerMayCancel = audience === 'staff' || open.every((f) => f.status === 'allocated')
  if (!ownerMayCancel) throw paymentNotAllowed('The order is already being prepared; contact customer service to cancel it.', '/params/id')
  for (const fulfilment of open) await cancelOne(tx, fulfilment, order, input.reason, input.context)
  const synced = await syncOrderStatus(tx, { orderId: order.id, actor: actorRefOf(input.context.actor), note: input.reason })
  if (synced.status === 'cancelled' && synced.cancelReason === null) await tx.update(orders).set({ cancelReason: input.reason }).where(eq(orders.id, order.id))
  return loadOrderView(tx, { ...synced, cancelReason: synced.cancelReason ?? input.reason }, audience)
}

/** Completes a payment that awaited 3-D Secure with the acquirer's verdict; once paid in full, the order moves on and its hold no longer expires. */
export async function confirmPayment(tx: Tx, input: { orderId: string; paymentId: string; actor: Actor | null; provider: CardProvider; operationKey: string }): Promise<OrderView> {
  const { order, audience } = await lockOrder(tx, input.orderId, input.actor)
  const [payment] = await tx.select().from(payments).where(and(eq(payments.id, input.paymentId), eq(payments.orderId, order.id))).for('update')
  if (!payment) throw paymentNotFound(input.paymentId)
  const confirmed = await confirmTender(tx, { order, payment, provider: input.provider, operationKey: input.operationKey })
  const synced = await syncOrderStatus(tx, { orderId: order.id, actor: actorRefOf(input.actor), note: confirmed.status === 'authorized' ? '3-D Secure passed' : '3-D Secure failed' })
  return loadOrderView(tx, synced, audience)
}

/** Closes a delivered or collected order (after its return window; returns are still taken by the returns rules). */
export async function closeOrder(tx: Tx, input: { orderId: string; actor: Actor | null }): Promise<OrderView> {
  const { order } = await lockOrder(tx, input.orderId, input.actor)
  const closed = await moveOrder(tx, { order, to: 'closed', actor: actorRefOf(input.actor) })
  return loadOrderView(tx, closed, 'staff')
}

/**
 * Cancels unpaid orders whose hold has run out, one order per transaction so that one that cannot be cancelled
 * (reported through `onError`) never holds back the others. Each order is taken FOR UPDATE SKIP LOCKED and the
 * cancellation is guarded on status, so any number of nodes may run it together without cancelling twice.
 */
export async function expireHeldOrders(database: Database, input: { provider: CardProvider; batch?: number; onError?: (orderId: string, error: unknown) => void }): Promise<number> {
  const failed: string[] = []
  let expired = 0
  for (let i = 0; i < (input.batch ?? 100); i++) {
    let taken: string | null = null
    try {
      const outcome = await database.transaction(async (tx) => {
        const [order] = await tx
          .select()
          .from(orders)
          // orders_hold_idx (partial, on hold_expires_at)
          .where(and(lt(orders.holdExpiresAt, sql`now()`), eq(orders.status, 'placed'), failed.length > 0 ? notInArray(orders.id, failed) : undefined))
          .orderBy(asc(orders.holdExpiresAt))
          .limit(1)
          .for('update', { skipLocked: true })
        if (!order) return null
        taken = order.id
        const context = { actor: null, provider: input.provider, operationKey: `expire:${order.id}`, expired: true }
        const open = await tx.select().from(fulfilments).where(and(eq(fulfilments.orderId, order.id), sql`${fulfilments.status} in ('allocated', 'picking', 'ready_for_pickup')`))
        for (const fulfilment of open) await cancelOne(tx, fulfilment, order, 'hold_expired', context)
        await tx.update(orders).set({ cancelReason: 'hold_expired' }).where(eq(orders.id, order.id))
        await syncOrderStatus(tx, { orderId: order.id, actor: SYSTEM_ACTOR, note: 'hold_expired' })
        return order.id
      })
      if (outcome === null) break
      expired += 1
    } catch (error) {
      if (taken === null) throw error
      failed.push(taken)
      input.onError?.(taken, error)
    }
  }
  return expired
}

/**
 * Closes delivered and collected orders once their channel's return window has passed since they got there
 * (`windowDays` by channel id, `defaultDays` otherwise), a batch at a time, FOR UPDATE SKIP LOCKED and guarded on
 * status, so any number of nodes may run it. Returns how many it closed.
 */
export async function closeOrdersPastWindow(database: Database, input: { windowDays: Record<string, number>; defaultDays: number; batch?: number }): Promise<number> {
  return database.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(orders)
      .where(
        and(
          inArray(orders.status, ['delivered', 'collected']),
          // The order's row last changed when it reached delivered or collected: that is when its window opened.
          sql`${orders.updatedAt} < now() - make_interval(days => coalesce((${JSON.stringify(input.windowDays)}::jsonb ->> ${orders.channelId})::int, ${input.defaultDays}::int))`,
        ),
      )
      .orderBy(asc(orders.updatedAt))
      .limit(input.batch ?? 200)
      .for('update', { skipLocked: true })
    for (const order of due) await moveOrder(tx, { order, to: 'closed', actor: SYSTEM_ACTOR, note: 'return_window_passed' })
    return due.length
  })
}
