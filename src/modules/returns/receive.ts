/** A requested return (mail or phone RMA) arrives at a warehouse or store and is refunded, or is cancelled before that. */
import { asc, eq } from 'drizzle-orm'
import { actorRefOf, can, canActAt, forbidden, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { notFound } from '../../platform/problems.js'
import { findLocation } from '../locations/service.js'
import { loadOrderForReturn } from '../orders/service.js'
import type { ReturnContext } from './context.js'
import { illegalReturnTransition, invalidReceivingLocation, unknownReturnLine } from './errors.js'
import { transitionReturn } from './lifecycle.js'
import { canTransition, quoteRefund, RETURN_TRANSITIONS } from './policies.js'
import { returnLines, type ItemCondition } from './schema.js'
import { settleReturn, takeGoodsBack } from './settle.js'
import { loadReturnView, lockReturn, type ReturnView } from './views.js'

export interface ReceiveReturnInput {
  returnId: string
  actor: Actor | null
  /** The warehouse or store where the parcel was opened. */
  locationId: string
  /** The state of each return line (resellable when left out). */
  lines?: { id: string; condition: ItemCondition }[]
  context: ReturnContext
}

/**
 * Receives a requested return at a location the actor works at: the units are counted back on the order (never more
 * than were handed over), resellable ones restocked there, and the return refunded by its refund method (cash only
 * at a store till; at a warehouse a cash tender becomes store credit). requested → received → refunded.
 */
export async function receiveReturn(tx: Tx, input: ReceiveReturnInput): Promise<ReturnView> {
  const { actor } = input
  if (!actor || actor.kind === 'customer' || actor.kind === 'device' || !can(actor, 'returns:manage')) throw forbidden('returns:manage')
  const row = await lockReturn(tx, { returnId: input.returnId, actor, receivingAt: input.locationId })
  if (!canActAt(actor, input.locationId)) throw notFound('Location', input.locationId, '/body/locationId')
  const location = await findLocation(tx, input.locationId)
  if (!location?.active) throw invalidReceivingLocation(input.locationId, 'returns are received at an active warehouse or store.')
  if (!canTransition(row.status, 'received')) throw illegalReturnTransition(row.status, 'received', RETURN_TRANSITIONS[row.status])
  const order = await loadOrderForReturn(tx, { orderId: row.orderId, actor })
  const lines = await tx.select().from(returnLines).where(eq(returnLines.returnId, row.id)).orderBy(asc(returnLines.id))
  const conditions = new Map<string, ItemCondition>()
  for (const [index, given] of (input.lines ?? []).entries()) {
    if (!lines.some((l) => l.id === given.id)) throw unknownReturnLine(given.id, `/body/lines/${index}/id`)
    conditions.set(given.id, given.condition)
  }
  // Priced again now: an earlier return may since have brought other units back, which decides the delivery refund.
  const quote = quoteRefund({ lines: order.lines, returning: lines, shippingTotal: order.shippingTotal, shippingVatRate: input.context.policy.shippingVatRate })
  for (const line of lines) {
    const amount = quote.lines.find((q) => q.orderLineId === line.orderLineId)?.amount ?? 0
    if (amount !== line.refundAmount) {
      await tx.update(returnLines).set({ refundAmount: amount }).where(eq(returnLines.id, line.id))
      line.refundAmount = amount
    }
  }
  const taken = await takeGoodsBack(tx, { row, lines, conditions, locationId: location.id, actor })
  const received = await transitionReturn(tx, {
    row,
    to: 'received',
    actor: actorRefOf(actor),
    set: {
      receivingLocationId: location.id,
      receivedByStaffId: actor.kind === 'staff' ? actor.id : null,
      receivedAt: new Date(),
      goodsTotal: quote.goodsTotal,
      shippingRefund: quote.shippingRefund,
      total: quote.total,
      vatBreakdown: quote.vat,
    },
    payload: {
      method: row.method,
      receivingLocationId: location.id,
      lines: taken.map((l) => ({ orderLineId: l.orderLineId, variantId: l.variantId, quantity: l.quantity, condition: l.condition, restocked: l.restocked })),
    },
  })
  // A parcel received by mail or after a phone RMA: the customer is not at a till, so nothing is handed back in cash.
  const refunded = await settleReturn(tx, { row: received, actor, tillLocationId: row.method === 'in_store' && location.kind === 'store' ? location.id : null, context: input.context })
  return loadReturnView(tx, refunded)
}

/** Cancels a return not yet received (the customer their own, staff with returns:manage); its claimed units become returnable again. */
export async function cancelReturn(tx: Tx, input: { returnId: string; actor: Actor | null; reason: string }): Promise<ReturnView> {
  const { actor } = input
  const row = await lockReturn(tx, { returnId: input.returnId, actor })
  if (actor && actor.kind !== 'customer' && !can(actor, 'returns:manage')) throw forbidden('returns:manage')
  const cancelled = await transitionReturn(tx, {
    row,
    to: 'cancelled',
    actor: actorRefOf(actor),
    note: input.reason,
    set: { cancelledAt: new Date() },
    payload: { reason: input.reason },
  })
  return loadReturnView(tx, cancelled)
}
