/** Checks that the locations and variants a request names exist, so that a typo is a 4xx naming the field, not a 500. */
import type { Tx } from '../../platform/db.js'
import { getVariantsByIds } from '../catalog/service.js'
import { missingLocationIds } from '../locations/service.js'
import { duplicateLine, locationNotFound, variantNotFound } from './errors.js'

/** Throws 404 (naming the field) for an unknown location or variant, and 400 for a variant listed twice. */
export async function checkReferences(
  tx: Tx,
  input: {
    locationId?: string
    locationField?: string
    locationIds?: { id: string; field: string }[]
    variantIds: string[]
    linesField?: string
    variantField?: string
  },
): Promise<void> {
  const locations = [...(input.locationIds ?? []), ...(input.locationId ? [{ id: input.locationId, field: input.locationField ?? '/body/locationId' }] : [])]
  const missing = await missingLocationIds(
    tx,
    locations.map((l) => l.id),
  )
  const firstMissing = locations.find((l) => missing.includes(l.id))
  if (firstMissing) throw locationNotFound(firstMissing.id, firstMissing.field)
  const fieldOf = (i: number) => (input.linesField ? `${input.linesField}/${i}/variantId` : (input.variantField ?? '/body/variantId'))
  const seen = new Set<string>()
  input.variantIds.forEach((id, i) => {
    if (seen.has(id)) throw duplicateLine(id, fieldOf(i))
    seen.add(id)
  })
  const found = new Set((await getVariantsByIds(tx, { ids: [...seen], audience: 'staff' })).map((v) => v.id))
  const unknown = input.variantIds.findIndex((id) => !found.has(id))
  if (unknown >= 0) throw variantNotFound(input.variantIds[unknown] ?? '', fieldOf(unknown))
}
