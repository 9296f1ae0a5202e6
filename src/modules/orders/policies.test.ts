import { describe, expect, it } from 'vitest'
import { attributeSale, deriveOrderStatus, ORDER_TRANSITIONS, orderStatusPath } from './policies.js'
import { distanceKm, routeLines, type RoutingCandidate, type RoutingRequest } from './routing.js'
import type { FulfilmentStatus } from './schema.js'

const MONTPELLIER = { latitude: 43.6085, longitude: 3.8794 }
const LYON = { latitude: 45.7632, longitude: 4.8357 }
const PARIS = { latitude: 48.8574, longitude: 2.3532 }
const ORLEANS = { latitude: 47.9503, longitude: 1.8753 }

function candidate(locationId: string, kind: 'store' | 'warehouse', at: { latitude: number; longitude: number }, stock: Record<string, number>): RoutingCandidate {
  return { locationId, name: locationId, kind, ...at, available: new Map(Object.entries(stock)) }
}

const lines = (...entries: [string, number][]) => entries.map(([variantId, quantity], i) => ({ key: `line${i}`, variantId, quantity }))

describe('routeLines', () => {
  const base: Omit<RoutingRequest, 'mode' | 'lines' | 'candidates'> = { rule: 'warehouse_first', targetLocationId: null, destination: null }

  it('serves a pickup from the pickup store when it has every line', () => {
    const result = routeLines({ ...base, mode: 'pickup', targetLocationId: 'mtp', lines: lines(['a', 2]), candidates: [candidate('wh', 'warehouse', ORLEANS, { a: 9 }), candidate('mtp', 'store', MONTPELLIER, { a: 2 })] })
    expect(result).toMatchObject({ ok: true, allocations: [{ locationId: 'mtp', transferTo: null }] })
  })

  it('sends a pickup by transfer when the pickup store lacks it, and keeps what the store has on its own shelf', () => {
    const whole = routeLines({ ...base, mode: 'pickup', targetLocationId: 'mtp', lines: lines(['a', 2]), candidates: [candidate('mtp', 'store', MONTPELLIER, { a: 1 }), candidate('wh', 'warehouse', ORLEANS, { a: 5 })] })
    expect(whole).toMatchObject({ ok: true, allocations: [{ locationId: 'wh', transferTo: 'mtp' }] })
    const split = routeLines({ ...base, mode: 'pickup', targetLocationId: 'mtp', lines: lines(['a', 1], ['b', 1]), candidates: [candidate('mtp', 'store', MONTPELLIER, { a: 1 }), candidate('lyon', 'store', LYON, { b: 1 })] })
    expect(split).toMatchObject({ ok: true, allocations: [{ locationId: 'mtp', transferTo: null }, { locationId: 'lyon', transferTo: 'mtp' }] })
  })

  it('holds a reserve-in-store only on the pickup store’s shelf', () => {
    const result = routeLines({ ...base, mode: 'reserve_in_store', targetLocationId: 'mtp', lines: lines(['a', 1]), candidates: [candidate('mtp', 'store', MONTPELLIER, {}), candidate('wh', 'warehouse', ORLEANS, { a: 5 })] })
    expect(result).toEqual({ ok: false, shortages: [{ key: 'line0', variantId: 'a', requested: 1, available: 0 }] })
  })

  it('ships from the warehouse first, else from the store nearest the customer (warehouse_first)', () => {
    const stores = [candidate('paris', 'store', PARIS, { a: 1 }), candidate('lyon', 'store', LYON, { a: 1 })]
    const fromWarehouse = routeLines({ ...base, mode: 'delivery', destination: MONTPELLIER, lines: lines(['a', 1]), candidates: [...stores, candidate('wh', 'warehouse', ORLEANS, { a: 1 })] })
    expect(fromWarehouse).toMatchObject({ ok: true, allocations: [{ locationId: 'wh' }] })
    const fromStore = routeLines({ ...base, mode: 'delivery', destination: MONTPELLIER, lines: lines(['a', 1]), candidates: [...stores, candidate('wh', 'warehouse', ORLEANS, {})] })
    expect(fromStore).toMatchObject({ ok: true, allocations: [{ locationId: 'lyon' }] })
  })

  it('takes the nearest location of any kind under nearest_first', () => {
    const result = routeLines({ ...base, rule: 'nearest_first', mode: 'delivery', destination: PARIS, lines: lines(['a', 1]), candidates: [candidate('wh', 'warehouse', ORLEANS, { a: 1 }), candidate('paris', 'store', PARIS, { a: 1 })] })
    expect(result).toMatchObject({ ok: true, allocations: [{ locationId: 'paris' }] })
  })

  it('splits across locations when none has everything, and never allocates more than is available', () => {
    const result = routeLines({ ...base, mode: 'delivery', destination: PARIS, lines: lines(['a', 3]), candidates: [candidate('wh', 'warehouse', ORLEANS, { a: 1 }), candidate('paris', 'store', PARIS, { a: 1 }), candidate('lyon', 'store', LYON, { a: 1 })] })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.allocations.map((a) => [a.locationId, a.lines[0]?.quantity])).toEqual([
      ['wh', 1],
      ['paris', 1],
      ['lyon', 1],
    ])
    expect(result.allocations[0]?.reason).toContain('split')
  })

  it('reports every shortage with what is available in all', () => {
    const result = routeLines({ ...base, mode: 'delivery', lines: lines(['a', 4], ['b', 1]), candidates: [candidate('wh', 'warehouse', ORLEANS, { a: 1 }), candidate('lyon', 'store', LYON, { a: 2, b: 1 })] })
    expect(result).toEqual({ ok: false, shortages: [{ key: 'line0', variantId: 'a', requested: 4, available: 3 }] })
  })

  it('measures great-circle distances in kilometres', () => {
    expect(Math.round(distanceKm(PARIS, LYON))).toBeGreaterThan(385)
    expect(Math.round(distanceKm(PARIS, LYON))).toBeLessThan(400)
  })
})

describe('attributeSale', () => {
  const catchments = [
    { locationId: 'mtp', postalCodes: ['34000', '34070'] },
    { locationId: 'lyon', postalCodes: ['69002'] },
  ]
  const input = { rule: 'local_store' as const, placedLocationId: null, pickupLocationId: null, deliveryPostalCode: null, customerPostalCode: null, catchments }

  it('credits the store where it was placed, then the pickup store, then the delivery and home catchments', () => {
    expect(attributeSale({ ...input, placedLocationId: 'paris', pickupLocationId: 'mtp' })).toEqual({ locationId: 'paris', reason: 'placed_in_store' })
    expect(attributeSale({ ...input, pickupLocationId: 'mtp', deliveryPostalCode: '69002' })).toEqual({ locationId: 'mtp', reason: 'pickup_store' })
    expect(attributeSale({ ...input, deliveryPostalCode: '69002', customerPostalCode: '34000' })).toEqual({ locationId: 'lyon', reason: 'delivery_catchment' })
    expect(attributeSale({ ...input, deliveryPostalCode: '75011', customerPostalCode: '34070' })).toEqual({ locationId: 'mtp', reason: 'customer_catchment' })
    expect(attributeSale({ ...input, deliveryPostalCode: '75011' })).toEqual({ locationId: null, reason: 'no_local_store' })
  })

  it('credits only in-store sales under placement_only', () => {
    expect(attributeSale({ ...input, rule: 'placement_only', pickupLocationId: 'mtp' })).toEqual({ locationId: null, reason: 'not_placed_in_store' })
    expect(attributeSale({ ...input, rule: 'placement_only', placedLocationId: 'mtp' })).toEqual({ locationId: 'mtp', reason: 'placed_in_store' })
  })
})

describe('order lifecycle', () => {
  const of = (...statuses: FulfilmentStatus[]) => statuses.map((status) => ({ status }))

  it('derives the order status from payment and fulfilments', () => {
    expect(deriveOrderStatus({ current: 'placed', paid: false, fulfilments: of('allocated') })).toBe('placed')
    expect(deriveOrderStatus({ current: 'placed', paid: true, fulfilments: of('allocated', 'allocated') })).toBe('allocated')
    expect(deriveOrderStatus({ current: 'allocated', paid: true, fulfilments: of('allocated', 'picking') })).toBe('picking')
    expect(deriveOrderStatus({ current: 'picking', paid: true, fulfilments: of('ready_for_pickup') })).toBe('ready_for_pickup')
    expect(deriveOrderStatus({ current: 'picking', paid: true, fulfilments: of('shipped', 'shipped') })).toBe('shipped')
    expect(deriveOrderStatus({ current: 'shipped', paid: true, fulfilments: of('delivered', 'shipped') })).toBe('partially_fulfilled')
    expect(deriveOrderStatus({ current: 'partially_fulfilled', paid: true, fulfilments: of('delivered', 'collected') })).toBe('delivered')
    expect(deriveOrderStatus({ current: 'ready_for_pickup', paid: true, fulfilments: of('collected', 'cancelled') })).toBe('collected')
    expect(deriveOrderStatus({ current: 'placed', paid: false, fulfilments: of('cancelled') })).toBe('cancelled')
    expect(deriveOrderStatus({ current: 'closed', paid: true, fulfilments: of('delivered') })).toBe('closed')
  })

  it('walks through intermediate states and refuses illegal jumps', () => {
    expect(orderStatusPath('placed', 'collected')).toEqual(['paid', 'allocated', 'collected'])
    expect(orderStatusPath('delivered', 'closed')).toEqual(['closed'])
    expect(orderStatusPath('cancelled', 'paid')).toBeNull()
    expect(orderStatusPath('shipped', 'cancelled')).toBeNull()
    for (const [from, targets] of Object.entries(ORDER_TRANSITIONS)) for (const to of targets) expect(orderStatusPath(from as never, to)).toEqual([to])
  })
})
