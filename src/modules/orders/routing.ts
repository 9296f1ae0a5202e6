/**
 * Order routing as a pure function: given what is asked, where it must end up and what each candidate location has
 * available, choose the source location(s) and say why. The rule is documented in the README ("Order routing").
 *
 * - Pickups (click-and-collect, endless aisle to a store): the pickup store when it has every line; otherwise the
 *   other candidates send the units to it by transfer, in the order the rule gives.
 * - Reserve-in-store: only the pickup store's own stock (the shopper comes to try it on today).
 * - Home deliveries: `warehouse_first` (default) tries the warehouses, then stores nearest the delivery address;
 *   `nearest_first` tries every location by distance. The first location holding every line serves the whole order;
 *   when none does, the order is split greedily across locations in that same order.
 * - Ship-from-store with a chosen store: that store only.
 */

export type RoutingRule = 'warehouse_first' | 'nearest_first'

export interface RoutingCandidate {
  locationId: string
  name: string
  kind: 'store' | 'warehouse'
  latitude: number
  longitude: number
  /** Units available to sell, by variant id. */
  available: ReadonlyMap<string, number>
}

export interface RoutingLine {
  key: string
  variantId: string
  quantity: number
}

export interface RoutingRequest {
  rule: RoutingRule
  mode: 'pickup' | 'reserve_in_store' | 'delivery' | 'from_location'
  lines: readonly RoutingLine[]
  /** The pickup store (pickup, reserve_in_store) or the chosen source (from_location). */
  targetLocationId: string | null
  /** The delivery point, when known, for distances. */
  destination: { latitude: number; longitude: number } | null
  candidates: readonly RoutingCandidate[]
}

export interface Allocation {
  locationId: string
  lines: RoutingLine[]
  /** Set when the units must travel to this pickup store. */
  transferTo: string | null
  reason: string
}

export type RoutingResult = { ok: true; allocations: Allocation[] } | { ok: false; shortages: { key: string; variantId: string; requested: number; available: number }[] }

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.latitude - a.latitude) * rad
  const dLon = (b.longitude - a.longitude) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(h)))
}

function hasAll(candidate: RoutingCandidate, lines: readonly RoutingLine[]): boolean {
  const needed = new Map<string, number>()
  for (const line of lines) needed.set(line.variantId, (needed.get(line.variantId) ?? 0) + line.quantity)
  return [...needed].every(([variantId, quantity]) => (candidate.available.get(variantId) ?? 0) >= quantity)
}

function ordered(request: RoutingRequest, pool: readonly RoutingCandidate[]): RoutingCandidate[] {
  const origin = request.destination ?? (request.targetLocationId ? request.candidates.find((c) => c.locationId === request.targetLocationId) : undefined) ?? null
  const distance = (c: RoutingCandidate) => (origin ? distanceKm(origin, c) : 0)
  return [...pool].sort((a, b) => {
    if (request.rule === 'warehouse_first' && a.kind !== b.kind) return a.kind === 'warehouse' ? -1 : 1
    return distance(a) - distance(b) || a.locationId.localeCompare(b.locationId)
  })
}

function describe(candidate: RoutingCandidate, request: RoutingRequest): string {
  const km = request.destination ? ` (${Math.round(distanceKm(request.destination, candidate))} km)` : ''
  return `${candidate.name}${km}`
}

/** Takes what each location in `pool` can give, in order, until every line is served; reports what is missing. */
function split(request: RoutingRequest, pool: RoutingCandidate[], transferTo: string | null): RoutingResult {
  const remaining = new Map(pool.map((c) => [c.locationId, new Map(c.available)]))
  const byLocation = new Map<string, RoutingLine[]>()
  const shortages: { key: string; variantId: string; requested: number; available: number }[] = []
  for (const line of request.lines) {
    let missing = line.quantity
    for (const candidate of pool) {
      const stock = remaining.get(candidate.locationId)
      const take = Math.min(missing, stock?.get(line.variantId) ?? 0)
      if (take <= 0) continue
      stock?.set(line.variantId, (stock.get(line.variantId) ?? 0) - take)
      byLocation.set(candidate.locationId, [...(byLocation.get(candidate.locationId) ?? []), { ...line, quantity: take }])
      missing -= take
      if (missing === 0) break
    }
    if (missing > 0) shortages.push({ key: line.key, variantId: line.variantId, requested: line.quantity, available: line.quantity - missing })
  }
  if (shortages.length > 0) return { ok: false, shortages }
  const names = pool.filter((c) => byLocation.has(c.locationId)).map((c) => describe(c, request))
  const allocations = pool
    .filter((c) => byLocation.has(c.locationId))
    .map((c) => ({
      locationId: c.locationId,
      lines: byLocation.get(c.locationId) ?? [],
      transferTo: transferTo === c.locationId ? null : transferTo,
      reason: names.length === 1 ? `${describe(c, request)} has every item (${request.rule})` : `No single location has every item: split across ${names.join(', ')} (${request.rule})`,
    }))
  return { ok: true, allocations }
}

/** Chooses the source location(s) of one group of lines; never returns more than a candidate has available. */
export function routeLines(request: RoutingRequest): RoutingResult {
  const target = request.targetLocationId ? request.candidates.find((c) => c.locationId === request.targetLocationId) : undefined
  if (request.mode === 'reserve_in_store' || request.mode === 'from_location') {
    const only = target ? [target] : []
    const result = split(request, only, null)
    if (result.ok && target) return { ok: true, allocations: [{ locationId: target.locationId, lines: [...request.lines], transferTo: null, reason: request.mode === 'reserve_in_store' ? `Held on the shelf at ${target.name}` : `Chosen store ${target.name} has every item` }] }
    return result
  }
  if (request.mode === 'pickup' && target && hasAll(target, request.lines)) {
    return { ok: true, allocations: [{ locationId: target.locationId, lines: [...request.lines], transferTo: null, reason: `Pickup store ${target.name} has every item` }] }
  }
  const pool = ordered(request, request.candidates.filter((c) => request.mode !== 'pickup' || c.locationId !== target?.locationId))
  const whole = pool.find((c) => hasAll(c, request.lines))
  const transferTo = request.mode === 'pickup' ? (target?.locationId ?? request.targetLocationId) : null
  if (whole) {
    const via = transferTo ? `, sent to the pickup store by transfer` : ''
    return { ok: true, allocations: [{ locationId: whole.locationId, lines: [...request.lines], transferTo, reason: `${describe(whole, request)} has every item (${request.rule})${via}` }] }
  }
  // A pickup store that has part of the order serves that part from its shelf before anything travels.
  return split(request, request.mode === 'pickup' && target ? [target, ...pool] : pool, transferTo)
}
