/** Events of the loyalty module. Balance events are scoped to the customer; voucher codes never travel in events. */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const LOYALTY_EVENTS = {
  pointsChanged: 'loyalty.points_changed',
  tierChanged: 'loyalty.tier_changed',
  rewardRedeemed: 'loyalty.reward_redeemed',
  settingsUpdated: 'loyalty.settings_updated',
  tierSaved: 'loyalty.tier_saved',
  tierDeleted: 'loyalty.tier_deleted',
  rewardSaved: 'loyalty.reward_saved',
  rewardDeleted: 'loyalty.reward_deleted',
} as const

export const LOYALTY_EVENT_DEFINITIONS = defineEvents({
  [LOYALTY_EVENTS.pointsChanged]: {
    description: 'A points ledger entry (earned, pending, redeemed, expired…), with the balances it left. Scoped to the customer.',
    payload: payload({
      customerId: S.id(),
      entryId: S.id(),
      kind: S.id(),
      availableDelta: S.delta(),
      pendingDelta: S.delta(),
      lifetimeDelta: S.delta(),
      available: S.delta(),
      pending: S.delta(),
      lifetime: S.delta(),
      orderId: S.nullable(S.id()),
      returnId: S.nullable(S.id()),
      rewardId: S.nullable(S.id()),
    }),
  },
  [LOYALTY_EVENTS.tierChanged]: {
    description: 'A customer’s tier moved with her lifetime points (null below the lowest threshold). Scoped to the customer.',
    payload: payload({ customerId: S.id(), from: S.nullable(S.id()), to: S.nullable(S.id()) }),
  },
  [LOYALTY_EVENTS.rewardRedeemed]: {
    description: 'Points were spent on a reward, which issued a voucher (its code is not in the event). Scoped to the customer.',
    payload: payload({ customerId: S.id(), rewardId: S.id(), couponId: S.id(), points: S.count() }),
  },
  [LOYALTY_EVENTS.settingsUpdated]: {
    description: 'The earning rate changed.',
    payload: payload({ pointsPerUnit: Type.Number({ minimum: 0, maximum: 1_000_000 }) }),
  },
  [LOYALTY_EVENTS.tierSaved]: { description: 'A tier was created or changed.', payload: payload({ code: S.id(), threshold: S.count() }) },
  [LOYALTY_EVENTS.tierDeleted]: { description: 'A tier was deleted.', payload: payload({ code: S.id() }) },
  [LOYALTY_EVENTS.rewardSaved]: {
    description: 'A reward was created or changed.',
    payload: payload({ rewardId: S.id(), pointsCost: S.count(), promotionId: S.id(), active: Type.Boolean() }),
  },
  [LOYALTY_EVENTS.rewardDeleted]: { description: 'A reward was deleted.', payload: payload({ rewardId: S.id() }) },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof LOYALTY_EVENT_DEFINITIONS> {}
}
