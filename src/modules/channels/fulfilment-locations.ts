/** The locations a channel may fulfil from, best first. No rows means every active location. */
import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { DomainError } from '../../platform/problems.js'
import { missingLocationIds } from '../locations/service.js'
import { channelNotFound } from './errors.js'
import { CHANNEL_EVENTS } from './events.js'
import { channelFulfilmentLocations, channels } from './schema.js'

export interface FulfilmentLocation {
  locationId: string
  priority: number
}

/**
 * The ids of the locations a channel may fulfil from, lowest priority number first. An empty list means the channel
 * may fulfil from every active location (a new channel works before anyone configures it).
 */
export async function listFulfilmentLocationIds(tx: Tx, channelId: string): Promise<string[]> {
  const rows = await getFulfilmentLocations(tx, channelId)
  return rows.map((r) => r.locationId)
}

/** The channel's fulfilment locations with their priorities (primary-key prefix scan). */
export async function getFulfilmentLocations(tx: Tx, channelId: string): Promise<FulfilmentLocation[]> {
  return tx
    .select({ locationId: channelFulfilmentLocations.locationId, priority: channelFulfilmentLocations.priority })
    .from(channelFulfilmentLocations)
    .where(eq(channelFulfilmentLocations.channelId, channelId))
    .orderBy(asc(channelFulfilmentLocations.priority), asc(channelFulfilmentLocations.locationId))
}

/** Replaces the channel's fulfilment locations (priority defaults to list order); 404 for an unknown channel. */
export async function setFulfilmentLocations(
  tx: Tx,
  input: { channelId: string; locations: { locationId: string; priority?: number }[] },
): Promise<FulfilmentLocation[]> {
  // Locking the channel row serialises two concurrent replacements of its list.
  const [channel] = await tx.select({ id: channels.id }).from(channels).where(eq(channels.id, input.channelId)).for('update')
  if (!channel) throw channelNotFound(input.channelId)
  const ids = input.locations.map((l) => l.locationId)
  const duplicate = ids.findIndex((id, i) => ids.indexOf(id) !== i)
  if (duplicate >= 0) {
    throw new DomainError({
      code: 'duplicate-location',
      status: 400,
      title: 'Duplicate location',
      detail: `Location ${ids[duplicate]} is listed twice.`,
      field: `/body/locations/${duplicate}/locationId`,
    })
  }
  const missing = await missingLocationIds(tx, ids)
  const unknown = ids.findIndex((id) => missing.includes(id))
  if (unknown >= 0) {
    throw new DomainError({
      code: 'unknown-location',
      status: 400,
      title: 'Unknown location',
      detail: `No location has the id ${ids[unknown]}.`,
      field: `/body/locations/${unknown}/locationId`,
    })
  }
  await tx.delete(channelFulfilmentLocations).where(eq(channelFulfilmentLocations.channelId, input.channelId))
  if (input.locations.length > 0) {
    await tx
      .insert(channelFulfilmentLocations)
      .values(input.locations.map((l, i) => ({ channelId: input.channelId, locationId: l.locationId, priority: l.priority ?? i })))
  }
  await tx
    .update(channels)
    .set({ updatedAt: sql`now()` })
    .where(inArray(channels.id, [input.channelId]))
  await emit(tx, CHANNEL_EVENTS.updated, { channelId: input.channelId, changed: ['fulfilmentLocations'] })
  return getFulfilmentLocations(tx, input.channelId)
}
