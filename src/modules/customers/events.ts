/** Events of the customers module. Payloads carry ids and changed field names, never personal data. */
export const CUSTOMER_EVENTS = {
  /** { customerId, locale } */
  customerCreated: 'customers.customer_created',
  /** { count } — one event per bulk insert. */
  customersImported: 'customers.customers_imported',
  /** { customerId, changed: string[] } */
  customerUpdated: 'customers.customer_updated',
  /** { customerId } — the card number and QR token are not in the payload. */
  loyaltyCardIssued: 'customers.loyalty_card_issued',
  /** { mergeId, survivorId, mergedId, trigger } — scoped to the survivor. */
  customersMerged: 'customers.customers_merged',
  /** { mergeId, survivorId, mergedId } — scoped to the survivor. */
  mergeReverted: 'customers.merge_reverted',
  /** { customerId, decisions: [{ purpose, granted, method }] } — one event per recorded batch of decisions. */
  consentChanged: 'customers.consent_changed',
  /** { customerId } — a GDPR erasure; nothing else, not even why. One per erased profile. */
  customerErased: 'customers.customer_erased',
} as const
