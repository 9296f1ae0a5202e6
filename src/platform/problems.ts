/**
 * The one place that turns errors into RFC 9457 `application/problem+json`. Domain modules throw DomainError with a
 * stable kebab `code`; validation, parsing and size errors from Fastify become 400/413 problems; anything else is a
 * 500 carrying only the request id (the stack stays in the log).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { isDatabaseUnavailable, sqlStateOf } from './db.js'

export const PROBLEM_BASE = 'https://omnicanal.dev/problems/'

export interface DomainErrorInit {
  code: string
  status: number
  title: string
  detail?: string
  /** JSON pointer-ish path of the input at fault, e.g. `/body/email`. */
  field?: string
  data?: Record<string, unknown>
}

/** An expected failure that the client can act on; `code` is stable and becomes the problem `type`. */
export class DomainError extends Error {
  readonly code: string
  readonly status: number
  readonly title: string
  readonly field?: string
  readonly data?: Record<string, unknown>
  constructor(init: DomainErrorInit) {
    super(init.detail ?? init.title)
    this.name = 'DomainError'
    this.code = init.code
    this.status = init.status
    this.title = init.title
    this.field = init.field
    this.data = init.data
  }
}

/** The shape of every error body, declared on routes so that OpenAPI documents it. */
export const Problem = Type.Object(
  {
    type: Type.String({ format: 'uri' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    field: Type.Optional(Type.String()),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, $id: 'Problem', title: 'Problem', description: 'RFC 9457 problem details' },
)
export type Problem = Static<typeof Problem>

export function notFound(what: string, id: string, field?: string): DomainError {
  return new DomainError({ code: 'not-found', status: 404, title: `${what} not found`, detail: `No ${what.toLowerCase()} with id ${id}.`, field })
}

export function conflict(code: string, title: string, detail: string, data?: Record<string, unknown>): DomainError {
  return new DomainError({ code, status: 409, title, detail, data })
}

export function invalidInput(field: string, detail: string, code = 'invalid-input'): DomainError {
  return new DomainError({ code, status: 400, title: 'Invalid input', detail, field })
}

interface ValidationIssue {
  instancePath: string
  message?: string
  keyword: string
  params: Record<string, unknown>
}

function validationIssues(error: FastifyError): { field: string; message: string }[] {
  // Named as the problems raised by services name them (`/query/cursor`), not after Fastify's schema key.
  const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body')
  return ((error.validation ?? []) as ValidationIssue[]).map((issue) => {
    let pointer = issue.instancePath
    let message = issue.message ?? 'is invalid'
    if (issue.keyword === 'additionalProperties') {
      pointer += `/${String(issue.params.additionalProperty)}`
      message = 'is not an allowed field'
    } else if (issue.keyword === 'required') {
      pointer += `/${String(issue.params.missingProperty)}`
      message = 'is required'
    }
    return { field: `/${context}${pointer}`, message }
  })
}

/** Seconds a client should wait before retrying after a database outage (the pool reconnects by itself meanwhile). */
export const DATABASE_RETRY_AFTER_SECONDS = 5

/** The answer while the database is unreachable, dropped the connection or cancelled a statement that ran too long. */
export const DATABASE_UNAVAILABLE = {
  type: PROBLEM_BASE + 'database-unavailable',
  title: 'Database unavailable',
  status: 503,
  detail: 'The database is unreachable or too slow right now; nothing was confirmed. Retry after a few seconds (with the same Idempotency-Key).',
} as const

/**
 * Last line of defence behind the HTTP boundary's checks: a value the database refuses to store is the request's
 * fault (400), not a server fault, whichever route let it through.
 */
function dataExceptionProblem(state: string | undefined): ReturnType<typeof problemFor> | null {
  if (state === '22021' || state === '22P05') {
    // invalid byte sequence / untranslatable character (a NUL in jsonb, a character outside the encoding)
    return { type: PROBLEM_BASE + 'invalid-text', title: 'Invalid text', status: 400, detail: 'The request holds text that cannot be stored (a NUL character or an invalid code point).' }
  }
  if (state === '22003') {
    // numeric value out of range: a number, or a total computed from the request's numbers, passes what a column
    // holds. Schemas bound every number a client enters and sums are bigint, so this is a gap in those bounds.
    return {
      type: PROBLEM_BASE + 'amount-out-of-range',
      title: 'Value out of range',
      status: 400,
      detail: 'A number in the request, or a quantity or total the API computed from it, is outside the range it stores; nothing was changed.',
    }
  }
  if (state === '22007' || state === '22008' || state === '22009') {
    // invalid datetime format / datetime field overflow / invalid time zone displacement: a time the date-time format
    // accepts but PostgreSQL does not (an offset past ±15:59, year 0). Request times are read into instants before
    // SQL, so this is a gap in that reading.
    return { type: PROBLEM_BASE + 'invalid-time', title: 'Invalid time', status: 400, detail: 'A time in the request cannot be stored or compared as a time (its offset or year is out of range); nothing was changed.' }
  }
  if (state === '22P02') {
    // invalid text representation: a value the schema let through that PostgreSQL cannot read as its column's type
    // (a huge number that JavaScript prints as "1e+21")
    return { type: PROBLEM_BASE + 'invalid-value', title: 'Invalid value', status: 400, detail: 'A value in the request cannot be read as the type it is stored as; nothing was changed.' }
  }
  return null
}

function problemFor(error: FastifyError | DomainError | Error): Omit<Problem, 'requestId' | 'instance'> & Record<string, unknown> {
  if (error instanceof DomainError) {
    return { ...error.data, type: PROBLEM_BASE + error.code, title: error.title, status: error.status, detail: error.message, ...(error.field ? { field: error.field } : {}) }
  }
  const state = sqlStateOf(error)
  if (state === '40P01' || state === '40001') {
    // Two requests crossed on the same rows and the database chose one to give way: nothing was written, try again.
    return { type: PROBLEM_BASE + 'concurrent-update', title: 'Concurrent update', status: 409, detail: 'Another request changed the same data at the same moment; nothing was done. Try again.' }
  }
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE
  const refused = dataExceptionProblem(state)
  if (refused) return refused
  const fastifyError = error as FastifyError
  if (fastifyError.validation) {
    const errors = validationIssues(fastifyError)
    const first = errors[0]
    return {
      type: PROBLEM_BASE + 'validation-failed',
      title: 'Request validation failed',
      status: 400,
      detail: first ? `${first.field} ${first.message}` : 'The request does not match its schema.',
      field: first?.field,
      errors,
    }
  }
  const code = fastifyError.code
  const status = fastifyError.statusCode
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
    return { type: PROBLEM_BASE + 'payload-too-large', title: 'Payload too large', status: 413, detail: 'The request body exceeds the allowed size.' }
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
    return { type: PROBLEM_BASE + 'unsupported-media-type', title: 'Unsupported media type', status: 415, detail: 'Send JSON with Content-Type: application/json.' }
  }
  if (code === 'FST_ERR_RATE_LIMIT' || status === 429) {
    return { type: PROBLEM_BASE + 'rate-limited', title: 'Too many requests', status: 429, detail: fastifyError.message }
  }
  if (status !== undefined && status >= 400 && status < 500) {
    // Malformed JSON, empty JSON body, bad content length…: client errors Fastify already classified.
    return { type: PROBLEM_BASE + 'bad-request', title: 'Bad request', status, detail: fastifyError.message, field: '/body' }
  }
  return { type: PROBLEM_BASE + 'internal-error', title: 'Internal server error', status: 500, detail: 'Something went wrong on our side. Quote the request id when reporting it.' }
}

/** Fastify error handler: logs server faults with their stack, answers every error as problem+json. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemFor(error)
  if (problem.type === DATABASE_UNAVAILABLE.type) {
    request.log.warn({ err: error }, 'database unavailable')
    reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
  } else if (problem.status >= 500) request.log.error({ err: error }, 'request failed')
  else request.log.info({ problem: problem.type, field: problem.field }, 'request refused')
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...problem, instance: request.url.split('?')[0], requestId: request.id })
}

/** 404 for unknown routes, as a problem like every other error. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .type('application/problem+json; charset=utf-8')
    .send({ type: PROBLEM_BASE + 'not-found', title: 'Not found', status: 404, detail: `No route ${request.method} ${request.url.split('?')[0]}.`, requestId: request.id })
}
