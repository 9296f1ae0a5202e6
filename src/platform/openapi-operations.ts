/**
 * OpenAPI, operation by operation (one of five openapi-*.ts files: this one rewrites each route's schema as
 * @fastify/swagger reads it; openapi-document.ts then names shared schemas and bounds responses across the whole
 * document; openapi-examples.ts swaps the demo shop's ids into the examples; openapi-components.ts hoists the
 * parameters, headers and answers that recur; openapi-walk.ts holds the reading helpers they and the tests share).
 *
 * What the OpenAPI document says about every operation beyond the route's own schema, derived in one place from how
 * the platform treats the route, so that the document cannot drift from the server:
 * - a request property with a default is optional to the caller (Ajv's useDefaults fills it in before the handler);
 * - every write (POST, PUT, PATCH, DELETE: each goes through `mutate()`, idempotency.ts) takes an `Idempotency-Key`
 *   and may answer a replay marked `Idempotent-Replayed: true`;
 * - a 2xx answer whose body is one resource with a `version` sends it as a strong `ETag` (concurrency.ts);
 * - a route with `config.rateLimit` (@fastify/rate-limit) sends `X-RateLimit-*` headers and may answer 429;
 * - any route may answer 400 (unstorable text in its URL), 401 (a bad bearer is never treated as anonymous) and 500;
 *   a route guarded by `config.can` may answer 403.
 * It only rewrites copies for the document: validation and serialisation keep the route's own schemas. What a route
 * must say itself (operationId, security) is checked when it is registered (checkRouteDocumented).
 */
import { STATUS_CODES } from 'node:http'
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import type { RouteOptions } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { isObject } from './openapi-walk.js'
import { Problem } from './problems.js'

type Schema = Record<string, unknown>
type RouteSchema = { [part: string]: unknown; security?: Record<string, string[]>[]; response?: Record<string, unknown> }

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The `Idempotency-Key` request header, as idempotency.ts accepts it (1 to 255 visible ASCII characters). */
export const IdempotencyKeyHeader = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[\\x21-\\x7E]{1,255}$',
  description:
    'Makes a retry safe: the first request with a key is carried out once and its answer kept for as many hours as the deployment’s IDEMPOTENCY_TTL_HOURS setting says; the same caller sending the same key and the same request again gets that stored answer back, marked `Idempotent-Replayed: true`, and nothing is done twice. The same key with another request is a 422 `idempotency-key-reused`; an answer that held a secret shown once is not kept, and its retry is a 409 `already-done`. A UUID is a good key.',
  examples: ['5f0c2a8e-2f4b-4b8e-9a53-6f1d2c3b4a59'],
})

const ReplayedHeader = Type.Literal('true', {
  description: 'Present when this answer is the stored answer to an earlier request with the same Idempotency-Key, replayed; nothing was done again.',
})

const EtagHeader = Type.String({
  maxLength: 20,
  pattern: '^"[0-9]+"$',
  description: 'The resource’s `version` as a strong entity tag: send it back as `If-Match` to refuse the write if someone changed the resource since.',
  examples: ['"3"'],
})

/** Whether a response body is one resource carrying a `version`: concurrency.ts sends that version as the ETag. */
const hasVersion = (response: unknown): boolean => isObject(response) && isObject(response.properties) && isObject(response.properties.version)

const RATE_LIMIT_HEADERS: Record<string, TSchema> = {
  'X-RateLimit-Limit': Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Requests allowed per window from this address.' }),
  'X-RateLimit-Remaining': Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Requests left in the current window.' }),
  'X-RateLimit-Reset': Type.Integer({ minimum: 0, maximum: 86_400, description: 'Seconds until the window resets.' }),
}
const RetryAfterHeader = Type.Integer({ minimum: 0, maximum: 86_400, description: 'Seconds to wait before trying again.' })

const problem = (description: string, headers?: Record<string, TSchema>): Schema => ({ ...Problem, description, ...(headers ? { headers } : {}) })

/**
 * What a problem answer means when the route says only `Problem`: one description per status, so that the same status
 * reads the same everywhere (and is written once in the document, openapi-components.ts).
 */
const PROBLEM_DESCRIPTIONS: Record<string, string> = {
  '400': 'The request is malformed or fails validation; `field` names the input at fault.',
  '401': 'The bearer token is missing, malformed, unknown, expired or revoked.',
  '402': 'A payment was declined; `field` names the tender at fault.',
  '403': 'The caller lacks the permission this operation needs.',
  '404': 'A resource the request names does not exist, or is not visible to the caller.',
  '409': 'The request conflicts with the current state of a resource; the problem `type` says which rule.',
  '412': 'The `If-Match` version is no longer the resource’s: someone changed it since you read it. The problem carries the current version; read the resource again and retry.',
  '422': 'The request is well formed but breaks a business rule; the problem `type` says which.',
  '429': 'Too many requests from this address: wait Retry-After seconds.',
  '500': 'An unexpected failure; the problem carries the request id to quote, never a stack trace.',
}

const problemAnswer = (status: string): Schema =>
  problem(PROBLEM_DESCRIPTIONS[status] ?? `${STATUS_CODES[Number(status)] ?? `HTTP ${status}`}: the problem \`type\` says why.`)

/** A response the route declares as the plain Problem schema, with no description of its own. */
const isBareProblem = (response: unknown): boolean => {
  const bare = Problem as unknown as Schema
  return isObject(response) && response.$id === bare.$id && response.description === bare.description
}

/** The same object schema without `required` entries for the properties that have a default. */
function defaultsOptional(schema: unknown): unknown {
  if (!isObject(schema) || !isObject(schema.properties) || !Array.isArray(schema.required)) return schema
  const properties = schema.properties
  const required = schema.required.filter((name) => !(typeof name === 'string' && isObject(properties[name]) && 'default' in properties[name]))
  if (required.length === schema.required.length) return schema
  const copy: Schema = { ...schema, required }
  if (required.length === 0) delete copy.required
  return copy
}

/** The request headers with Idempotency-Key added to whatever headers the route declares itself. */
function withIdempotencyKey(headers: unknown): Schema {
  const own = isObject(headers) && isObject(headers.properties) ? headers : { type: 'object', properties: {} }
  return { ...own, properties: { ...(own.properties as Schema), 'Idempotency-Key': IdempotencyKeyHeader } }
}

/** A response schema with headers added to the ones it already documents. */
function withHeaders(response: unknown, headers: Record<string, TSchema>): unknown {
  if (!isObject(response)) return response
  return { ...response, headers: { ...(isObject(response.headers) ? response.headers : {}), ...headers } }
}

/**
 * The onRoute hook that stops the app from starting when a documented route has no `operationId` (a generated client
 * names its method after it), or when its `security` is missing or says a bearer is optional where the server
 * requires one (`config.can`, `config.authenticated`): deny by default, documented.
 */
export function checkRouteDocumented(route: RouteOptions): void {
  // A route without any schema is scaffolding (a test's probe), not part of the API.
  const schema = route.schema as RouteSchema | undefined
  if (!schema || schema.hide) return
  const where = `${String(route.method)} ${route.url}`
  if (typeof schema.operationId !== 'string' || schema.operationId === '') throw new Error(`${where} declares no operationId: a generated client names its method after it`)
  const security = schema.security
  if (!Array.isArray(security)) throw new Error(`${where} declares no OpenAPI security: say [] for a public route, [{ bearer: [] }] for a guarded one`)
  const guarded = Boolean(route.config?.can || route.config?.authenticated)
  const optional = security.length === 0 || security.some((requirement) => Object.keys(requirement).length === 0)
  if (guarded && optional) throw new Error(`${where} needs a bearer (config.can or config.authenticated) but its OpenAPI security says it is optional`)
  // documentRoute documents 429 from config.rateLimit; a 429 declared by hand on a route without a limit is a promise
  // the server never keeps (and a client would write a retry loop for it).
  if (schema.response?.['429'] !== undefined && route.config?.rateLimit == null) throw new Error(`${where} declares a 429 but has no config.rateLimit`)
}

/** The @fastify/swagger `transform`: the route's schema as the document should show it (see the file header). */
export function documentRoute({ schema, url, route }: { schema: unknown; url: string; route: RouteOptions }): { schema: RouteSchema; url: string } {
  const own = (schema ?? {}) as RouteSchema
  if (own.hide) return { schema: own, url }
  const method = String(route.method).toUpperCase()
  const write = WRITE_METHODS.has(method)
  const limited = route.config?.rateLimit != null
  const guarded = Boolean(route.config?.can)
  const responses: Record<string, unknown> = {}
  for (const [status, response] of Object.entries(own.response ?? {})) responses[status] = isBareProblem(response) ? problemAnswer(status) : response
  responses['400'] ??= problemAnswer('400')
  responses['401'] ??= problemAnswer('401')
  if (guarded) responses['403'] ??= problemAnswer('403')
  if (limited) responses['429'] = problem(PROBLEM_DESCRIPTIONS['429']!, { ...RATE_LIMIT_HEADERS, 'Retry-After': RetryAfterHeader })
  responses['500'] ??= problemAnswer('500')
  for (const status of Object.keys(responses)) {
    if (/^2/.test(status) && hasVersion(responses[status])) responses[status] = withHeaders(responses[status], { ETag: EtagHeader })
    if (write && /^2/.test(status)) responses[status] = withHeaders(responses[status], { 'Idempotent-Replayed': ReplayedHeader })
    if (limited && /^[24]/.test(status) && status !== '429') responses[status] = withHeaders(responses[status], RATE_LIMIT_HEADERS)
  }
  const documented: RouteSchema = { ...own, response: responses }
  // Most routes say what they do in a summary alone; it is their description too (Spectral's operation-description).
  if (own.description === undefined && typeof own.summary === 'string') documented.description = own.summary
  if (own.querystring) documented.querystring = defaultsOptional(own.querystring)
  if (own.body) documented.body = defaultsOptional(own.body)
  if (write) documented.headers = withIdempotencyKey(own.headers)
  if (limited) documented['x-rate-limited'] = true
  return { schema: documented, url }
}

/** What each tag groups, shown above its operations by documentation tools (Redocly's tag-description). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  health: 'Liveness and readiness probes for process supervisors and load balancers.',
  auth: 'Logins, customer registration, anonymous and kiosk device tokens, logout.',
  staff: 'Staff users: their roles and the stores they work in.',
  customers: 'Customer profiles, lookup and search, consents, groups, merges, store credit, data export and erasure.',
  locations: 'Stores and warehouses, with their opening hours.',
  channels: 'Sales channels (web, app, kiosk, till, phone) and the locations that fulfil their orders.',
  catalog: 'Products, their variants and categories.',
  pricing: 'Price lists and the prices they set per variant.',
  promotions: 'Promotions and the discounts they grant.',
  coupons: 'Coupon codes for promotions, alone or in batches.',
  carts: 'Carts on any channel: lines, coupons, hand-offs, share links and kiosk sessions.',
  events: 'The committed events: a live Server-Sent Events stream and the catalogue of event types.',
  webhooks:
    'Webhook subscriptions and their deliveries. Each entry of the `webhooks` section is the POST sent to every active subscription whose `eventTypes` match its type, signed by the subscription’s scheme.',
  inventory: 'Stock levels per location, availability, receipts, adjustments, counts, movements, reservations and transfers.',
  wishlists: 'A customer’s saved variants.',
  orders: 'Checkout, orders, payment confirmation, cancellation and closing, and the work waiting at a location.',
  fulfilments: 'Picking, shipping, pickup at the counter and delivery of an order’s parts.',
  'gift-cards': 'Gift cards: issue, balance, adjustments, disabling and ledger.',
  returns: 'Returns and exchanges, their receipt, refunds and history, and each channel’s return policy.',
  tills: 'A store’s registers: sessions opened with a float, cash in and out, closed with a count; X and Z reports per tender; the store’s day.',
  journeys: 'Touchpoints across channels and a customer’s timeline.',
  loyalty: 'The loyalty programme: settings, tiers, rewards, and each customer’s points, adjustments and redemptions.',
}

/**
 * The @fastify/swagger `transformObject`: declares every tag the operations use, in order of first use, so that
 * documentation tools group operations under declared tags (Spectral's operation-tag-defined).
 */
export const documentTags: NonNullable<FastifyDynamicSwaggerOptions['transformObject']> = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject
  const document = documentObject.openapiObject
  const names = new Set<string>()
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item ?? {}))
      if (isObject(operation) && Array.isArray(operation.tags)) for (const tag of operation.tags) names.add(String(tag))
  }
  const tag = (name: string) => (TAG_DESCRIPTIONS[name] ? { name, description: TAG_DESCRIPTIONS[name] } : { name })
  return { ...document, tags: document.tags ?? [...names].map(tag) }
}
