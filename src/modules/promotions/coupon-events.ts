/**
 * Events of coupons and redemptions. A voucher's events are scoped to its customer. Codes never appear in events:
 * a customer's voucher code is what lets her use it, and webhooks fan events out widely.
 */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const COUPON_EVENTS = {
  created: 'promotions.coupon_created',
  batchCreated: 'promotions.coupon_batch_created',
  updated: 'promotions.coupon_updated',
  applied: 'promotions.coupon_applied',
  removed: 'promotions.coupon_removed',
  redeemed: 'promotions.promotion_redeemed',
  released: 'promotions.promotion_released',
} as const

export const COUPON_EVENT_DEFINITIONS = defineEvents({
  [COUPON_EVENTS.created]: {
    description: 'A coupon was created (its code is not in the event). Scoped to its customer when it is personal.',
    payload: payload({
      couponId: S.id(),
      promotionId: S.id(),
      batchId: S.nullable(S.id()),
      customerId: S.nullable(S.id()),
      maxUses: S.nullable(S.count()),
      expiresAt: S.nullable(S.time()),
    }),
  },
  [COUPON_EVENTS.batchCreated]: {
    description: 'A batch of coupon codes was generated: one event for the whole batch, not one per code.',
    payload: payload({ batchId: S.id(), promotionId: S.id(), quantity: S.count() }),
  },
  [COUPON_EVENTS.updated]: {
    description: 'A coupon was disabled, re-enabled or its expiry moved. Scoped to its customer.',
    payload: payload({ couponId: S.id(), status: S.id(), expiresAt: S.nullable(S.time()) }),
  },
  [COUPON_EVENTS.applied]: {
    description: 'A coupon was applied to a cart. Scoped like the cart.',
    payload: payload({ cartId: S.id(), couponId: S.id(), promotionId: S.id() }),
  },
  [COUPON_EVENTS.removed]: {
    description: 'A coupon was taken off a cart. Scoped like the cart.',
    payload: payload({ cartId: S.id(), couponId: S.id(), promotionId: S.nullable(S.id()) }),
  },
  [COUPON_EVENTS.redeemed]: {
    description: 'A checkout counted a use of a promotion, with the discount it gave.',
    payload: payload({
      orderId: S.id(),
      promotionId: S.id(),
      couponId: S.nullable(S.id()),
      customerId: S.nullable(S.id()),
      channelId: S.id(),
      amount: S.amount('The discount, integer minor units'),
      level: Type.String({ maxLength: 20, description: 'Where the discount applied: a line, the order, shipping' }),
    }),
  },
  [COUPON_EVENTS.released]: {
    description: 'A use of a promotion was given back (order cancelled or fully returned).',
    payload: payload({ orderId: S.id(), promotionId: S.id(), couponId: S.nullable(S.id()), customerId: S.nullable(S.id()), reason: S.text() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof COUPON_EVENT_DEFINITIONS> {}
}
