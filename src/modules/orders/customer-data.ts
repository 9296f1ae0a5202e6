/**
 * A customer's orders as the GDPR export, the erasure and the staff 360 need them. Orders are kept for the legal
 * retention period: erasure anonymises them (contact, address, free text) and never touches lines, prices, taxes,
 * totals or payments. No card number, expiry or security code is stored (payments keep a brand and last four only),
 * and the export leaves even those out.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import type { ChannelSummary } from '../../platform/references.js'
import { fulfilmentLines, fulfilments, orderHistory, orderLines, orders, payments, type OrderStatus } from './schema.js'

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())

/** Every order of the customer with its lines, fulfilments, payments (tender, amounts, status) and history; six queries. */
export async function exportCustomerOrders(tx: Tx, customerId: string) {
  const orderRows = await tx.select().from(orders).where(eq(orders.customerId, customerId)).orderBy(asc(orders.placedAt), asc(orders.id))
  if (orderRows.length === 0) return []
  const ids = orderRows.map((o) => o.id)
  const [lines, fulfilmentRows, paymentRows, history] = await Promise.all([
    tx.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.position)),
    tx.select().from(fulfilments).where(inArray(fulfilments.orderId, ids)).orderBy(asc(fulfilments.id)),
    tx.select().from(payments).where(inArray(payments.orderId, ids)).orderBy(asc(payments.createdAt)),
    tx.select().from(orderHistory).where(inArray(orderHistory.orderId, ids)).orderBy(asc(orderHistory.id)),
  ])
  const fulfilmentLineRows =
    fulfilmentRows.length === 0
      ? []
      : await tx
          .select()
          .from(fulfilmentLines)
          .where(
            inArray(
              fulfilmentLines.fulfilmentId,
              fulfilmentRows.map((f) => f.id),
            ),
          )
  return orderRows.map((o) => ({
    id: o.id,
    number: o.number,
    status: o.status,
    channelId: o.channelId,
    placedChannelKind: o.placedChannelKind,
    placedLocationId: o.placedLocationId,
    attributedLocationId: o.attributedLocationId,
    contact: o.contact,
    shippingAddress: o.shippingAddress,
    note: o.note,
    cancelReason: o.cancelReason,
    currency: o.currency,
    totals: { subtotal: o.subtotal, discount: o.discountTotal, shipping: o.shippingTotal, shippingDiscount: o.shippingDiscount, tax: o.taxTotal, total: o.total, vat: o.vatBreakdown },
    placedAt: iso(o.placedAt),
    lines: lines
      .filter((l) => l.orderId === o.id)
      .map((l) => ({
        id: l.id,
        variantId: l.variantId,
        sku: l.sku,
        title: l.title,
        options: l.options,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        vatRate: l.vatRate,
        lineTotal: l.lineTotal,
        discountTotal: l.discountTotal,
        returnedQuantity: l.returnedQuantity,
      })),
    fulfilments: fulfilmentRows
      .filter((f) => f.orderId === o.id)
      .map((f) => ({
        id: f.id,
        method: f.method,
        status: f.status,
        sourceLocationId: f.sourceLocationId,
        pickupLocationId: f.pickupLocationId,
        carrier: f.carrier,
        trackingNumber: f.trackingNumber,
        createdAt: iso(f.createdAt),
        lines: fulfilmentLineRows.filter((fl) => fl.fulfilmentId === f.id).map((fl) => ({ orderLineId: fl.orderLineId, quantity: fl.quantity })),
      })),
    payments: paymentRows
      .filter((p) => p.orderId === o.id)
      .map((p) => ({
        id: p.id,
        method: p.method,
        status: p.status,
        amount: p.amount,
        capturedAmount: p.capturedAmount,
        refundedAmount: p.refundedAmount,
        currency: p.currency,
        takenAtLocationId: p.takenAtLocationId,
        createdAt: iso(p.createdAt),
      })),
    history: history
      .filter((h) => h.orderId === o.id)
      .map((h) => ({ fulfilmentId: h.fulfilmentId, from: h.fromStatus, to: h.toStatus, actorKind: h.actorKind, note: h.note, at: iso(h.createdAt) })),
  }))
}

/** Statuses in which an order still needs its contact and address: it has not been handed over, delivered or cancelled. */
export const ORDER_STATUSES_IN_PROGRESS: readonly OrderStatus[] = [
  'placed',
  'paid',
  'allocated',
  'picking',
  'ready_for_pickup',
  'shipped',
  'partially_fulfilled',
]

/** The customers' orders still in progress (their contact and address are needed to deliver them), oldest first. */
export async function listOrdersInProgress(tx: Tx, customerIds: readonly string[]): Promise<{ id: string; number: number; status: OrderStatus }[]> {
  if (customerIds.length === 0) return []
  // Relies on orders_customer_idx.
  return tx
    .select({ id: orders.id, number: orders.number, status: orders.status })
    .from(orders)
    .where(and(inArray(orders.customerId, [...customerIds]), inArray(orders.status, [...ORDER_STATUSES_IN_PROGRESS])))
    .orderBy(asc(orders.placedAt))
}

/**
 * GDPR erasure of orders: they stay under the customer's (anonymised) id with their lines, prices, taxes, totals and
 * payments, but lose the contact, the delivery address, the free-text note and cancel reason, and the history notes
 * the customer wrote herself. Staff and system notes stay: they are the shop's operational record. Returns how many orders.
 */
export async function anonymiseCustomerOrders(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const ids = [...customerIds]
  const anonymised = await tx
    .update(orders)
    .set({
      contact: { email: null, phone: null, firstName: null, lastName: null },
      shippingAddress: null,
      note: null,
      cancelReason: null,
      updatedAt: sql`now()`,
    })
    .where(inArray(orders.customerId, ids))
    .returning({ id: orders.id })
  await tx.execute(sql`
    update order_history set note = null
    where actor_kind = 'customer' and actor_id in ${ids} and note is not null
      and order_id in (select id from orders where customer_id in ${ids})`)
  return anonymised.length
}

export interface OrderSummary {
  id: string
  number: number
  status: OrderStatus
  channelId: string
  channel: ChannelSummary
  placedLocationId: string | null
  /** The store the sale is credited to. */
  attributedLocationId: string | null
  itemCount: number
  total: { amount: number; currency: string }
  placedAt: string
}

export interface OrderStats {
  count: number
  /** Totals of the orders not cancelled, per currency. */
  spent: { amount: number; currency: string }[]
}

type SummaryRow = {
  id: string
  number: number | string
  status: OrderStatus
  channel_id: string
  channel_kind: string
  channel_name: string
  channel_code: string
  placed_location_id: string | null
  attributed_location_id: string | null
  item_count: number
  total: number
  currency: string
  placed_at: string | Date
}

/** The customer's latest orders from every channel with their channel and store, and her counts; two queries. */
export async function summariseCustomerOrders(tx: Tx, input: { customerId: string; limit: number }): Promise<{ recent: OrderSummary[]; stats: OrderStats }> {
  // Relies on orders_customer_idx (customer_id, placed_at): the newest `limit` rows, then order_lines_order_idx per row.
  const recent = await tx.execute(sql`
    select o.id, o.number, o.status, o.channel_id, c.kind as channel_kind, c.name as channel_name, c.code as channel_code, o.placed_location_id,
      o.attributed_location_id, (select coalesce(sum(l.quantity), 0) from order_lines l where l.order_id = o.id)::int as item_count,
      o.total, o.currency, o.placed_at
    from orders o join channels c on c.id = o.channel_id
    where o.customer_id = ${input.customerId}
    order by o.placed_at desc, o.id desc
    limit ${input.limit}`)
  const stats = await tx.execute(sql`
    select currency, count(*)::int as count, coalesce(sum(total) filter (where status <> 'cancelled'), 0)::bigint::text as spent
    from orders where customer_id = ${input.customerId} group by currency order by currency`)
  const statRows = rowsOf<{ currency: string; count: number; spent: string }>(stats)
  return {
    recent: rowsOf<SummaryRow>(recent).map((r) => ({
      id: r.id,
      number: Number(r.number),
      status: r.status,
      channelId: r.channel_id,
      channel: { id: r.channel_id, code: r.channel_code, name: r.channel_name, kind: r.channel_kind },
      placedLocationId: r.placed_location_id,
      attributedLocationId: r.attributed_location_id,
      itemCount: Number(r.item_count),
      total: { amount: Number(r.total), currency: r.currency },
      placedAt: new Date(r.placed_at).toISOString(),
    })),
    stats: {
      count: statRows.reduce((sum, r) => sum + Number(r.count), 0),
      spent: statRows.map((r) => ({ amount: Number(r.spent), currency: r.currency })),
    },
  }
}

/** True when the customer has an order that was not cancelled: promotions for a first order no longer apply to her. */
export async function hasPlacedOrder(tx: Tx, customerId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.customerId, customerId), sql`${orders.status} <> 'cancelled'`))
    .limit(1)
  return row !== undefined
}
