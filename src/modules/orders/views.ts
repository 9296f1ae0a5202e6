/** Reading orders: the order as the API shows it, who may see which order, and lists. */
import { and, asc, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm'
import { can, canActAt, isStoreStaff, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { channelSummaryOf, type ChannelSummary } from '../../platform/references.js'
import { countWhen, createdRange, defineListOrder, emptyPage, planList, type ChannelListWindow } from '../../platform/list-order.js'
import { isKioskDevice, kioskOrderSession } from '../carts/service.js'
import { getChannel } from '../channels/service.js'
import { listOrderDiscounts, type OrderDiscount } from '../promotions/service.js'
import { orderNotFound } from './errors.js'
import type { ORDER_SORT_KEYS } from './schemas.js'
import type { OrderRow } from './lifecycle.js'
import { listPayments, type PaymentRow } from './payments.js'
import { fulfilmentLines, fulfilments, orderLines, orders, type OrderStatus } from './schema.js'

const money = (amount: number, currency: string) => ({ amount, currency })

/**
 * Who reads an order: its customer (everything, pickup codes included), staff (no pickup code: they check it, never
 * need to read it), or the anonymous device that placed it — often a kiosk shared by every passer-by — which sees the
 * order's progress but neither contact details, address nor pickup code (the confirmation screen showed those once).
 */
export type Audience = 'owner' | 'staff' | 'device'

type LineRow = typeof orderLines.$inferSelect
type FulfilmentRow = typeof fulfilments.$inferSelect

export function toOrder(
  order: OrderRow,
  lines: LineRow[],
  fulfilmentRows: FulfilmentRow[],
  fulfilmentLineRows: (typeof fulfilmentLines.$inferSelect)[],
  paymentRows: PaymentRow[],
  discounts: readonly OrderDiscount[],
  audience: Audience,
  channel: ChannelSummary,
) {
  const c = order.currency
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    channelId: order.channelId,
    channel: channelSummaryOf(channel),
    placedLocationId: order.placedLocationId,
    placedByStaffId: order.placedByStaffId,
    deviceId: order.deviceId,
    // A guest device reads its order, never whose account its contact joined it to.
    customerId: audience === 'device' ? null : order.customerId,
    contact: audience === 'device' ? { email: null, phone: null, firstName: null, lastName: null } : order.contact,
    attributedLocationId: order.attributedLocationId,
    attributionReason: order.attributionReason,
    lines: lines.map((l) => ({
      id: l.id,
      variantId: l.variantId,
      productId: l.productId,
      sku: l.sku,
      title: l.title,
      options: l.options,
      quantity: l.quantity,
      returnedQuantity: l.returnedQuantity,
      unitPrice: money(l.unitPrice, c),
      priceListId: l.priceListId,
      lineTotal: money(l.lineTotal, c),
      discountTotal: money(l.discountTotal, c),
      total: money(l.lineTotal - l.discountTotal, c),
      discounts: l.discounts,
      vatRate: l.vatRate,
    })),
    discounts: discounts.map((d) => ({ promotionId: d.promotionId, name: d.name, kind: d.kind, level: d.level, amount: money(d.amount, c), couponCode: d.couponCode })),
    fulfilments: fulfilmentRows.map((f) => ({
      id: f.id,
      method: f.method,
      status: f.status,
      sourceLocationId: f.sourceLocationId,
      pickupLocationId: f.pickupLocationId,
      transferId: f.transferId,
      routingReason: f.routingReason,
      // The customer shows the code at the counter; staff check it, they never need to read it.
      pickupCode: audience === 'owner' ? f.pickupCode : null,
      carrier: f.carrier,
      trackingNumber: f.trackingNumber,
      lines: fulfilmentLineRows.filter((fl) => fl.fulfilmentId === f.id).map((fl) => ({ orderLineId: fl.orderLineId, quantity: fl.quantity })),
      updatedAt: f.updatedAt.toISOString(),
    })),
    payments: paymentRows.map((p) => ({
      id: p.id,
      method: p.method,
      status: p.status,
      amount: money(p.amount, p.currency),
      capturedAmount: money(p.capturedAmount, p.currency),
      refundedAmount: money(p.refundedAmount, p.currency),
      cardBrand: p.cardBrand,
      cardLast4: p.cardLast4,
      change: p.tenderedAmount === null ? null : money(p.tenderedAmount - p.amount, p.currency),
      takenAtLocationId: p.takenAtLocationId,
    })),
    totals: {
      subtotal: money(order.subtotal, c),
      discount: money(order.discountTotal, c),
      shipping: money(order.shippingTotal, c),
      shippingDiscount: money(order.shippingDiscount, c),
      vat: order.vatBreakdown.map((v) => ({ rate: v.rate, amount: money(v.vat, c) })),
      tax: money(order.taxTotal, c),
      total: money(order.total, c),
    },
    shippingAddress: audience === 'device' ? null : order.shippingAddress,
    holdExpiresAt: order.holdExpiresAt?.toISOString() ?? null,
    cancelReason: order.cancelReason,
    note: audience === 'staff' ? order.note : null,
    placedAt: order.placedAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  }
}

export type OrderView = ReturnType<typeof toOrder>

/** Locations an order involves: placed at, credited to, fulfilled from or collected at. */
async function locationsOf(tx: Tx, order: OrderRow): Promise<string[]> {
  const rows = await tx.select({ source: fulfilments.sourceLocationId, pickup: fulfilments.pickupLocationId }).from(fulfilments).where(eq(fulfilments.orderId, order.id))
  return [order.placedLocationId, order.attributedLocationId, ...rows.flatMap((r) => [r.source, r.pickup])].filter((id): id is string => id !== null)
}

/** Whether the actor may see the order: its customer or device, staff with orders:read (store staff: orders touching their stores). */
export async function canSeeOrder(tx: Tx, actor: Actor | null, order: OrderRow): Promise<Audience | null> {
  if (!actor) return null
  if (actor.kind === 'customer') return order.customerId === actor.id ? 'owner' : null
  if (actor.kind === 'device') {
    // A shared kiosk reads an order only during the session that placed it (or its receipt grace): never an earlier passer-by's.
    if (isKioskDevice(actor) && (order.kioskSessionId === null || order.kioskSessionId !== (await kioskOrderSession(tx, actor)))) return null
    return order.deviceId === actor.id && (order.customerId === null || order.guestCheckout) ? 'device' : null
  }
  if (!can(actor, 'orders:read')) return null
  if (!isStoreStaff(actor)) return 'staff'
  const involved = await locationsOf(tx, order)
  return involved.some((id) => canActAt(actor, id)) ? 'staff' : null
}

/** The order with lines, fulfilments and payments, for a caller allowed to see it (404 otherwise). */
export async function getOrder(tx: Tx, input: { orderId: string; actor: Actor | null }): Promise<OrderView> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).limit(1)
  const audience = order ? await canSeeOrder(tx, input.actor, order) : null
  if (!order || !audience) throw orderNotFound(input.orderId)
  return loadOrderView(tx, order, audience)
}

export async function loadOrderView(tx: Tx, order: OrderRow, audience: Audience): Promise<OrderView> {
  const [view] = await loadOrderViews(tx, [order], audience)
  if (!view) throw orderNotFound(order.id)
  return view
}

/** Views of several orders in five queries whatever their number (lists stay flat, not one round trip per order). */
async function loadOrderViews(tx: Tx, rows: OrderRow[], audience: Audience): Promise<OrderView[]> {
  if (rows.length === 0) return []
  const ids = rows.map((o) => o.id)
  const [lines, fulfilmentRows, paymentRows, discounts] = await Promise.all([
    tx.select().from(orderLines).where(inArray(orderLines.orderId, ids)).orderBy(asc(orderLines.position)),
    tx.select().from(fulfilments).where(inArray(fulfilments.orderId, ids)).orderBy(asc(fulfilments.id)),
    listPayments(tx, ids),
    listOrderDiscounts(tx, ids),
  ])
  // A page names a handful of channels: each is read once, whatever the number of orders.
  const channelIds = [...new Set(rows.map((o) => o.channelId))]
  const channels = new Map(await Promise.all(channelIds.map(async (id) => [id, await getChannel(tx, id)] as const)))
  const fulfilmentLineRows = fulfilmentRows.length > 0 ? await tx.select().from(fulfilmentLines).where(inArray(fulfilmentLines.fulfilmentId, fulfilmentRows.map((f) => f.id))) : []
  return rows.map((order) => {
    const own = fulfilmentRows.filter((f) => f.orderId === order.id)
    const ownIds = new Set(own.map((f) => f.id))
    return toOrder(
      order,
      lines.filter((l) => l.orderId === order.id),
      own,
      fulfilmentLineRows.filter((fl) => ownIds.has(fl.fulfilmentId)),
      paymentRows.filter((p) => p.orderId === order.id),
      discounts.get(order.id) ?? [],
      audience,
      channels.get(order.channelId)!,
    )
  })
}

export interface OrderListInput extends ChannelListWindow {
  actor: Actor | null
  customerId?: string
  locationId?: string
  status?: OrderStatus
}

const orderListOrder = defineListOrder<(typeof ORDER_SORT_KEYS)[number]>({
  keys: { placedAt: { sql: orders.placedAt, type: 'time' }, total: { sql: orders.total, type: 'integer' }, number: { sql: orders.number, type: 'integer' } },
  tiebreaker: orders.id,
  defaultDescending: true,
})

/** Orders newest first: a shopper's own, or for staff filtered by customer, location or channel (store staff: their stores). */
export async function listOrders(tx: Tx, input: OrderListInput) {
  const { actor } = input
  const plan = planList(orderListOrder, input)
  const range = createdRange(orders.placedAt, input)
  const scope: SQL[] = []
  if (actor?.kind === 'customer') scope.push(eq(orders.customerId, actor.id))
  else if (actor?.kind === 'device') {
    scope.push(eq(orders.deviceId, actor.id), or(isNull(orders.customerId), eq(orders.guestCheckout, true))!)
    // A shared kiosk lists only its current passer-by's orders (orders_kiosk_session_idx), after her checkout only
    // that order for the receipt grace; between two passers-by, none.
    if (isKioskDevice(actor)) {
      const session = await kioskOrderSession(tx, actor)
      if (session === null) return emptyPage(input.count)
      scope.push(eq(orders.kioskSessionId, session))
    }
  }
  else if (isStoreStaff(actor)) {
    const ids = input.locationId ? actor.locationIds.filter((id) => id === input.locationId) : actor.locationIds
    if (ids.length === 0) return emptyPage(input.count)
    const inStores = or(inArray(orders.placedLocationId, ids), inArray(orders.attributedLocationId, ids), sql`exists (select 1 from fulfilments f where f.order_id = ${orders.id} and (f.source_location_id in ${ids} or f.pickup_location_id in ${ids}))`)
    if (inStores) scope.push(inStores)
  }
  const filters = [
    ...scope,
    input.customerId ? eq(orders.customerId, input.customerId) : undefined,
    input.locationId && actor?.kind !== 'staff' ? eq(orders.attributedLocationId, input.locationId) : undefined,
    input.locationId && actor?.kind === 'staff' && !isStoreStaff(actor) ? or(eq(orders.attributedLocationId, input.locationId), eq(orders.placedLocationId, input.locationId)) : undefined,
    input.channelId ? eq(orders.channelId, input.channelId) : undefined,
    input.status ? eq(orders.status, input.status) : undefined,
    ...range,
  ]
  // Filters by channel or placing time use orders_channel_placed_idx or orders_placed_at_idx.
  const rows = await tx
    .select({ ...getTableColumns(orders), cursorKey: plan.cursorKey })
    .from(orders)
    .where(and(...filters, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  const page = rows.slice(0, input.limit)
  const audience: Audience = actor?.kind === 'customer' ? 'owner' : actor?.kind === 'device' ? 'device' : 'staff'
  const views = new Map((await loadOrderViews(tx, page, audience)).map((v) => [v.id, v]))
  return plan.page(rows, input.limit, (r) => views.get(r.id) as OrderView, await countWhen(input.count, tx, orders, and(...filters)))
}

/** What promotions took off each line of an order, by variant: a checked-out cart shows the discounts it got. */
export async function orderLineDiscounts(tx: Tx, orderId: string): Promise<Map<string, { discountTotal: number; discounts: { promotionId: string; amount: number }[] }>> {
  const rows = await tx
    .select({ variantId: orderLines.variantId, discountTotal: orderLines.discountTotal, discounts: orderLines.discounts })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
  return new Map(rows.map((row) => [row.variantId, { discountTotal: row.discountTotal, discounts: row.discounts }]))
}
