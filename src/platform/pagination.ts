/**
 * Cursor pagination shared by every list: `?cursor=&limit=` in, `{ items, nextCursor }` out. A cursor is an opaque
 * base64url string holding the sort key of the last item returned.
 */
import { Type, type TSchema } from 'typebox'
import { named } from './openapi-document.js'
import { invalidInput } from './problems.js'

/** The longest page a list answers. */
export const MAX_PAGE_SIZE = 200

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Opaque cursor from the previous page’s nextCursor.' })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 }),
}

/** A page of `item`s: at most PageQuery's highest limit, named `<Item>Page` in OpenAPI when the item is named. */
export function Page<T extends TSchema>(item: T) {
  const page = Type.Object(
    {
      items: Type.Array(item, { maxItems: MAX_PAGE_SIZE }),
      nextCursor: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: 'Pass as ?cursor= for the next page; null on the last page.' }),
      totalCount: Type.Optional(
        Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Present only when the list was asked with ?count=true: how many items match the filters across all pages.' }),
      ),
    },
    { additionalProperties: false },
  )
  const name = (item as { title?: unknown }).title
  return typeof name === 'string' ? named(`${name}Page`, page) : page
}

export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/** Decodes a cursor into its key parts; a tampered or foreign cursor is a 400 on `/query/cursor`. */
export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | null {
  if (cursor === undefined || cursor === '') return null
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (Array.isArray(key) && key.length === arity && key.every((part) => typeof part === 'string' || typeof part === 'number')) return key as (string | number)[]
  } catch {
    // falls through to the problem below
  }
  throw invalidCursor()
}

const invalidCursor = () => invalidInput('/query/cursor', 'The cursor is not one this list returned.', 'invalid-cursor')

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/

/**
 * A cursor part that holds a time to the microsecond, as lists keyed on a timestamp write it (ISO 8601 UTC, six
 * decimals): returned when it is a real time PostgreSQL casts, else the cursor's 400, never a failed cast.
 */
export function cursorTime(part: string | number | undefined): string {
  const text = String(part)
  const ms = CURSOR_TIME.test(text) ? Date.parse(text) : Number.NaN
  // Date.parse rolls 30 February over to March and takes year 0, which PostgreSQL refuses: the round trip catches both.
  if (Number.isNaN(ms) || text.startsWith('0000') || new Date(ms).toISOString().slice(0, 19) !== text.slice(0, 19)) throw invalidCursor()
  return text
}

/** Given `limit + 1` rows, returns the page and the cursor of its last item when more rows follow. */
export function toPage<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => unknown[], toItem: (row: Row) => Item): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit
  const pageRows = more ? rows.slice(0, limit) : rows
  const last = pageRows.at(-1)
  return { items: pageRows.map(toItem), nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null }
}
