/** Events of the store credit module; scoped to the customer. */
export const CREDIT_EVENTS = {
  /** { customerId, delta, balance, reason, orderId, returnId } — every change of a balance. */
  changed: 'credit.store_credit_changed',
} as const

/** Events of gift cards; scoped to the holder when the card has one. Never the code or the PIN. */
export const GIFT_CARD_EVENTS = {
  /** { giftCardId, amount, currency, expiresAt, customerId } */
  issued: 'credit.gift_card_issued',
  /** { giftCardId, delta, balance, reason, orderId, paymentId } — every change of a balance after issue. */
  changed: 'credit.gift_card_changed',
  /** { giftCardId, balance } */
  disabled: 'credit.gift_card_disabled',
} as const
