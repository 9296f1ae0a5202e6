/**
 * Customers: one profile per person, found by any of its identifiers. Owns `customers` and `customer_identifiers`.
 * Invariants: one identifier (kind, value) belongs to one customer (primary key); a profile's email and phone are
 * always among its identifiers, normalised (email lower-cased, phone E.164 with default region FR); a customer reads
 * and changes only their own profile, staff with `customers:read` read any and with `customers:write` change any; a
 * profile merged into another or erased takes no new data and no login: a profile change, consents, a card, a wishlist
 * item, a reported touchpoint, a cart opened for her, an order and a login lock her row and refuse one that is not
 * live (409 customer-merged / customer-erased; profile-guards.ts).
 * Events: customers.customer_created, customers.customers_imported, customers.customer_updated,
 * customers.loyalty_card_issued, customers.consent_changed (consents.ts: consent state and history),
 * customers.customers_merged and customers.merge_reverted (merge.ts: profile merges, reached through routes-merge.ts),
 * customers.customer_erased (gdpr.ts: GDPR export, erasure and the access log, via routes-gdpr.ts; the staff 360 that
 * reads it all is the customer-overview module). The modules above reach a merge, an erasure, an export and a store's
 * look-up through the hooks re-exported below, whose handlers src/module-hooks.ts registers.
 */
import { eq, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import { preconditionFailed, versionMatches, type ExpectedVersion } from '../../platform/concurrency.js'
import { isUniqueViolation, rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { accountEmailRequired, customerNotFound, identifierTaken } from './errors.js'
import { CUSTOMER_EVENTS } from './events.js'
import { addIdentifier, normaliseEmail, normaliseLoyaltyCard, normalisePhone, removeIdentifier, type CustomerRow } from './identifiers.js'
import { findCustomer, toCustomerProfile, type CustomerProfile } from './profile.js'
import { assertCustomerOrStaff, assertLiveCustomer } from './profile-guards.js'
import { customers, type IdentifierKind } from './schema.js'

export {
  addIdentifier,
  attachPhoneIfFree,
  identifierHolder,
  issueLoyaltyCard,
  linkDeviceIdentifier,
  lookupCustomer,
  normaliseEmail,
  normalisePhone,
  type CustomerRow,
  type LoyaltyCard,
  type LookupInput,
} from './identifiers.js'
export { customerIdentifiedInStore, defaultServingLocation, recordCustomerAccess, resolveServingLocation, type CustomerIdentifiedInStore } from './access-log.js'
export { CUSTOMER_PROFILE_EXAMPLE, CustomerProfile, customerNames, findCustomer, getCustomer, profileSummaryOf, toCustomerProfile } from './profile.js'
export { LocationQuery } from './routes-gdpr-schemas.js'
export { CUSTOMER_SORT_KEYS, searchCustomers, type SearchHit } from './search.js'
export { addCustomerToGroup, groupCodesOfCustomerSql, groupsOfCustomer, customerGroupCodes, CUSTOMER_GROUP_SORT_KEYS, listCustomerGroups, moveGroupMemberships, removeCustomerFromGroup, restoreGroupMemberships, saveCustomerGroup, type CustomerGroup } from './groups.js'
export { resolveCustomerByContact } from './resolve.js'
export { assertCustomerOrStaff, assertLiveCustomer, isLiveCustomer, lockCustomer, lockLiveCustomer } from './profile-guards.js'
export { checkSignupConsents, consentDecision, consentsOf, hasConsent, recordConsents, recordSignupConsents, SignupConsent, type ConsentDecision, type ConsentState } from './consents.js'
export { CONSENT_HISTORY_SORT_KEYS, getConsents } from './consent-history.js'
// The hooks through which merges, erasures, exports and a store's look-up reach the modules above (src/module-hooks.ts).
// Their names hold no underscore: test/platform/event-catalogue.test.ts takes every '<module>.<a>_<b>' literal for an event.
export { customersMerged, customersUnmerged, customersUnmerging, type CustomersMerged, type CustomersUnmerged } from './merge.js'
export { mergeCreditSpent, mergePointsSpent } from './merge-errors.js'
export { moveConsents, restoreConsents } from './merge-parts.js'
export { customerErased, customerErasing, customerErasureAsked, type CustomerErasure, type ErasedCounts, type ErasureObstacles } from './gdpr.js'
export { customerDevicesAsked, customerExporting, type CustomerExportInput, type CustomerExportSections } from './gdpr-export.js'

export interface NewCustomer {
  email: string | null
  passwordHash: string | null
  firstName?: string | null
  lastName?: string | null
  phone?: string | null
  postalCode?: string | null
  locale?: 'fr' | 'en'
  /** A card already issued elsewhere (imports, demo data); only insertCustomers reads it. */
  loyaltyCard?: { cardNumber: string; qrToken: string } | null
}

/**
 * Creates a profile with its email and phone identifiers (phone stored as E.164; invalid → 400 on /body/phone).
 * Returns null (and writes nothing) when the email is already taken; a phone another customer holds is a 409.
 */
export async function createCustomer(tx: Tx, input: NewCustomer): Promise<CustomerRow | null> {
  const phone = input.phone ? normalisePhone(input.phone, '/body/phone') : null
  const email = input.email === null ? null : normaliseEmail(input.email)
  const [row] = await tx
    .insert(customers)
    .values({ id: newId('cus'), ...input, email, phone, locale: input.locale ?? 'fr' })
    .onConflictDoNothing({ target: customers.email })
    .returning()
  if (!row) return null
  if (email) await addIdentifier(tx, { customerId: row.id, kind: 'email', value: email, field: '/body/email' })
  if (phone) await addIdentifier(tx, { customerId: row.id, kind: 'phone', value: phone, field: '/body/phone' })
  await emit(tx, CUSTOMER_EVENTS.customerCreated, { customerId: row.id, locale: row.locale }, { customerId: row.id })
  return row
}

/** The profile with this email (case-insensitive), or undefined. */
export async function findCustomerByEmail(tx: Tx, email: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.email, email)).limit(1)
  return row
}

export interface CustomerChanges {
  firstName?: string | null
  lastName?: string | null
  email?: string | null
  phone?: string | null
  postalCode?: string | null
  locale?: 'fr' | 'en'
}

/**
 * Changes a profile; a new email or phone replaces the old identifier in the same transaction, and one another
 * customer holds is a 409 on its field. Removing the email of an account is refused (it is the login).
 */
export async function updateCustomer(tx: Tx, input: { actor: Actor | null; customerId: string; changes: CustomerChanges; expectedVersion?: ExpectedVersion }): Promise<CustomerProfile> {
  assertCustomerOrStaff(input.actor, input.customerId, 'customers:write')
  // The decision (which identifiers to swap) needs the current row, and two PATCHes must not swap them crosswise.
  const locked = rowsOf<{ id: string }>(await tx.execute(sql`select id from customers where id = ${input.customerId} for update`))
  if (locked.length === 0) throw customerNotFound(input.customerId)
  const current = (await findCustomer(tx, input.customerId))!
  assertLiveCustomer(current, '/params/id')
  // Compared under the row lock taken above: 412 when the profile moved past the request's If-Match.
  if (!versionMatches(current.version, input.expectedVersion)) throw preconditionFailed('customer', current.version)
  const changes: CustomerChanges = { ...input.changes }
  if (changes.email !== undefined && changes.email !== null) changes.email = normaliseEmail(changes.email)
  if (changes.phone) changes.phone = normalisePhone(changes.phone, '/body/phone')
  if (changes.email === null && current.passwordHash !== null) throw accountEmailRequired()
  await swapIdentifier(tx, current, 'email', current.email === null ? null : normaliseEmail(current.email), changes.email)
  await swapIdentifier(tx, current, 'phone', current.phone, changes.phone)
  const changed = Object.keys(changes).filter((key) => changes[key as keyof CustomerChanges] !== undefined)
  if (changed.length === 0) return toCustomerProfile(current)
  let row: CustomerRow | undefined
  try {
    ;[row] = await tx
      .update(customers)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(customers.id, input.customerId))
      .returning()
  } catch (error) {
    // Last line of defence for a legacy profile whose email never got its identifier.
    if (isUniqueViolation(error)) throw identifierTaken('email', '/body/email')
    throw error
  }
  await emit(tx, CUSTOMER_EVENTS.customerUpdated, { customerId: input.customerId, changed }, { customerId: input.customerId })
  return toCustomerProfile(row!)
}

async function swapIdentifier(tx: Tx, current: CustomerRow, kind: 'email' | 'phone', before: string | null, after: string | null | undefined): Promise<void> {
  if (after === undefined || after === before) return
  if (before) await removeIdentifier(tx, { customerId: current.id, kind, value: before })
  if (after) await addIdentifier(tx, { customerId: current.id, kind, value: after, field: `/body/${kind}` })
}

const BATCH = 2000

type IdentifierRow = { customer_id: string; kind: IdentifierKind; value: string }

/**
 * Inserts identifiers, skipping values someone already holds; returns those written. The rows travel as one JSON
 * parameter rather than three parameters each: at a million customers, building and binding millions of parameters
 * cost more than the insert itself.
 */
async function insertIdentifierRows(tx: Tx, rows: IdentifierRow[]): Promise<IdentifierRow[]> {
  if (rows.length === 0) return []
  return rowsOf<IdentifierRow>(
    await tx.execute(sql`
      insert into customer_identifiers (customer_id, kind, value)
      select customer_id, kind, value from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(customer_id text, kind text, value text)
      on conflict do nothing
      returning customer_id, kind, value`),
  )
}

/**
 * Bulk-inserts profiles (demo data, imports) in multi-row INSERTs with their email, phone and loyalty card
 * identifiers; emails already present are skipped, and a phone or card number already held by someone else stays
 * off this profile (a card always with its QR token, since a card is the pair). Emits one summary event rather than
 * one per row. Returns how many were inserted.
 */
export async function insertCustomers(tx: Tx, rows: NewCustomer[]): Promise<number> {
  let inserted = 0
  for (let i = 0; i < rows.length; i += BATCH) {
    const cards = new Map<string, { cardNumber: string; qrToken: string }>()
    const batch = rows.slice(i, i + BATCH).map(({ loyaltyCard, ...row }) => {
      const id = newId('cus')
      if (loyaltyCard) cards.set(id, loyaltyCard)
      return { id, ...row, email: row.email === null ? null : normaliseEmail(row.email), locale: row.locale ?? 'fr' }
    })
    const done = await tx
      .insert(customers)
      .values(batch)
      .onConflictDoNothing({ target: customers.email })
      .returning({ id: customers.id, email: customers.email, phone: customers.phone })
    const identifiers = done.flatMap((c): IdentifierRow[] => {
      const card = cards.get(c.id)
      return [
        ...(c.email ? [{ customer_id: c.id, kind: 'email' as const, value: normaliseEmail(c.email) }] : []),
        ...(c.phone && /^\+[1-9]\d{7,14}$/.test(c.phone) ? [{ customer_id: c.id, kind: 'phone' as const, value: c.phone }] : []),
        ...(card ? [{ customer_id: c.id, kind: 'loyalty_card' as const, value: normaliseLoyaltyCard(card.cardNumber) }] : []),
      ]
    })
    const written = await insertIdentifierRows(tx, identifiers)
    // Only the cards that went in get their QR token: issueLoyaltyCard reads a card as both rows or none.
    await insertIdentifierRows(
      tx,
      written.flatMap((w) => {
        const card = w.kind === 'loyalty_card' ? cards.get(w.customer_id) : undefined
        return card ? [{ customer_id: w.customer_id, kind: 'loyalty_qr' as const, value: card.qrToken }] : []
      }),
    )
    inserted += done.length
  }
  if (inserted > 0) await emit(tx, CUSTOMER_EVENTS.customersImported, { count: inserted })
  return inserted
}
