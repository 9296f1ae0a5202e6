/**
 * What an order allows to be taken back: per line, the units handed over (delivered or collected) minus those already
 * returned. Returns are taken anywhere, so any staff member allowed to take returns may load any order for one.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { can, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { DomainError, notFound } from '../../platform/problems.js'
import { orderNotFound } from './errors.js'
import { fulfilmentLines, fulfilments, orderLines, orders } from './schema.js'
import { canSeeOrder } from './views.js'

export interface ReturnableLine {
  orderLineId: string
  variantId: string
  sku: string
  title: { fr: string; en: string }
  unitPrice: number
  lineTotal: number
  /** Promotions taken off the line: refunds give back the paid share (paidShare), never the list price. */
  discountTotal: number
  vatRate: number
  quantity: number
  fulfilledQuantity: number
  returnedQuantity: number
  returnableQuantity: number
}

export interface ReturnableOrder {
  orderId: string
  number: number
  channelId: string
  placedChannelKind: string
  customerId: string | null
  currency: string
  placedAt: Date
  /** When its last delivered or collected fulfilment was completed; null when nothing was handed over yet. */
  fulfilledAt: Date | null
  /** Delivery charged on the order, minor units. */
  shippingTotal: number
  total: number
  lines: ReturnableLine[]
}

const HANDED_OVER = ['delivered', 'collected'] as const

/** Locks the order and tells what can be returned; 404 when the actor may not see it. */
export async function loadOrderForReturn(tx: Tx, input: { orderId: string; actor: Actor | null }): Promise<ReturnableOrder> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).for('update')
  const visible = order && (can(input.actor, 'returns:manage') || (await canSeeOrder(tx, input.actor, order)) !== null)
  if (!order || !visible) throw orderNotFound(input.orderId)
  const lines = await tx.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.position))
  const done = await tx
    .select({ orderLineId: fulfilmentLines.orderLineId, quantity: sql<number>`sum(${fulfilmentLines.quantity})::int`, at: sql<string>`max(${fulfilments.updatedAt})` })
    .from(fulfilmentLines)
    .innerJoin(fulfilments, eq(fulfilments.id, fulfilmentLines.fulfilmentId))
    .where(and(eq(fulfilments.orderId, order.id), inArray(fulfilments.status, [...HANDED_OVER])))
    .groupBy(fulfilmentLines.orderLineId)
  const fulfilled = new Map(done.map((d) => [d.orderLineId, d.quantity]))
  const last = done.map((d) => new Date(d.at).getTime()).reduce((a, b) => Math.max(a, b), 0)
  return {
    orderId: order.id,
    number: order.number,
    channelId: order.channelId,
    placedChannelKind: order.placedChannelKind,
    customerId: order.customerId,
    currency: order.currency,
    placedAt: order.placedAt,
    fulfilledAt: last > 0 ? new Date(last) : null,
    shippingTotal: order.shippingTotal,
    total: order.total,
    lines: lines.map((l) => {
      const fulfilledQuantity = fulfilled.get(l.id) ?? 0
      return { orderLineId: l.id, variantId: l.variantId, sku: l.sku, title: l.title, unitPrice: l.unitPrice, lineTotal: l.lineTotal, discountTotal: l.discountTotal, vatRate: l.vatRate, quantity: l.quantity, fulfilledQuantity, returnedQuantity: l.returnedQuantity, returnableQuantity: Math.max(0, fulfilledQuantity - l.returnedQuantity) }
    }),
  }
}

/** Counts units as returned; guarded so that returned never exceeds what was handed over, whatever the concurrency. */
export async function recordReturnedUnits(tx: Tx, input: { orderId: string; lines: { orderLineId: string; quantity: number }[] }): Promise<void> {
  for (const [index, line] of input.lines.entries()) {
    const handedOver = sql`(select coalesce(sum(fl.quantity), 0) from fulfilment_lines fl join fulfilments f on f.id = fl.fulfilment_id where fl.order_line_id = ${orderLines.id} and f.status in ('delivered', 'collected'))`
    const [row] = await tx
      .update(orderLines)
      .set({ returnedQuantity: sql`${orderLines.returnedQuantity} + ${line.quantity}` })
      .where(and(eq(orderLines.id, line.orderLineId), eq(orderLines.orderId, input.orderId), sql`${orderLines.returnedQuantity} + ${line.quantity} <= ${handedOver}`))
      .returning({ id: orderLines.id })
    if (row) continue
    const [current] = await tx.select({ returned: orderLines.returnedQuantity }).from(orderLines).where(and(eq(orderLines.id, line.orderLineId), eq(orderLines.orderId, input.orderId)))
    if (!current) throw notFound('Order line', line.orderLineId, `/body/lines/${index}/orderLineId`)
    throw new DomainError({
      code: 'return-exceeds-purchase',
      status: 409,
      title: 'More than was bought',
      detail: `Line ${line.orderLineId} cannot take back ${line.quantity} more unit(s): only units handed over and not yet returned can be.`,
      field: `/body/lines/${index}/quantity`,
      data: { orderLineId: line.orderLineId },
    })
  }
}

/**
 * True when every unit of the order that was not cancelled has come back (a cancelled fulfilment's units never
 * can): the order's promotion uses are then given back.
 */
export async function isOrderFullyReturned(tx: Tx, orderId: string): Promise<boolean> {
  const cancelled = sql`(select coalesce(sum(fl.quantity), 0) from fulfilment_lines fl join fulfilments f on f.id = fl.fulfilment_id where fl.order_line_id = "order_lines"."id" and f.status = 'cancelled')`
  const [row] = await tx
    .select({
      left: sql<number>`count(*) filter (where "order_lines"."returned_quantity" < "order_lines"."quantity" - ${cancelled})::int`,
      returned: sql<number>`coalesce(sum("order_lines"."returned_quantity"), 0)::int`,
    })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
  return Number(row?.returned ?? 0) > 0 && Number(row?.left ?? 0) === 0
}

/** The order's goods as paid (subtotal less its discounts, delivery excluded): what loyalty points are earned on. */
export async function orderGoodsPaid(tx: Tx, orderId: string): Promise<number> {
  const [row] = await tx.select({ paid: sql<number>`${orders.subtotal} - ${orders.discountTotal}`.mapWith(Number) }).from(orders).where(eq(orders.id, orderId))
  return Number(row?.paid ?? 0)
}
