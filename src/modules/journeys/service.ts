/**
 * Journeys: every touchpoint of a person on any channel (product views, searches, carts, checkouts, orders, returns,
 * store visits, kiosk sessions, service contacts, messages), the timeline built from them. Owns `touchpoints`.
 *
 * Invariants:
 * - A touchpoint belongs to a customer, or to an anonymous device until the shopper is identified (CHECK); anonymous
 *   activity joins the profile on identification, and moves with the profile in a merge.
 * - Touchpoints are written in the transaction of the act they record.
 * - A timeline is read by its customer or by staff with customers:read; anyone else gets a 404 (timeline.ts).
 * - Reported touchpoints follow policies.ts: shoppers report views and searches, staff visits and contacts at their
 *   stores; a customer's views and searches are not recorded once they withdrew personalisation (report.ts).
 *
 * Events: none; the acts themselves are events of their own modules.
 */
export {
  adoptDeviceTouchpoints,
  eraseTouchpoints,
  moveTouchpoints,
  recordStoreVisit,
  recordTouchpoint,
  recordTouchpoints,
  restoreTouchpoints,
  type TouchpointInput,
} from './touchpoints.js'
export { TOUCHPOINT_KINDS, type TouchpointKind } from './schema.js'
export { listTimeline, TIMELINE_SORT_KEYS, type TimelineEntry, type TimelineQuery } from './timeline.js'
export { reportTouchpoints, type ReportedTouchpoint, type ReportOutcome } from './report.js'
export { exportCustomerTouchpoints, listRecentTouchpoints, type CustomerTouchpoint } from './customer-data.js'
