/**
 * The plan of a checkout before anything is written: which lines go by which fulfilment method, where their stock
 * comes from (routing), and what the order costs (priceOrder, once promotions are evaluated). Reads the channel,
 * locations and availability; writes nothing.
 */
import type { Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import type { CheckoutCart, CheckoutCartLine } from '../carts/service.js'
import { listFulfilmentLocationIds, type Channel } from '../channels/service.js'
import { getAvailability } from '../inventory/service.js'
import { findPostalCodeCoordinates, listActiveLocations, type Location } from '../locations/service.js'
import type { PromotionEvaluation, VatLine } from '../pricing/service.js'
import { fulfilmentDetailMissing, insufficientStockForOrder, invalidPickupLocation, methodNotOffered } from './errors.js'
import { isPickup, methodsForChannel, type ChannelKindName } from './policies.js'
import { routeLines, type Allocation, type RoutingCandidate, type RoutingRequest, type RoutingRule } from './routing.js'
import type { FulfilmentMethod, PostalAddress } from './schema.js'

export interface FulfilmentRequest {
  method: FulfilmentMethod
  pickupLocationId?: string
  /** Ship-from-store from a chosen store. */
  sourceLocationId?: string
  shippingAddress?: PostalAddress
}

export interface PlannedFulfilment extends Allocation {
  method: FulfilmentMethod
  pickupLocationId: string | null
  shippingAddress: PostalAddress | null
  /** Units sold from the till's shelf at once (`in_store`). */
  soldOnTheSpot: boolean
}

export interface CheckoutPlan {
  fulfilments: PlannedFulfilment[]
  lines: CheckoutCartLine[]
  subtotal: number
  /** The delivery fee before promotions (priceOrder takes them off). */
  shippingTotal: number
  shippingAddress: PostalAddress | null
  pickupLocationId: string | null
  locations: Map<string, Location>
}

export interface PlanPolicy {
  routingRule: RoutingRule
  shippingFee: number
  /** Shipping is taxed at the standard rate (basis points). */
  shippingVatRate: number
}

interface Group {
  request: FulfilmentRequest
  field: string
  lines: CheckoutCartLine[]
}

function modeOf(request: FulfilmentRequest): RoutingRequest['mode'] {
  switch (request.method) {
    case 'click_and_collect':
      return 'pickup'
    case 'reserve_in_store':
      return 'reserve_in_store'
    case 'in_store':
      return 'from_location'
    case 'ship_from_store':
      return request.sourceLocationId ? 'from_location' : 'delivery'
    case 'endless_aisle':
      return request.pickupLocationId ? 'pickup' : 'delivery'
    case 'ship':
      return 'delivery'
  }
}

function checkRequest(request: FulfilmentRequest, channel: Channel, field: string, stores: Map<string, Location>, atTill: boolean): void {
  if (!methodsForChannel(channel.kind as ChannelKindName).includes(request.method)) throw methodNotOffered(request.method, channel.kind, `${field}/method`)
  // Goods leave the shelf, born collected, with no contact asked: a seller of that store hands them over. A shopper's
  // device still holds a cart a seller claimed onto the store channel, and must not sell itself the shelf.
  if (request.method === 'in_store' && !atTill) throw methodNotOffered(request.method, channel.kind, `${field}/method`, 'in_store is a sale from the shelf, made by the store’s staff at its till.')
  const pickup = isPickup(request.method, request.pickupLocationId ?? null) && request.method !== 'in_store'
  if (pickup) {
    if (!request.pickupLocationId) throw fulfilmentDetailMissing(`${request.method} needs a pickupLocationId (the store where the customer collects).`, `${field}/pickupLocationId`)
    if (!stores.has(request.pickupLocationId)) throw invalidPickupLocation(request.pickupLocationId, `${field}/pickupLocationId`)
  } else if (request.method !== 'in_store' && !request.shippingAddress) {
    throw fulfilmentDetailMissing(`${request.method} delivers to the customer: give a shippingAddress.`, `${field}/shippingAddress`)
  }
  if (request.sourceLocationId && !stores.has(request.sourceLocationId)) throw invalidPickupLocation(request.sourceLocationId, `${field}/sourceLocationId`)
}

/** The target of a group: the pickup store, the chosen source store, or the till's own store. */
function targetOf(request: FulfilmentRequest, channel: Channel): string | null {
  if (request.method === 'in_store') return channel.locationId
  return request.pickupLocationId ?? request.sourceLocationId ?? null
}

/** Where a parcel goes, for distances: the centre of its postal code when the reference table knows it, else none. */
async function destinationOf(tx: Tx, address: PostalAddress | undefined): Promise<{ latitude: number; longitude: number } | null> {
  if (!address) return null
  try {
    return await findPostalCodeCoordinates(tx, { country: address.country, postalCode: address.postalCode })
  } catch (error) {
    // An unknown postal code only costs the distance ordering (routing then goes by the rule alone), not the sale.
    if (error instanceof DomainError && error.code === 'unknown-postal-code') return null
    throw error
  }
}

/** Plans the checkout of `cart`; 400 for a method or detail the channel cannot serve, 409 insufficient-stock. */
export async function planCheckout(
  tx: Tx,
  input: {
    cart: CheckoutCart
    channel: Channel
    fulfilment: FulfilmentRequest
    lineFulfilments: { lineId: string; fulfilment: FulfilmentRequest }[]
    policy: PlanPolicy
    /** The checkout is made by staff at this store channel's till (isStaffAtTill): only then is `in_store` offered. */
    atTill: boolean
  },
): Promise<CheckoutPlan> {
  const { cart, channel, policy } = input
  const configured = await listFulfilmentLocationIds(tx, channel.id)
  const active = await listActiveLocations(tx)
  const locations = new Map(active.map((l) => [l.id, l]))
  const stores = new Map(active.filter((l) => l.kind === 'store').map((l) => [l.id, l]))
  const candidateIds = new Set(configured.length > 0 ? configured.filter((id) => locations.has(id)) : active.map((l) => l.id))

  const overrides = new Map(input.lineFulfilments.map((o, i) => [o.lineId, { request: o.fulfilment, field: `/body/lines/${i}/fulfilment` }]))
  const groups = new Map<string, Group>()
  for (const line of cart.lines) {
    const chosen = overrides.get(line.lineId) ?? { request: input.fulfilment, field: '/body/fulfilment' }
    const key = JSON.stringify([chosen.request.method, chosen.request.pickupLocationId ?? null, chosen.request.sourceLocationId ?? null, chosen.request.shippingAddress ?? null])
    const group = groups.get(key) ?? { request: chosen.request, field: chosen.field, lines: [] }
    group.lines.push(line)
    groups.set(key, group)
  }
  for (const group of groups.values()) checkRequest(group.request, channel, group.field, stores, input.atTill)
  // An order has one delivery address: a parcel per line to different homes is several orders.
  const addressed = [...groups.values()].filter((g) => g.request.shippingAddress)
  const other = addressed.find((g) => JSON.stringify(g.request.shippingAddress) !== JSON.stringify(addressed[0]?.request.shippingAddress))
  if (other) throw fulfilmentDetailMissing('Every delivered line of an order goes to the same shippingAddress; place another order for another address.', `${other.field}/shippingAddress`)

  const targets = [...groups.values()].map((g) => targetOf(g.request, channel)).filter((id): id is string => id !== null)
  const stockLocationIds = [...new Set([...candidateIds, ...targets])]
  const availability = await getAvailability(tx, { variantIds: [...new Set(cart.lines.map((l) => l.variantId))], locationIds: stockLocationIds })

  const fulfilmentsPlanned: PlannedFulfilment[] = []
  const shortages: { lineId: string; variantId: string; requested: number; available: number }[] = []
  for (const group of groups.values()) {
    const { request } = group
    const shelfSale = request.method === 'in_store'
    const target = targetOf(request, channel)
    const pool = [...stockLocationIds].filter((id) => candidateIds.has(id) || id === target)
    const restricted = request.method === 'ship_from_store' && !request.sourceLocationId ? pool.filter((id) => stores.has(id)) : pool
    const candidates: RoutingCandidate[] = restricted.flatMap((id) => {
      const location = locations.get(id)
      if (!location) return []
      const stock = new Map<string, number>()
      for (const row of availability) {
        // The shopper at the till holds the item: safety stock protects online promises, not the shelf in hand.
        if (row.locationId === id) stock.set(row.variantId, shelfSale ? row.onHand - row.reserved : row.available)
      }
      return [{ locationId: id, name: location.name, kind: location.kind, latitude: location.coordinates.latitude, longitude: location.coordinates.longitude, available: stock }]
    })
    const routed = routeLines({
      rule: policy.routingRule,
      mode: modeOf(request),
      lines: group.lines.map((l) => ({ key: l.lineId, variantId: l.variantId, quantity: l.quantity })),
      targetLocationId: target,
      destination: await destinationOf(tx, request.shippingAddress),
      candidates,
    })
    if (!routed.ok) {
      shortages.push(...routed.shortages.map((s) => ({ lineId: s.key, variantId: s.variantId, requested: s.requested, available: s.available })))
      continue
    }
    for (const allocation of routed.allocations) {
      const fromStore = stores.has(allocation.locationId)
      const method: FulfilmentMethod = request.method === 'ship' && fromStore ? 'ship_from_store' : request.method
      const pickupLocationId = request.method === 'in_store' ? channel.locationId : (request.pickupLocationId ?? null)
      fulfilmentsPlanned.push({ ...allocation, method, pickupLocationId, shippingAddress: request.shippingAddress ?? null, soldOnTheSpot: shelfSale })
    }
  }
  if (shortages.length > 0) throw insufficientStockForOrder(shortages)

  const subtotal = cart.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0)
  const delivers = [...groups.values()].some((g) => !isPickup(g.request.method, g.request.pickupLocationId ?? null))
  const shippingTotal = delivers ? policy.shippingFee : 0
  const firstDelivery = [...groups.values()].find((g) => g.request.shippingAddress)
  const firstPickup = fulfilmentsPlanned.find((f) => f.pickupLocationId !== null && f.method !== 'in_store')
  return {
    fulfilments: fulfilmentsPlanned,
    lines: cart.lines,
    subtotal,
    shippingTotal,
    shippingAddress: firstDelivery?.request.shippingAddress ?? null,
    pickupLocationId: firstPickup?.pickupLocationId ?? null,
    locations,
  }
}

/** The plan's money once promotions are taken off: what the order and its lines record. */
export interface PricedOrder {
  lines: (CheckoutCartLine & { discountTotal: number; discounts: { promotionId: string; amount: number }[] })[]
  subtotal: number
  discountTotal: number
  shippingTotal: number
  shippingDiscount: number
  vat: VatLine[]
  taxTotal: number
  total: number
}

/**
 * Takes the promotion engine's result (evaluated on the plan's lines, in their order, with its delivery fee) into
 * the order's amounts: total = subtotal − discounts + delivery after its discount, VAT on what is actually paid.
 */
export function priceOrder(plan: Pick<CheckoutPlan, 'lines' | 'subtotal' | 'shippingTotal'>, evaluation: PromotionEvaluation): PricedOrder {
  const lines = plan.lines.map((line, index) => {
    const priced = evaluation.lines[index]
    return { ...line, discountTotal: priced ? priced.itemDiscount + priced.orderDiscount : 0, discounts: priced?.discounts ?? [] }
  })
  const discountTotal = lines.reduce((sum, line) => sum + line.discountTotal, 0)
  const shippingDiscount = evaluation.totals.shippingDiscount
  const vat = evaluation.totals.vat
  return {
    lines,
    subtotal: plan.subtotal,
    discountTotal,
    shippingTotal: plan.shippingTotal - shippingDiscount,
    shippingDiscount,
    vat,
    taxTotal: vat.reduce((sum, line) => sum + line.vat, 0),
    total: plan.subtotal - discountTotal + plan.shippingTotal - shippingDiscount,
  }
}
