/** Events of promotions (as the back office defines them); not scoped to a customer or a location. */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const PROMOTION_EVENTS = {
  created: 'promotions.promotion_created',
  updated: 'promotions.promotion_updated',
} as const

export const PROMOTION_EVENT_DEFINITIONS = defineEvents({
  [PROMOTION_EVENTS.created]: {
    description: 'A promotion was created.',
    payload: payload({ promotionId: S.id(), kind: S.id(), name: S.text(), status: S.id(), requiresCoupon: Type.Boolean() }),
  },
  [PROMOTION_EVENTS.updated]: {
    description: 'Fields of a promotion changed (archiving included).',
    payload: payload({ promotionId: S.id(), changes: S.changed(), status: S.id() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof PROMOTION_EVENT_DEFINITIONS> {}
}
