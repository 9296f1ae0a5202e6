/** Events of the webhooks module. Payloads never carry a secret nor the URL (it may hold credentials). Deliveries emit nothing, so a failing endpoint cannot feed itself. */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const WEBHOOK_EVENTS = {
  created: 'webhooks.subscription_created',
  updated: 'webhooks.subscription_updated',
  deleted: 'webhooks.subscription_deleted',
  secretRotated: 'webhooks.secret_rotated',
} as const

export const WEBHOOK_EVENT_DEFINITIONS = defineEvents({
  [WEBHOOK_EVENTS.created]: {
    description: 'A webhook subscription was created.',
    payload: payload({
      webhookId: S.id(),
      eventTypes: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
      active: Type.Boolean(),
      signatureScheme: Type.Union([Type.Literal('stripe'), Type.Literal('standard-webhooks')]),
    }),
  },
  [WEBHOOK_EVENTS.updated]: { description: 'Fields of a subscription changed.', payload: payload({ webhookId: S.id(), changed: S.changed() }) },
  [WEBHOOK_EVENTS.deleted]: { description: 'A subscription was deleted with its delivery log.', payload: payload({ webhookId: S.id() }) },
  [WEBHOOK_EVENTS.secretRotated]: {
    description: 'A subscription’s signing secret was replaced; the old one signs too until previousSecretExpiresAt.',
    payload: payload({ webhookId: S.id(), previousSecretExpiresAt: S.nullable(S.time()) }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof WEBHOOK_EVENT_DEFINITIONS> {}
}
