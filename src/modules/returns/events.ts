/**
 * Events of the returns module, scoped to the order's customer and to the receiving location (when known), so that
 * the customer and the receiving store's staff see them on SSE and webhooks.
 */
export const RETURN_EVENTS = {
  /** { returnId, orderId, number, method, channelId, lines: [{ orderLineId, variantId, quantity, reason }], total, currency, labelReference } */
  requested: 'returns.return_requested',
  /** { returnId, orderId, number, method, receivingLocationId, lines: [{ orderLineId, variantId, quantity, condition, restocked }] } */
  received: 'returns.return_received',
  /** { returnId, orderId, number, refundMethod, refundedAmount, exchangeAmount, exchangeOrderId, currency, refunds: [{ paymentId, method, amount }] } */
  refunded: 'returns.return_refunded',
  /** { returnId, orderId, number, reason } */
  cancelled: 'returns.return_cancelled',
} as const
