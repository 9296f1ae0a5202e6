/** Postal-code centres: the reference table that turns "stores near 34000" into coordinates. */
import { and, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import { postalCodeCoordinates } from './schema.js'

export interface PostalCodePoint {
  country: string
  postalCode: string
  latitude: number
  longitude: number
}

/** Inserts or updates the centres of these postal codes in one statement; returns how many rows it wrote. */
export async function upsertPostalCodes(tx: Tx, points: PostalCodePoint[]): Promise<number> {
  if (points.length === 0) return 0
  const unique = [...new Map(points.map((p) => [`${p.country}|${p.postalCode}`, p])).values()]
  const rows = await tx
    .insert(postalCodeCoordinates)
    .values(unique)
    .onConflictDoUpdate({
      target: [postalCodeCoordinates.country, postalCodeCoordinates.postalCode],
      set: { latitude: sql`excluded.latitude`, longitude: sql`excluded.longitude`, updatedAt: sql`now()` },
    })
    .returning({ postalCode: postalCodeCoordinates.postalCode })
  return rows.length
}

/** The centre of a postal code, or a 400 unknown-postal-code on /query/postalCode that suggests coordinates. */
export async function findPostalCodeCoordinates(tx: Tx, input: { country: string; postalCode: string }): Promise<{ latitude: number; longitude: number }> {
  const postalCode = input.postalCode.trim().toUpperCase()
  const [row] = await tx
    .select({ latitude: postalCodeCoordinates.latitude, longitude: postalCodeCoordinates.longitude })
    .from(postalCodeCoordinates)
    .where(and(eq(postalCodeCoordinates.country, input.country), eq(postalCodeCoordinates.postalCode, postalCode)))
    .limit(1)
  if (!row) {
    throw new DomainError({
      code: 'unknown-postal-code',
      status: 400,
      title: 'Unknown postal code',
      detail: `We have no position for postal code ${input.postalCode} (${input.country}). Send latitude and longitude instead.`,
      field: '/query/postalCode',
      data: { postalCode: input.postalCode, country: input.country },
    })
  }
  return row
}
