/**
 * Refunds: giving money back for returned goods or a cancelled order, tender by tender, newest first. The refunded
 * counter moves through a guarded UPDATE (refunded ≤ captured, also a CHECK), each provider call is logged under an
 * idempotency key derived from the request, and each refund is an event.
 */
import { and, desc, eq, sql } from 'drizzle-orm'
import { actorRefOf, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { DomainError } from '../../platform/problems.js'
import { creditGiftCard, giftCardAcceptsCredit, grantStoreCredit } from '../credit/service.js'
import { orderNotFound } from './errors.js'
import { ORDER_EVENTS } from './events.js'
import { orderScope } from './lifecycle.js'
import type { CardProvider } from './payment-providers.js'
import { orders, paymentOperations, payments } from './schema.js'

export interface RefundInput {
  orderId: string
  amount: number
  actor: Actor | null
  /** The till giving the money back: cash is only handed back at a store. */
  tillLocationId: string | null
  operationKey: string
  /** The card acquirer in use (`cardProviderOf(config)`). */
  provider: CardProvider
  /** A cancellation gives back what was spent from a gift card as a reversal rather than a refund (its ledger says so). */
  cause?: 'cancellation'
}

const refundImpossible = (detail: string, data: Record<string, unknown>) => new DomainError({ code: 'refund-not-possible', status: 409, title: 'Refund not possible', detail, data })

/**
 * Refunds `amount` across the order's captured tenders, newest first: a card through its acquirer; a card terminal
 * refunded on the store's terminal and cash handed back, both at a till (elsewhere they become store credit for a
 * known customer); store credit and exchange value granted back as store credit; a gift card credited back (as store
 * credit once it is expired or disabled). Returns what each tender refunded.
 */
export async function refundOrderPayments(tx: Tx, input: RefundInput): Promise<{ paymentId: string; method: string; amount: number }[]> {
  const [order] = await tx.select().from(orders).where(eq(orders.id, input.orderId)).limit(1)
  if (!order) throw orderNotFound(input.orderId)
  const { provider } = input
  const who = actorRefOf(input.actor)
  const captured = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.orderId, order.id), sql`${payments.capturedAmount} > ${payments.refundedAmount}`))
    .orderBy(desc(payments.createdAt), desc(payments.id))
  // The whole plan is checked before the first acquirer call: a refund that cannot complete calls nobody.
  let remaining = input.amount
  const plan: { payment: (typeof captured)[number]; take: number; asCredit: boolean }[] = []
  for (const payment of captured) {
    if (remaining === 0) break
    const take = Math.min(remaining, payment.capturedAmount - payment.refundedAmount)
    // Cash and terminal tenders are given back at a till; away from one (a parcel, a cancellation) they become store credit.
    const atTillOnly = payment.method === 'cash' || payment.method === 'card_terminal'
    // A gift card takes its money back unless it can no longer be spent (expired, disabled): then it becomes store credit.
    const cardUnusable = payment.method === 'gift_card' && !(await giftCardAcceptsCredit(tx, payment.providerReference ?? '', take))
    if (cardUnusable && !order.customerId) throw refundImpossible('The gift card paid with is expired or disabled and the order has no customer to hold store credit: issue a new gift card for this amount.', { paymentId: payment.id, method: payment.method, amount: take })
    const asCredit = payment.method === 'store_credit' || payment.method === 'exchange' || (atTillOnly && input.tillLocationId === null) || cardUnusable
    if (asCredit && !order.customerId) throw refundImpossible('This tender is refunded in cash at a store till or as store credit, and the order has no customer: refund it at a till.', { paymentId: payment.id, method: payment.method })
    plan.push({ payment, take, asCredit })
    remaining -= take
  }
  if (remaining > 0) throw refundImpossible(`Only ${input.amount - remaining} of the ${input.amount} asked for was paid and not yet refunded.`, { refundable: input.amount - remaining, requested: input.amount })
  const done: { paymentId: string; method: string; amount: number }[] = []
  // Local tenders first, the acquirer last: a guarded local write that fails then rolls back before any money moved
  // outside, instead of after an acquirer refund this transaction would forget.
  const localFirst = [...plan.filter((step) => step.payment.method !== 'card'), ...plan.filter((step) => step.payment.method === 'card')]
  for (const { payment, take, asCredit } of localFirst) {
    const key = `${input.operationKey}:refund:${payment.id}`
    let reference: string | null = null
    if (payment.method === 'card') {
      const outcome = await provider.refund({ reference: payment.providerReference ?? '', amount: take, idempotencyKey: key })
      if (outcome.status === 'failed') throw refundImpossible(`The acquirer refused the refund: ${outcome.reason}.`, { paymentId: payment.id })
      reference = outcome.reference
    } else if (payment.method === 'gift_card' && !asCredit) {
      const reason = input.cause === 'cancellation' ? 'spend_reversal' : 'refund'
      const credited = await creditGiftCard(tx, { giftCardId: payment.providerReference ?? '', amount: take, reason, orderId: order.id, paymentId: payment.id, actor: who })
      if (!credited) throw refundImpossible(`The gift card of payment ${payment.id} changed meanwhile; try again.`, { paymentId: payment.id })
    } else if (asCredit && order.customerId) {
      await grantStoreCredit(tx, { customerId: order.customerId, amount: take, reason: 'refund', orderId: order.id, actor: who })
    }
    const [row] = await tx
      .update(payments)
      .set({
        refundedAmount: sql`${payments.refundedAmount} + ${take}`,
        status: sql`case when ${payments.refundedAmount} + ${take} = ${payments.capturedAmount} then 'refunded' else 'partially_refunded' end`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(payments.id, payment.id), sql`${payments.refundedAmount} + ${take} <= ${payments.capturedAmount}`))
      .returning()
    if (!row) throw refundImpossible(`Payment ${payment.id} changed meanwhile; try again.`, { paymentId: payment.id })
    await tx.insert(paymentOperations).values({ id: newId('pop'), paymentId: row.id, kind: 'refund', amount: take, outcome: 'succeeded', providerReference: reference, idempotencyKey: key, reason: asCredit ? 'as_store_credit' : null })
    await emit(tx, ORDER_EVENTS.paymentRefunded, { orderId: order.id, paymentId: row.id, method: row.method, amount: take, asStoreCredit: asCredit }, orderScope(order, input.tillLocationId))
    done.push({ paymentId: row.id, method: asCredit ? 'store_credit' : row.method, amount: take })
  }
  return done
}
