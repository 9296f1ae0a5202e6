/**
 * Events: the live Server-Sent Events stream over the transactional outbox, and the rules that say who sees which
 * event. Owns no tables: it reads `outbox_events`, which every module writes through `emit(tx, …)`.
 * Invariants: a stream shows only committed events, in outbox order, each at most once; resuming with Last-Event-ID
 * sends exactly the matching events after that one; nobody sees an event outside their audience (deny by default).
 * Events: none.
 */
export {
  audienceOf,
  eventDataFor,
  checkEventTypes,
  eventSelector,
  EVENT_TYPE_PATTERN,
  matchesEventType,
  parseEventTypes,
  type EventAudience,
  type StreamFilter,
} from './policies.js'
export { openEventStream, SSE_RETRY_MS, toPublicEvent, type EventStream, type PublicEvent } from './stream.js'
