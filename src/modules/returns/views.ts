/** Reading returns: the return as the API shows it, who may see which return, and lists. */
import { and, asc, eq, getTableColumns, inArray, or, type SQL } from 'drizzle-orm'
import { can, canActAt, isStoreStaff, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { countWhen, createdRange, defineListOrder, planList, type ListWindow, type ChannelListWindow } from '../../platform/list-order.js'
import { DomainError, notFound } from '../../platform/problems.js'
import { getOrder } from '../orders/service.js'
import { returnNotFound } from './errors.js'
import type { RETURN_SORT_KEYS } from './schemas.js'
import type { ReturnRow } from './lifecycle.js'
import { returnHistory, returnLines, returns, type ReturnStatus } from './schema.js'

type LineRow = typeof returnLines.$inferSelect
type HistoryRow = typeof returnHistory.$inferSelect

const money = (amount: number, currency: string) => ({ amount, currency })

function toReturn(row: ReturnRow, lines: LineRow[], history: HistoryRow[]) {
  const c = row.currency
  return {
    id: row.id,
    number: row.number,
    orderId: row.orderId,
    customerId: row.customerId,
    channelId: row.channelId,
    receivingLocationId: row.receivingLocationId,
    method: row.method,
    status: row.status,
    refundMethod: row.refundMethod,
    labelReference: row.labelReference,
    lines: lines.map((l) => ({
      id: l.id,
      orderLineId: l.orderLineId,
      variantId: l.variantId,
      sku: l.sku,
      quantity: l.quantity,
      reason: l.reason,
      reasonNote: l.reasonNote,
      condition: l.condition,
      restocked: l.restocked,
      unitRefund: money(l.unitRefund, c),
      lineTotal: money(l.refundAmount, c),
      vatRate: l.vatRate,
    })),
    totals: {
      goods: money(row.goodsTotal, c),
      shipping: money(row.shippingRefund, c),
      vat: row.vatBreakdown.map((v) => ({ rate: v.rate, amount: money(v.vat, c) })),
      total: money(row.total, c),
      exchanged: money(row.exchangeAmount, c),
      refunded: money(row.refundedAmount, c),
    },
    refunds: row.refunds.map((r) => ({ paymentId: r.paymentId, method: r.method, amount: money(r.amount, c) })),
    exchangeOrderId: row.exchangeOrderId,
    windowOverridden: row.windowOverridden,
    overrideNote: row.overrideNote,
    note: row.note,
    takenByStaffId: row.takenByStaffId,
    receivedByStaffId: row.receivedByStaffId,
    history: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, actorKind: h.actorKind, note: h.note, at: h.createdAt.toISOString() })),
    createdAt: row.createdAt.toISOString(),
    receivedAt: row.receivedAt?.toISOString() ?? null,
    refundedAt: row.refundedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

export type ReturnView = ReturnType<typeof toReturn>

/** The views of these returns, lines and history read in two queries. */
export async function loadReturnViews(tx: Tx, rows: ReturnRow[]): Promise<ReturnView[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const lines = await tx.select().from(returnLines).where(inArray(returnLines.returnId, ids)).orderBy(asc(returnLines.id))
  const history = await tx.select().from(returnHistory).where(inArray(returnHistory.returnId, ids)).orderBy(asc(returnHistory.id))
  return rows.map((row) =>
    toReturn(
      row,
      lines.filter((l) => l.returnId === row.id),
      history.filter((h) => h.returnId === row.id),
    ),
  )
}

export async function loadReturnView(tx: Tx, row: ReturnRow): Promise<ReturnView> {
  const [view] = await loadReturnViews(tx, [row])
  if (!view) throw returnNotFound(row.id)
  return view
}


/** True when the actor may see the order (orders' own rule); a 404 from it means no. */
async function seesOrder(tx: Tx, actor: Actor, orderId: string): Promise<boolean> {
  try {
    await getOrder(tx, { orderId, actor })
    return true
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return false
    throw error
  }
}

/**
 * Whether the actor may see the return: the order's customer; staff with returns:manage or orders:read — store staff
 * only returns received at their stores, taken by themselves, or of orders they can see.
 */
export async function mayAccessReturn(tx: Tx, actor: Actor | null, row: ReturnRow): Promise<boolean> {
  if (!actor || actor.kind === 'device') return false
  if (actor.kind === 'customer') return row.customerId === actor.id
  if (!can(actor, 'returns:manage') && !can(actor, 'orders:read')) return false
  if (!isStoreStaff(actor)) return true
  if (row.receivingLocationId !== null && canActAt(actor, row.receivingLocationId)) return true
  if (row.takenByStaffId === actor.id) return true
  return seesOrder(tx, actor, row.orderId)
}

/**
 * The return, locked for a change, when the actor may see it; 404 otherwise. A parcel can reach any store: staff
 * taking returns who receive it (`receivingAt`, a location they work at) may open any requested return.
 */
export async function lockReturn(tx: Tx, input: { returnId: string; actor: Actor | null; receivingAt?: string }): Promise<ReturnRow> {
  const [row] = await tx.select().from(returns).where(eq(returns.id, input.returnId)).for('update')
  const receiving = row !== undefined && input.receivingAt !== undefined && row.status === 'requested' && can(input.actor, 'returns:manage') && canActAt(input.actor, input.receivingAt)
  if (!row || !(receiving || (await mayAccessReturn(tx, input.actor, row)))) throw returnNotFound(input.returnId)
  return row
}

/** One return with its lines, amounts and history, for a caller allowed to see it (404 otherwise). */
export async function getReturn(tx: Tx, input: { returnId: string; actor: Actor | null }): Promise<ReturnView> {
  const [row] = await tx.select().from(returns).where(eq(returns.id, input.returnId)).limit(1)
  if (!row || !(await mayAccessReturn(tx, input.actor, row))) throw returnNotFound(input.returnId)
  return loadReturnView(tx, row)
}

/** What store staff may list: returns received at their stores or taken by them. */
function storeScope(actor: Actor): SQL | undefined {
  if (actor.kind !== 'staff') return undefined
  const mine = eq(returns.takenByStaffId, actor.id)
  return actor.locationIds.length > 0 ? or(inArray(returns.receivingLocationId, actor.locationIds), mine) : mine
}

const returnListOrder = defineListOrder<(typeof RETURN_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: returns.createdAt, type: 'time' }, total: { sql: returns.total, type: 'integer' }, number: { sql: returns.number, type: 'integer' } },
  tiebreaker: returns.id,
  defaultDescending: true,
})

/** The sort, cursor and count parameters every list of returns takes. */
/** One page of returns matching `where` in the plan's order, as views. */
async function returnPage(tx: Tx, input: ListWindow, where: SQL | undefined) {
  const plan = planList(returnListOrder, input)
  const rows = await tx
    .select({ ...getTableColumns(returns), cursorKey: plan.cursorKey })
    .from(returns)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  const views = await loadReturnViews(tx, rows.slice(0, input.limit))
  return plan.page(rows, input.limit, (r) => views.find((v) => v.id === r.id) as ReturnView, await countWhen(input.count, tx, returns, where))
}

export interface ReturnListInput extends ChannelListWindow {
  actor: Actor
  locationId?: string
  status?: ReturnStatus
}

/** Returns newest first, by receiving location, channel, status and created range (staff); store staff see their stores' only. */
export async function listReturns(tx: Tx, input: ReturnListInput) {
  const { actor } = input
  if (input.locationId && isStoreStaff(actor) && !canActAt(actor, input.locationId)) throw notFound('Location', input.locationId, '/query/locationId')
  const filters = [
    isStoreStaff(actor) ? storeScope(actor) : undefined,
    input.locationId ? eq(returns.receivingLocationId, input.locationId) : undefined,
    input.channelId ? eq(returns.channelId, input.channelId) : undefined,
    input.status ? eq(returns.status, input.status) : undefined,
    ...createdRange(returns.createdAt, input),
  ]
  // Relies on returns_location_status_idx (by location), returns_status_idx or returns_channel_created_idx.
  return returnPage(tx, input, and(...filters))
}

/**
 * The returns of an order, newest first: all of them for whoever may see the order; store staff who cannot see it
 * only those received at their stores or taken by them; 404 when that leaves nothing visible.
 */
export async function listOrderReturns(tx: Tx, input: ListWindow & { orderId: string; actor: Actor | null }) {
  const { actor } = input
  if (!actor) throw notFound('Order', input.orderId, '/params/id')
  const whole = await seesOrder(tx, actor, input.orderId)
  const partial = !whole && isStoreStaff(actor) && can(actor, 'returns:manage')
  if (!whole && !partial) throw notFound('Order', input.orderId, '/params/id')
  const page = await returnPage(tx, input, and(eq(returns.orderId, input.orderId), partial ? storeScope(actor) : undefined))
  if (partial && page.items.length === 0 && !input.cursor) throw notFound('Order', input.orderId, '/params/id')
  return page
}
