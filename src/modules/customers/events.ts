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
  /** { customerId, decisions: [{ purpose, granted, method }] } — one event per recorded batch of decisions. */
  consentChanged: 'customers.consent_changed',
} as const
