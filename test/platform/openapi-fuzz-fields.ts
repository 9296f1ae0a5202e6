/**
 * Hostile values sent to one field at a time while every other field keeps a valid value, and how an exception while
 * sending is counted. Used by robustness.test.ts with openapi-fuzz.ts.
 */
import { SQL_META, type JsonSchema, type Operation, type Variant } from './openapi-fuzz.js'

/** The hostile values that matter per type, sent to one field at a time. */
const ONE_FIELD_NUMBERS: [string, number][] = [['1e21', 1e21], ['2^63', 2 ** 63], ['-1', -1], ['1e308', 1e308]]
const ONE_FIELD_STRINGS: [string, string][] = [['NUL', 'a\u0000b'], ['a lone surrogate', 'a\ud800'], ['5000 characters', 'x'.repeat(5000)], ['SQL metacharacters', SQL_META]]
/**
 * Date-times the format accepts and PostgreSQL refuses to cast: offsets past ±15:59, year 0, the last instant of year
 * 9999 pushed into 10000 by its offset.
 */
const ONE_FIELD_TIMES: [string, string][] = [
  ['an offset of +16:00', '2030-01-01T10:00:00+16:00'],
  ['an offset of -23:59', '2030-01-01T10:00:00-23:59'],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['year 9999 pushed into 10000', '9999-12-31T23:00:00-02:00'],
]
/** Fields fuzzed one at a time per operation: every number (they are few and where ranges bite), a few strings. */
const MAX_NUMBER_FIELDS = 6
const MAX_STRING_FIELDS = 4
const MAX_TIME_FIELDS = 3

interface Field {
  name: string
  kind: 'string' | 'number' | 'time'
}

/** The query parameters and body fields (nested ones by name) that take a free string or a number. */
export function fieldsOf(op: Operation): Field[] {
  const fields = new Map<string, Field['kind']>()
  const visit = (schema: JsonSchema | undefined, name: string, depth: number) => {
    if (!schema || depth > 6 || schema.const !== undefined || schema.enum) return
    for (const branch of schema.anyOf ?? schema.oneOf ?? schema.allOf ?? []) visit(branch, name, depth + 1)
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
    if (type === 'string' && name && !schema.format) fields.set(name, 'string')
    else if (type === 'string' && name && schema.format === 'date-time') fields.set(name, 'time')
    else if ((type === 'integer' || type === 'number') && name) fields.set(name, 'number')
    else if (type === 'array') visit(schema.items, name, depth + 1)
    for (const [child, childSchema] of Object.entries(schema.properties ?? {})) visit(childSchema, child, depth + 1)
  }
  for (const p of op.parameters) if (p.in === 'query' && p.name !== 'cursor') visit(p.schema, p.name, 0)
  visit(op.body, '', 0)
  return [...fields].map(([name, kind]) => ({ name, kind }))
}

/** A stable order that is not alphabetical, so the strings picked are not always the same few names. */
function spread(name: string): number {
  let hash = 0
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) | 0
  return hash
}

/**
 * One-field-at-a-time variants: each chosen field gets a hostile value while every other field keeps a valid one, so
 * a bounded sibling (a `limit` of at most 100) cannot answer 400 before the field under test is reached.
 */
export function oneFieldVariants(op: Operation): Variant[] {
  const fields = fieldsOf(op)
  const numbers = fields.filter((f) => f.kind === 'number').slice(0, MAX_NUMBER_FIELDS)
  const strings = fields
    .filter((f) => f.kind === 'string')
    .sort((a, b) => spread(a.name) - spread(b.name))
    .slice(0, MAX_STRING_FIELDS)
  const variants: Variant[] = []
  for (const { name } of numbers) {
    for (const [label, value] of ONE_FIELD_NUMBERS) {
      variants.push({ label: `${name} = ${label} alone`, parts: ['query', 'body'], filler: { only: name, number: (_, v, key) => (key === name ? value : v) } })
    }
  }
  for (const { name } of strings) {
    for (const [label, value] of ONE_FIELD_STRINGS) {
      variants.push({ label: `${name} = ${label} alone`, parts: ['query', 'body'], filler: { only: name, string: (_, v, key) => (key === name ? value : v) } })
    }
  }
  for (const { name } of fields.filter((f) => f.kind === 'time').slice(0, MAX_TIME_FIELDS)) {
    for (const [label, value] of ONE_FIELD_TIMES) {
      variants.push({ label: `${name} = ${label} alone`, parts: ['query', 'body'], filler: { only: name, string: (_, v, key) => (key === name ? value : v) } })
    }
  }
  return variants
}

/**
 * The status recorded for an exception while sending: 0 for Node's refusal of a header value it would never put on
 * the wire (a NUL byte: the server cannot receive it), -1 (a failure) for anything else — a crash, a reset socket, a
 * stream error.
 */
export function exceptionStatus(error: unknown): number {
  const refusedHeader = error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_INVALID_CHAR' && /^Invalid character in header content/.test(error.message)
  return refusedHeader ? 0 : -1
}
