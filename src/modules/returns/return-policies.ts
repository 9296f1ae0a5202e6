/** Return windows per channel: a row in `return_policies`, or the default window when the channel has none. */
import { eq, sql } from 'drizzle-orm'
import type { Database, Tx } from '../../platform/db.js'
import { closeOrdersPastWindow } from '../orders/service.js'
import { getChannel } from '../channels/service.js'
import { DEFAULT_RETURN_WINDOW_DAYS } from './policies.js'
import { returnPolicies } from './schema.js'

export interface ReturnPolicy {
  channelId: string
  windowDays: number
  /** True when the channel has no policy of its own and the default window applies. */
  isDefault: boolean
  updatedAt: string | null
}

/** The window in days for orders of this channel (the default when none is set). */
export async function windowDaysFor(tx: Tx, channelId: string): Promise<number> {
  const [row] = await tx.select({ windowDays: returnPolicies.windowDays }).from(returnPolicies).where(eq(returnPolicies.channelId, channelId))
  return row?.windowDays ?? DEFAULT_RETURN_WINDOW_DAYS
}

/** The return policy of a channel; 404 for an unknown channel. */
export async function getReturnPolicy(tx: Tx, channelId: string): Promise<ReturnPolicy> {
  await getChannel(tx, channelId)
  const [row] = await tx.select().from(returnPolicies).where(eq(returnPolicies.channelId, channelId))
  return row
    ? { channelId, windowDays: row.windowDays, isDefault: false, updatedAt: row.updatedAt.toISOString() }
    : { channelId, windowDays: DEFAULT_RETURN_WINDOW_DAYS, isDefault: true, updatedAt: null }
}

/** Sets a channel's window in one upsert; 404 for an unknown channel. Applies to returns opened from now on. */
export async function setReturnPolicy(tx: Tx, input: { channelId: string; windowDays: number }): Promise<ReturnPolicy> {
  await getChannel(tx, input.channelId)
  const [row] = await tx
    .insert(returnPolicies)
    .values({ channelId: input.channelId, windowDays: input.windowDays })
    .onConflictDoUpdate({ target: returnPolicies.channelId, set: { windowDays: input.windowDays, updatedAt: sql`now()` } })
    .returning()
  if (!row) throw new Error('return policy upsert returned nothing')
  return { channelId: row.channelId, windowDays: row.windowDays, isDefault: false, updatedAt: row.updatedAt.toISOString() }
}

/** Every channel's own window, by channel id (channels without a row use DEFAULT_RETURN_WINDOW_DAYS). */
export async function returnWindows(tx: Tx): Promise<Record<string, number>> {
  const rows = await tx.select({ channelId: returnPolicies.channelId, windowDays: returnPolicies.windowDays }).from(returnPolicies)
  return Object.fromEntries(rows.map((r) => [r.channelId, r.windowDays]))
}

/**
 * Closes delivered and collected orders whose return window has passed (the orders module moves them; the window is
 * this module's rule). Safe on any number of nodes.
 */
export async function closeOrdersPastReturnWindow(database: Database): Promise<number> {
  return closeOrdersPastWindow(database, { windowDays: await returnWindows(database.db), defaultDays: DEFAULT_RETURN_WINDOW_DAYS })
}
