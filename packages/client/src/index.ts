/**
 * The typed client of the Omnicanal Commerce API: paths, parameters, bodies and answers are typed by `openapi.d.ts`
 * (generated from the document the server serves, `npm run client:generate`), requests go through openapi-fetch.
 * This file adds only what every caller needs: the bearer token, an Idempotency-Key on mutating calls when asked,
 * and one error path — every answer other than 2xx rejects with a ProblemError carrying the RFC 9457 fields, whether
 * or not the document lists that status for the operation (401, 429 and 503 can come from any of them).
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './openapi.js'

export type { components, paths } from './openapi.js'
export type OmnicanalClient = Client<paths>

/** RFC 9457 problem details as the API sends them, with its own extensions (`field`, `requestId`, `errors`). */
export interface Problem {
  /** A URI naming the kind of problem: `https://omnicanal.dev/problems/<code>`, or `about:blank` for a bare status. */
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  /** The request field at fault, as a JSON pointer (`/body/lines/0/quantity`) or a name. */
  field?: string
  /** Quote it when reporting a problem: the server's logs carry it. */
  requestId?: string
  /** One entry per invalid field of a `validation-failed` problem. */
  errors?: { field: string; message: string }[]
  /** Problem-specific data, e.g. `available` on `insufficient-stock`. */
  [extension: string]: unknown
}

/** A non-2xx answer: `problem` holds its RFC 9457 fields, `code` the API's stable kebab code when it has one. */
export class ProblemError extends Error {
  readonly problem: Problem
  readonly status: number
  /** `insufficient-stock` for `https://omnicanal.dev/problems/insufficient-stock`; undefined for other types. */
  readonly code: string | undefined

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title)
    this.name = 'ProblemError'
    this.problem = problem
    this.status = problem.status
    const marker = '/problems/'
    const at = problem.type.lastIndexOf(marker)
    this.code = at >= 0 ? problem.type.slice(at + marker.length) : undefined
  }
}

export interface OmnicanalClientOptions {
  /** The API's origin, e.g. `https://shop.example` (the document's paths already start with `/v1`). */
  baseUrl: string
  /** A bearer token, or a function asked before every request (a token obtained or renewed after creation). */
  token?: string | (() => string | undefined)
  /**
   * Adds a fresh Idempotency-Key to every POST, PUT, PATCH and DELETE sent without one. The key belongs to the
   * request, so a `fetch` that retries it sends the same key and the server answers the retry from its stored answer.
   * To retry a call yourself (after a crash, from another process), pass your own key in `headers` instead.
   */
  idempotencyKeys?: boolean
  /** Another fetch (a test server's, a retrying one); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>
}

const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false
  const fields = body as Record<string, unknown>
  return typeof fields.type === 'string' && typeof fields.title === 'string' && typeof fields.status === 'number'
}

/** The problem an answer carries: its problem+json body, or (RFC 9457 §4.2.1) `about:blank` with the status. */
export async function problemOf(response: Response): Promise<Problem> {
  const bare: Problem = { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status }
  const requestId = response.headers.get('x-request-id') ?? undefined
  if (requestId) bare.requestId = requestId
  if (!(response.headers.get('content-type') ?? '').startsWith('application/problem+json')) return bare
  let body: unknown
  try {
    body = await response.json()
  } catch {
    return bare
  }
  return isProblem(body) ? body : bare
}

function middlewareOf(options: OmnicanalClientOptions): Middleware {
  return {
    onRequest({ request }) {
      const token = typeof options.token === 'function' ? options.token() : options.token
      if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`)
      if (options.idempotencyKeys && MUTATING_METHODS.has(request.method) && !request.headers.has('idempotency-key')) {
        request.headers.set('idempotency-key', crypto.randomUUID())
      }
      return request
    },
    async onResponse({ response }) {
      if (!response.ok) throw new ProblemError(await problemOf(response))
      return response
    },
  }
}

/** A client whose calls resolve only with 2xx answers; any other answer rejects with a ProblemError. */
export function createOmnicanalClient(options: OmnicanalClientOptions): OmnicanalClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) })
  client.use(middlewareOf(options))
  return client
}

/**
 * The body of a call's answer, typed by the document: `await dataOf(api.GET('/v1/carts/{id}', …))`. The client
 * already rejects every non-2xx answer; this only spares the caller openapi-fetch's `{ data, error }` narrowing.
 */
export async function dataOf<Data>(call: Promise<{ data?: Data; error?: unknown; response: Response }>): Promise<Data> {
  const { data, error, response } = await call
  if (error !== undefined || data === undefined) {
    throw new ProblemError({ type: 'about:blank', title: response.ok ? 'Empty answer' : response.statusText, status: response.status })
  }
  return data
}
