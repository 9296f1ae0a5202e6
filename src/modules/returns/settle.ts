/**
 * The two steps every return ends with, whether the goods come over a counter or in a parcel: taking the goods back
 * (counted on the order through its guarded update, resellable units back on the receiving location's shelf) and
 * settling the money (an exchange order, then a refund of the rest by the chosen method, then the `returnRefunded`
 * hook in the same transaction).
 */
import { and, eq, ne, sql } from 'drizzle-orm'
import { actorRefOf, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { defineHook } from '../../platform/hooks.js'
import { grantStoreCredit } from '../credit/service.js'
import { returnStock } from '../inventory/service.js'
import type { RefundedReturn } from '../loyalty/service.js'
import { isOrderFullyReturned, orderGoodsPaid, recordReturnedUnits, refundOrderPayments } from '../orders/service.js'
import type { ReturnContext } from './context.js'
import { storeCreditNeedsCustomer } from './errors.js'
import { runExchange, type ExchangeInput } from './exchange.js'
import { transitionReturn, type ReturnRow } from './lifecycle.js'
import { returnLines, returns, type ItemCondition, type ReturnRefund } from './schema.js'

export type ReturnLineRow = typeof returnLines.$inferSelect

export interface ReturnRefunded {
  /** The return as it is now, refunded. */
  row: ReturnRow
}

/**
 * Run when a return is refunded (settleReturn), after its move to refunded: what other modules do in the same
 * transaction — promotions give back the uses of an order whose every unit has come back, loyalty takes back the
 * points of the goods returned (src/module-hooks.ts; the rules that decide them, promotionsReleasableOnRefund and
 * pointsReversalOf, are below).
 */
export const returnRefunded = defineHook<ReturnRefunded>('returns.refunded')

/**
 * Whether a refunded return gives the order's promotion and coupon uses back: once every unit of the order is
 * returned and no return of it still awaits its refund (the release rule, promotions/service.ts). The awaiting
 * return is looked for first, so a fully returned order with a refund pending is never counted.
 */
export async function promotionsReleasableOnRefund(tx: Tx, row: Pick<ReturnRow, 'orderId'>): Promise<boolean> {
  return !(await hasReturnAwaitingRefund(tx, row.orderId)) && (await isOrderFullyReturned(tx, row.orderId))
}

/**
 * What loyalty takes back for a refunded return (reverseReturnPoints' input): the points of everything refunded so
 * far, less what the order's earlier returns took. Null for a return without a customer: no points to take back.
 */
export async function pointsReversalOf(tx: Tx, row: ReturnRow): Promise<RefundedReturn | null> {
  if (!row.customerId) return null
  return {
    returnId: row.id,
    orderId: row.orderId,
    customerId: row.customerId,
    channelId: row.channelId,
    goodsRefunded: row.goodsTotal,
    goodsRefundedBefore: await goodsRefundedBefore(tx, row),
    goodsPaid: await orderGoodsPaid(tx, row.orderId),
  }
}

/** True while a return of the order has been received and awaits its refund (returns_order_idx). */
async function hasReturnAwaitingRefund(tx: Tx, orderId: string): Promise<boolean> {
  const awaitingRefund = await tx.select({ id: returns.id }).from(returns).where(and(eq(returns.orderId, orderId), eq(returns.status, 'received'))).limit(1)
  return awaitingRefund.length > 0
}

/** The goods (minor units, as paid) the order's other refunded returns gave back before this one (returns_order_idx). */
async function goodsRefundedBefore(tx: Tx, row: Pick<ReturnRow, 'id' | 'orderId'>): Promise<number> {
  const [before] = await tx
    .select({ goods: sql<number>`coalesce(sum(${returns.goodsTotal}), 0)::bigint`.mapWith(Number) })
    .from(returns)
    .where(and(eq(returns.orderId, row.orderId), eq(returns.status, 'refunded'), ne(returns.id, row.id)))
  return Number(before?.goods ?? 0)
}

/**
 * Counts the units as returned on the order (409 return-exceeds-purchase past what was handed over, whatever the
 * concurrency), puts resellable units back on hand at `locationId` (ledger kind `return`) and leaves damaged ones
 * out of stock. Returns the lines with their condition and restocked flag.
 */
export async function takeGoodsBack(
  tx: Tx,
  input: { row: ReturnRow; lines: ReturnLineRow[]; conditions: Map<string, ItemCondition>; locationId: string; actor: Actor },
): Promise<ReturnLineRow[]> {
  const { row } = input
  await recordReturnedUnits(tx, { orderId: row.orderId, lines: input.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity })) })
  const who = actorRefOf(input.actor)
  const done: ReturnLineRow[] = []
  for (const line of input.lines) {
    const condition = input.conditions.get(line.id) ?? line.condition ?? 'resellable'
    const restocked = condition === 'resellable'
    if (restocked)
      await returnStock(tx, {
        variantId: line.variantId,
        locationId: input.locationId,
        quantity: line.quantity,
        orderId: row.orderId,
        reason: `return ${row.number}: ${line.reason}`,
        actor: who,
      })
    const [updated] = await tx.update(returnLines).set({ condition, restocked }).where(eq(returnLines.id, line.id)).returning()
    if (updated) done.push(updated)
  }
  return done
}

/**
 * Settles a received return: places the exchange order when there is one, then gives back the rest of what the
 * return is worth — to the order's tenders, newest first (cash at this till when `tillLocationId` is a store), or
 * as store credit — and moves the return to refunded with what each tender gave back.
 */
export async function settleReturn(
  tx: Tx,
  input: { row: ReturnRow; actor: Actor; tillLocationId: string | null; exchange?: { input: ExchangeInput; channelId: string }; context: ReturnContext },
): Promise<ReturnRow> {
  const { row, context } = input
  let exchangeAmount = 0
  let exchangeOrderId: string | null = null
  if (input.exchange) {
    const placed = await runExchange(tx, {
      returnId: row.id,
      returnTotal: row.total,
      customerId: row.customerId,
      channelId: input.exchange.channelId,
      actor: input.actor,
      exchange: input.exchange.input,
      context,
    })
    exchangeAmount = placed.exchangeAmount
    exchangeOrderId = placed.orderId
  }
  const toRefund = row.total - exchangeAmount
  let refunds: ReturnRefund[] = []
  if (toRefund > 0 && row.refundMethod === 'store_credit') {
    if (!row.customerId) throw storeCreditNeedsCustomer()
    await grantStoreCredit(tx, {
      customerId: row.customerId,
      amount: toRefund,
      reason: exchangeOrderId ? 'exchange' : 'refund',
      orderId: row.orderId,
      returnId: row.id,
      actor: actorRefOf(input.actor),
    })
    refunds = [{ paymentId: null, method: 'store_credit', amount: toRefund }]
  } else if (toRefund > 0) {
    refunds = await refundOrderPayments(tx, {
      orderId: row.orderId,
      amount: toRefund,
      actor: input.actor,
      tillLocationId: input.tillLocationId,
      operationKey: `${context.operationKey}:return:${row.id}`,
      provider: context.provider,
    })
  }
  const refunded = await transitionReturn(tx, {
    row,
    to: 'refunded',
    actor: actorRefOf(input.actor),
    set: { refundedAmount: toRefund, exchangeAmount, exchangeOrderId, refunds, refundedAt: new Date() },
    payload: { refundMethod: row.refundMethod, refundedAmount: toRefund, exchangeAmount, exchangeOrderId, currency: row.currency, refunds },
  })
  await returnRefunded.run(tx, { row: refunded })
  return refunded
}
