/**
 * Opening a return. Who asks decides how: store staff with the goods in hand take it `in_store` (received, restocked
 * and refunded at once, or exchanged); the call centre opens a `phone` RMA; the customer a self-service `mail` RMA.
 * The order stays locked throughout (loadOrderForReturn), so two returns of one order are decided one after the other.
 */
import { sql } from 'drizzle-orm'
import { actorRefOf, can, canActAt, forbidden, isStoreStaff, unauthenticated, type Actor } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { notFound } from '../../platform/problems.js'
import { listChannels, type ChannelKind } from '../channels/service.js'
import { findLocation } from '../locations/service.js'
import { loadOrderForReturn, type ReturnableOrder } from '../orders/service.js'
import type { ReturnContext } from './context.js'
import * as errors from './errors.js'
import type { ExchangeInput } from './exchange.js'
import { recordCreated, type ReturnRow } from './lifecycle.js'
import { quoteRefund, returnWindow, type RefundQuote } from './policies.js'
import { windowDaysFor } from './return-policies.js'
import { returnLines, returns, type ItemCondition, type RefundMethod, type ReturnMethod, type ReturnReason } from './schema.js'
import { settleReturn, takeGoodsBack } from './settle.js'
import { loadReturnView, type ReturnView } from './views.js'

export interface ReturnLineInput {
  orderLineId: string
  quantity: number
  reason: ReturnReason
  reasonNote?: string
  /** In store only: the state of the units handed in (resellable when left out). */
  condition?: ItemCondition
}

export interface CreateReturnInput {
  orderId: string
  actor: Actor | null
  lines: ReturnLineInput[]
  refundMethod?: RefundMethod
  /** Staff at a counter: the store where the goods are handed in. */
  locationId?: string
  overrideWindow?: boolean
  overrideNote?: string
  note?: string
  exchange?: ExchangeInput
  context: ReturnContext
}

interface Intake {
  method: ReturnMethod
  /** The counter's store (in_store). */
  locationId: string | null
  /** Where the return is recorded; null for mail, which uses the order's own channel. */
  channelId: string | null
}

async function firstActiveChannel(tx: Tx, kind: ChannelKind, locationId?: string): Promise<string> {
  const page = await listChannels(tx, { kind, locationId, limit: 50 })
  const channel = page.items.find((c) => c.active)
  if (!channel) throw errors.noChannelFor(locationId ? `store channel for ${locationId}` : kind)
  return channel.id
}

/** How this caller takes a return: in store with goods in hand, by phone, or by mail. */
async function intakeOf(tx: Tx, actor: Actor, input: CreateReturnInput): Promise<Intake> {
  if (actor.kind === 'customer' || actor.kind === 'device') {
    if (input.locationId) throw errors.invalidReceivingLocation(input.locationId, 'goods are handed in at a store by its staff; send the parcel instead.')
    if (input.exchange) throw errors.exchangeNeedsGoodsInHand()
    if (input.overrideWindow) throw errors.overrideNotAllowed()
    return { method: 'mail', locationId: null, channelId: null }
  }
  if (!can(actor, 'returns:manage')) throw forbidden('returns:manage')
  if (input.locationId) {
    if (!canActAt(actor, input.locationId)) throw notFound('Location', input.locationId, '/body/locationId')
    const location = await findLocation(tx, input.locationId)
    if (location?.kind !== 'store' || !location.active) throw errors.invalidReceivingLocation(input.locationId, 'goods are handed in at an active store.')
    return { method: 'in_store', locationId: location.id, channelId: await firstActiveChannel(tx, 'store', location.id) }
  }
  if (isStoreStaff(actor)) throw errors.receivingLocationRequired()
  if (input.exchange) throw errors.exchangeNeedsGoodsInHand()
  return { method: 'phone', locationId: null, channelId: await firstActiveChannel(tx, 'phone') }
}

/** Units of each order line claimed by returns still waiting for their parcel. */
async function openClaims(tx: Tx, orderId: string): Promise<Map<string, number>> {
  const result = await tx.execute(sql`
    select rl.order_line_id, sum(rl.quantity)::int as quantity
    from return_lines rl join returns r on r.id = rl.return_id
    where r.order_id = ${orderId} and r.status = 'requested'
    group by rl.order_line_id`)
  return new Map(rowsOf<{ order_line_id: string; quantity: number }>(result).map((r) => [r.order_line_id, Number(r.quantity)]))
}

/** Every line names a line of this order once, and no more units than were handed over and not yet returned or claimed. */
async function checkLines(tx: Tx, order: ReturnableOrder, lines: ReturnLineInput[]): Promise<void> {
  if (lines.length === 0) throw errors.nothingToReturn()
  const claims = await openClaims(tx, order.orderId)
  const seen = new Set<string>()
  for (const [index, line] of lines.entries()) {
    const orderLine = order.lines.find((l) => l.orderLineId === line.orderLineId)
    if (!orderLine) throw errors.unknownOrderLine(line.orderLineId, `/body/lines/${index}/orderLineId`)
    if (seen.has(line.orderLineId)) throw errors.duplicateOrderLine(line.orderLineId, `/body/lines/${index}/orderLineId`)
    seen.add(line.orderLineId)
    const returnable = Math.max(0, orderLine.returnableQuantity - (claims.get(line.orderLineId) ?? 0))
    if (line.quantity > returnable) throw errors.returnExceedsPurchase(line.orderLineId, returnable, `/body/lines/${index}/quantity`)
  }
}

/** 409 return-window-closed outside the channel's window, unless staff override it (with a note, recorded). */
async function checkWindow(tx: Tx, order: ReturnableOrder, input: CreateReturnInput): Promise<boolean> {
  if (input.overrideWindow && !input.overrideNote) throw errors.overrideNoteRequired()
  const windowDays = await windowDaysFor(tx, order.channelId)
  const window = returnWindow({ fulfilledAt: order.fulfilledAt, placedAt: order.placedAt, windowDays, now: new Date() })
  if (window.open) return false
  if (!input.overrideWindow) throw errors.returnWindowClosed(window.deadline, windowDays)
  return true
}

function quoteOf(order: ReturnableOrder, lines: readonly { orderLineId: string; quantity: number }[], shippingVatRate: number): RefundQuote {
  return quoteRefund({ lines: order.lines, returning: lines, shippingTotal: order.shippingTotal, shippingVatRate })
}

/** Opens a return of an order (see the file header for who gets which kind); answers the return as it stands. */
export async function createReturn(tx: Tx, input: CreateReturnInput): Promise<ReturnView> {
  const { actor } = input
  if (!actor) throw unauthenticated()
  const intake = await intakeOf(tx, actor, input)
  const order = await loadOrderForReturn(tx, { orderId: input.orderId, actor })
  await checkLines(tx, order, input.lines)
  const overridden = await checkWindow(tx, order, input)
  const refundMethod = input.refundMethod ?? 'original_payment'
  if (refundMethod === 'store_credit' && !order.customerId) throw errors.storeCreditNeedsCustomer()
  const quote = quoteOf(order, input.lines, input.context.policy.shippingVatRate)
  const [seq] = rowsOf<{ number: string | number }>(await tx.execute(sql`select nextval('return_number_seq') as number`))
  const number = Number(seq?.number)
  const inStore = intake.method === 'in_store'
  const staffId = actor.kind === 'staff' ? actor.id : null
  const [row] = await tx
    .insert(returns)
    .values({
      id: newId('ret'),
      number,
      orderId: order.orderId,
      customerId: order.customerId,
      channelId: intake.channelId ?? order.channelId,
      receivingLocationId: intake.locationId,
      method: intake.method,
      status: inStore ? 'received' : 'requested',
      refundMethod,
      currency: order.currency,
      goodsTotal: quote.goodsTotal,
      shippingRefund: quote.shippingRefund,
      total: quote.total,
      vatBreakdown: quote.vat,
      labelReference: inStore ? null : `RMA-${number}`,
      windowOverridden: overridden,
      overrideNote: overridden ? (input.overrideNote ?? null) : null,
      note: input.note ?? null,
      takenByStaffId: staffId,
      receivedByStaffId: inStore ? staffId : null,
      receivedAt: inStore ? new Date() : null,
      actorKind: actor.kind,
      actorId: actor.id,
    })
    .returning()
  if (!row) throw new Error('return insert returned nothing')
  const byLine = new Map(order.lines.map((l) => [l.orderLineId, l]))
  let lines = await tx
    .insert(returnLines)
    .values(
      input.lines.map((l) => {
        const orderLine = byLine.get(l.orderLineId)
        return {
          id: newId('rtl'),
          returnId: row.id,
          orderLineId: l.orderLineId,
          variantId: orderLine?.variantId ?? '',
          sku: orderLine?.sku ?? '',
          quantity: l.quantity,
          reason: l.reason,
          reasonNote: l.reasonNote ?? null,
          condition: inStore ? (l.condition ?? 'resellable') : null,
          unitRefund: orderLine?.unitPrice ?? 0,
          refundAmount: quote.lines.find((q) => q.orderLineId === l.orderLineId)?.amount ?? 0,
          vatRate: orderLine?.vatRate ?? 0,
        }
      }),
    )
    .returning()
  if (inStore && intake.locationId) lines = await takeGoodsBack(tx, { row, lines, conditions: new Map(), locationId: intake.locationId, actor })
  await recordCreated(tx, { row, actor: actorRefOf(actor), payload: createdPayload(row, lines) })
  const settled = inStore
    ? await settleReturn(tx, {
        row,
        actor,
        tillLocationId: intake.locationId,
        exchange: input.exchange && intake.channelId ? { input: input.exchange, channelId: intake.channelId } : undefined,
        context: input.context,
      })
    : row
  return loadReturnView(tx, settled)
}

function createdPayload(row: ReturnRow, lines: (typeof returnLines.$inferSelect)[]): Record<string, unknown> {
  return {
    channelId: row.channelId,
    receivingLocationId: row.receivingLocationId,
    total: row.total,
    currency: row.currency,
    labelReference: row.labelReference,
    lines: lines.map((l) => ({
      orderLineId: l.orderLineId,
      variantId: l.variantId,
      quantity: l.quantity,
      reason: l.reason,
      condition: l.condition,
      restocked: l.restocked,
    })),
  }
}
