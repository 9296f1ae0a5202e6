/**
 * The orders module's business rules as pure functions: the two lifecycles (order and fulfilment) as transition
 * tables, how an order's status follows from its payment and fulfilments, which store a sale is credited to, and
 * which fulfilment methods a channel offers. No database access here.
 */
import type { Actor } from '../../platform/auth.js'
import type { FulfilmentMethod, FulfilmentStatus, OrderStatus } from './schema.js'

/** Order lifecycle. `paid` means authorised or captured in full; `allocated` means stock is held for every line. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  placed: ['paid', 'cancelled'],
  paid: ['allocated', 'cancelled'],
  allocated: ['picking', 'ready_for_pickup', 'shipped', 'partially_fulfilled', 'delivered', 'collected', 'cancelled'],
  picking: ['ready_for_pickup', 'shipped', 'partially_fulfilled', 'delivered', 'collected', 'cancelled'],
  ready_for_pickup: ['picking', 'shipped', 'partially_fulfilled', 'collected', 'cancelled'],
  shipped: ['partially_fulfilled', 'delivered'],
  partially_fulfilled: ['delivered', 'collected', 'closed'],
  delivered: ['closed'],
  collected: ['closed'],
  closed: [],
  cancelled: [],
}

/**
 * Fulfilment lifecycle. Home deliveries: allocated → picking → shipped → delivered. Pickups from the pickup store's own
 * stock: allocated → picking → ready_for_pickup → collected; through a transfer: … picking → in_transit →
 * ready_for_pickup. A till sale (`in_store`) is born collected. Nothing already shipped can be cancelled.
 */
export const FULFILMENT_TRANSITIONS: Readonly<Record<FulfilmentStatus, readonly FulfilmentStatus[]>> = {
  allocated: ['picking', 'ready_for_pickup', 'cancelled'],
  picking: ['in_transit', 'ready_for_pickup', 'shipped', 'cancelled'],
  in_transit: ['ready_for_pickup'],
  ready_for_pickup: ['collected', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  collected: [],
  cancelled: [],
}

export function canTransition<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return table[from].includes(to)
}

const PICKUP_METHODS: readonly FulfilmentMethod[] = ['click_and_collect', 'reserve_in_store']

/** True when the customer collects this fulfilment at a store rather than receiving it at home. */
export function isPickup(method: FulfilmentMethod, pickupLocationId: string | null): boolean {
  return PICKUP_METHODS.includes(method) || (method === 'endless_aisle' && pickupLocationId !== null) || method === 'in_store'
}

/**
 * The order status that its payment and fulfilments amount to. Cancelled fulfilments are ignored unless all are
 * cancelled; an order some of whose fulfilments are done and others not is partially fulfilled.
 */
export function deriveOrderStatus(input: { current: OrderStatus; paid: boolean; fulfilments: readonly { status: FulfilmentStatus }[] }): OrderStatus {
  if (input.current === 'closed' || input.current === 'cancelled') return input.current
  const live = input.fulfilments.filter((f) => f.status !== 'cancelled')
  if (live.length === 0) return 'cancelled'
  if (!input.paid) return 'placed'
  const done = live.filter((f) => f.status === 'delivered' || f.status === 'collected')
  if (done.length === live.length) return done.every((f) => f.status === 'collected') ? 'collected' : 'delivered'
  if (done.length > 0) return 'partially_fulfilled'
  const statuses = new Set(live.map((f) => f.status))
  if (statuses.size === 1 && statuses.has('shipped')) return 'shipped'
  if (live.every((f) => f.status === 'ready_for_pickup' || f.status === 'shipped')) return statuses.has('shipped') ? 'partially_fulfilled' : 'ready_for_pickup'
  if (statuses.has('allocated') && statuses.size === 1) return 'allocated'
  return 'picking'
}

/** The legal path from one order status to another through intermediate states (placed → paid → allocated …). */
export function orderStatusPath(from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  if (from === to) return []
  // Breadth-first over the (tiny) transition table: the shortest path is the one a person would describe.
  const queue: { status: OrderStatus; path: OrderStatus[] }[] = [{ status: from, path: [] }]
  const seen = new Set<OrderStatus>([from])
  while (queue.length > 0) {
    const next = queue.shift()
    if (!next) break
    for (const step of ORDER_TRANSITIONS[next.status]) {
      if (seen.has(step)) continue
      const path = [...next.path, step]
      if (step === to) return path
      seen.add(step)
      queue.push({ status: step, path })
    }
  }
  return null
}

export type AttributionRule = 'local_store' | 'placement_only'

export interface AttributionInput {
  rule: AttributionRule
  /** The store of a store or kiosk channel; null for web, app, phone, catalogue and marketplace. */
  placedLocationId: string | null
  /** The store where the customer collects, if any fulfilment is a pickup. */
  pickupLocationId: string | null
  deliveryPostalCode: string | null
  customerPostalCode: string | null
  /** Stores and the postal codes of their catchment areas. */
  catchments: readonly { locationId: string; postalCodes: readonly string[] }[]
}

/**
 * The store a sale is credited to. `local_store` (default): the store where it was placed (till, kiosk); else the
 * pickup store; else the store whose catchment holds the delivery postal code; else the one holding the customer's
 * own postal code; else none. `placement_only`: only sales placed in a store (till or kiosk) are credited to it.
 */
export function attributeSale(input: AttributionInput): { locationId: string | null; reason: string } {
  if (input.placedLocationId) return { locationId: input.placedLocationId, reason: 'placed_in_store' }
  if (input.rule === 'placement_only') return { locationId: null, reason: 'not_placed_in_store' }
  if (input.pickupLocationId) return { locationId: input.pickupLocationId, reason: 'pickup_store' }
  const byPostalCode = (postalCode: string | null) => (postalCode ? input.catchments.find((c) => c.postalCodes.includes(postalCode))?.locationId : undefined)
  const delivery = byPostalCode(input.deliveryPostalCode)
  if (delivery) return { locationId: delivery, reason: 'delivery_catchment' }
  const home = byPostalCode(input.customerPostalCode)
  if (home) return { locationId: home, reason: 'customer_catchment' }
  return { locationId: null, reason: 'no_local_store' }
}

export type ChannelKindName = 'web' | 'mobile_app' | 'store' | 'kiosk' | 'marketplace' | 'phone' | 'catalogue'

/** The fulfilment methods a channel may ask for: the till sells from the shelf, stores and kiosks sell the endless aisle. */
export function methodsForChannel(kind: ChannelKindName): readonly FulfilmentMethod[] {
  switch (kind) {
    case 'store':
      return ['in_store', 'ship', 'click_and_collect', 'reserve_in_store', 'ship_from_store', 'endless_aisle']
    case 'kiosk':
      return ['ship', 'click_and_collect', 'endless_aisle']
    default:
      return ['ship', 'click_and_collect', 'reserve_in_store', 'ship_from_store']
  }
}

/** A six-digit code the customer shows at the counter; `random` returns a uniform integer below its argument. */
export function makePickupCode(random: (below: number) => number): string {
  return String(random(1_000_000)).padStart(6, '0')
}

/**
 * What `units` units of an order line are worth as paid (its total less its discounts), when `before` of its units
 * were already counted (captured, refunded). The line's paid amount is spread over its units cumulatively: the first
 * n units are worth floor(paid × n / quantity), so however the units are split between fulfilments or returns, the
 * parts add up to the line's paid amount to the cent and none is ever counted twice.
 */
export function paidShare(line: { quantity: number; lineTotal: number; discountTotal: number }, units: number, before = 0): number {
  const paid = line.lineTotal - line.discountTotal
  const upTo = (count: number) => Math.floor((paid * Math.min(count, line.quantity)) / line.quantity)
  return upTo(before + units) - upTo(before)
}

/**
 * Who unlocks a pickup locked by wrong codes: a person who answers for the store — its manager (the caller checks it
 * is her store) or an admin — not an associate at the counter with the customer, nor an integration.
 */
export function mayUnlockPickup(actor: Actor | null): boolean {
  return actor?.kind === 'staff' && (actor.role === 'store_manager' || actor.role === 'admin')
}
