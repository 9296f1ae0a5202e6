/**
 * Sorting, keyset cursors, total counts and created-date ranges shared by every list. A list declares its sortable
 * keys once (`defineListOrder`); `?sort=-createdAt,total` then becomes an ORDER BY over those keys plus the list's
 * unique tiebreaker, and each page's `nextCursor` holds the last row's values of exactly those columns with the sort
 * it was made for, so the next page starts strictly after it (keyset, no OFFSET) and a cursor replayed under another
 * sort is a 400 rather than a silently wrong page.
 */
import { and, count, getTableColumns, or, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { Type } from 'typebox'
import type { Tx } from './db.js'
import { cursorTime, MAX_PAGE_SIZE, PageQuery } from './pagination.js'
import { invalidInput } from './problems.js'
import { requestInstant } from './request-time.js'

/** How a key's values travel in a cursor: times at the microsecond as ISO text, integers as numbers, text as text. */
export type SortKeyType = 'time' | 'integer' | 'text'

/** One orderable value of a row. It must never be NULL (wrap a nullable column in coalesce). */
export interface SortKey {
  sql: SQL | AnyColumn
  type: SortKeyType
}

export interface ListOrder<K extends string> {
  keys: Record<K, SortKey>
  /** Unique text column(s) (the id, or a composite key): they break ties, in the direction of the last sort term. */
  tiebreaker: AnyColumn | SQL | (AnyColumn | SQL)[]
  /** The direction of the tiebreaker when no sort term gives one. */
  defaultDescending: boolean
  /** The order without `sort`, when it is more than the tiebreaker alone (a timeline: newest first by time). */
  defaultSort?: SortTerm<K>[]
}

export interface SortTerm<K extends string> {
  key: K
  descending: boolean
}

/** Declares a list's sortable keys; without `sort` a list keeps its own order (`defaultSort`, else the tiebreaker). */
export function defineListOrder<K extends string>(order: ListOrder<K>): ListOrder<K> {
  return order
}

const MAX_SORT_TERMS = 4

/**
 * The `sort` query parameter of a list: a comma list of its keys, each optionally prefixed with `-` for descending.
 * The pattern names every allowed key, so unknown keys are refused by validation on `/query/sort` and a generated
 * client shows them.
 */
export function SortQuery(names: readonly string[], defaultOrder: string) {
  const one = `-?(${names.join('|')})`
  const terms = Math.min(names.length, MAX_SORT_TERMS)
  return Type.Optional(
    Type.String({
      pattern: `^${one}(,${one}){0,${terms - 1}}$`,
      maxLength: terms * (Math.max(...names.map((n) => n.length)) + 2),
      description: `Comma-separated keys among ${names.map((n) => `\`${n}\``).join(', ')}; \`-key\` sorts descending. Each key at most once; ties are broken by id in the direction of the last key. Default: ${defaultOrder}. A cursor belongs to the sort it was made with.`,
      examples: [names.length > 1 ? `-${names[0]},${names[1]}` : `-${names[0]}`],
    }),
  )
}

/** The `count` query parameter: `true` adds `totalCount` to the page. */
export const CountQuery = {
  count: Type.Optional(
    Type.Boolean({
      default: false,
      description: 'When true, the first page (no cursor) carries totalCount: how many items match the filters across all pages (one more COUNT query). Later pages never carry it.',
    }),
  ),
}

/** `sort` over `names` and `count`: what every list's query adds to its own filters. */
export function SortAndCountQuery(names: readonly string[], defaultOrder: string) {
  return { sort: SortQuery(names, defaultOrder), ...CountQuery }
}

/** `createdFrom` / `createdTo`: the same created-date filter on every list that takes one. */
export const CreatedRangeQuery = {
  createdFrom: Type.Optional(Type.String({ format: 'date-time', maxLength: 35, description: 'Only items created at or after this time (inclusive), ISO 8601 with offset.', examples: ['2025-01-01T00:00:00Z'] })),
  createdTo: Type.Optional(Type.String({ format: 'date-time', maxLength: 35, description: 'Only items created strictly before this time (exclusive); must not precede createdFrom.', examples: ['2025-02-01T00:00:00Z'] })),
}

/** Parses `sort` into terms; a repeated key is a 400 on `/query/sort` (unknown keys already failed validation). */
export function parseSort<K extends string>(order: ListOrder<K>, text: string | undefined): SortTerm<K>[] {
  if (text === undefined || text === '') return []
  const terms: SortTerm<K>[] = []
  for (const part of text.split(',')) {
    const descending = part.startsWith('-')
    const key = (descending ? part.slice(1) : part) as K
    if (!Object.hasOwn(order.keys, key)) throw invalidInput('/query/sort', `Unknown sort key ${key}; allowed: ${Object.keys(order.keys).join(', ')}.`, 'invalid-sort')
    if (terms.some((term) => term.key === key)) throw invalidInput('/query/sort', `The sort key ${key} appears twice.`, 'invalid-sort')
    terms.push({ key, descending })
  }
  return terms
}

function canonicalSort(terms: SortTerm<string>[]): string {
  return terms.map((t) => (t.descending ? '-' : '') + t.key).join(',')
}

interface Column {
  sql: SQL | AnyColumn
  type: SortKeyType
  descending: boolean
}

const invalidCursor = () => invalidInput('/query/cursor', 'The cursor is not one this list returned.', 'invalid-cursor')

/** Checks one cursor value against its key's type, as the key expression wrote it. */
function cursorValue(part: unknown, type: SortKeyType): string | number {
  if (type === 'time') return cursorTime(typeof part === 'string' ? part : undefined)
  if (type === 'integer' && typeof part === 'number' && Number.isSafeInteger(part)) return part
  if (type === 'text' && typeof part === 'string') return part
  throw invalidCursor()
}

function decodeListCursor(cursor: string | undefined, sort: string, columns: Column[]): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalidCursor()
  }
  if (typeof decoded !== 'object' || decoded === null || !('s' in decoded) || !('k' in decoded)) throw invalidCursor()
  const { s, k } = decoded as { s: unknown; k: unknown }
  if (typeof s !== 'string' || !Array.isArray(k) || k.length !== columns.length) throw invalidCursor()
  if (s !== sort) throw invalidInput('/query/cursor', `This cursor was made for sort=${s === '' ? '(default)' : s}; ask for the first page again to change the sort.`, 'cursor-sort-mismatch')
  return k.map((part, i) => cursorValue(part, columns[i]!.type))
}

function typed(value: string | number, type: SortKeyType): SQL {
  if (type === 'time') return sql`cast(${value} as timestamptz)`
  if (type === 'integer') return sql`cast(${value} as bigint)`
  return sql`${value}`
}

/** Rows strictly after the cursor in the given order: (a > x) or (a = x and b < y) or … with each key's direction. */
function keysetAfter(columns: Column[], values: (string | number)[]): SQL {
  const branches = columns.map((column, i) => {
    const equalBefore = columns.slice(0, i).map((c, j) => sql`${c.sql} = ${typed(values[j]!, c.type)}`)
    const value = typed(values[i]!, column.type)
    return and(...equalBefore, column.descending ? sql`${column.sql} < ${value}` : sql`${column.sql} > ${value}`)!
  })
  return or(...branches)!
}

function cursorKeyOf(columns: Column[]): SQL<string> {
  const parts = columns.map((c) => (c.type === 'time' ? sql`to_char(${c.sql} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` : sql`${c.sql}`))
  return sql<string>`json_build_array(${sql.join(parts, sql`, `)})::text`
}

export interface ListPlan {
  orderBy: SQL[]
  /** The keyset condition for the page after the cursor; undefined on the first page. */
  after: SQL | undefined
  /** Select it as `cursorKey` beside the row; `page` reads it back to write the next cursor. */
  cursorKey: SQL<string>
  /** Items in row order; a row whose item is undefined (its subject is gone) is left out, the cursor still passes it. */
  page<Row extends { cursorKey: string }, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item | undefined, totalCount?: number): ListPage<Item>
}

export interface ListPage<Item> {
  items: Item[]
  nextCursor: string | null
  totalCount?: number
}

/**
 * Plans one page of a list for `sort` and `cursor`: the ORDER BY, the keyset WHERE after the cursor and the cursor of
 * the page's last row. Pages neither skip nor repeat a row while the rows do not change, under every sort.
 */
export function planList<K extends string>(order: ListOrder<K>, input: { sort?: string; cursor?: string }): ListPlan {
  const asked = parseSort(order, input.sort)
  const terms = asked.length > 0 ? asked : (order.defaultSort ?? [])
  const sort = canonicalSort(terms)
  const tiebreakDescending = terms.at(-1)?.descending ?? order.defaultDescending
  const tiebreakers = Array.isArray(order.tiebreaker) ? order.tiebreaker : [order.tiebreaker]
  const columns: Column[] = [
    ...terms.map((t) => ({ ...order.keys[t.key], descending: t.descending })),
    ...tiebreakers.map((column) => ({ sql: column, type: 'text' as const, descending: tiebreakDescending })),
  ]
  const values = decodeListCursor(input.cursor, sort, columns)
  const cursorKey = cursorKeyOf(columns)
  return {
    orderBy: columns.map((c) => (c.descending ? sql`${c.sql} desc` : sql`${c.sql} asc`)),
    after: values ? keysetAfter(columns, values) : undefined,
    cursorKey,
    page<Row extends { cursorKey: string }, Item>(rows: Row[], limit: number, toItem: (row: Row) => Item | undefined, totalCount?: number): ListPage<Item> {
      const more = rows.length > limit
      const pageRows = more ? rows.slice(0, limit) : rows
      const last = pageRows.at(-1)
      const nextCursor = more && last ? Buffer.from(JSON.stringify({ s: sort, k: JSON.parse(last.cursorKey) as unknown })).toString('base64url') : null
      const items = pageRows.map(toItem).filter((item): item is Item => item !== undefined)
      // A count beside a cursor would tell how many rows match without listing one of them (a forged cursor past the
      // end): totalCount belongs to the first page only, whatever the list computed.
      return { items, nextCursor, ...(totalCount === undefined || values !== null ? {} : { totalCount }) }
    },
  }
}

/** The page of a list whose scope leaves nothing to see: still carries totalCount 0 when it was asked for. */
export function emptyPage(count: boolean | undefined): ListPage<never> {
  return { items: [], nextCursor: null, ...(count ? { totalCount: 0 } : {}) }
}

/** Whether to count: `count` asked and this is the first page (totalCount is given on the first page only). */
export function countAsked(input: { count?: boolean; cursor?: string }): boolean {
  return input.count === true && (input.cursor === undefined || input.cursor === '')
}

/** How many rows of `table` match `where` (the list's filters and scope, never the cursor), when the client asked. */
export async function countWhen(asked: boolean | undefined, tx: Tx, table: PgTable, where: SQL | undefined): Promise<number | undefined> {
  if (!asked) return undefined
  const [row] = await tx.select({ n: count() }).from(table).where(where)
  return row?.n ?? 0
}

/** The created-date range as conditions on `column`: [createdFrom, createdTo); a `to` before `from` is a 400. */
export function createdRange(column: AnyColumn | SQL, input: { createdFrom?: string; createdTo?: string }): SQL[] {
  const from = requestInstant(input.createdFrom, '/query/createdFrom')
  const to = requestInstant(input.createdTo, '/query/createdTo')
  if (from !== undefined && to !== undefined && to < from) throw invalidInput('/query/createdTo', 'createdTo must not precede createdFrom.', 'invalid-range')
  // The instants, not the client's text: PostgreSQL refuses offsets past ±15:59 that the date-time format allows.
  return [...(from === undefined ? [] : [sql`${column} >= cast(${from} as timestamptz)`]), ...(to === undefined ? [] : [sql`${column} < cast(${to} as timestamptz)`])]
}

/**
 * One page of a single-table list: the rows of `table` matching `where`, in the order `sort` asks, after `cursor`,
 * turned into items together (so that related rows load in one query), with totalCount when `count` asked.
 */
export async function listTablePage<T extends PgTable, K extends string, Item>(
  tx: Tx,
  table: T,
  order: ListOrder<K>,
  input: { sort?: string; cursor?: string; count?: boolean; limit: number },
  where: SQL | undefined,
  toItems: (rows: T['$inferSelect'][]) => Item[] | Promise<Item[]>,
): Promise<ListPage<Item>> {
  const plan = planList(order, input)
  const rows = (await tx
    .select({ ...getTableColumns(table), cursorKey: plan.cursorKey })
    .from(table as PgTable)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)) as (T['$inferSelect'] & { cursorKey: string })[]
  const items = await toItems(rows.slice(0, input.limit))
  const byRow = new Map(rows.slice(0, input.limit).map((row, i) => [row, items[i] as Item]))
  return plan.page(rows, input.limit, (row) => byRow.get(row) as Item, await countWhen(countAsked(input), tx, table, where))
}

/** What a client asks of any paged list: where to start, how many, in which order, and whether to count them all. */
export interface ListWindow {
  cursor?: string
  limit: number
  sort?: string
  count?: boolean
}

/** The created-date filter of the lists that take one (`CreatedRangeQuery`). */
export interface CreatedWindow {
  createdFrom?: string
  createdTo?: string
}

/** A list window over a created-date range, narrowed to one sales channel: orders, carts and returns. */
export interface ChannelListWindow extends ListWindow, CreatedWindow {
  channelId?: string
}

/**
 * `cursor` and `limit` of a list its clients used to receive whole: the default page is the longest one, so a client
 * written before the list was paged still gets every item of a catalogue of up to MAX_PAGE_SIZE in one answer.
 */
export const LongPageQuery = {
  ...PageQuery,
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: MAX_PAGE_SIZE }),
}
