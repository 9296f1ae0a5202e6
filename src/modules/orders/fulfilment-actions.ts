/**
 * What store and warehouse staff do to a fulfilment: start picking, mark ready for pickup, ship, confirm delivery,
 * hand over against the pickup code (taking the payment of a reserve-in-store order), cancel. Goods leaving a
 * location consume their reservations (the sale in the stock ledger) and capture their share of the payment.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { actorRefOf, canActAt, SYSTEM_ACTOR, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import type { ProvenGiftCardPins } from '../credit/service.js'
import { cancelTransfer, consumeReservations, getTransfer, receiveTransfer, releaseReservations, shipTransfer } from '../inventory/service.js'
import { reduceOrderPoints } from '../loyalty/service.js'
import { fulfilmentNotFound, notAHomeDelivery, notAPickup, paymentOutstanding, pickupLocked, stockInTransit, wrongPickupCode } from './errors.js'
import { isPaidInFull, syncOrderStatus, transitionFulfilment, type FulfilmentRow, type OrderRow } from './lifecycle.js'
import { paidShare } from './policies.js'
import type { CardProvider } from './payment-providers.js'
import { captureTenders, releaseUncapturedRemainder, takeTenders, voidUncaptured, type PaymentRequest } from './payments.js'
import { refundOrderPayments } from './refunds.js'
import { fulfilmentLines, fulfilments, orderLines, orders, payments } from './schema.js'
import { loadOrderView, type OrderView } from './views.js'

export interface FulfilmentContext {
  actor: Actor | null
  provider: CardProvider
  operationKey: string
  /** Gift card PINs the route admitted for this request: spent without hashing them again. */
  provenGiftCardPins?: ProvenGiftCardPins
}

/** Where a step of the work happens: at the source (pick, ship, deliver), at the pickup counter (ready, collect), or anywhere (cancel). */
type WorkPlace = 'source' | 'counter' | 'anywhere'

function mayWork(actor: Actor | null, fulfilment: FulfilmentRow, place: WorkPlace): boolean {
  const counter = fulfilment.pickupLocationId ?? fulfilment.sourceLocationId
  if (place === 'source') return canActAt(actor, fulfilment.sourceLocationId)
  if (place === 'counter') return canActAt(actor, counter)
  // The call centre cancels on the customer's behalf; it hands nothing over.
  return canActAt(actor, fulfilment.sourceLocationId) || canActAt(actor, counter) || (actor?.kind === 'staff' && actor.role === 'call_centre_agent')
}

/**
 * The fulfilment and its order, both locked — the order first, as every other path does, so that two people working
 * on one order never deadlock — when the actor may do this step (another store's fulfilment answers 404).
 */
async function loadForWork(tx: Tx, fulfilmentId: string, actor: Actor | null, place: WorkPlace): Promise<{ fulfilment: FulfilmentRow; order: OrderRow }> {
  const [found] = await tx.select({ orderId: fulfilments.orderId }).from(fulfilments).where(eq(fulfilments.id, fulfilmentId))
  if (!found) throw fulfilmentNotFound(fulfilmentId)
  const [order] = await tx.select().from(orders).where(eq(orders.id, found.orderId)).for('update')
  const [fulfilment] = await tx.select().from(fulfilments).where(eq(fulfilments.id, fulfilmentId)).for('update')
  if (!order || !fulfilment || !mayWork(actor, fulfilment, place)) throw fulfilmentNotFound(fulfilmentId)
  return { fulfilment, order }
}

/** What the goods of this fulfilment are worth, plus its share of shipping (charged with the first delivery that leaves). */
async function valueOf(tx: Tx, fulfilment: FulfilmentRow, order: OrderRow): Promise<number> {
  // Units of the same line captured with other fulfilments come first in the line's cumulative share (paidShare).
  const rows = await tx
    .select({
      units: fulfilmentLines.quantity,
      quantity: orderLines.quantity,
      lineTotal: orderLines.lineTotal,
      discountTotal: orderLines.discountTotal,
      before: sql<number>`(select coalesce(sum(fl.quantity), 0) from fulfilment_lines fl join fulfilments f on f.id = fl.fulfilment_id where fl.order_line_id = "order_lines"."id" and f.captured_at is not null and f.id <> ${fulfilment.id})::int`,
    })
    .from(fulfilmentLines)
    .innerJoin(orderLines, eq(orderLines.id, fulfilmentLines.orderLineId))
    .where(eq(fulfilmentLines.fulfilmentId, fulfilment.id))
  const goods = rows.reduce((sum, row) => sum + paidShare(row, row.units, row.before), 0)
  const shippingAlreadyTaken = await tx
    .select({ id: fulfilments.id })
    .from(fulfilments)
    .where(and(eq(fulfilments.orderId, order.id), sql`${fulfilments.capturedAt} is not null`, sql`${fulfilments.pickupLocationId} is null`))
    .limit(1)
  const shipping = fulfilment.pickupLocationId === null && shippingAlreadyTaken.length === 0 ? order.shippingTotal : 0
  return goods + shipping
}

async function finish(tx: Tx, orderId: string, context: FulfilmentContext): Promise<OrderView> {
  const order = await syncOrderStatus(tx, { orderId, actor: actorRefOf(context.actor) })
  return loadOrderView(tx, order, 'staff')
}

/** Goods leave the location: the reservations become a sale in the ledger and the payment share is captured. */
async function release(tx: Tx, fulfilment: FulfilmentRow, order: OrderRow, context: FulfilmentContext): Promise<Date> {
  await consumeReservations(tx, { fulfilmentId: fulfilment.id, actor: actorRefOf(context.actor), orderId: order.id })
  await captureTenders(tx, { order, amount: await valueOf(tx, fulfilment, order), provider: context.provider, operationKey: `${context.operationKey}:${fulfilment.id}`, actor: actorRefOf(context.actor) })
  return new Date()
}

/** allocated → picking. */
export async function startPicking(tx: Tx, input: { fulfilmentId: string; context: FulfilmentContext }): Promise<OrderView> {
  const { fulfilment, order } = await loadForWork(tx, input.fulfilmentId, input.context.actor, 'source')
  await transitionFulfilment(tx, { fulfilment, to: 'picking', actor: actorRefOf(input.context.actor), set: { handledByStaffId: staffId(input.context.actor) } })
  return finish(tx, order.id, input.context)
}

/**
 * A pickup is ready at the counter. Units that travelled by transfer must have left their source (in transit); the
 * transfer is received here if the store has not done it yet, which holds the units for this order.
 */
export async function markReady(tx: Tx, input: { fulfilmentId: string; context: FulfilmentContext }): Promise<OrderView> {
  const { fulfilment, order } = await loadForWork(tx, input.fulfilmentId, input.context.actor, 'counter')
  if (fulfilment.pickupLocationId === null) throw notAPickup(fulfilment.id)
  if (fulfilment.transferId) {
    if (fulfilment.status !== 'in_transit') throw stockInTransit(fulfilment.transferId)
    const transfer = await getTransfer(tx, fulfilment.transferId)
    if (transfer.status === 'shipped') await receiveTransfer(tx, { id: transfer.id, actor: actorRefOf(input.context.actor) })
  }
  await transitionFulfilment(tx, { fulfilment, to: 'ready_for_pickup', actor: actorRefOf(input.context.actor) })
  return finish(tx, order.id, input.context)
}

/**
 * Goods leave the source with a carrier. A home delivery is then sold (stock ledger) and its payment share captured;
 * units bound for a pickup store travel with their transfer, which ships too (the fulfilment is then in transit).
 */
export async function shipFulfilment(tx: Tx, input: { fulfilmentId: string; carrier: string; trackingNumber: string; context: FulfilmentContext }): Promise<OrderView> {
  const { fulfilment, order } = await loadForWork(tx, input.fulfilmentId, input.context.actor, 'source')
  const who = actorRefOf(input.context.actor)
  const label = { carrier: input.carrier, trackingNumber: input.trackingNumber }
  if (fulfilment.pickupLocationId !== null) {
    if (!fulfilment.transferId) throw notAHomeDelivery(fulfilment.id)
    await transitionFulfilment(tx, { fulfilment, to: 'in_transit', actor: who, set: label })
    await shipTransfer(tx, { id: fulfilment.transferId, actor: who })
    return finish(tx, order.id, input.context)
  }
  const capturedAt = fulfilment.status === 'picking' ? await release(tx, fulfilment, order, input.context) : null
  await transitionFulfilment(tx, { fulfilment, to: 'shipped', actor: who, set: { ...label, ...(capturedAt ? { capturedAt } : {}) } })
  return finish(tx, order.id, input.context)
}

/** The carrier confirmed delivery. */
export async function confirmDelivery(tx: Tx, input: { fulfilmentId: string; context: FulfilmentContext }): Promise<OrderView> {
  const { fulfilment, order } = await loadForWork(tx, input.fulfilmentId, input.context.actor, 'source')
  await transitionFulfilment(tx, { fulfilment, to: 'delivered', actor: actorRefOf(input.context.actor) })
  return finish(tx, order.id, input.context)
}

/**
 * Hands a pickup over at the counter against its code. An unpaid order (reserve-in-store) is paid here first with
 * `payments`; the handover then sells the held units and captures the payment.
 */
export async function collectFulfilment(tx: Tx, input: { fulfilmentId: string; pickupCode: string; payments?: PaymentRequest[]; context: FulfilmentContext }): Promise<OrderView> {
  const { fulfilment, order } = await loadForWork(tx, input.fulfilmentId, input.context.actor, 'counter')
  // The route admitted the code (pickup-codes.ts) before this transaction; a lock taken meanwhile still holds.
  if (fulfilment.pickupLocationId === null) throw notAPickup(fulfilment.id)
  if (fulfilment.pickupLockedAt) throw pickupLocked(fulfilment.id)
  if (fulfilment.pickupCode === null || fulfilment.pickupCode !== input.pickupCode) throw wrongPickupCode()
  const paid = await isPaidInFull(tx, order)
  if (!paid) {
    if (!input.payments || input.payments.length === 0) throw paymentOutstanding(order.total)
    await takeTenders(tx, { order, requests: input.payments, context: { actor: input.context.actor, tillLocationId: fulfilment.pickupLocationId, provider: input.context.provider, operationKey: input.context.operationKey, atCounter: true, provenGiftCardPins: input.context.provenGiftCardPins } })
    if (!(await isPaidInFull(tx, order))) throw paymentOutstanding(order.total)
    await syncOrderStatus(tx, { orderId: order.id, actor: actorRefOf(input.context.actor), note: 'Paid at the till' })
  }
  const capturedAt = fulfilment.status === 'ready_for_pickup' ? await release(tx, fulfilment, order, input.context) : null
  await transitionFulfilment(tx, { fulfilment, to: 'collected', actor: actorRefOf(input.context.actor), set: { handledByStaffId: staffId(input.context.actor), ...(capturedAt ? { capturedAt } : {}) } })
  return finish(tx, order.id, input.context)
}

/** Cancels a fulfilment that has not left: its stock is released; when nothing of the order remains, the payment is voided. */
export async function cancelFulfilment(tx: Tx, input: { fulfilmentId: string; reason: string; context: FulfilmentContext }): Promise<OrderView> {
  const { fulfilment, order } = await loadForWork(tx, input.fulfilmentId, input.context.actor, 'anywhere')
  await cancelOne(tx, fulfilment, order, input.reason, input.context)
  return finish(tx, order.id, input.context)
}

/** Cancels one fulfilment of a locked order; a call without an actor is the system's (the hold-expiry job). */
export async function cancelOne(tx: Tx, fulfilment: FulfilmentRow, order: OrderRow, reason: string, context: FulfilmentContext & { expired?: boolean }): Promise<void> {
  const who = context.actor ? actorRefOf(context.actor) : SYSTEM_ACTOR
  await transitionFulfilment(tx, { fulfilment, to: 'cancelled', actor: who, note: reason })
  if (fulfilment.transferId && (await getTransfer(tx, fulfilment.transferId)).status === 'requested') await cancelTransfer(tx, { id: fulfilment.transferId, actor: who })
  await releaseReservations(tx, { fulfilmentId: fulfilment.id, reason, actor: who, expired: context.expired })
  const live = await tx.select({ id: fulfilments.id }).from(fulfilments).where(and(eq(fulfilments.orderId, order.id), sql`${fulfilments.status} <> 'cancelled'`)).limit(1)
  if (live.length === 0) await voidUncaptured(tx, { order, provider: context.provider, operationKey: context.operationKey })
  const toCapture = await tx.select({ id: fulfilments.id }).from(fulfilments).where(and(eq(fulfilments.orderId, order.id), inArray(fulfilments.status, ['allocated', 'picking', 'in_transit', 'ready_for_pickup']))).limit(1)
  if (toCapture.length === 0) await releaseUncapturedRemainder(tx, { order, provider: context.provider, operationKey: context.operationKey })
  // Money taken beyond what the remaining goods are worth goes back: tenders taken at once (store credit, cash,
  // terminal) and anything already captured for what is now cancelled.
  const { excess, goodsKept } = await capturedBeyondKept(tx, order)
  if (excess > 0) await refundOrderPayments(tx, { orderId: order.id, amount: excess, actor: context.actor, tillLocationId: null, operationKey: `${context.operationKey}:${fulfilment.id}`, provider: context.provider, cause: 'cancellation' })
  // The order goes on without these goods: it keeps only their points' share. (A whole order cancelled drops its
  // points when it moves to cancelled.) After stock and payments: the lock order of checkout, cancels and returns.
  if (live.length > 0) await reduceOrderPoints(tx, { order, goodsKept })
}

/**
 * Captured and not refunded, minus the value of the goods still due or kept (delivery included while a delivery
 * remains); and that value of the goods alone.
 */
async function capturedBeyondKept(tx: Tx, order: OrderRow): Promise<{ excess: number; goodsKept: number }> {
  const [paid] = await tx.select({ net: sql<number>`coalesce(sum(${payments.capturedAmount} - ${payments.refundedAmount}), 0)::bigint`.mapWith(Number) }).from(payments).where(eq(payments.orderId, order.id))
  const lines = await tx
    .select({
      quantity: orderLines.quantity,
      lineTotal: orderLines.lineTotal,
      discountTotal: orderLines.discountTotal,
      returned: orderLines.returnedQuantity,
      goods: sql<number>`(select coalesce(sum(fl.quantity), 0) from fulfilment_lines fl join fulfilments f on f.id = fl.fulfilment_id where fl.order_line_id = "order_lines"."id" and f.status <> 'cancelled')::int`,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
  const [delivering] = await tx
    .select({ id: fulfilments.id })
    .from(fulfilments)
    .where(and(eq(fulfilments.orderId, order.id), sql`${fulfilments.status} <> 'cancelled'`, sql`${fulfilments.pickupLocationId} is null`))
    .limit(1)
  // Refunds took back the first returned units' share (paidShare), so what is kept is the goods' share less that.
  const goods = lines.reduce((sum, line) => sum + paidShare(line, line.goods) - paidShare(line, line.returned), 0)
  const kept = goods + (delivering ? order.shippingTotal : 0)
  return { excess: (paid?.net ?? 0) - kept, goodsKept: goods }
}

function staffId(actor: Actor | null): string | null {
  return actor?.kind === 'staff' ? actor.id : null
}
