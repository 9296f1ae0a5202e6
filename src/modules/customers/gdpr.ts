/**
 * GDPR erasure (right to be forgotten), orchestrated in one transaction over every module's customer-data functions:
 * those below customers (webhooks) called directly, those above reached by the hooks declared here (their handlers,
 * in src/module-hooks.ts, in the order they run). The export lives in gdpr-export.ts; both are logged in
 * `customer_audit_entries`.
 *
 * What goes: the profile's personal fields (names, email, phone, postal code, password hash), every identifier
 * (loyalty card and QR token included), the wishlist, her product reviews, open carts, touchpoints (hers and her devices' anonymous ones),
 * her sessions (logged out everywhere), the link to her devices, the consent wording and who recorded it, the personal
 * fields of every outbox event about her and of every webhook delivery copying one, and her stored idempotent answers.
 * What stays, anonymised, for the legal retention period: orders and returns with lines, prices, taxes, totals and
 * payments (contact, address and free text removed), closed carts (detached), the store credit ledger, the loyalty
 * points ledger (notes cleared), the consent decisions as (purpose, granted, method, when), merges (without the values
 * they moved or the reason typed, in the merge and in its audit entries) and the audit trail — all under the same
 * customer id, whose row stays with erased_at set, so every reference keeps pointing at it.
 *
 * Invariants: the profile row is locked first, so two erasures (or an erasure and a merge) run one after the other,
 * and any write naming her (profile-guards.ts) waits for the erasure and is then refused;
 * a second erasure is a 200 no-op; profiles merged into hers are the same person and are erased with it; a profile
 * merged away is refused (409: erase the live one); orders still in progress (not handed over, delivered or cancelled)
 * block the erasure (409 naming them) because their contact and address are needed to complete them.
 * Events: customers.customer_erased { customerId }, one per erased profile.
 */
import { inArray, or, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { eraseIdempotencyRecords, scrubbedJson, scrubCustomerEvents } from '../../platform/erasure.js'
import { emitAll } from '../../platform/events.js'
import { collectParts, defineHook } from '../../platform/hooks.js'
import { scrubCustomerDeliveries } from '../webhooks/service.js'
import { recordCustomerAccess, resolveServingLocation } from './access-log.js'
import { customerNotFound } from './errors.js'
import { CUSTOMER_EVENTS } from './events.js'
import { devicesOf } from './gdpr-export.js'
import { erasureOfMergedProfile, ordersInProgress } from './gdpr-errors.js'
import { assertCustomerOrStaff } from './profile-guards.js'
import { customerAuditEntries, customerConsentEvents, customerGroupMembers, customerIdentifiers, customerMerges, customers } from './schema.js'

/** What may stand in the way of an erasure, as the modules that know answer it. */
export interface ErasureObstacles {
  /** Orders not yet delivered, collected or cancelled: their contact and address are still needed. */
  ordersInProgress: { id: string; number: number; status: string }[]
}

/**
 * Asked before anything is erased, with every profile of the person locked: orders, the one module that answers,
 * says what stands in the way. The answer is required (ask): an erasure nobody vetted could erase an order's address.
 */
export const customerErasureAsked = defineHook<{ customerIds: readonly string[] }, ErasureObstacles>('customers.erasure-asked')

/** The person being erased: her live profile and those merged into it, and her devices (shared kiosks excepted). */
export interface CustomerErasure {
  customerIds: readonly string[]
  deviceIds: readonly string[]
}

/** How many rows each module above erased, anonymised or keeps, for the erasure summary (webhooks' count is apart). */
export interface ErasedCounts {
  touchpoints: number
  openCarts: number
  wishlistItems: number
  closedCarts: number
  sessions: number
  devices: number
  orders: number
  returns: number
  storeCreditEntries: number
  loyaltyEntries: number
  reviews: number
}

/**
 * The erasure's two steps for the modules above, each answering its counts. customerErasing runs first: her rows go
 * or are anonymised, before her outbox events are scrubbed (so those it emits are scrubbed too), and then the webhooks'
 * copies of them (webhooks sits below customers: called directly); customerErased once her own profile is erased (what
 * stays for the accounts loses what named her).
 */
export const customerErasing = defineHook<CustomerErasure, Partial<ErasedCounts>>('customers.erasing')
export const customerErased = defineHook<CustomerErasure, Partial<ErasedCounts>>('customers.erased')

const COUNTS: Record<keyof ErasedCounts, true> = {
  touchpoints: true,
  openCarts: true,
  wishlistItems: true,
  closedCarts: true,
  sessions: true,
  devices: true,
  orders: true,
  returns: true,
  storeCreditEntries: true,
  loyaltyEntries: true,
  reviews: true,
}

export interface ErasureSummary {
  customerId: string
  erasedAt: string
  /** True when the profile had already been erased: nothing was done this time. */
  alreadyErased: boolean
  /** This profile and those merged into it. */
  erasedProfiles: string[]
  removed: { identifiers: number; openCarts: number; wishlistItems: number; touchpoints: number; sessions: number; storedResponses: number; reviews: number }
  anonymised: {
    orders: number
    returns: number
    closedCarts: number
    devices: number
    consentEvents: number
    merges: number
    events: number
    webhookDeliveries: number
  }
  kept: { orders: number; returns: number; storeCreditEntries: number; loyaltyEntries: number }
}

const none = { identifiers: 0, openCarts: 0, wishlistItems: 0, touchpoints: 0, sessions: 0, storedResponses: 0, reviews: 0 }
const untouched = { orders: 0, returns: 0, closedCarts: 0, devices: 0, consentEvents: 0, merges: 0, events: 0, webhookDeliveries: 0 }

type LockedRow = {
  id: string
  email: string | null
  phone: string | null
  first_name: string | null
  last_name: string | null
  merged_into_id: string | null
  erased_at: string | Date | null
}

/** Locks the profile and the profiles merged into it (transitively) as this statement's snapshot sees them, in id order. */
async function lockPerson(tx: Tx, customerId: string): Promise<LockedRow[]> {
  return rowsOf<LockedRow>(
    await tx.execute(sql`
      with recursive person as (
        select id from customers where id = ${customerId}
        union
        select c.id from customers c join person p on c.merged_into_id = p.id
      )
      select id, email::text as email, phone, first_name, last_name, merged_into_id, erased_at from customers
      where id in (select id from person) order by id for update`),
  )
}

/**
 * Locks the profile and every profile merged into it (transitively); the asked one first in the list. A merge into
 * her that committed while the first statement waited for her row is not in that statement's snapshot, so it runs
 * again once her row is held: no merge into her can commit any more (a merge locks both profiles), and the second
 * snapshot sees every one that did, which it locks too.
 */
async function lockProfiles(tx: Tx, customerId: string): Promise<LockedRow[]> {
  await lockPerson(tx, customerId)
  const rows = await lockPerson(tx, customerId)
  return [...rows.filter((r) => r.id === customerId), ...rows.filter((r) => r.id !== customerId)]
}

/** The reason with the person's own strings (email, phone, names) cut out, so that the audit row names nobody. */
export function redactReason(reason: string, secrets: readonly (string | null)[]): string {
  const words = [...new Set(secrets.filter((s): s is string => s !== null && s.trim().length >= 2).map((s) => s.trim()))]
  const national = words.filter((s) => s.startsWith('+33')).map((s) => `0${s.slice(3)}`)
  return [...words, ...national]
    .sort((a, b) => b.length - a.length)
    .reduce(
      (text, secret) => text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'giu'), '[erased]'),
      reason,
    )
}

/** Erases the customer's personal data; see the file header for what goes and what stays. */
export async function eraseCustomer(tx: Tx, input: { actor: Actor | null; customerId: string; reason: string; locationId?: string }): Promise<ErasureSummary> {
  const { actor, customerId } = input
  // The customer herself (the GDPR right), or staff with customers:erase.
  assertCustomerOrStaff(actor, customerId, 'customers:erase')
  const locationId = await resolveServingLocation(tx, { actor, locationId: input.locationId, field: '/query/locationId' })
  const profiles = await lockProfiles(tx, customerId)
  const [target] = profiles
  if (!target) throw customerNotFound(customerId)
  if (target.erased_at !== null) {
    return {
      customerId,
      erasedAt: new Date(target.erased_at).toISOString(),
      alreadyErased: true,
      erasedProfiles: [],
      removed: none,
      anonymised: untouched,
      kept: { orders: 0, returns: 0, storeCreditEntries: 0, loyaltyEntries: 0 },
    }
  }
  if (target.merged_into_id !== null) throw erasureOfMergedProfile(customerId, target.merged_into_id)
  const ids = profiles.filter((p) => p.erased_at === null).map((p) => p.id)
  const { ordersInProgress: inProgress } = await customerErasureAsked.ask(tx, { customerIds: ids })
  if (inProgress.length > 0) throw ordersInProgress(customerId, inProgress)

  const secrets = profiles.flatMap((p) => [p.email, p.phone, p.first_name, p.last_name])
  const person: CustomerErasure = { customerIds: ids, deviceIds: await devicesOf(tx, ids) }
  const erased = await customerErasing.run(tx, person)
  const events = await scrubCustomerEvents(tx, ids)
  const webhookDeliveries = await scrubCustomerDeliveries(tx, ids)
  const storedResponses = await eraseIdempotencyRecords(tx, ids)
  const own = await eraseOwnRecords(tx, ids)
  const kept = await customerErased.run(tx, person)
  // A count nobody answered means a module's rows were left (not wired): collectParts throws, and nothing is erased.
  const counts = collectParts<ErasedCounts>(`${customerErasing.name}, ${customerErased.name}`, [...erased, ...kept], COUNTS)

  const summary: ErasureSummary = {
    customerId,
    erasedAt: own.erasedAt,
    alreadyErased: false,
    erasedProfiles: ids,
    removed: {
      identifiers: own.identifiers,
      openCarts: counts.openCarts,
      wishlistItems: counts.wishlistItems,
      touchpoints: counts.touchpoints,
      sessions: counts.sessions,
      storedResponses,
      reviews: counts.reviews,
    },
    anonymised: {
      orders: counts.orders,
      returns: counts.returns,
      closedCarts: counts.closedCarts,
      devices: counts.devices,
      consentEvents: own.consentEvents,
      merges: own.merges,
      events,
      webhookDeliveries,
    },
    kept: { orders: counts.orders, returns: counts.returns, storeCreditEntries: counts.storeCreditEntries, loyaltyEntries: counts.loyaltyEntries },
  }
  await recordCustomerAccess(tx, {
    action: 'erasure',
    actor,
    customerId,
    locationId,
    details: { reason: redactReason(input.reason, secrets), erasedProfiles: ids, removed: summary.removed, anonymised: summary.anonymised },
  })
  await emitAll(
    tx,
    ids.map((id) => ({ type: CUSTOMER_EVENTS.customerErased, payload: { customerId: id }, scope: { customerId: id } })),
  )
  return summary
}

/** The customers module's own tables: identifiers, consent detail, merge values, and the profile itself. */
async function eraseOwnRecords(tx: Tx, ids: string[]): Promise<{ erasedAt: string; identifiers: number; consentEvents: number; merges: number }> {
  const identifiers = await tx.delete(customerIdentifiers).where(inArray(customerIdentifiers.customerId, ids)).returning({ kind: customerIdentifiers.kind })
  await tx.delete(customerGroupMembers).where(inArray(customerGroupMembers.customerId, ids))
  // Decisions stay as (purpose, granted, method, when): proof that marketing stopped, naming nobody.
  const consentEvents = await tx
    .update(customerConsentEvents)
    .set({ wording: null, actorId: null, channelId: null, locationId: null })
    .where(inArray(customerConsentEvents.customerId, ids))
    .returning({ id: customerConsentEvents.id })
  // A merge keeps its counts and field names (the merge view reads lengths and keys), not the values it moved.
  const merges = await tx
    .update(customerMerges)
    .set({
      moved: sql`jsonb_set(jsonb_set(${scrubbedJson(sql`${customerMerges.moved}`)}, '{reason}', 'null'::jsonb), '{identifiers}', coalesce(
        (select jsonb_agg(jsonb_set(i, '{value}', 'null'::jsonb)) from jsonb_array_elements(case when jsonb_typeof(${customerMerges.moved} -> 'identifiers') = 'array' then ${customerMerges.moved} -> 'identifiers' else '[]'::jsonb end) i),
        '[]'::jsonb))`,
    })
    .where(or(inArray(customerMerges.survivorId, ids), inArray(customerMerges.mergedId, ids)))
    .returning({ id: customerMerges.id })
  // The audit entries of those merges (on both profiles) copied the free-text reason; it goes with the merge's own.
  if (merges.length > 0) {
    await tx
      .update(customerAuditEntries)
      .set({ details: sql`jsonb_set(${customerAuditEntries.details}, '{reason}', 'null'::jsonb)` })
      .where(
        sql`${customerAuditEntries.action} in ('merge', 'unmerge') and ${customerAuditEntries.details} ? 'reason' and ${customerAuditEntries.details} ->> 'mergeId' in ${merges.map((m) => m.id)}`,
      )
  }
  const [erased] = await tx
    .update(customers)
    .set({ email: null, passwordHash: null, firstName: null, lastName: null, phone: null, postalCode: null, erasedAt: sql`now()`, updatedAt: sql`now()` })
    .where(inArray(customers.id, ids))
    .returning({ erasedAt: customers.erasedAt })
  return {
    erasedAt: (erased?.erasedAt ?? new Date()).toISOString(),
    identifiers: identifiers.length,
    consentEvents: consentEvents.length,
    merges: merges.length,
  }
}
