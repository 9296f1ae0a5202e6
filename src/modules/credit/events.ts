/** Events of the store credit module; scoped to the customer. */
export const CREDIT_EVENTS = {
  /** { customerId, delta, balance, reason, orderId, returnId } — every change of a balance. */
  changed: 'credit.store_credit_changed',
} as const
