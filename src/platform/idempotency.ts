/**
 * Mutations run in one transaction with their idempotency record: a retried request (same Idempotency-Key, same
 * body) replays the stored response; the same key with another body is a 422; two concurrent requests with one key
 * do the work once, because the second INSERT waits on the first one's unique-index entry until it commits.
 *
 * Keys belong to their caller: the actor, or for an unauthenticated call its address, user agent and the request
 * itself, so that only a caller sending the very same request (secrets included) can ever be replayed an answer, and
 * two clients never meet in one namespace. The request is fingerprinted with an HMAC over the whole body, passwords and
 * PINs included, keyed by a server secret (IDEMPOTENCY_SECRET, else one kept in `signing_keys`): a retry with another
 * password or PIN is a different request, and the stored hash cannot be attacked offline without the secret. No record
 * holds a secret answer: routes flag answers that carry one (`secretAnswer`: kept without the answer, a retry is a 409)
 * and credentials that are safe to mint again (`mintsAgain`: no record at all).
 */
import { createHmac } from 'node:crypto'
import { and, eq, lt, sql } from 'drizzle-orm'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Tx } from './db.js'
import { newId } from './ids.js'
import { DomainError } from './problems.js'
import { idempotencyKeys } from './schema.js'
import { signingKey } from './signing.js'

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/

/** The `signing_keys` purpose of the request-hash key when IDEMPOTENCY_SECRET is not set: one per database. */
export const IDEMPOTENCY_KEY_PURPOSE = 'idempotency-request-hash'

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/** The key every node hashes requests with: the configured secret, or the database's own (created on first use). */
async function requestHashKey(tx: Tx, request: FastifyRequest): Promise<Buffer> {
  const configured = request.server.config.idempotencySecret
  return configured === null ? signingKey(tx, IDEMPOTENCY_KEY_PURPOSE) : Buffer.from(configured, 'utf8')
}

function hmac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url')
}

/** The request's fingerprint: method, URL and the whole canonical body, secrets included, under the server's key. */
function requestHash(key: Buffer, request: FastifyRequest): string {
  return hmac(key, `${request.method} ${request.url}\n${canonicalJson(request.body)}`)
}

/**
 * The namespace of a caller's keys: its actor; for an unauthenticated call, its address and user agent together with
 * the request's own fingerprint, so that clients behind one proxy with one browser never share a namespace unless
 * they send the very same request (then the answer is the one they would get anyway).
 */
function idempotencyScopeOf(request: FastifyRequest, key: Buffer, hash: string): string {
  if (request.actor) return request.actor.id
  return `anonymous:${hmac(key, `${request.ip}\n${request.headers['user-agent'] ?? ''}\n${hash}`)}`
}

/** The scope each request in `mutate` was given, for operationKeyOf (called from the request's work). */
const scopes = new WeakMap<FastifyRequest, string>()

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
  const ttlHours = request.server.config.idempotencyTtlHours
  const outcome: Stored = await database.transaction(async (tx) => {
    const hashKey = await requestHashKey(tx, request)
    const hash = requestHash(hashKey, request)
    const scope = idempotencyScopeOf(request, hashKey, hash)
    scopes.set(request, scope)
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
  const scope = scopes.get(request) ?? request.actor?.id
  return typeof key === 'string' && scope !== undefined ? `${scope}:${key}` : newId('op')
}
