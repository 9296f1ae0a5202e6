/**
 * A small JSON client for the setup and the checks of the commerce cases (tokens, channels, locations, variants,
 * stock), over Node's fetch (undici, keep-alive). Setup calls throw with the answer's body on an unexpected status;
 * measured calls use `timedRequest`, which never throws on a status.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type Headers = Record<string, string>

const SETUP_TIMEOUT_MS = 60_000
/** Same as autocannon's timeout in the load steps: a request slower than this counts as an error. */
export const REQUEST_TIMEOUT_MS = 10_000

export function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export const str = (value: Json | undefined): string => (typeof value === 'string' ? value : '')
export const num = (value: Json | undefined): number => (typeof value === 'number' ? value : 0)

export interface Answer {
  status: number
  body: Json
  /** Milliseconds from sending to the last byte of the body. */
  ms: number
}

/** One request, timed; a socket error or a timeout rejects. */
export async function timedRequest(baseUrl: string, method: string, path: string, headers: Headers = {}, body?: unknown): Promise<Answer> {
  const started = performance.now()
  const response = await fetch(baseUrl + path, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  })
  const text = await response.text()
  const ms = performance.now() - started
  let parsed: Json = null
  try {
    parsed = text ? (JSON.parse(text) as Json) : null
  } catch {
    parsed = text
  }
  return { status: response.status, body: parsed, ms }
}

/** A setup call that must answer `expected`; throws with the body otherwise. */
export async function call(baseUrl: string, method: string, path: string, expected: number, headers: Headers = {}, body?: unknown): Promise<Json> {
  const started = performance.now()
  const response = await fetch(baseUrl + path, {
    method,
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(SETUP_TIMEOUT_MS),
  })
  const text = await response.text()
  if (response.status !== expected) {
    throw new Error(
      `${method} ${path} answered ${response.status} (expected ${expected}) after ${Math.round(performance.now() - started)} ms: ${text.slice(0, 400)}`,
    )
  }
  return text ? (JSON.parse(text) as Json) : null
}

export const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` })

/** A device token for an anonymous shopper (`POST /v1/auth/anonymous`). */
export async function deviceToken(baseUrl: string): Promise<Headers> {
  const body = await call(baseUrl, 'POST', '/v1/auth/anonymous', 201)
  const token = isObject(body) ? str(body.token) : ''
  if (!token) throw new Error('POST /v1/auth/anonymous: no token in the answer')
  return bearer(token)
}

/** `count` device tokens, fetched a few at a time. */
export async function deviceTokens(baseUrl: string, count: number): Promise<Headers[]> {
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    8,
    () => deviceToken(baseUrl),
  )
}

/** The demo shop's staff accounts (src/demo/generator/staff.ts; documented in README.md). */
export const DEMO_STAFF = {
  admin: { email: 'admin@maison-lumiere.demo', password: 'demo-admin' },
  agent: { email: 'service-client@maison-lumiere.demo', password: 'demo-phone' },
  associateMontpellier: { email: 'vendeur.montpellier@maison-lumiere.demo', password: 'demo-store' },
} as const

/** Logs a staff member in (`POST /v1/auth/staff/login`, rate-limited to a few a minute). */
export async function staffLogin(baseUrl: string, account: { email: string; password: string }): Promise<Headers> {
  const body = await call(baseUrl, 'POST', '/v1/auth/staff/login', 200, {}, account)
  const token = isObject(body) ? str(body.token) : ''
  if (!token) throw new Error(`staff login of ${account.email}: no token in the answer`)
  return bearer(token)
}

async function listAll(baseUrl: string, path: string): Promise<{ [key: string]: Json }[]> {
  const items: { [key: string]: Json }[] = []
  let cursor: string | null = null
  do {
    const page = await call(baseUrl, 'GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 200)
    if (!isObject(page) || !Array.isArray(page.items)) throw new Error(`GET ${path}: expected { items, nextCursor }`)
    items.push(...page.items.filter(isObject))
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : null
  } while (cursor)
  return items
}

export interface Place {
  id: string
  code: string
  kind: string
}

/** Sales channels by code (`GET /v1/channels`). */
export async function channelsByCode(baseUrl: string): Promise<Map<string, Place>> {
  const items = await listAll(baseUrl, '/v1/channels')
  return new Map(items.map((c) => [str(c.code), { id: str(c.id), code: str(c.code), kind: str(c.kind) }]))
}

/** Locations by code (`GET /v1/locations`). */
export async function locationsByCode(baseUrl: string): Promise<Map<string, Place>> {
  const items = await listAll(baseUrl, '/v1/locations')
  return new Map(items.map((l) => [str(l.code), { id: str(l.id), code: str(l.code), kind: str(l.kind) }]))
}

/** A channel or location that must exist, by code. */
export function required(places: Map<string, Place>, code: string): Place {
  const place = places.get(code)
  if (!place) throw new Error(`the demo shop has no "${code}" (has: ${[...places.keys()].join(', ')})`)
  return place
}

export interface VariantRef {
  id: string
  sku: string
}

/**
 * Variants of active products: `GET /v1/products` (first page) then `GET /v1/products/{id}` for `count` of them from
 * the `offset`-th on (cases take disjoint slices so that one case's stock changes never meet another's).
 */
export async function activeVariants(baseUrl: string, offset: number, count: number): Promise<VariantRef[]> {
  const page = await call(baseUrl, 'GET', '/v1/products?limit=200', 200)
  if (!isObject(page) || !Array.isArray(page.items)) throw new Error('GET /v1/products: expected { items }')
  const ids = page.items
    .filter(isObject)
    .filter((p) => p.status === undefined || p.status === 'active')
    .map((p) => str(p.id))
  const details = await mapLimit(ids.slice(offset, offset + count), 4, (id) => call(baseUrl, 'GET', `/v1/products/${encodeURIComponent(id)}`, 200))
  return details.flatMap((detail) =>
    isObject(detail) && Array.isArray(detail.variants) ? detail.variants.filter(isObject).map((v) => ({ id: str(v.id), sku: str(v.sku) })) : [],
  )
}

/** Runs `work` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** A French home address for `ship` checkouts (Montpellier, whose postal code the demo shop knows). */
export const homeAddress = { name: 'Camille Martin', line1: '3 rue de la Monnaie', postalCode: '34070', city: 'Montpellier', country: 'FR' }

/** The test provider's approving card. */
export const testCard = { method: 'card', card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2035 } }
