/**
 * Orders: checkout from any channel, the order book, fulfilments (ship, click-and-collect, reserve-in-store,
 * ship-from-store, endless aisle, sold at the till), payments, routing, attribution and store work queues.
 * Owns `orders`, `order_lines`, `fulfilments`, `fulfilment_lines`, `payments`, `payment_operations`,
 * `order_history` and the `order_number_seq` sequence.
 * Invariants: an order is placed in one transaction with its stock held or sold, its payments taken and its cart
 * closed — or not at all (a declined card leaves nothing behind); one order per cart (unique index); totals equal
 * the sum of their lines plus shipping (CHECK) and VAT is broken down per rate (pricing's rule); order and
 * fulfilment statuses move only along their transition tables (policies.ts) through guarded UPDATEs, each change a
 * history row and an event; captured ≤ authorised and refunded ≤ captured (CHECK, guarded updates); card numbers are
 * never stored; a customer sees only their own orders, store staff only orders touching their stores; at most
 * PICKUP_ATTEMPTS wrong pickup codes are checked per fulfilment before a manager unlocks it (pickup-codes.ts).
 * Events: orders.order_placed, orders.order_status_changed, orders.fulfilment_status_changed,
 * orders.payment_authorized, orders.payment_captured, orders.payment_refunded, orders.payment_voided,
 * orders.payment_failed, orders.pickup_locked, orders.pickup_unlocked.
 * Hooks: orders.status-changed (lifecycle.ts), run in the transaction of every move of an order's status.
 */
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../platform/config.js'
import type { Job } from '../../platform/jobs.js'
import type { CheckoutPolicy } from './checkout.js'
import { expireHeldOrders } from './order-actions.js'
import { testCardProvider, type CardProvider } from './payment-providers.js'
import { STANDARD_VAT_RATE } from '../pricing/service.js'

export { checkoutCart, type CheckoutInput, type CheckoutPolicy } from './checkout.js'
export { moveCustomerOrders, restoreCustomerOrders } from './customer-merge.js'
export { anonymiseCustomerOrders, exportCustomerOrders, hasPlacedOrder, listOrdersInProgress, summariseCustomerOrders, type OrderStats, type OrderSummary } from './customer-data.js'
export type { FulfilmentRequest } from './checkout-plan.js'
export { admitPickupCode, PICKUP_ATTEMPTS, unlockPickup } from './pickup-codes.js'
export { cancelFulfilment, collectFulfilment, confirmDelivery, markReady, shipFulfilment, startPicking, type FulfilmentContext } from './fulfilment-actions.js'
export { orderStatusChanged, type OrderStatusChanged } from './lifecycle.js'
export { cancelOrder, closeOrder, closeOrdersPastWindow, confirmPayment, expireHeldOrders } from './order-actions.js'
export { TEST_CARDS, testCardProvider, type CardProvider } from './payment-providers.js'
export type { PaymentRequest } from './payments.js'
export { findProductPurchase, PURCHASED_ORDER_STATUSES, type ProductPurchase } from './purchases.js'
export { refundOrderPayments, type RefundInput } from './refunds.js'
export { isOrderFullyReturned, loadOrderForReturn, orderGoodsPaid, recordReturnedUnits, type ReturnableLine, type ReturnableOrder } from './returnable.js'
export { attributeSale, deriveOrderStatus, FULFILMENT_TRANSITIONS, isPickup, ORDER_TRANSITIONS, paidShare } from './policies.js'
export { routeLines } from './routing.js'
export { FULFILMENT_METHODS, FULFILMENT_STATUSES, ORDER_STATUSES, PAYMENT_METHODS, type FulfilmentMethod, type OrderStatus, type PaymentMethod } from './schema.js'
export { getOrder, listOrders, orderLineDiscounts, type OrderView } from './views.js'
/** HTTP schemas other modules' routes reuse (an exchange takes the same tenders and fulfilment as a checkout). */
export { ContactBody, FulfilmentRequest as FulfilmentRequestBody, PaymentRequest as TenderBody, PostalAddress as PostalAddressBody } from './schemas.js'
export { getWorkQueue, type WorkQueue } from './work-queue.js'
export { storeSalesBySeller, tenderTakingsAt, type SellerSales, type TakingsWindow, type TenderTakings } from './takings.js'

/** The checkout rules in force, from the configuration. */
export function checkoutPolicyOf(config: Config): CheckoutPolicy {
  return {
    routingRule: config.routingRule,
    attributionRule: config.attributionRule,
    shippingFee: config.shippingFee,
    shippingVatRate: STANDARD_VAT_RATE,
    reserveInStoreHoldMinutes: config.reserveInStoreHoldHours * 60,
    paymentHoldMinutes: config.paymentHoldMinutes,
  }
}

/** The card acquirer in use. Only the built-in test provider ships today; a real adapter implements CardProvider. */
export function cardProviderOf(_config: Config): CardProvider {
  return testCardProvider
}

/** Background work of the orders module: cancelling unpaid orders whose hold ran out. */
export function orderJobs(app: FastifyInstance): Job[] {
  const provider = cardProviderOf(app.config)
  const onError = (orderId: string, error: unknown) => app.log.error({ err: error, orderId }, 'could not cancel an order whose hold expired')
  return [{ name: 'expire-held-orders', everyMs: 30_000, run: () => expireHeldOrders(app.database, { provider, onError }) }]
}
