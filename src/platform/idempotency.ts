/**
 * Mutations run in one transaction with their idempotency record: a retried request (same Idempotency-Key, same
 * body) replays the stored response; the same key with another body is a 422; two concurrent requests with one key
 * do the work once, because the second INSERT waits on the first one's unique-index entry until it commits.
 *
 * Keys belong to their caller: the actor, or for an unauthenticated call a fingerprint of its address and user agent,
 * so that two clients never meet in one namespace. No record ever holds a secret: routes flag answers that carry one
 * (`secretAnswer`: kept without the answer, a retry is a 409) and credentials that are safe to mint again (`mintsAgain`:
 * no record at all); passwords and PINs in a request are left out of the stored request hash.
 */
import { createHash } from 'node:crypto'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Tx } from './db.js'
import { newId } from './ids.js'
import { DomainError } from './problems.js'
import { idempotencyKeys } from './schema.js'

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** Request fields that hold a low-entropy secret (a password, a gift card's PIN), at any depth of the body. */
const SECRET_FIELD = /^(pin|.*password)$/i

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (!value || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([name]) => !SECRET_FIELD.test(name)).map(([name, v]) => [name, withoutSecrets(v)]))
}

// Secret fields stay out of the stored hash: an unsalted SHA-256 over a body holding a password or a 6-digit PIN would
// be a hash anyone reading the table could attack offline. A retry that changes only such a field is replayed, not refused.
function requestHash(request: FastifyRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n${canonicalJson(withoutSecrets(request.body))}`).digest('hex')
}

/**
 * The namespace of a caller's keys: its actor, or for an unauthenticated call a digest of its address and user agent
 * (never one namespace shared by every anonymous caller).
 */
export function idempotencyScopeOf(request: FastifyRequest): string {
  if (request.actor) return request.actor.id
  const fingerprint = createHash('sha256').update(`${request.ip}\n${request.headers['user-agent'] ?? ''}`).digest('base64url')
  return `anonymous:${fingerprint}`
}

function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key']
  if (raw === undefined) return null
  const key = Array.isArray(raw) ? raw[0] : raw
  if (key === undefined || !KEY_PATTERN.test(key)) {
    throw new DomainError({
      code: 'invalid-idempotency-key',
      status: 400,
      title: 'Invalid Idempotency-Key',
      detail: 'Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).',
      field: '/headers/idempotency-key',
    })
  }
  return key
}

type Stored = { replay: true; status: number; body: unknown } | { replay: false; result: unknown }

export interface MutateOptions {
  status?: number
  /**
   * The answer holds a secret shown once (an API key, a kiosk token, a gift card's PIN, a signing secret): the record
   * keeps no answer, and a retry is still never done twice but answers 409 `already-done` instead of a replay.
   */
  secretAnswer?: boolean
  /**
   * The route mints a credential that is harmless to mint twice (a login's token, an anonymous device's token): an
   * Idempotency-Key is accepted but nothing is recorded, and a retry mints a fresh credential.
   */
  mintsAgain?: boolean
}

/**
 * Runs `work` in the request's single transaction and sends its result with `status`. With an Idempotency-Key, the
 * response is stored in that same transaction and replayed on retries by the same caller; never a secret (MutateOptions).
 */
export async function mutate<T>(request: FastifyRequest, reply: FastifyReply, work: (tx: Tx) => Promise<T>, options: MutateOptions = {}): Promise<T> {
  const status = options.status ?? 200
  const database = request.server.database
  const key = idempotencyKeyOf(request)
  if (key === null || options.mintsAgain) {
    const result = await database.transaction(work)
    reply.code(status)
    return result
  }
  const scope = idempotencyScopeOf(request)
  const hash = requestHash(request)
  const ttlHours = request.server.config.idempotencyTtlHours
  const outcome: Stored = await database.transaction(async (tx) => {
    const claimed = await tx
      .insert(idempotencyKeys)
      .values({ scope, key, method: request.method, path: request.url, requestHash: hash, expiresAt: sql`now() + make_interval(hours => ${ttlHours})` })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key })
    if (claimed.length === 0) {
      // An expired record is taken over; a live one is replayed or refused.
      const renewed = await tx
        .update(idempotencyKeys)
        .set({ method: request.method, path: request.url, requestHash: hash, responseStatus: null, responseBody: null, createdAt: sql`now()`, expiresAt: sql`now() + make_interval(hours => ${ttlHours})` })
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key), lt(idempotencyKeys.expiresAt, sql`now()`)))
        .returning({ key: idempotencyKeys.key })
      if (renewed.length === 0) {
        const [stored] = await tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
        if (!stored || stored.requestHash !== hash || stored.responseStatus === null) {
          throw new DomainError({
            code: 'idempotency-key-reused',
            status: 422,
            title: 'Idempotency-Key already used',
            detail: 'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
            field: '/headers/idempotency-key',
          })
        }
        if (options.secretAnswer) {
          throw new DomainError({
            code: 'already-done',
            status: 409,
            title: 'Already done',
            detail: 'This request was already carried out; its answer held a secret that is shown only once and is not kept.',
            field: '/headers/idempotency-key',
          })
        }
        return { replay: true, status: stored.responseStatus, body: stored.responseBody }
      }
    }
    const result = await work(tx)
    // Stored as JSON so that a replay sends exactly what the first answer sent.
    const body = result === undefined || options.secretAnswer ? null : (JSON.parse(JSON.stringify(result)) as unknown)
    await tx
      .update(idempotencyKeys)
      .set({ responseStatus: status, responseBody: body })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
    return { replay: false, result }
  })
  if (outcome.replay) {
    reply.code(outcome.status).header('idempotent-replayed', 'true')
    return outcome.body as T
  }
  reply.code(status)
  return outcome.result as T
}

/** Deletes expired idempotency records; safe to run on every node. */
export async function pruneIdempotencyKeys(db: Tx): Promise<number> {
  const deleted = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`)).returning({ key: idempotencyKeys.key })
  return deleted.length
}

/**
 * The key a request's calls to an outside provider (card acquirer) derive theirs from: the caller's Idempotency-Key
 * when given, so that a retry maps to the same provider calls; a fresh id otherwise.
 */
export function operationKeyOf(request: FastifyRequest): string {
  const key = request.headers['idempotency-key']
  return typeof key === 'string' ? `${idempotencyScopeOf(request)}:${key}` : newId('op')
}
