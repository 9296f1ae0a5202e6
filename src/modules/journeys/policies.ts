/**
 * Pure rules of the journeys module: who reads a timeline, who reports which kind of touchpoint with which fields,
 * and when profiling consent lets a shopper's activity be recorded. No I/O, unit-tested directly.
 */
import { can, canActAt, type Actor } from '../../platform/auth.js'
import type { TouchpointKind } from './schema.js'

/** What shoppers' own apps report (customer or anonymous device token), on a self-service channel. */
export const SHOPPER_REPORTED_KINDS = ['product_view', 'search'] as const satisfies readonly TouchpointKind[]
/** What staff report for a customer (customers:write): the seller who recognised them, the service desk, the kiosk. */
export const STAFF_REPORTED_KINDS = ['store_visit', 'service_contact', 'kiosk_session'] as const satisfies readonly TouchpointKind[]
/** What messaging platforms report (touchpoints:write). */
export const MESSAGE_KINDS = ['message_sent', 'message_opened'] as const satisfies readonly TouchpointKind[]
export const REPORTED_KINDS = [...SHOPPER_REPORTED_KINDS, ...STAFF_REPORTED_KINDS, ...MESSAGE_KINDS] as const
export type ReportedKind = (typeof REPORTED_KINDS)[number]

/** Kinds that profile the shopper (what they look at and look for): recorded for a customer unless personalisation is withdrawn. */
export const PROFILING_KINDS: readonly TouchpointKind[] = SHOPPER_REPORTED_KINDS

/** The optional fields each reported kind may carry; any other is refused, so a typo never passes silently. */
export const FIELDS_OF_KIND: Record<ReportedKind, readonly string[]> = {
  product_view: ['productId', 'variantId'],
  search: ['query', 'resultCount'],
  store_visit: ['note'],
  service_contact: ['reason', 'note'],
  kiosk_session: ['note'],
  message_sent: ['medium', 'messageId', 'template'],
  message_opened: ['medium', 'messageId', 'template'],
}

/** Fields every entry may carry, whatever its kind. */
export const COMMON_FIELDS: readonly string[] = ['kind', 'channelId', 'customerId', 'locationId', 'occurredAt']

/** How far from now a reported time may be: apps send batches late, never from the future (clock skew aside). */
export const REPORT_WINDOW = { pastDays: 30, futureMinutes: 5 }

/** The customer themself, or staff and integrations with customers:read. */
export function mayReadTimeline(actor: Actor | null, customerId: string): boolean {
  if (!actor) return false
  if (actor.kind === 'customer') return actor.id === customerId
  if (actor.kind === 'device') return false
  return can(actor, 'customers:read')
}

export const isShopper = (actor: Actor): boolean => actor.kind === 'customer' || actor.kind === 'device'

export type ReportRefusal =
  /** This caller does not report this kind at all. */
  | 'kind'
  /** The kind needs a store the caller works at. */
  | 'location_required'
  /** The store given is not one the caller works at. */
  | 'location'
  | null

const among = (kinds: readonly string[], kind: string): boolean => kinds.includes(kind)

/** Why the actor may not report an entry of this kind (at this store), or null when they may. */
export function reportRefusal(actor: Actor, entry: { kind: ReportedKind; locationId?: string | null }): ReportRefusal {
  const { kind } = entry
  if (isShopper(actor)) return among(SHOPPER_REPORTED_KINDS, kind) ? null : 'kind'
  const permitted = among(MESSAGE_KINDS, kind) ? can(actor, 'touchpoints:write') : among(STAFF_REPORTED_KINDS, kind) && can(actor, 'customers:write')
  if (!permitted) return 'kind'
  // A visit or a kiosk session happens in a store; a service contact or a message may happen anywhere.
  const needsStore = kind === 'store_visit' || kind === 'kiosk_session'
  if (!entry.locationId) return needsStore ? 'location_required' : null
  return canActAt(actor, entry.locationId) ? null : 'location'
}

/** The fields of an entry that its kind does not take. */
export function foreignFields(entry: Record<string, unknown> & { kind: ReportedKind }): string[] {
  const allowed = new Set([...COMMON_FIELDS, ...FIELDS_OF_KIND[entry.kind]])
  return Object.keys(entry).filter((key) => entry[key] !== undefined && !allowed.has(key))
}

/**
 * Whether a profiling touchpoint of a customer is recorded, given their personalisation decision: only a recorded
 * refusal or withdrawal (false) stops it; never asked (null) records, as the site's notice covers first-party
 * analytics until the customer says no. Anonymous device activity is the app's business (its cookie banner).
 */
export function recordsProfiling(personalisation: boolean | null): boolean {
  return personalisation !== false
}
