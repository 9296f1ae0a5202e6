/**
 * The event catalogue: every event type the system emits, with its payload schema, gathered from each module's
 * events.ts (the same definitions that type emit()). It sits beside app.ts, above every module, because it reads them
 * all; app.ts hands it to the routes that publish it (GET /v1/event-types and the OpenAPI `webhooks` section).
 */
import type { CataloguedEvent, EventType } from './platform/event-types.js'
import { AUTH_EVENT_DEFINITIONS } from './modules/auth/events.js'
import { CART_EVENT_DEFINITIONS } from './modules/carts/events.js'
import { CATALOG_EVENT_DEFINITIONS } from './modules/catalog/events.js'
import { CHANNEL_EVENT_DEFINITIONS } from './modules/channels/events.js'
import { CREDIT_EVENT_DEFINITIONS } from './modules/credit/events.js'
import { CUSTOMER_EVENT_DEFINITIONS } from './modules/customers/events.js'
import { INVENTORY_EVENT_DEFINITIONS } from './modules/inventory/events.js'
import { LOCATION_EVENT_DEFINITIONS } from './modules/locations/events.js'
import { LOYALTY_EVENT_DEFINITIONS } from './modules/loyalty/events.js'
import { ORDER_EVENT_DEFINITIONS } from './modules/orders/events.js'
import { PRICING_EVENT_DEFINITIONS } from './modules/pricing/events.js'
import { COUPON_EVENT_DEFINITIONS } from './modules/promotions/coupon-events.js'
import { PROMOTION_EVENT_DEFINITIONS } from './modules/promotions/events.js'
import { RETURN_EVENT_DEFINITIONS } from './modules/returns/events.js'
import { REVIEW_EVENT_DEFINITIONS } from './modules/reviews/events.js'
import { TILL_EVENT_DEFINITIONS } from './modules/tills/events.js'
import { WEBHOOK_EVENT_DEFINITIONS } from './modules/webhooks/events.js'

const DEFINITIONS = {
  ...AUTH_EVENT_DEFINITIONS,
  ...CART_EVENT_DEFINITIONS,
  ...CATALOG_EVENT_DEFINITIONS,
  ...CHANNEL_EVENT_DEFINITIONS,
  ...CREDIT_EVENT_DEFINITIONS,
  ...CUSTOMER_EVENT_DEFINITIONS,
  ...INVENTORY_EVENT_DEFINITIONS,
  ...LOCATION_EVENT_DEFINITIONS,
  ...LOYALTY_EVENT_DEFINITIONS,
  ...ORDER_EVENT_DEFINITIONS,
  ...PRICING_EVENT_DEFINITIONS,
  ...COUPON_EVENT_DEFINITIONS,
  ...PROMOTION_EVENT_DEFINITIONS,
  ...RETURN_EVENT_DEFINITIONS,
  ...REVIEW_EVENT_DEFINITIONS,
  ...TILL_EVENT_DEFINITIONS,
  ...WEBHOOK_EVENT_DEFINITIONS,
}

/**
 * Fails to compile when a module declares an emittable type (in EventPayloads) whose definitions are not listed
 * above: whatever emit() accepts is published.
 */
type Unpublished = Exclude<EventType, keyof typeof DEFINITIONS>
const everyEmittableTypeIsPublished: [Unpublished] extends [never] ? true : Unpublished = true

/** Every event type, sorted by name. */
export const EVENT_CATALOGUE: readonly CataloguedEvent[] = everyEmittableTypeIsPublished
  ? Object.entries(DEFINITIONS)
      .map(([type, definition]) => ({ type, ...definition }))
      .sort((a, b) => a.type.localeCompare(b.type))
  : []
