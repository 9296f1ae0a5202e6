/**
 * Events of the returns module, scoped to the order's customer and to the receiving location (when known), so that
 * the customer and the receiving store's staff see them on SSE and webhooks.
 */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const RETURN_EVENTS = {
  requested: 'returns.return_requested',
  received: 'returns.return_received',
  refunded: 'returns.return_refunded',
  cancelled: 'returns.return_cancelled',
} as const

const SCOPE = ' Scoped to the order’s customer and the receiving store.'
const Return = { returnId: S.id(), orderId: S.id(), number: S.count('The return number (RMA)') }
const Line = {
  orderLineId: S.id(),
  variantId: S.id(),
  quantity: S.count(),
  condition: S.nullable(S.id()),
  restocked: S.nullable(Type.Boolean()),
}
/** A return made at a counter is born received, with everything a request carries: those fields are then present. */
const Created = {
  channelId: S.nullable(S.id()),
  receivingLocationId: S.nullable(S.id()),
  total: S.amount('What the return is worth, integer minor units'),
  currency: S.currency(),
  labelReference: S.nullable(S.text()),
  lines: Type.Array(payload({ ...Line, reason: S.nullable(S.text()) }), { maxItems: 500 }),
}

export const RETURN_EVENT_DEFINITIONS = defineEvents({
  [RETURN_EVENTS.requested]: {
    description: `A return was requested (online, by phone RMA, or at a counter), with its lines and what it is worth.${SCOPE}`,
    payload: payload({ ...Return, method: S.id(), ...Created }),
  },
  [RETURN_EVENTS.received]: {
    description: `The goods of a return arrived (or a counter return was made at once), with the condition of each line.${SCOPE}`,
    payload: payload({
      ...Return,
      method: S.id(),
      receivingLocationId: S.nullable(S.id()),
      lines: Type.Array(payload({ ...Line, reason: Type.Optional(S.nullable(S.text())) }), { maxItems: 500 }),
      channelId: Type.Optional(Created.channelId),
      total: Type.Optional(Created.total),
      currency: Type.Optional(Created.currency),
      labelReference: Type.Optional(Created.labelReference),
    }),
  },
  [RETURN_EVENTS.refunded]: {
    description: `A return was settled: money back by each method, and the exchange order when there is one.${SCOPE}`,
    payload: payload({
      ...Return,
      refundMethod: S.id(),
      refundedAmount: S.amount(),
      exchangeAmount: S.amount(),
      exchangeOrderId: S.nullable(S.id()),
      currency: S.currency(),
      refunds: Type.Array(payload({ paymentId: S.nullable(S.id()), method: S.id(), amount: S.amount() }), { maxItems: 50 }),
    }),
  },
  [RETURN_EVENTS.cancelled]: { description: `A return was cancelled before its goods arrived.${SCOPE}`, payload: payload({ ...Return, reason: S.text() }) },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof RETURN_EVENT_DEFINITIONS> {}
}
