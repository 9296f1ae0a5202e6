/**
 * Locations: where stock lives (warehouses and stores), with address, coordinates, opening hours and catchment area.
 * Owns `locations`.
 * Invariants: codes are unique; coordinates are in range; opening hours are HH:MM with opens < closes; store staff
 * change only their own locations (checked with canActAt, a stranger's location answers 404).
 * Events: locations.location_created, locations.location_updated (scoped to the location).
 */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { can, canActAt, forbidden, type Actor } from '../../platform/auth.js'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { invalidOpeningHours, invalidTimezone, locationCodeTaken, locationNotFound } from './errors.js'
import { LOCATION_EVENTS } from './events.js'
import { locations, type OpeningHours } from './schema.js'

export type LocationRow = typeof locations.$inferSelect
export type LocationKind = LocationRow['kind']

export interface Location {
  id: string
  code: string
  name: string
  kind: LocationKind
  address: { line1: string; line2: string | null; postalCode: string; city: string; country: string }
  coordinates: { latitude: number; longitude: number }
  timezone: string
  openingHours: OpeningHours
  catchmentPostalCodes: string[]
  active: boolean
  version: number
  createdAt: string
  updatedAt: string
}

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    address: { line1: row.addressLine1, line2: row.addressLine2, postalCode: row.postalCode, city: row.city, country: row.country },
    coordinates: { latitude: row.latitude, longitude: row.longitude },
    timezone: row.timezone,
    openingHours: row.openingHours,
    catchmentPostalCodes: row.catchmentPostalCodes,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export interface LocationInput {
  code: string
  name: string
  kind: LocationKind
  address: { line1: string; line2?: string | null; postalCode: string; city: string; country: string }
  coordinates: { latitude: number; longitude: number }
  timezone?: string
  openingHours?: OpeningHours
  catchmentPostalCodes?: string[]
  active?: boolean
}

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'))

function checkTimezone(timezone: string | undefined): void {
  if (timezone !== undefined && !TIME_ZONES.has(timezone) && timezone !== 'UTC') throw invalidTimezone(timezone)
}

function checkOpeningHours(hours: OpeningHours): void {
  const seen = new Set<string>()
  for (const slot of hours) {
    if (slot.opens >= slot.closes) throw invalidOpeningHours(`On ${slot.day}, opening time ${slot.opens} is not before closing time ${slot.closes}.`)
    const key = `${slot.day}-${slot.opens}`
    if (seen.has(key)) throw invalidOpeningHours(`${slot.day} ${slot.opens} is listed twice.`)
    seen.add(key)
  }
}

function columnsOf(input: Partial<LocationInput>) {
  return {
    ...(input.code !== undefined && { code: input.code }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.address !== undefined && {
      addressLine1: input.address.line1,
      addressLine2: input.address.line2 ?? null,
      postalCode: input.address.postalCode,
      city: input.address.city,
      country: input.address.country,
    }),
    ...(input.coordinates !== undefined && { latitude: input.coordinates.latitude, longitude: input.coordinates.longitude }),
    ...(input.timezone !== undefined && { timezone: input.timezone }),
    ...(input.openingHours !== undefined && { openingHours: input.openingHours }),
    ...(input.catchmentPostalCodes !== undefined && { catchmentPostalCodes: [...new Set(input.catchmentPostalCodes)] }),
    ...(input.active !== undefined && { active: input.active }),
  }
}

/** Creates a location; a duplicate code is a 409. */
export async function createLocation(tx: Tx, input: LocationInput): Promise<Location> {
  checkOpeningHours(input.openingHours ?? [])
  checkTimezone(input.timezone)
  const id = newId('loc')
  const [row] = await tx
    .insert(locations)
    .values({ id, ...columnsOf(input), code: input.code, name: input.name, kind: input.kind, addressLine1: input.address.line1, postalCode: input.address.postalCode, city: input.address.city, country: input.address.country, latitude: input.coordinates.latitude, longitude: input.coordinates.longitude })
    .onConflictDoNothing({ target: locations.code })
    .returning()
  if (!row) throw locationCodeTaken(input.code)
  await emit(tx, LOCATION_EVENTS.created, { locationId: id, code: row.code, kind: row.kind }, { locationId: id })
  return toLocation(row)
}

/** One location by id (public information: addresses and opening hours), or a 404. */
export async function getLocation(tx: Tx, id: string): Promise<Location> {
  const [row] = await tx.select().from(locations).where(eq(locations.id, id)).limit(1)
  if (!row) throw locationNotFound(id)
  return toLocation(row)
}

/** One location by id, or undefined. */
export async function findLocation(tx: Tx, id: string): Promise<Location | undefined> {
  const [row] = await tx.select().from(locations).where(eq(locations.id, id)).limit(1)
  return row ? toLocation(row) : undefined
}

/** The ids among `ids` that name no location. */
export async function missingLocationIds(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return []
  const found = await tx.select({ id: locations.id }).from(locations).where(inArray(locations.id, ids))
  const known = new Set(found.map((f) => f.id))
  return ids.filter((id) => !known.has(id))
}

export const LOCATION_SORT_KEYS = ['createdAt', 'name', 'code'] as const
const locationListOrder = defineListOrder<(typeof LOCATION_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: locations.createdAt, type: 'time' }, name: { sql: locations.name, type: 'text' }, code: { sql: locations.code, type: 'text' } },
  tiebreaker: locations.id,
  defaultDescending: false,
})

/** Locations by creation order (or `sort`), filtered by kind and postal code of the catchment area. */
export async function listLocations(tx: Tx, input: { kind?: LocationKind; postalCode?: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  const filters: (SQL | undefined)[] = [
    input.kind ? eq(locations.kind, input.kind) : undefined,
    // Uses locations_catchment_idx (GIN).
    input.postalCode ? sql`${locations.catchmentPostalCodes} @> array[${input.postalCode}]::text[]` : undefined,
  ]
  return listTablePage(tx, locations, locationListOrder, input, and(...filters), (rows) => rows.map(toLocation))
}

/**
 * Changes a location. Admins change anything anywhere; a store manager only the opening hours of their own stores
 * (another store answers 404).
 */
export async function updateLocation(tx: Tx, input: { actor: Actor | null; id: string; changes: Partial<LocationInput>; expectedVersion?: ExpectedVersion }): Promise<Location> {
  if (!canActAt(input.actor, input.id)) throw locationNotFound(input.id)
  const onlyHours = Object.keys(input.changes).every((key) => key === 'openingHours')
  if (!onlyHours && !can(input.actor, 'locations:write')) throw forbidden('locations:write')
  if (input.changes.openingHours) checkOpeningHours(input.changes.openingHours)
  checkTimezone(input.changes.timezone)
  const columns = columnsOf(input.changes)
  try {
    const [row] = await tx
      .update(locations)
      .set({ ...columns, updatedAt: sql`now()` })
      .where(and(eq(locations.id, input.id), versionCondition(locations.version, input.expectedVersion)))
      .returning()
    if (!row) throw preconditionFailed('location', (await getLocation(tx, input.id)).version)
    await emit(tx, LOCATION_EVENTS.updated, { locationId: row.id, changed: Object.keys(input.changes) }, { locationId: row.id })
    return toLocation(row)
  } catch (error) {
    if (input.changes.code && isUniqueViolation(error)) throw locationCodeTaken(input.changes.code)
    throw error
  }
}

/** Active locations, all of them or those among `ids`, with coordinates and catchments (routing, attribution). */
export async function listActiveLocations(tx: Tx, ids?: readonly string[]): Promise<Location[]> {
  if (ids && ids.length === 0) return []
  const rows = await tx
    .select()
    .from(locations)
    .where(and(eq(locations.active, true), ids ? inArray(locations.id, [...ids]) : undefined))
    .orderBy(asc(locations.id))
  return rows.map(toLocation)
}

export { findPostalCodeCoordinates, upsertPostalCodes, type PostalCodePoint } from './postal-codes.js'
