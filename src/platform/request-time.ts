/**
 * A time a client sent, made safe for SQL. The date-time format and Date.parse accept what PostgreSQL refuses to cast
 * (offsets past ±15:59, year 0, more than microsecond digits), so a request's time never reaches SQL as its own
 * text: it is read here into an instant and handed on as ISO 8601 UTC, or refused as a 400 on its field.
 */
import { invalidInput } from './problems.js'

/** The instants both JavaScript and PostgreSQL write as four-digit-year ISO 8601 (PostgreSQL has no year 0). */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z')
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

/** `value` as ISO 8601 UTC to the millisecond; undefined stays undefined; unreadable or out of range is a 400 on `field`. */
export function requestInstant(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (!(ms >= EARLIEST && ms <= LATEST)) throw invalidInput(field, 'Not a date-time between years 1 and 9999.', 'invalid-time')
  return new Date(ms).toISOString()
}
