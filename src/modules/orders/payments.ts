/**
 * Payments of an order: tenders taken at checkout or at the till, captures when goods leave, voids and refunds.
 * Amount counters move only through guarded UPDATEs (captured ≤ amount, refunded ≤ captured, also CHECKs); each
 * provider call is logged in payment_operations under an idempotency key derived from the request, so a retried
 * request never charges twice.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { actorRefOf, canActAt, type Actor, type ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { spendGiftCard, spendStoreCredit, type ProvenGiftCardPins } from '../credit/service.js'
import { invalidCard, paymentDeclined, paymentMismatch, paymentNotAllowed } from './errors.js'
import { ORDER_EVENTS } from './events.js'
import { orderScope, type OrderRow } from './lifecycle.js'
import { isLuhnValid, type CardDetails, type CardProvider } from './payment-providers.js'
import { paymentOperations, payments } from './schema.js'

export type PaymentRow = typeof payments.$inferSelect

export type PaymentRequest =
  | { method: 'card'; amount?: number; card: CardDetails }
  | { method: 'cash'; amount?: number; tendered: number }
  | { method: 'card_terminal'; amount?: number; terminalReference: string }
  | { method: 'store_credit'; amount?: number }
  | { method: 'gift_card'; amount?: number; code: string; pin: string }
  /** The value of goods handed back in an exchange; built by the returns module, never accepted over HTTP. */
  | { method: 'exchange'; amount: number; returnId: string }

export interface TenderContext {
  actor: Actor | null
  /** The store of a till channel: cash and terminal payments are taken only there, by its staff. */
  tillLocationId: string | null
  provider: CardProvider
  /** Unique per request; provider calls derive their idempotency keys from it. */
  operationKey: string
  /** Goods change hands now (a till sale, a collection): every tender must be settled on the spot. */
  atCounter?: boolean
  /** Gift card PINs the route's admission proved for this request: not hashed again under the request's locks. */
  provenGiftCardPins?: ProvenGiftCardPins
}

/**
 * True when the actor is staff serving this store's till: only they take cash or a terminal payment, sell from the
 * shelf (`in_store`) or hand goods over without a contact. A shopper's device on a cart a seller claimed is not.
 */
export function isStaffAtTill(actor: Actor | null, tillLocationId: string | null): boolean {
  return actor?.kind === 'staff' && tillLocationId !== null && canActAt(actor, tillLocationId)
}

/** Amounts per tender: a lone tender without an amount pays everything due; several must add up exactly. */
export function splitTenders(requests: readonly PaymentRequest[], due: number): number[] {
  const amounts = requests.map((r) => r.amount ?? (requests.length === 1 ? due : -1))
  const missing = amounts.findIndex((a) => a < 0)
  if (missing >= 0) throw paymentMismatch(due, 0)
  const offered = amounts.reduce((sum, a) => sum + a, 0)
  if (offered !== due) throw paymentMismatch(due, offered)
  return amounts
}

async function logOperation(tx: Tx, input: { paymentId: string; kind: 'authorize' | 'capture' | 'refund' | 'void'; amount: number; outcome: 'succeeded' | 'failed' | 'requires_action'; reference?: string | null; key: string; reason?: string }) {
  await tx.insert(paymentOperations).values({ id: newId('pop'), paymentId: input.paymentId, kind: input.kind, amount: input.amount, outcome: input.outcome, providerReference: input.reference ?? null, idempotencyKey: input.key, reason: input.reason ?? null })
}

/**
 * Takes the tenders of a new order. A declined card throws (402), which rolls the whole checkout back: no order, no
 * stock held. Cash and terminal tenders are captured at once; a card is authorised (captured when goods leave) or
 * waits for 3-D Secure. Returns the payment rows.
 */
export async function takeTenders(tx: Tx, input: { order: OrderRow; requests: readonly PaymentRequest[]; context: TenderContext }): Promise<PaymentRow[]> {
  const { order, context } = input
  const amounts = splitTenders(input.requests, order.total)
  const rows: PaymentRow[] = []
  for (const [index, request] of input.requests.entries()) {
    const amount = amounts[index] ?? 0
    const field = `/body/payments/${index}`
    const key = `${context.operationKey}:tender:${index}`
    const staffAtTill = isStaffAtTill(context.actor, context.tillLocationId)
    const tillOnly = request.method === 'cash' || request.method === 'card_terminal'
    if (tillOnly && !staffAtTill) throw paymentNotAllowed(`${request.method} is taken at a store till by its staff.`, `${field}/method`)
    // A payment row is never 0 (CHECK): a tender with nothing to pay is refused here, an order of 0 takes no tender.
    if (amount <= 0) throw paymentNotAllowed('This tender has nothing to pay: leave it out.', request.amount === undefined ? `${field}/method` : `${field}/amount`)
    const base = { id: newId('pay'), orderId: order.id, method: request.method, amount, currency: order.currency, takenAtLocationId: staffAtTill ? context.tillLocationId : null, takenByStaffId: context.actor?.kind === 'staff' ? context.actor.id : null }
    if (request.method === 'cash') {
      if (request.tendered < amount) throw paymentNotAllowed(`The cash tendered (${request.tendered}) is less than the amount (${amount}).`, `${field}/tendered`)
      rows.push(await insertPayment(tx, { ...base, provider: 'cash', status: 'captured', capturedAmount: amount, tenderedAmount: request.tendered }, key))
    } else if (request.method === 'card_terminal') {
      rows.push(await insertPayment(tx, { ...base, provider: 'terminal', providerReference: request.terminalReference, status: 'captured', capturedAmount: amount }, key))
    } else if (request.method === 'store_credit') {
      if (!order.customerId) throw paymentNotAllowed('Store credit belongs to a customer: identify the customer first.', `${field}/method`)
      // A device (a kiosk that claimed her cart by its code) is not her: she spends it signed in, or at a till.
      if (context.actor?.kind === 'device') throw paymentNotAllowed('Store credit is spent by the customer signed in, or by staff at a till.', `${field}/method`)
      await spendStoreCredit(tx, { customerId: order.customerId, amount, orderId: order.id, actor: actorRefOf(context.actor), field })
      rows.push(await insertPayment(tx, { ...base, provider: 'store_credit', status: 'captured', capturedAmount: amount }, key))
    } else if (request.method === 'gift_card') {
      // PIN first (with its failure count), then one guarded debit; the card's id is the payment's reference for refunds.
      const spent = await spendGiftCard(tx, { code: request.code, pin: request.pin, amount, currency: order.currency, orderId: order.id, paymentId: base.id, actor: actorRefOf(context.actor), field, proven: context.provenGiftCardPins })
      rows.push(await insertPayment(tx, { ...base, provider: 'gift_card', providerReference: spent.giftCardId, status: 'captured', capturedAmount: amount }, key))
    } else if (request.method === 'exchange') {
      rows.push(await insertPayment(tx, { ...base, provider: 'exchange', providerReference: request.returnId, status: 'captured', capturedAmount: amount }, key))
    } else {
      if (!isLuhnValid(request.card.number)) throw invalidCard(`${field}/card/number`)
      const outcome = await context.provider.authorize({ card: request.card, amount, currency: order.currency, idempotencyKey: key })
      if (outcome.status === 'declined') throw paymentDeclined(outcome.reason, field)
      // Nobody can pass a 3-D Secure challenge at a counter: goods handed over there must be paid there and then.
      if (outcome.status === 'requires_action' && context.atCounter) throw paymentNotAllowed('This card needs 3-D Secure, which cannot be completed at a counter: use the card terminal.', field)
      const status = outcome.status === 'authorized' ? 'authorized' : 'requires_action'
      rows.push(await insertPayment(tx, { ...base, provider: context.provider.name, providerReference: outcome.reference, status, cardBrand: outcome.brand, cardLast4: outcome.last4 }, key))
    }
  }
  for (const row of rows) {
    if (row.status !== 'requires_action') await emit(tx, ORDER_EVENTS.paymentAuthorized, { orderId: order.id, paymentId: row.id, method: row.method, amount: row.amount, status: row.status }, orderScope(order))
  }
  return rows
}

async function insertPayment(tx: Tx, values: typeof payments.$inferInsert, key: string): Promise<PaymentRow> {
  const [row] = await tx.insert(payments).values(values).returning()
  if (!row) throw new Error('payment insert returned nothing')
  const outcome = row.status === 'requires_action' ? 'requires_action' : 'succeeded'
  await logOperation(tx, { paymentId: row.id, kind: 'authorize', amount: row.amount, outcome, reference: row.providerReference, key })
  return row
}

/** Completes a 3-D Secure payment with the acquirer's verdict: authorised, or declined (the order then expires with its hold). */
export async function confirmTender(tx: Tx, input: { order: OrderRow; payment: PaymentRow; provider: CardProvider; operationKey: string }): Promise<PaymentRow> {
  const { payment } = input
  if (payment.status !== 'requires_action') throw paymentNotAllowed(`Payment ${payment.id} is ${payment.status}; only a payment awaiting 3-D Secure can be confirmed.`, '/params/paymentId')
  const outcome = await input.provider.confirm({ reference: payment.providerReference ?? '', idempotencyKey: `${input.operationKey}:confirm` })
  const status = outcome.status === 'succeeded' ? 'authorized' : 'declined'
  const [row] = await tx.update(payments).set({ status, updatedAt: sql`now()` }).where(and(eq(payments.id, payment.id), eq(payments.status, 'requires_action'))).returning()
  if (!row) throw paymentNotAllowed(`Payment ${payment.id} changed meanwhile.`, '/params/paymentId')
  await logOperation(tx, { paymentId: row.id, kind: 'authorize', amount: row.amount, outcome: outcome.status === 'succeeded' ? 'succeeded' : 'failed', reference: row.providerReference, key: `${input.operationKey}:confirm`, reason: outcome.status === 'failed' ? outcome.reason : undefined })
  if (status === 'authorized') await emit(tx, ORDER_EVENTS.paymentAuthorized, { orderId: row.orderId, paymentId: row.id, method: row.method, amount: row.amount, status }, orderScope(input.order))
  else await emit(tx, ORDER_EVENTS.paymentFailed, { orderId: row.orderId, paymentId: row.id, reason: outcome.status === 'failed' ? outcome.reason : 'declined' }, orderScope(input.order))
  return row
}

/** Captures up to `amount` from the order's authorised card payments (oldest first); returns what was captured. */
export async function captureTenders(tx: Tx, input: { order: OrderRow; amount: number; provider: CardProvider; operationKey: string; actor: ActorRef }): Promise<number> {
  let remaining = input.amount
  const open = await tx.select().from(payments).where(and(eq(payments.orderId, input.order.id), inArray(payments.status, ['authorized', 'captured']))).orderBy(asc(payments.createdAt), asc(payments.id))
  for (const payment of open) {
    const capturable = payment.amount - payment.capturedAmount
    const take = Math.min(remaining, capturable)
    // Only a card is authorised first and captured later; every other tender was captured when taken.
    if (take <= 0 || payment.method !== 'card') continue
    const key = `${input.operationKey}:capture:${payment.id}`
    const outcome = await input.provider.capture({ reference: payment.providerReference ?? '', amount: take, idempotencyKey: key })
    if (outcome.status === 'failed') throw paymentNotAllowed(`The capture of ${payment.id} failed: ${outcome.reason}.`, '/body')
    const [row] = await tx
      .update(payments)
      .set({ capturedAmount: sql`${payments.capturedAmount} + ${take}`, status: 'captured', updatedAt: sql`now()` })
      .where(and(eq(payments.id, payment.id), sql`${payments.capturedAmount} + ${take} <= ${payments.amount}`))
      .returning()
    if (!row) continue
    await logOperation(tx, { paymentId: row.id, kind: 'capture', amount: take, outcome: 'succeeded', reference: outcome.reference, key })
    await emit(tx, ORDER_EVENTS.paymentCaptured, { orderId: row.orderId, paymentId: row.id, amount: take }, orderScope(input.order))
    remaining -= take
    if (remaining === 0) break
  }
  return input.amount - remaining
}

/** Voids what was authorised but not captured, on every card payment of the order (cancellations). */
export async function voidUncaptured(tx: Tx, input: { order: OrderRow; provider: CardProvider; operationKey: string }): Promise<void> {
  const open = await tx.select().from(payments).where(and(eq(payments.orderId, input.order.id), inArray(payments.status, ['authorized', 'requires_action'])))
  for (const payment of open) {
    const key = `${input.operationKey}:void:${payment.id}`
    await input.provider.void({ reference: payment.providerReference ?? '', idempotencyKey: key })
    const [row] = await tx.update(payments).set({ status: 'voided', updatedAt: sql`now()` }).where(and(eq(payments.id, payment.id), eq(payments.capturedAmount, 0), inArray(payments.status, ['authorized', 'requires_action']))).returning()
    if (!row) continue
    await logOperation(tx, { paymentId: row.id, kind: 'void', amount: row.amount, outcome: 'succeeded', key })
    await emit(tx, ORDER_EVENTS.paymentVoided, { orderId: row.orderId, paymentId: row.id }, orderScope(input.order))
  }
}

/**
 * Releases what a card authorised beyond what was captured, once nothing of the order remains to capture (the rest
 * was cancelled after a first shipment): the shopper's bank frees the remainder now rather than when it lapses.
 */
export async function releaseUncapturedRemainder(tx: Tx, input: { order: OrderRow; provider: CardProvider; operationKey: string }): Promise<void> {
  const partial = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.orderId, input.order.id),
        eq(payments.method, 'card'),
        sql`${payments.capturedAmount} > 0 and ${payments.capturedAmount} < ${payments.amount}`,
        sql`not exists (select 1 from payment_operations o where o.payment_id = ${payments.id} and o.kind = 'void')`,
      ),
    )
  for (const payment of partial) {
    const key = `${input.operationKey}:release:${payment.id}`
    const remainder = payment.amount - payment.capturedAmount
    await input.provider.void({ reference: payment.providerReference ?? '', idempotencyKey: key })
    await logOperation(tx, { paymentId: payment.id, kind: 'void', amount: remainder, outcome: 'succeeded', key, reason: 'uncaptured_remainder' })
    await emit(tx, ORDER_EVENTS.paymentVoided, { orderId: payment.orderId, paymentId: payment.id, amount: remainder }, orderScope(input.order))
  }
}

/** The order's payments, oldest first. */
export async function listPayments(tx: Tx, orderIds: readonly string[]): Promise<PaymentRow[]> {
  if (orderIds.length === 0) return []
  return tx.select().from(payments).where(inArray(payments.orderId, [...orderIds])).orderBy(asc(payments.createdAt), asc(payments.id))
}
