/**
 * An exchange in one operation: the returned goods pay for new items. A cart is opened for the customer on the
 * receiving store's channel and checked out with an `exchange` tender worth the returned goods (up to the new
 * order's cost) plus the customer's own tenders for any difference — in the caller's transaction, so that a declined
 * card or missing stock undoes the return as well.
 */
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import { createCart, priceCartPromotions } from '../carts/service.js'
import { getChannel } from '../channels/service.js'
import { checkoutCart, type FulfilmentRequest, type PaymentRequest } from '../orders/service.js'
import { exchangeDeliveryFee, settleExchange } from './policies.js'
import type { ReturnContext } from './context.js'

export type CustomerTender = Exclude<PaymentRequest, { method: 'exchange' }>

export interface ExchangeInput {
  lines: { variantId: string; quantity: number }[]
  fulfilment: FulfilmentRequest
  /** Tenders for what the new items cost beyond the returned goods. */
  payments?: CustomerTender[]
  /** A guest order's contact for the new order (a customer's comes from their account). */
  contact?: { email?: string; phone?: string; firstName?: string; lastName?: string }
}

const exchangePayments = (detail: string, due: number) =>
  new DomainError({
    code: 'exchange-payment-mismatch',
    status: 400,
    title: 'Exchange payment mismatch',
    detail,
    field: '/body/exchange/payments',
    data: { due },
  })

function customerTenders(payments: CustomerTender[], toPay: number): CustomerTender[] {
  if (toPay === 0) {
    if (payments.length > 0) throw exchangePayments('The returned goods cover the new items: send no payment.', 0)
    return []
  }
  if (payments.length === 0) throw exchangePayments(`The new items cost ${toPay} more than the returned goods: give a payment for it.`, toPay)
  const [only] = payments
  return payments.length === 1 && only && only.amount === undefined ? [{ ...only, amount: toPay }] : payments
}

/** Places the exchange order; returns its id and the part of the returned goods' value it consumed. */
export async function runExchange(
  tx: Tx,
  input: { returnId: string; returnTotal: number; customerId: string | null; channelId: string; actor: Actor; exchange: ExchangeInput; context: ReturnContext },
): Promise<{ orderId: string; exchangeAmount: number }> {
  const { exchange, context } = input
  const cart = await createCart(tx, { actor: input.actor, channelId: input.channelId, customerId: input.customerId, lines: exchange.lines })
  // Priced as checkout will price it: the promotions in force, delivery (when delivered) and its discounts.
  const channel = await getChannel(tx, cart.channelId)
  const priced = await priceCartPromotions(tx, {
    cartId: cart.id,
    channel,
    customerId: cart.customerId,
    currency: cart.currency,
    lines: cart.lines.map((line) => ({ variantId: line.variantId, productId: line.productId, quantity: line.quantity, unitPrice: line.unitPrice.amount, vatRate: line.vatRate })),
    shippingFee: exchangeDeliveryFee({ fulfilment: exchange.fulfilment, shippingFee: context.policy.shippingFee }),
    shippingVatRate: context.policy.shippingVatRate,
    now: new Date(),
  })
  const due = priced.evaluation.totals.total
  const { exchangeTender, toPay } = settleExchange({ returnTotal: input.returnTotal, newOrderTotal: due })
  const tenders: PaymentRequest[] = [
    ...(exchangeTender > 0 ? [{ method: 'exchange' as const, amount: exchangeTender, returnId: input.returnId }] : []),
    ...customerTenders(exchange.payments ?? [], toPay),
  ]
  const order = await checkoutCart(tx, {
    cartId: cart.id,
    actor: input.actor,
    fulfilment: exchange.fulfilment,
    contact: exchange.contact,
    payments: tenders,
    // Checkout recomputes the total; a different figure is refused rather than charged.
    expectedTotal: due,
    note: `Exchange for return ${input.returnId}`,
    policy: context.policy,
    provider: context.provider,
    operationKey: `${context.operationKey}:exchange`,
  })
  return { orderId: order.id, exchangeAmount: exchangeTender }
}
