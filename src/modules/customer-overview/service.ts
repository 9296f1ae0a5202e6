/**
 * The customer 360 for staff: in one call, what a store app shows about a customer — profile, consents, loyalty
 * status, open and abandoned carts, orders and returns from every channel, last touchpoints, and the stock at the
 * seller's store of what she has in her carts and wishlist. Every call is logged ('overview', who, which store) in
 * the customers module's access log. A module of its own, above all it reads, so that none of them imports another
 * to compose it; owns no table.
 *
 * Invariants: staff only (customers:read, checked by the route); store staff serve from a store of their own (given,
 * or implied when they have exactly one), which is the store whose stock is shown; a constant number of queries
 * (fifteen) whatever the number of orders, carts or items — each module answers its part in one or two statements.
 * Loyalty: on her card, her available points and her tier code (the loyalty module's summary, one query).
 * Events: none (the access log entry is the customers module's).
 */
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { listCustomerWantedVariants, summariseCustomerCarts } from '../carts/service.js'
import { getStoreCreditBalance } from '../credit/service.js'
import { consentsOf, profileSummaryOf, recordCustomerAccess, resolveServingLocation } from '../customers/service.js'
import { getAvailability } from '../inventory/service.js'
import { listRecentTouchpoints } from '../journeys/service.js'
import { loyaltySummaryOf } from '../loyalty/service.js'
import { summariseCustomerOrders } from '../orders/service.js'
import { summariseCustomerReturns } from '../returns/service.js'

export const RECENT_ORDERS = 20
export const RECENT_RETURNS = 20
export const RECENT_TOUCHPOINTS = 10

type Money = { amount: number; currency: string }

/** Orders' totals (not cancelled) less refunded returns, per currency. */
function lifetimeSpend(spent: readonly Money[], refunded: readonly Money[]): Money[] {
  const byCurrency = new Map(spent.map((m) => [m.currency, m.amount]))
  for (const m of refunded) byCurrency.set(m.currency, (byCurrency.get(m.currency) ?? 0) - m.amount)
  return [...byCurrency].map(([currency, amount]) => ({ amount, currency }))
}

/** The 360 of one customer for staff, logged; see the file header. */
export async function getCustomerOverview(tx: Tx, input: { actor: Actor | null; customerId: string; locationId?: string }) {
  const { actor, customerId } = input
  const servedFrom = await resolveServingLocation(tx, { actor, locationId: input.locationId, field: '/query/locationId' })
  const { customer, loyalty } = await profileSummaryOf(tx, customerId)
  await recordCustomerAccess(tx, { action: 'overview', actor, customerId, locationId: servedFrom })
  const [consents, carts, orders, returns, touchpoints, wanted, credit, points] = await Promise.all([
    consentsOf(tx, customerId),
    summariseCustomerCarts(tx, customerId),
    summariseCustomerOrders(tx, { customerId, limit: RECENT_ORDERS }),
    summariseCustomerReturns(tx, { customerId, limit: RECENT_RETURNS }),
    listRecentTouchpoints(tx, { customerId, limit: RECENT_TOUCHPOINTS }),
    listCustomerWantedVariants(tx, customerId),
    getStoreCreditBalance(tx, customerId),
    loyaltySummaryOf(tx, customerId),
  ])
  const levels = servedFrom === null ? [] : await getAvailability(tx, { variantIds: wanted.map((w) => w.variantId), locationIds: [servedFrom] })
  const available = new Map(levels.map((level) => [level.variantId, level.available]))
  return {
    customer,
    consents: consents.map((c) => ({ purpose: c.purpose, granted: c.granted, since: c.since, method: c.method })),
    loyalty: loyalty && { ...loyalty, points: points.points, tier: points.tier },
    storeCredit: { amount: credit, currency: 'EUR' },
    carts,
    orders: orders.recent,
    returns: returns.recent,
    counts: { orders: orders.stats.count, returns: returns.count, lifetimeSpend: lifetimeSpend(orders.stats.spent, returns.refunded) },
    touchpoints: touchpoints.map((t) => ({
      id: t.id,
      kind: t.kind,
      channelId: t.channelId,
      locationId: t.locationId,
      subjectType: t.subjectType,
      subjectId: t.subjectId,
      occurredAt: t.occurredAt,
    })),
    stock:
      servedFrom === null
        ? null
        : {
            locationId: servedFrom,
            items: wanted.map((w) => ({
              variantId: w.variantId,
              sku: w.sku,
              title: w.title,
              inCarts: w.inCarts,
              inWishlist: w.inWishlist,
              available: available.get(w.variantId) ?? 0,
            })),
          },
  }
}

export type CustomerOverview = Awaited<ReturnType<typeof getCustomerOverview>>
