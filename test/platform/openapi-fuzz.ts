/**
 * Hostile requests generated from the live /openapi.json: for every operation, a value that satisfies its schemas,
 * then that value with one kind of bad input applied everywhere it can go (path, query, headers, body), and hostile
 * values sent to one field at a time while the others stay valid. Used by
 * robustness.test.ts; a new route is covered as soon as it is in the document.
 */
import { inlineComponentRefs, operationsOf as walkOperations } from '../../src/platform/openapi-walk.js'

export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  default?: unknown
  example?: unknown
  examples?: unknown[]
}

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema: JsonSchema
}

export interface Operation {
  method: string
  path: string
  parameters: Parameter[]
  body?: JsonSchema
  /** Answers a never-ending text/event-stream on success: send it over real HTTP and hang up after the status. */
  streams: boolean
}

export interface FuzzRequest {
  /** What is being tried, for the failure report. */
  label: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
  auth: boolean
}

/**
 * How a leaf is filled: `valid` follows the schema; the others put one kind of bad value in every leaf they reach
 * (`key` is the leaf's field name). With `only`, objects hold their required fields and that one field alone.
 */
export type Filler = {
  string?: (schema: JsonSchema, valid: string, key: string) => string
  number?: (schema: JsonSchema, valid: number, key: string) => number
  only?: string
}

const PATTERN_CANDIDATES = ['web', 'EUR', 'FR', 'abc-1', '0123456789012', '10:00', '1234', '123456', '+33612345678', 'a:b', 'a.b', 'AB 12', '4111111111111111', '*', 'A']
const FUZZED_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete'])

type DocumentedOperation = {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
  responses?: Record<string, { content?: Record<string, unknown> }>
}

/** Every operation of an OpenAPI 3.1 document, its `$ref`s to components inlined. */
export function operationsOf(published: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  return walkOperations<DocumentedOperation>(inlineComponentRefs(published))
    .filter(({ method }) => FUZZED_METHODS.has(method))
    .map(({ path, method, operation: op }) => {
      const streams = Object.values(op.responses ?? {}).some((r) => r.content?.['text/event-stream'] !== undefined)
      return { method: method.toUpperCase(), path, parameters: op.parameters ?? [], body: op.requestBody?.content?.['application/json']?.schema, streams }
    })
}

function validString(schema: JsonSchema): string {
  if (schema.format === 'email') return 'fuzz@example.com'
  if (schema.format === 'date-time') return '2030-01-01T10:00:00.000Z'
  if (schema.format === 'date') return '2030-01-01'
  if (schema.format === 'uri') return 'https://example.com/hook'
  if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000'
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? 64
  const fits = (s: string) => s.length >= min && s.length <= max
  if (schema.pattern) {
    const re = new RegExp(schema.pattern, 'u')
    const found = PATTERN_CANDIDATES.find((s) => re.test(s) && fits(s))
    if (found) return found
  }
  return 'fuzz'.padEnd(min, 'z').slice(0, Math.max(min, Math.min(max, 4)))
}

function validNumber(schema: JsonSchema, integer: boolean): number {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : undefined)
  const value = low !== undefined ? Math.max(low, 1) : 1
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : undefined)
  const bounded = high !== undefined ? Math.min(value, high) : value
  return integer ? Math.ceil(bounded) : bounded
}

/**
 * Ids seen in earlier answers, so that generated requests name rows that exist and get past the 404s: by the
 * collection path that listed or created them, and by the field name that carried them (`channelId`, `variantId`…).
 */
export interface Known {
  byPath: Map<string, string>
  byField: Map<string, string>
  /** Ids never handed to a fuzzed request (the fuzzing admin itself). */
  protected: Set<string>
}

const ID = /^[a-z]{2,8}_[0-9a-z]{26}$/

/** Records the ids an answer holds: its own id (or its first item's) under the operation's path, the others by field. */
export function learn(known: Known, path: string, answer: unknown): void {
  const record = answer as { id?: unknown; items?: { id?: unknown }[] } | null
  const own = record && typeof record === 'object' ? (typeof record.id === 'string' ? record.id : record.items?.[0]?.id) : undefined
  if (typeof own === 'string' && !known.protected.has(own)) known.byPath.set(path, own)
  const visit = (value: unknown, key: string, depth: number) => {
    if (depth > 6) return
    if (typeof value === 'string') {
      if (ID.test(value) && key !== 'id' && !known.protected.has(value)) known.byField.set(key, value)
    } else if (Array.isArray(value)) value.slice(0, 3).forEach((v) => visit(v, key, depth + 1))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k, depth + 1)
  }
  visit(answer, '', 0)
}

/** A known id for a field or path parameter named `key` (`channelId`, `channelIds`), or for the collection it follows. */
function knownId(known: Known | undefined, key: string, collection?: string): string | undefined {
  if (!known) return undefined
  if (collection && known.byPath.has(collection)) return known.byPath.get(collection)
  const single = key.endsWith('Ids') ? key.slice(0, -1) : key
  if (known.byField.has(single)) return known.byField.get(single)
  const noun = single.replace(/Id$/, '')
  if (noun === single || noun.length === 0) return undefined
  const plural = noun.endsWith('y') ? `${noun.slice(0, -1)}ies` : `${noun}s`
  const kebab = plural.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
  return known.byPath.get(`/v1/${kebab}`)
}

/** A value for `schema`, with leaves passed through `filler` (which sees the valid value it replaces). */
export function generate(schema: JsonSchema | undefined, filler: Filler = {}, known?: Known, key = '', depth = 0): unknown {
  if (!schema || depth > 8) return null
  if (schema.const !== undefined) return schema.const
  const branches = schema.anyOf ?? schema.oneOf
  if (branches) {
    const branch = branches.find((b) => b.type !== 'null') ?? branches[0]
    return generate(branch, filler, known, key, depth)
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => generate(s, filler, known, key, depth)))
  if (schema.enum) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'string': {
      const valid = knownId(known, key) ?? validString(schema)
      return filler.string ? filler.string(schema, valid, key) : valid
    }
    case 'integer':
    case 'number': {
      const valid = validNumber(schema, type === 'integer')
      return filler.number ? filler.number(schema, valid, key) : valid
    }
    case 'boolean':
      return true
    case 'array': {
      const count = Math.max(1, schema.minItems ?? 0)
      return Array.from({ length: count }, () => generate(schema.items, filler, known, key, depth + 1))
    }
    case 'object':
    default: {
      if (!schema.properties) return type === 'object' ? {} : null
      const out: Record<string, unknown> = {}
      // A valid request sends only what is required (optional fields are where domain rules bite and stop it short);
      // a hostile one fills every field.
      const hostile = filler.only === undefined && (filler.string !== undefined || filler.number !== undefined)
      for (const [name, child] of Object.entries(schema.properties)) {
        if (hostile || name === filler.only || schema.required?.includes(name)) out[name] = generate(child, filler, known, name, depth + 1)
      }
      return out
    }
  }
}

/** The same shape with every leaf of the wrong JSON type (strings become numbers, numbers strings…). */
export function wrongTypes(value: unknown): unknown {
  if (typeof value === 'string') return 12345
  if (typeof value === 'number') return 'not-a-number'
  if (typeof value === 'boolean') return 'yes'
  if (Array.isArray(value)) return { notAnArray: true }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrongTypes(v)]))
  return 'null-was-expected'
}

export interface Variant {
  label: string
  filler?: Filler
  /** Which parts the filler reaches; the others keep valid values. */
  parts: ('path' | 'query' | 'header' | 'body')[]
  body?: (valid: unknown) => string | undefined
  auth?: boolean
}

/** What an injection would try; sent as text, it must stay text. */
export const SQL_META = "' OR 1=1 --%_\\"
const text = (s: string): Filler => ({ string: () => s })
const number = (n: number): Filler => ({ number: () => n })

/** The kinds of bad input sent to every operation (about fifteen requests each). */
export const VARIANTS: Variant[] = [
  { label: 'valid values', parts: [] },
  { label: 'valid values without auth', parts: [], auth: false },
  { label: 'malformed JSON', parts: [], body: () => '{"truncated": ' },
  { label: 'wrong type in every body field', parts: [], body: (valid) => JSON.stringify(wrongTypes(valid)) },
  { label: 'unknown field', parts: ['query'], filler: {}, body: (valid) => JSON.stringify(valid && typeof valid === 'object' && !Array.isArray(valid) ? { ...valid, zzUnknownField: 1 } : valid) },
  { label: 'NUL byte in path', parts: ['path'], filler: { string: (_, v) => `${v}\u0000x` } },
  { label: 'NUL byte in query', parts: ['query'], filler: { string: (_, v) => `${v}\u0000x` } },
  { label: 'NUL byte in headers', parts: ['header'], filler: { string: (_, v) => `${v}\u0000x` } },
  { label: 'NUL byte in body strings', parts: ['body'], filler: { string: (_, v) => `${v}\u0000x` } },
  { label: 'lone surrogate everywhere', parts: ['path', 'query', 'body'], filler: { string: (_, v) => `${v}\ud800` } },
  { label: 'SQL metacharacters everywhere', parts: ['path', 'query', 'header', 'body'], filler: text(SQL_META) },
  { label: 'very long strings', parts: ['query', 'body'], filler: text('x'.repeat(5000)) },
  { label: 'strings at their maximum length', parts: ['query', 'body'], filler: { string: (s, v) => (s.maxLength && !s.format && !s.pattern ? 'm'.repeat(s.maxLength) : v) } },
  { label: 'numbers at their declared maximum', parts: ['query', 'body'], filler: { number: (s, v) => s.maximum ?? v } },
  { label: 'number 1e308', parts: ['query', 'body'], filler: number(1e308) },
  { label: 'number 2^53', parts: ['query', 'body'], filler: number(2 ** 53) },
  { label: 'number 2^63', parts: ['query', 'body'], filler: number(2 ** 63) },
  { label: 'number -1', parts: ['query', 'body'], filler: number(-1) },
]

/** Percent-encodes like a client would, a lone surrogate included (as the bytes WTF-8 gives it, ED A0 80). */
function encode(value: string): string {
  return value.split(/([\uD800-\uDFFF])/u).map((piece) => (/^[\uD800-\uDFFF]$/u.test(piece) ? '%ED%A0%80' : encodeURIComponent(piece))).join('')
}

/** The requests of one variant for one operation. */
export function requestFor(op: Operation, variant: Variant, authHeaders: Record<string, string>, known?: Known): FuzzRequest {
  const fill = (part: 'path' | 'query' | 'header' | 'body', schema: JsonSchema | undefined, key = '') => generate(schema, variant.parts.includes(part) ? (variant.filler ?? {}) : {}, known, key)
  let url = op.path
  const query: string[] = []
  const headers: Record<string, string> = {}
  for (const p of op.parameters) {
    // A path parameter follows its collection: /v1/products/{id} takes an id that /v1/products answered.
    const collection = p.in === 'path' ? op.path.slice(0, op.path.indexOf(`/{${p.name}}`)) : undefined
    const id = p.in === 'path' ? knownId(known, p.name, collection) : undefined
    const value = id !== undefined ? (variant.parts.includes('path') && variant.filler?.string ? variant.filler.string(p.schema, id, p.name) : id) : fill(p.in, p.schema, p.name)
    // Optional query parameters and headers are sent only by the variants that fuzz them (a filter naming nothing, or
    // one Idempotency-Key reused with another body, is a 4xx that would stop the request before the service); the
    // opaque cursor never, it is verified before anything else.
    // A one-field variant sends an optional parameter only when it is the field under test.
    const only = variant.filler?.only
    if (p.in !== 'path' && !p.required && (p.name === 'cursor' || !variant.parts.includes(p.in) || (only !== undefined && p.name !== only))) continue
    const textValue = typeof value === 'object' ? JSON.stringify(value) : String(value)
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encode(textValue))
    else if (p.in === 'query') query.push(`${p.name}=${encode(textValue)}`)
    else if (p.in === 'header') headers[p.name] = textValue
  }
  if (variant.label === 'unknown field') query.push('zzUnknownParam=1')
  const search = query.join('&')
  const auth = variant.auth ?? true
  const request: FuzzRequest = { label: variant.label, method: op.method, url: search ? `${url}?${search}` : url, headers: { ...headers, ...(auth ? authHeaders : {}) }, auth }
  if (op.body) {
    const valid = fill('body', op.body)
    request.payload = variant.body ? variant.body(valid) : JSON.stringify(valid)
    request.headers['content-type'] = 'application/json'
  }
  return request
}

