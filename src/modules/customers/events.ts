/** Events of the customers module. Payloads carry ids and changed field names, never personal data. */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const CUSTOMER_EVENTS = {
  customerCreated: 'customers.customer_created',
  customersImported: 'customers.customers_imported',
  customerUpdated: 'customers.customer_updated',
  loyaltyCardIssued: 'customers.loyalty_card_issued',
  customersMerged: 'customers.customers_merged',
  mergeReverted: 'customers.merge_reverted',
  consentChanged: 'customers.consent_changed',
  customerErased: 'customers.customer_erased',
} as const

export const CUSTOMER_GROUP_EVENTS = {
  saved: 'customers.group_saved',
  memberAdded: 'customers.group_member_added',
  memberRemoved: 'customers.group_member_removed',
} as const

const SCOPE = ' Scoped to the customer.'

export const CUSTOMER_EVENT_DEFINITIONS = defineEvents({
  [CUSTOMER_EVENTS.customerCreated]: {
    description: `A customer profile was created (registration, walk-in, import of one).${SCOPE}`,
    payload: payload({ customerId: S.id(), locale: S.id() }),
  },
  [CUSTOMER_EVENTS.customersImported]: {
    description: 'A bulk import of customers committed: one event, with how many it created.',
    payload: payload({ count: S.count() }),
  },
  [CUSTOMER_EVENTS.customerUpdated]: {
    description: `Fields of a profile changed (names only, never values).${SCOPE}`,
    payload: payload({ customerId: S.id(), changed: S.changed() }),
  },
  [CUSTOMER_EVENTS.loyaltyCardIssued]: {
    description: `A loyalty card was issued (its number and QR token are not in the event).${SCOPE}`,
    payload: payload({ customerId: S.id() }),
  },
  [CUSTOMER_EVENTS.customersMerged]: {
    description: 'Two profiles of one person were merged into the survivor. Scoped to the survivor.',
    payload: payload({ mergeId: S.id(), survivorId: S.id(), mergedId: S.id(), trigger: S.id() }),
  },
  [CUSTOMER_EVENTS.mergeReverted]: {
    description: 'A merge was undone. Scoped to the survivor.',
    payload: payload({ mergeId: S.id(), survivorId: S.id(), mergedId: S.id() }),
  },
  [CUSTOMER_EVENTS.consentChanged]: {
    description: `A batch of consent decisions (marketing by email, SMS…) was recorded.${SCOPE}`,
    payload: payload({ customerId: S.id(), decisions: Type.Array(payload({ purpose: S.id(), granted: Type.Boolean(), method: S.id() }), { maxItems: 50 }) }),
  },
  [CUSTOMER_EVENTS.customerErased]: {
    description: `A GDPR erasure: nothing else, not even why. One per erased profile.${SCOPE}`,
    payload: payload({ customerId: S.id() }),
  },
  [CUSTOMER_GROUP_EVENTS.saved]: { description: 'A customer group was created or renamed.', payload: payload({ code: S.id(), name: S.text() }) },
  [CUSTOMER_GROUP_EVENTS.memberAdded]: { description: `A customer joined a group.${SCOPE}`, payload: payload({ code: S.id(), customerId: S.id() }) },
  [CUSTOMER_GROUP_EVENTS.memberRemoved]: { description: `A customer left a group.${SCOPE}`, payload: payload({ code: S.id(), customerId: S.id() }) },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof CUSTOMER_EVENT_DEFINITIONS> {}
}
