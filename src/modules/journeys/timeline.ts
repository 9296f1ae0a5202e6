/**
 * The customer timeline: every touchpoint of one customer on any channel, newest first, keyset-paged on
 * (occurred_at, id) so that a page never skips or repeats an entry, whatever is written meanwhile ahead of it.
 */
import { sql, type SQL } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { countAsked, defineListOrder, planList, type ListPage } from '../../platform/list-order.js'
import { requestInstant } from '../../platform/request-time.js'
import type { ChannelSummary, LocationSummary } from '../../platform/references.js'
import { findCustomer } from '../customers/service.js'
import { customerNotFound, invalidPeriod, unknownKind } from './errors.js'
import { mayReadTimeline } from './policies.js'
import { TOUCHPOINT_KINDS, type TouchpointKind } from './schema.js'

export interface TimelineEntry {
  id: string
  kind: TouchpointKind
  occurredAt: string
  channelId: string | null
  channel: ChannelSummary | null
  locationId: string | null
  location: LocationSummary | null
  subjectType: string | null
  subjectId: string | null
  deviceId: string | null
  data: Record<string, unknown>
}

export interface TimelineQuery {
  actor: Actor | null
  customerId: string
  cursor?: string
  limit: number
  channelId?: string
  /** Kind names, each possibly a comma-separated list (`?kind=a,b` or `?kind=a&kind=b`). */
  kind?: readonly string[]
  since?: string
  until?: string
  sort?: string
  count?: boolean
}

export const TIMELINE_SORT_KEYS = ['occurredAt'] as const
const timelineOrder = defineListOrder<(typeof TIMELINE_SORT_KEYS)[number]>({
  keys: { occurredAt: { sql: sql`t.occurred_at`, type: 'time' } },
  tiebreaker: sql`t.id`,
  defaultDescending: true,
  defaultSort: [{ key: 'occurredAt', descending: true }],
})

type Row = {
  id: string
  kind: TouchpointKind
  /** Exact to the microsecond, ISO 8601 UTC: the cursor compares on it. */
  at: string
  channel_id: string | null
  channel_kind: string | null
  channel_name: string | null
  channel_code: string | null
  location_id: string | null
  location_name: string | null
  location_code: string | null
  subject_type: string | null
  subject_id: string | null
  device_id: string | null
  data: Record<string, unknown> | string | null
}

/** The kinds asked for, from repeated and comma-separated values; an unknown one is a 400 on /query/kind. */
export function parseKinds(values: readonly string[] | undefined): TouchpointKind[] {
  const kinds = (values ?? []).flatMap((value) => value.split(',')).map((kind) => kind.trim()).filter((kind) => kind !== '')
  for (const kind of kinds) if (!(TOUCHPOINT_KINDS as readonly string[]).includes(kind)) throw unknownKind(kind)
  return [...new Set(kinds)] as TouchpointKind[]
}

function toEntry(row: Row): TimelineEntry {
  const data = typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : (row.data ?? {})
  return {
    id: row.id,
    kind: row.kind,
    // Milliseconds, like every other time of the API; the cursor keeps the microseconds.
    occurredAt: `${row.at.slice(0, 23)}Z`,
    channelId: row.channel_id,
    channel: row.channel_id ? { id: row.channel_id, code: row.channel_code ?? '', name: row.channel_name ?? '', kind: row.channel_kind ?? '' } : null,
    locationId: row.location_id,
    location: row.location_id ? { id: row.location_id, code: row.location_code ?? '', name: row.location_name ?? '' } : null,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    deviceId: row.device_id,
    data,
  }
}

/**
 * One page of a customer's timeline for the customer themself or staff with customers:read (anyone else, and an
 * unknown customer, get the same 404), filtered by channel, kinds and period [since, until).
 */
export async function listTimeline(tx: Tx, input: TimelineQuery): Promise<ListPage<TimelineEntry>> {
  if (!mayReadTimeline(input.actor, input.customerId)) throw customerNotFound(input.customerId)
  if (input.actor?.kind !== 'customer' && !(await findCustomer(tx, input.customerId))) throw customerNotFound(input.customerId)
  const kinds = parseKinds(input.kind)
  // Instants as ISO 8601 UTC, never the client's text: PostgreSQL refuses offsets past ±15:59 that the format allows.
  const since = requestInstant(input.since, '/query/since')
  const until = requestInstant(input.until, '/query/until')
  if (since && until && until <= since) throw invalidPeriod()
  const plan = planList(timelineOrder, input)
  const filters: SQL[] = [sql`t.customer_id = ${input.customerId}`]
  if (input.channelId) filters.push(sql`t.channel_id = ${input.channelId}`)
  if (kinds.length > 0) filters.push(sql`t.kind in (${sql.join(kinds.map((kind) => sql`${kind}`), sql`, `)})`)
  if (since) filters.push(sql`t.occurred_at >= ${since}::timestamptz`)
  if (until) filters.push(sql`t.occurred_at < ${until}::timestamptz`)
  // touchpoints_customer_idx (customer_id, occurred_at, id), walked backwards from the cursor. Channel and store
  // names come with the page in the same query rather than one lookup per entry.
  const totalCount = countAsked(input) ? Number(rowsOf<{ n: number | string }>(await tx.execute(sql`select count(*) as n from touchpoints t where ${sql.join(filters, sql` and `)}`))[0]?.n ?? 0) : undefined
  const result = await tx.execute(sql`
    select t.id, t.kind, to_char(t.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, ${plan.cursorKey} as "cursorKey",
           t.channel_id, c.kind as channel_kind, c.name as channel_name, c.code as channel_code, t.location_id, l.name as location_name, l.code as location_code,
           t.subject_type, t.subject_id, t.device_id, t.data
    from touchpoints t
    left join channels c on c.id = t.channel_id
    left join locations l on l.id = t.location_id
    where ${sql.join([...filters, plan.after ?? sql`true`], sql` and `)}
    order by ${sql.join(plan.orderBy, sql`, `)}
    limit ${input.limit + 1}`)
  return plan.page(rowsOf<Row & { cursorKey: string }>(result), input.limit, toEntry, totalCount)
}
