/**
 * Events of the orders module. Payloads carry ids and the few fields subscribers route on; scoped to the customer
 * and to the store(s) concerned, so store staff see their own orders' events.
 */
export const ORDER_EVENTS = {
  /** { orderId, number, channelId, placedChannelKind, customerId, total, currency, attributedLocationId, fulfilments: [{ fulfilmentId, method, sourceLocationId, pickupLocationId }] } */
  placed: 'orders.order_placed',
  /** { orderId, from, to } — every change of an order's status. */
  statusChanged: 'orders.order_status_changed',
  /** { orderId, fulfilmentId, method, from, to, sourceLocationId, pickupLocationId } */
  fulfilmentStatusChanged: 'orders.fulfilment_status_changed',
  /** { orderId, paymentId, method, amount, status } */
  paymentAuthorized: 'orders.payment_authorized',
  /** { orderId, paymentId, amount } */
  paymentCaptured: 'orders.payment_captured',
  /** { orderId, paymentId, amount } */
  paymentRefunded: 'orders.payment_refunded',
  /** { orderId, paymentId } */
  paymentVoided: 'orders.payment_voided',
  /** { orderId, fulfilmentId, pickupLocationId, failures } — too many wrong pickup codes: the handover is locked. */
  pickupLocked: 'orders.pickup_locked',
  /** { orderId, fulfilmentId, pickupLocationId, unlockedBy } — a manager unlocked it. */
  pickupUnlocked: 'orders.pickup_unlocked',
  /** { orderId, paymentId, reason } — a 3-D Secure challenge that failed. */
  paymentFailed: 'orders.payment_failed',
} as const
