/**
 * Channels: where a sale happens (web, mobile app, store, kiosk, marketplace, phone, paper catalogue).
 * Owns `channels`.
 * Invariants: codes are unique; a store channel and each kiosk belong to exactly one store location, every other
 * kind to none (CHECK constraint, and a clear 400 before it).
 * Fulfilment locations: `channel_fulfilment_locations` lists where a channel may fulfil from; an empty list means
 * every active location.
 * Events: channels.channel_created, channels.channel_updated (also when its fulfilment locations change).
 */
import { and, eq, sql } from 'drizzle-orm'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { findLocation } from '../locations/service.js'
import { channelCodeTaken, channelLocationMismatch, channelLocationNotStore, channelNotFound } from './errors.js'
import { CHANNEL_EVENTS } from './events.js'
import { channels, type ChannelKind } from './schema.js'

export { CHANNEL_KINDS, type ChannelKind } from './schema.js'
export { getFulfilmentLocations, listFulfilmentLocationIds, setFulfilmentLocations, type FulfilmentLocation } from './fulfilment-locations.js'

/** The kinds a shopper's own app stands for: where customers and anonymous devices open carts and report activity. */
export const SELF_SERVICE_CHANNEL_KINDS: readonly string[] = ['web', 'mobile_app', 'kiosk'] satisfies readonly ChannelKind[]

export interface Channel {
  id: string
  code: string
  name: string
  kind: ChannelKind
  locationId: string | null
  active: boolean
  version: number
  createdAt: string
  updatedAt: string
}

function toChannel(row: typeof channels.$inferSelect): Channel {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, locationId: row.locationId, active: row.active, version: row.version, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }
}

async function checkLocation(tx: Tx, kind: ChannelKind, locationId: string | null): Promise<void> {
  const needsStore = kind === 'store' || kind === 'kiosk'
  if (needsStore !== (locationId !== null)) throw channelLocationMismatch(kind)
  if (locationId === null) return
  const location = await findLocation(tx, locationId)
  if (location?.kind !== 'store') throw channelLocationNotStore(locationId)
}

export interface ChannelInput {
  code: string
  name: string
  kind: ChannelKind
  locationId?: string | null
  active?: boolean
}

/** Creates a channel tied to its store when it is a store or kiosk channel. */
export async function createChannel(tx: Tx, input: ChannelInput): Promise<Channel> {
  const locationId = input.locationId ?? null
  await checkLocation(tx, input.kind, locationId)
  const [row] = await tx
    .insert(channels)
    .values({ id: newId('chn'), code: input.code, name: input.name, kind: input.kind, locationId, active: input.active ?? true })
    .onConflictDoNothing({ target: channels.code })
    .returning()
  if (!row) throw channelCodeTaken(input.code)
  await emit(tx, CHANNEL_EVENTS.created, { channelId: row.id, code: row.code, kind: row.kind }, { locationId })
  return toChannel(row)
}

/** One channel, or a 404. */
export async function getChannel(tx: Tx, id: string): Promise<Channel> {
  const [row] = await tx.select().from(channels).where(eq(channels.id, id)).limit(1)
  if (!row) throw channelNotFound(id)
  return toChannel(row)
}

/** One channel by its code (e.g. `web`, `store-montpellier`), or undefined. */
export async function findChannelByCode(tx: Tx, code: string): Promise<Channel | undefined> {
  const [row] = await tx.select().from(channels).where(eq(channels.code, code)).limit(1)
  return row ? toChannel(row) : undefined
}

export const CHANNEL_SORT_KEYS = ['createdAt', 'name', 'code'] as const
const channelListOrder = defineListOrder<(typeof CHANNEL_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: channels.createdAt, type: 'time' }, name: { sql: channels.name, type: 'text' }, code: { sql: channels.code, type: 'text' } },
  tiebreaker: channels.id,
  defaultDescending: false,
})

/** Channels by creation order (or `sort`), optionally of one kind or one location. */
export async function listChannels(tx: Tx, input: { kind?: ChannelKind; locationId?: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  const where = and(input.kind ? eq(channels.kind, input.kind) : undefined, input.locationId ? eq(channels.locationId, input.locationId) : undefined)
  return listTablePage(tx, channels, channelListOrder, input, where, (rows) => rows.map(toChannel))
}

/** Changes a channel; its kind and location must still agree. 412 when it moved past `expectedVersion` (If-Match). */
export async function updateChannel(tx: Tx, input: { id: string; changes: Partial<ChannelInput>; expectedVersion?: ExpectedVersion }): Promise<Channel> {
  const current = await getChannel(tx, input.id)
  const kind = input.changes.kind ?? current.kind
  const locationId = input.changes.locationId !== undefined ? input.changes.locationId : current.locationId
  await checkLocation(tx, kind, locationId)
  try {
    const [row] = await tx
      .update(channels)
      .set({ code: input.changes.code ?? current.code, name: input.changes.name ?? current.name, kind, locationId, active: input.changes.active ?? current.active, updatedAt: sql`now()` })
      .where(and(eq(channels.id, input.id), versionCondition(channels.version, input.expectedVersion)))
      .returning()
    if (!row) throw preconditionFailed('channel', (await getChannel(tx, input.id)).version)
    await emit(tx, CHANNEL_EVENTS.updated, { channelId: row.id, changed: Object.keys(input.changes) }, { locationId: row.locationId })
    return toChannel(row)
  } catch (error) {
    if (input.changes.code && isUniqueViolation(error)) throw channelCodeTaken(input.changes.code)
    throw error
  }
}
