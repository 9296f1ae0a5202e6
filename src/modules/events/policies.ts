/**
 * Who sees which event, and which event a filter names: pure rules shared by the SSE stream and webhook
 * subscriptions. Deny by default: an actor the table below does not name sees nothing.
 */
import { can, type Actor } from '../../platform/auth.js'
import type { OutboxEvent } from '../../platform/events.js'
import { invalidEventTypes, streamCustomerNotFound, streamLocationNotFound } from './errors.js'

/** An exact type (`catalog.product_created`), a prefix (`orders.*`) or everything (`*`). */
export const EVENT_TYPE_PATTERN = '^(\\*|[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?)$'
const EVENT_TYPE_REGEX = new RegExp(EVENT_TYPE_PATTERN)

/** True when `type` is named by one of `patterns`; an empty list names every type. */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  if (patterns.length === 0) return true
  return patterns.some((pattern) => pattern === '*' || pattern === type || (pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1))))
}

/** Checks every pattern and drops duplicates; a bad one is a 400 on `field`. */
export function checkEventTypes(patterns: readonly string[], field: string): string[] {
  for (const pattern of patterns) if (!EVENT_TYPE_REGEX.test(pattern)) throw invalidEventTypes(field, pattern)
  return [...new Set(patterns)]
}

/** Parses `?types=a.b,c.*` into checked patterns; absent or empty means every type. */
export function parseEventTypes(raw: string | undefined, field: string): string[] {
  const patterns = (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  return checkEventTypes(patterns, field)
}

/** What an actor may see of the event stream. */
export type EventAudience =
  | { kind: 'everything' }
  /** Store staff: events of their own locations. */
  | { kind: 'locations'; locationIds: readonly string[] }
  /** Call centre: events about any customer. */
  | { kind: 'customers' }
  /** A customer: events about themselves. */
  | { kind: 'customer'; customerId: string }

/** The audience of an actor, or null when it may not read events at all (devices, anonymous, keys without the scope). */
export function audienceOf(actor: Actor | null): EventAudience | null {
  if (!actor || !can(actor, 'events:read')) return null
  switch (actor.kind) {
    case 'integration':
      return { kind: 'everything' }
    case 'customer':
      return { kind: 'customer', customerId: actor.id }
    case 'device':
      return null
    case 'staff':
      switch (actor.role) {
        case 'admin':
          return { kind: 'everything' }
        case 'store_manager':
        case 'store_associate':
          return { kind: 'locations', locationIds: actor.locationIds }
        case 'call_centre_agent':
          return { kind: 'customers' }
      }
  }
}

function isVisible(audience: EventAudience, event: OutboxEvent): boolean {
  switch (audience.kind) {
    case 'everything':
      return true
    case 'locations':
      return event.locationId !== null && audience.locationIds.includes(event.locationId)
    case 'customers':
      return event.customerId !== null
    case 'customer':
      return event.customerId === audience.customerId
  }
}

/** A staff user's id, as newId('usr') writes it. */
const STAFF_ID = /^usr_/

/** `data` with every staff user's id in it (however deep) replaced by null; the events that carry one say it may be null. */
function withoutStaffIds(data: unknown): unknown {
  if (typeof data === 'string') return STAFF_ID.test(data) ? null : data
  if (Array.isArray(data)) return data.map(withoutStaffIds)
  if (typeof data === 'object' && data !== null) return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, withoutStaffIds(value)]))
  return data
}

/**
 * What an audience reads of an event's data. A customer learns that a seller created her cart or disabled her gift
 * card, never which staff account did (`createdByStaffId`, `actorId`, `unlockedBy.id` and the like arrive as null);
 * staff and integrations read the data as it was emitted.
 */
export function eventDataFor(audience: EventAudience): (data: Record<string, unknown>) => Record<string, unknown> {
  if (audience.kind !== 'customer') return (data) => data
  return (data) => withoutStaffIds(data) as Record<string, unknown>
}

export interface StreamFilter {
  types: readonly string[]
  locationId?: string
  customerId?: string
}

/**
 * The predicate of one stream: what the audience may see, narrowed by the filter. Asking for a location or a
 * customer outside the audience's reach is a 404, as for an unknown id.
 */
export function eventSelector(audience: EventAudience, filter: StreamFilter): (event: OutboxEvent) => boolean {
  const { locationId, customerId, types } = filter
  if (locationId !== undefined && audience.kind === 'locations' && !audience.locationIds.includes(locationId)) throw streamLocationNotFound(locationId)
  if (customerId !== undefined && audience.kind === 'customer' && audience.customerId !== customerId) throw streamCustomerNotFound(customerId)
  return (event) =>
    isVisible(audience, event) &&
    matchesEventType(types, event.type) &&
    (locationId === undefined || event.locationId === locationId) &&
    (customerId === undefined || event.customerId === customerId)
}
