/**
 * Staff access to customer data, logged: who looked a customer up, searched, opened her 360 or exported her data,
 * when, and from which store — and the GDPR acts. Writes and lists `customer_audit_entries`.
 * Invariants: an audited read writes its entry with the read (a lookup that finds nobody is logged too, without a
 * customer); entries hold ids, counts and the kind of identifier used, never the value typed (a search term or a
 * phone number is someone's personal data, and could not be erased by customer id); store staff act from a store of
 * their own, given or implied when they have exactly one.
 */
import { eq } from 'drizzle-orm'
import { canActAt, isStoreStaff, type Actor } from '../../platform/auth.js'
import type { Database, Tx } from '../../platform/db.js'
import { defineHook } from '../../platform/hooks.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { DomainError, notFound } from '../../platform/problems.js'
import { findLocation } from '../locations/service.js'
import { customerNotFound } from './errors.js'
import { locationRequired } from './gdpr-errors.js'
import { lookupCustomer, type CustomerRow, type LookupInput } from './identifiers.js'
import { assertCustomerOrStaff } from './profile-guards.js'
import { customerAuditEntries, customers, type CustomerAuditAction } from './schema.js'

/** A seller identified the customer at the counter of one of her stores (a logged lookup that found her). */
export interface CustomerIdentifiedInStore {
  customerId: string
  locationId: string
  staffId: string | null
}

/** Runs in the lookup's transaction, once its audit entry is written; journeys records the store visit. */
export const customerIdentifiedInStore = defineHook<CustomerIdentifiedInStore>('customers.identified-in-store')

/**
 * The store a staff call is made from: the one given (404 unless it exists and is theirs), else a store staff's only
 * store; null for callers bound to no store (admins, the call centre, integrations, customers). Store staff with
 * several stores must give one (400 location-required).
 */
export async function resolveServingLocation(tx: Tx, input: { actor: Actor | null; locationId?: string; field: string }): Promise<string | null> {
  const { actor, locationId, field } = input
  if (actor?.kind !== 'staff' && actor?.kind !== 'integration') return null
  if (locationId !== undefined) {
    if (!canActAt(actor, locationId) || !(await findLocation(tx, locationId))) throw notFound('Location', locationId, field)
    return locationId
  }
  if (!isStoreStaff(actor)) return null
  const [only, ...others] = actor.locationIds
  if (only === undefined || others.length > 0) throw locationRequired(field)
  return only
}

/** A store staff's only store, or null: for calls that take no store (a search box) but are still logged with one. */
export function defaultServingLocation(actor: Actor | null): string | null {
  return isStoreStaff(actor) && actor.locationIds.length === 1 ? (actor.locationIds[0] ?? null) : null
}

export interface AccessEntry {
  action: CustomerAuditAction
  actor: Actor | null
  customerId: string | null
  locationId: string | null
  details?: Record<string, unknown>
}

/** Writes one audit entry in the caller's transaction (or on its own). */
export async function recordCustomerAccess(tx: Tx, entry: AccessEntry): Promise<void> {
  await tx.insert(customerAuditEntries).values({
    id: newId('aud'),
    customerId: entry.customerId,
    action: entry.action,
    actorKind: entry.actor?.kind ?? 'anonymous',
    actorId: entry.actor?.id ?? null,
    locationId: entry.locationId,
    details: entry.details ?? {},
  })
}

/**
 * lookupCustomer, logged: the customer found (or a miss), by which kind of identifier, who asked and from which store.
 * The read, its audit entry and the store visit share one transaction (one commit, and no entry without the read).
 */
export async function lookupCustomerLogged(
  database: Database,
  input: { actor: Actor | null; key: keyof LookupInput; raw: string; locationId?: string },
): Promise<CustomerRow> {
  const outcome = await database.transaction(async (tx): Promise<{ row: CustomerRow } | { miss: DomainError }> => {
    const locationId = await resolveServingLocation(tx, { actor: input.actor, locationId: input.locationId, field: '/query/locationId' })
    const entry = { action: 'lookup' as const, actor: input.actor, locationId }
    try {
      const row = await lookupCustomer(tx, { key: input.key, raw: input.raw })
      await recordCustomerAccess(tx, { ...entry, customerId: row.id, details: { by: input.key } })
      // A seller identifying her at the counter is a store visit on her timeline.
      if (locationId && isStoreStaff(input.actor)) await customerIdentifiedInStore.run(tx, { customerId: row.id, locationId, staffId: input.actor.id })
      return { row }
    } catch (error) {
      if (!(error instanceof DomainError && error.status === 404)) throw error
      // The miss is logged too, and commits: the 404 is answered once the transaction is over.
      await recordCustomerAccess(tx, { ...entry, customerId: null, details: { by: input.key, found: false } })
      return { miss: error }
    }
  })
  if ('miss' in outcome) throw outcome.miss
  return outcome.row
}

/** Logs a staff search: who, from which store, and which profiles the page showed (never the search term). */
export async function recordCustomerSearch(db: Tx, input: { actor: Actor | null; customerIds: readonly string[]; totalCount?: number }): Promise<void> {
  await recordCustomerAccess(db, {
    action: 'search',
    actor: input.actor,
    customerId: null,
    locationId: defaultServingLocation(input.actor),
    // totalCount too: how many matched is itself something the staff user learnt.
    details: { matches: input.customerIds.length, customerIds: [...input.customerIds], ...(input.totalCount === undefined ? {} : { totalCount: input.totalCount }) },
  })
}

export interface AccessLogItem {
  id: string
  action: CustomerAuditAction
  actor: { kind: string; id: string | null }
  locationId: string | null
  details: Record<string, unknown>
  occurredAt: string
}

type AuditRow = typeof customerAuditEntries.$inferSelect

export const toAccessLogItem = (row: AuditRow): AccessLogItem => ({
  id: row.id,
  action: row.action,
  actor: { kind: row.actorKind, id: row.actorId },
  locationId: row.locationId,
  details: row.details,
  occurredAt: row.occurredAt.toISOString(),
})

export const ACCESS_LOG_SORT_KEYS = ['occurredAt'] as const
const accessLogOrder = defineListOrder<(typeof ACCESS_LOG_SORT_KEYS)[number]>({ keys: { occurredAt: { sql: customerAuditEntries.occurredAt, type: 'time' } }, tiebreaker: customerAuditEntries.id, defaultDescending: true })

/** Who accessed or acted on the customer's data, newest first, cursor-paged; the customer herself or customers:export. */
export async function listAccessLog(tx: Tx, input: { actor: Actor | null; customerId: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  assertCustomerOrStaff(input.actor, input.customerId, 'customers:export')
  const [exists] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1)
  if (!exists) throw customerNotFound(input.customerId)
  // Relies on customer_audit_entries_customer_idx (customer_id, id); ids are time-ordered.
  return listTablePage(tx, customerAuditEntries, accessLogOrder, input, eq(customerAuditEntries.customerId, input.customerId), (rows) => rows.map(toAccessLogItem))
}
