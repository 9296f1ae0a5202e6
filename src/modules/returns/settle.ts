/**
 * The two steps every return ends with, whether the goods come over a counter or in a parcel: taking the goods back
 * (counted on the order through its guarded update, resellable units back on the receiving location's shelf) and
 * settling the money (an exchange order, then a refund of the rest by the chosen method).
 */
import { eq } from 'drizzle-orm'
import { actorRefOf, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { grantStoreCredit } from '../credit/service.js'
import { returnStock } from '../inventory/service.js'
import { recordReturnedUnits, refundOrderPayments, type CardProvider, type CheckoutPolicy } from '../orders/service.js'
import { storeCreditNeedsCustomer } from './errors.js'
import { runExchange, type ExchangeInput } from './exchange.js'
import { transitionReturn, type ReturnRow } from './lifecycle.js'
import { afterReturnRefunded } from './settle-hooks.js'
import { returnLines, type ItemCondition, type ReturnRefund } from './schema.js'

export type ReturnLineRow = typeof returnLines.$inferSelect

export interface ReturnContext {
  provider: CardProvider
  policy: CheckoutPolicy
  /** Unique per request (derived from the Idempotency-Key when there is one): refunds and exchange derive their keys from it. */
  operationKey: string
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
  await afterReturnRefunded(tx, { row: refunded })
  return refunded
}
