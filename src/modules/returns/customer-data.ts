/**
 * A customer's returns as the GDPR export, the erasure and the staff 360 need them. Returns are credit notes: erasure
 * keeps them whole (lines, amounts, refunds) under the customer's anonymised id and removes only the free text.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../platform/db.js'
import type { ChannelSummary } from '../../platform/references.js'
import { returnHistory, returnLines, returns, type ReturnMethod, type ReturnStatus } from './schema.js'

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString())

/** Every return of the customer with its lines and history; three queries. */
export async function exportCustomerReturns(tx: Tx, customerId: string) {
  const rows = await tx.select().from(returns).where(eq(returns.customerId, customerId)).orderBy(asc(returns.id))
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [lines, history] = await Promise.all([
    tx.select().from(returnLines).where(inArray(returnLines.returnId, ids)).orderBy(asc(returnLines.id)),
    tx.select().from(returnHistory).where(inArray(returnHistory.returnId, ids)).orderBy(asc(returnHistory.id)),
  ])
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    orderId: r.orderId,
    channelId: r.channelId,
    receivingLocationId: r.receivingLocationId,
    method: r.method,
    status: r.status,
    refundMethod: r.refundMethod,
    currency: r.currency,
    totals: { goods: r.goodsTotal, shipping: r.shippingRefund, total: r.total, exchanged: r.exchangeAmount, refunded: r.refundedAmount, vat: r.vatBreakdown },
    refunds: r.refunds,
    exchangeOrderId: r.exchangeOrderId,
    note: r.note,
    createdAt: iso(r.createdAt),
    receivedAt: iso(r.receivedAt),
    refundedAt: iso(r.refundedAt),
    lines: lines
      .filter((l) => l.returnId === r.id)
      .map((l) => ({
        orderLineId: l.orderLineId,
        variantId: l.variantId,
        sku: l.sku,
        quantity: l.quantity,
        reason: l.reason,
        reasonNote: l.reasonNote,
        condition: l.condition,
        unitRefund: l.unitRefund,
        vatRate: l.vatRate,
      })),
    history: history
      .filter((h) => h.returnId === r.id)
      .map((h) => ({ from: h.fromStatus, to: h.toStatus, actorKind: h.actorKind, note: h.note, at: iso(h.createdAt) })),
  }))
}

/**
 * GDPR erasure of returns: the free text (the return's note, each line's reason note, the history notes the customer
 * wrote) goes; amounts, lines and refunds stay, as does a staff override note (the CHECK wants it). Returns how many.
 */
export async function anonymiseCustomerReturns(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  const ids = [...customerIds]
  const anonymised = await tx
    .update(returns)
    .set({ note: null, updatedAt: sql`now()` })
    .where(inArray(returns.customerId, ids))
    .returning({ id: returns.id })
  if (anonymised.length === 0) return 0
  await tx.execute(
    sql`update return_lines set reason_note = null where reason_note is not null and return_id in (select id from returns where customer_id in ${ids})`,
  )
  await tx.execute(sql`
    update return_history set note = null
    where actor_kind = 'customer' and actor_id in ${ids} and note is not null
      and return_id in (select id from returns where customer_id in ${ids})`)
  return anonymised.length
}

export interface ReturnSummary {
  id: string
  number: number
  orderId: string
  status: ReturnStatus
  method: ReturnMethod
  channelId: string
  channel: ChannelSummary
  receivingLocationId: string | null
  total: { amount: number; currency: string }
  createdAt: string
}

type SummaryRow = {
  id: string
  number: number | string
  order_id: string
  status: ReturnStatus
  method: ReturnMethod
  channel_id: string
  channel_kind: string
  channel_name: string
  channel_code: string
  receiving_location_id: string | null
  total: number
  currency: string
  created_at: string | Date
}

/** The customer's latest returns from every channel, her return count and what was refunded (per currency); two queries. */
export async function summariseCustomerReturns(
  tx: Tx,
  input: { customerId: string; limit: number },
): Promise<{ recent: ReturnSummary[]; count: number; refunded: { amount: number; currency: string }[] }> {
  // Relies on returns_customer_idx (customer_id, id); ids are time-ordered, so newest first.
  const recent = await tx.execute(sql`
    select r.id, r.number, r.order_id, r.status, r.method, r.channel_id, c.kind as channel_kind, c.name as channel_name, c.code as channel_code,
      r.receiving_location_id, r.total, r.currency, r.created_at
    from returns r join channels c on c.id = r.channel_id
    where r.customer_id = ${input.customerId}
    order by r.id desc
    limit ${input.limit}`)
  const stats = rowsOf<{ currency: string; count: number; refunded: string }>(
    await tx.execute(sql`
      select currency, count(*)::int as count, coalesce(sum(total) filter (where status = 'refunded'), 0)::bigint::text as refunded
      from returns where customer_id = ${input.customerId} group by currency order by currency`),
  )
  return {
    recent: rowsOf<SummaryRow>(recent).map((r) => ({
      id: r.id,
      number: Number(r.number),
      orderId: r.order_id,
      status: r.status,
      method: r.method,
      channelId: r.channel_id,
      channel: { id: r.channel_id, code: r.channel_code, name: r.channel_name, kind: r.channel_kind },
      receivingLocationId: r.receiving_location_id,
      total: { amount: Number(r.total), currency: r.currency },
      createdAt: new Date(r.created_at).toISOString(),
    })),
    count: stats.reduce((sum, r) => sum + Number(r.count), 0),
    refunded: stats.map((r) => ({ amount: Number(r.refunded), currency: r.currency })),
  }
}
