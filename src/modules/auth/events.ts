/** Events of the auth module (payloads never carry passwords or tokens). Staff events are not scoped: admins read them. */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const AUTH_EVENTS = {
  staffUserCreated: 'auth.staff_user_created',
  staffUserUpdated: 'auth.staff_user_updated',
  customerRegistered: 'auth.customer_registered',
  integrationKeyCreated: 'auth.integration_key_created',
  integrationKeyRevoked: 'auth.integration_key_revoked',
} as const

export const AUTH_EVENT_DEFINITIONS = defineEvents({
  [AUTH_EVENTS.staffUserCreated]: { description: 'A staff account was created.', payload: payload({ staffUserId: S.id(), role: S.id() }) },
  [AUTH_EVENTS.staffUserUpdated]: {
    description: 'A staff account’s role or status changed.',
    payload: payload({ staffUserId: S.id(), role: S.id(), disabled: Type.Boolean() }),
  },
  [AUTH_EVENTS.customerRegistered]: { description: 'A customer registered an account. Scoped to the customer.', payload: payload({ customerId: S.id() }) },
  [AUTH_EVENTS.integrationKeyCreated]: {
    description: 'An API key was issued to an integration account (never the key itself).',
    payload: payload({ staffUserId: S.id(), keyId: S.id(), scopes: Type.Array(S.id(), { maxItems: 100 }) }),
  },
  [AUTH_EVENTS.integrationKeyRevoked]: { description: 'An integration’s API key was revoked.', payload: payload({ staffUserId: S.id(), keyId: S.id() }) },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof AUTH_EVENT_DEFINITIONS> {}
}
