/**
 * Optimistic concurrency: every mutable resource carries an integer `version` that a database trigger raises on every
 * UPDATE of its row (migrations: `omni_bump_version`), so no write path can forget it. Answers that hold a resource
 * send it as a strong `ETag: "<version>"`; a write that sends `If-Match` is refused with 412 `precondition-failed`
 * when the resource has moved on. The comparison is part of the write itself (the version in the UPDATE's WHERE, or
 * read under the row lock the write holds), so two writers holding one ETag never both succeed. If-Match stays
 * optional: a client that sends none writes over whatever is there, as before.
 */
import { inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DomainError, Problem } from './problems.js'

/** The `version` field of every resource that carries one, declared once. */
export const Version = Type.Integer({ minimum: 1, description: 'Raised by every write; sent as the ETag and compared with If-Match', examples: [3] })

/** Declared on every route that honours If-Match (with ConcurrencyErrors), so the document states it the same way. */
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'The ETag you read (e.g. "3"): the write is refused with 412 precondition-failed if the resource changed since. Optional; `*` matches any version.',
      examples: ['"3"'],
    }),
  ),
})

/** The answer a stale If-Match gets, beside the route's other problems. */
export const ConcurrencyErrors = { 412: Problem }

/** What an If-Match header asks for: null for no condition (absent or `*`), else the versions any of which may match. */
export type ExpectedVersion = readonly number[] | null

const ENTITY_TAG = /^(?:W\/)?"([^"]*)"$/
const MAX_VERSION = 2_147_483_647

/**
 * The versions a request's If-Match names. Weak tags (`W/"3"`) are read as their strong twin because a compressing
 * proxy may weaken the tag it forwards, and ours name the resource's state, not its bytes. A tag that is not one of
 * ours can never match: an empty list, which every write refuses with 412.
 */
export function expectedVersionOf(request: FastifyRequest): ExpectedVersion {
  const raw = request.headers['if-match']
  const header = Array.isArray(raw) ? raw.join(',') : raw
  if (header === undefined || header.trim() === '*') return null
  const versions: number[] = []
  for (const part of header.split(',')) {
    const digits = ENTITY_TAG.exec(part.trim())?.[1]
    // Versions are 32-bit integers: a larger number is no version of ours (and never reaches SQL as one).
    if (digits !== undefined && /^[1-9][0-9]{0,9}$/.test(digits) && Number(digits) <= MAX_VERSION) versions.push(Number(digits))
  }
  return versions
}

/** The WHERE condition that makes a write conditional on the expected version; undefined without one. */
export function versionCondition(column: AnyColumn, expected: ExpectedVersion | undefined): SQL | undefined {
  if (expected === null || expected === undefined) return undefined
  return expected.length === 0 ? sql`false` : inArray(column, [...expected])
}

/** True when a version read under the row lock satisfies the request's If-Match. */
export function versionMatches(version: number, expected: ExpectedVersion | undefined): boolean {
  return expected === null || expected === undefined || expected.includes(version)
}

/** 412: the resource changed since the client read it; it carries the current version so the client can re-read. */
export function preconditionFailed(what: string, currentVersion: number): DomainError {
  return new DomainError({
    code: 'precondition-failed',
    status: 412,
    title: 'Precondition failed',
    detail: `The ${what} changed since you read it (it is at version ${currentVersion} now); nothing was written. Read it again and reapply your change.`,
    field: '/headers/if-match',
    data: { currentVersion },
  })
}

/** The strong ETag of a version. */
export function etagOf(version: number): string {
  return `"${version}"`
}

/**
 * preSerialization hook: a successful answer holding one resource with a version sends it as its ETag. It reads the
 * answer itself, so an idempotent replay (the stored answer) sends the very ETag the first answer sent.
 */
export async function sendVersionAsEtag(_request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode < 300 && payload !== null && typeof payload === 'object' && !Array.isArray(payload)) {
    const version = (payload as { version?: unknown }).version
    if (typeof version === 'number' && Number.isInteger(version)) reply.header('etag', etagOf(version))
  }
  return payload
}
