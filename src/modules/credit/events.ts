/** Events of store credit and gift cards, scoped to the customer (the holder, when a card has one). Never a code or a PIN. */
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const CREDIT_EVENTS = {
  changed: 'credit.store_credit_changed',
} as const

export const GIFT_CARD_EVENTS = {
  issued: 'credit.gift_card_issued',
  changed: 'credit.gift_card_changed',
  disabled: 'credit.gift_card_disabled',
} as const

export const CREDIT_EVENT_DEFINITIONS = defineEvents({
  [CREDIT_EVENTS.changed]: {
    description: 'A customer’s store credit balance changed, with the balance it left. Scoped to the customer.',
    payload: payload({ customerId: S.id(), delta: S.amount(), balance: S.amount(), reason: S.id(), orderId: S.nullable(S.id()), returnId: S.nullable(S.id()) }),
  },
  [GIFT_CARD_EVENTS.issued]: {
    description: 'A gift card was issued. Scoped to its holder when it has one.',
    payload: payload({ giftCardId: S.id(), amount: S.amount(), currency: S.currency(), expiresAt: S.nullable(S.time()), customerId: S.nullable(S.id()) }),
  },
  [GIFT_CARD_EVENTS.changed]: {
    description: 'A gift card’s balance changed after issue, with the balance it left. Scoped to its holder.',
    payload: payload({
      giftCardId: S.id(),
      delta: S.amount(),
      balance: S.amount(),
      reason: S.id(),
      orderId: S.nullable(S.id()),
      paymentId: S.nullable(S.id()),
    }),
  },
  [GIFT_CARD_EVENTS.disabled]: {
    description: 'A gift card was disabled, by whom. Scoped to its holder.',
    payload: payload({ giftCardId: S.id(), balance: S.amount(), actorKind: S.id(), actorId: S.nullable(S.id()) }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof CREDIT_EVENT_DEFINITIONS> {}
}
