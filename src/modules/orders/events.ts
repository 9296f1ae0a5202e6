/**
 * Events of the orders module. Payloads carry ids and the few fields subscribers route on; scoped to the customer
 * and to the store(s) concerned, so store staff see their own orders' events.
 */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const ORDER_EVENTS = {
  placed: 'orders.order_placed',
  statusChanged: 'orders.order_status_changed',
  fulfilmentStatusChanged: 'orders.fulfilment_status_changed',
  paymentAuthorized: 'orders.payment_authorized',
  paymentCaptured: 'orders.payment_captured',
  paymentRefunded: 'orders.payment_refunded',
  paymentVoided: 'orders.payment_voided',
  pickupLocked: 'orders.pickup_locked',
  pickupUnlocked: 'orders.pickup_unlocked',
  paymentFailed: 'orders.payment_failed',
} as const

const SCOPE = ' Scoped to the order’s customer and the store concerned.'
const Fulfilment = payload({ fulfilmentId: S.id(), method: S.id(), sourceLocationId: S.nullable(S.id()), pickupLocationId: S.nullable(S.id()) })

export const ORDER_EVENT_DEFINITIONS = defineEvents({
  [ORDER_EVENTS.placed]: {
    description: `An order was placed in a channel, with its total and how each part will be fulfilled.${SCOPE}`,
    payload: payload({
      orderId: S.id(),
      number: S.count('The order number customers see'),
      channelId: S.id(),
      placedChannelKind: S.id(),
      customerId: S.nullable(S.id()),
      total: S.amount('The amount to pay, integer minor units'),
      currency: S.currency(),
      attributedLocationId: S.nullable(S.id('The store the sale is attributed to')),
      fulfilments: Type.Array(Fulfilment, { maxItems: 100 }),
    }),
  },
  [ORDER_EVENTS.statusChanged]: {
    description: `An order's status moved (placed → paid → completed, cancelled…); one event per step.${SCOPE}`,
    payload: payload({ orderId: S.id(), number: S.count(), from: S.id(), to: S.id() }),
  },
  [ORDER_EVENTS.fulfilmentStatusChanged]: {
    description: `A fulfilment (shipment, pickup, till sale) moved.${SCOPE}`,
    payload: payload({
      orderId: S.id(),
      fulfilmentId: S.id(),
      method: S.id(),
      from: S.id(),
      to: S.id(),
      sourceLocationId: S.nullable(S.id()),
      pickupLocationId: S.nullable(S.id()),
    }),
  },
  [ORDER_EVENTS.paymentAuthorized]: {
    description: `A payment was authorized (or captured at once at a till).${SCOPE}`,
    payload: payload({ orderId: S.id(), paymentId: S.id(), method: S.id(), amount: S.amount(), status: S.id() }),
  },
  [ORDER_EVENTS.paymentCaptured]: {
    description: `Money was captured on a payment.${SCOPE}`,
    payload: payload({ orderId: S.id(), paymentId: S.id(), amount: S.amount() }),
  },
  [ORDER_EVENTS.paymentRefunded]: {
    description: `Money went back on a payment (as store credit when asStoreCredit).${SCOPE}`,
    payload: payload({ orderId: S.id(), paymentId: S.id(), method: S.id(), amount: S.amount(), asStoreCredit: Type.Boolean() }),
  },
  [ORDER_EVENTS.paymentVoided]: {
    description: `An authorization was released; amount is the part voided when only a remainder was.${SCOPE}`,
    payload: payload({ orderId: S.id(), paymentId: S.id(), amount: Type.Optional(S.amount()) }),
  },
  [ORDER_EVENTS.pickupLocked]: {
    description: `Too many wrong pickup codes: the handover is locked until a manager unlocks it.${SCOPE}`,
    payload: payload({ orderId: S.id(), fulfilmentId: S.id(), pickupLocationId: S.id(), failures: S.count() }),
  },
  [ORDER_EVENTS.pickupUnlocked]: {
    description: `A manager unlocked a locked pickup.${SCOPE}`,
    payload: payload({ orderId: S.id(), fulfilmentId: S.id(), pickupLocationId: S.id(), unlockedBy: payload({ kind: S.id(), id: S.nullable(S.id()) }) }),
  },
  [ORDER_EVENTS.paymentFailed]: {
    description: `A payment failed (a 3-D Secure challenge, a decline).${SCOPE}`,
    payload: payload({ orderId: S.id(), paymentId: S.id(), reason: S.text() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof ORDER_EVENT_DEFINITIONS> {}
}
