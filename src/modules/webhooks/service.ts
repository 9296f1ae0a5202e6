/**
 * Webhooks: subscriptions that receive committed events as signed HTTP POSTs, with retries and a delivery log.
 * Owns `webhook_subscriptions`, `webhook_deliveries`, `webhook_delivery_attempts`.
 * Invariants: URLs are absolute http(s) and reach public addresses only (targets.ts: refused at registration and at
 * every connection, unless WEBHOOK_ALLOW_PRIVATE_TARGETS); a secret is shown only when created or rotated, and never logged or put in
 * an event; one event reaches one subscription through at most one delivery row (UNIQUE), retried under its stable
 * event id until a 2xx or `webhookMaxAttempts`; a subscription never receives an event older than itself, nor one
 * from a rolled-back transaction (the fan-out reads only committed outbox rows). Signatures: see signature.ts.
 * Events: webhooks.subscription_created, webhooks.subscription_updated, webhooks.subscription_deleted,
 * webhooks.secret_rotated.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import type { Job } from '../../platform/jobs.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { checkEventTypes } from '../events/service.js'
import { fanOutPending, sendDueDeliveries } from './delivery.js'
import { deliveryNotFound, deliveryNotRetryable, invalidWebhookUrl, secretNeedsRotation, webhookNotFound } from './errors.js'
import { WEBHOOK_EVENTS } from './events.js'
import { webhookUrlProblem } from './policies.js'
import { webhookTargetProblem } from './targets.js'
import { webhookDeliveries, webhookDeliveryAttempts, webhookSubscriptions, type DeliveryStatus, type SignatureScheme } from './schema.js'
import { isStandardWebhooksSecret, newWebhookSecret } from './signature.js'

export { signWebhookPayload, verifyWebhookSignature } from './signature.js'
export type { DeliveryStatus, SignatureScheme } from './schema.js'
export { scrubCustomerDeliveries } from './customer-data.js'
export { webhooksDocument } from './openapi.js'

export interface Webhook {
  id: string
  url: string
  description: string | null
  eventTypes: string[]
  active: boolean
  signatureScheme: SignatureScheme
  /** Until then, the secret replaced by the last rotation still signs too. */
  previousSecretExpiresAt: string | null
  version: number
  createdAt: string
  updatedAt: string
}

export type WebhookWithSecret = Webhook & { secret: string }

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect

function toWebhook(row: SubscriptionRow): Webhook {
  const previousValid = row.previousSecretExpiresAt !== null && row.previousSecretExpiresAt > new Date()
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    active: row.active,
    signatureScheme: row.signatureScheme,
    previousSecretExpiresAt: previousValid ? (row.previousSecretExpiresAt?.toISOString() ?? null) : null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export interface WebhookInput {
  url: string
  description?: string | null
  eventTypes: string[]
  active?: boolean
  signatureScheme?: SignatureScheme
}

function checkedColumns(input: Partial<WebhookInput>) {
  if (input.url !== undefined) {
    const problem = webhookUrlProblem(input.url)
    if (problem) throw invalidWebhookUrl(`The URL ${problem}.`)
  }
  return {
    ...(input.url !== undefined && { url: input.url }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.eventTypes !== undefined && { eventTypes: checkEventTypes(input.eventTypes, '/body/eventTypes') }),
    ...(input.active !== undefined && { active: input.active }),
    ...(input.signatureScheme !== undefined && { signatureScheme: input.signatureScheme }),
  }
}

/**
 * Refuses (400 invalid-webhook-url, field /body/url) a URL whose host is or resolves to a loopback, private,
 * link-local or reserved address, unless private targets are allowed; run before the request's transaction, as it
 * asks DNS. Delivery checks the connected address again (targets.ts).
 */
export async function assertWebhookTarget(url: string | undefined, options: { allowPrivateTargets: boolean }): Promise<void> {
  if (url === undefined || webhookUrlProblem(url) !== null) return
  const problem = await webhookTargetProblem(url, options)
  if (problem) throw invalidWebhookUrl(`The URL ${problem}.`)
}

/** Creates a subscription and returns its secret, the only time besides rotation that it is shown. */
export async function createWebhook(tx: Tx, input: WebhookInput): Promise<WebhookWithSecret> {
  const columns = checkedColumns(input)
  const secret = newWebhookSecret()
  const [row] = await tx
    .insert(webhookSubscriptions)
    .values({ id: newId('whk'), ...columns, url: input.url, eventTypes: columns.eventTypes ?? [], secret })
    .returning()
  if (!row) throw new Error('insert returned no row')
  // The URL stays out of the event: it may carry credentials.
  await emit(tx, WEBHOOK_EVENTS.created, { webhookId: row.id, eventTypes: row.eventTypes, active: row.active, signatureScheme: row.signatureScheme })
  return { ...toWebhook(row), secret }
}

/** One subscription, without its secret, or a 404. */
export async function getWebhook(tx: Tx, id: string): Promise<Webhook> {
  const [row] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).limit(1)
  if (!row) throw webhookNotFound(id)
  return toWebhook(row)
}

export const WEBHOOK_SORT_KEYS = ['createdAt', 'url'] as const
const webhookListOrder = defineListOrder<(typeof WEBHOOK_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: webhookSubscriptions.createdAt, type: 'time' }, url: { sql: webhookSubscriptions.url, type: 'text' } },
  tiebreaker: webhookSubscriptions.id,
  defaultDescending: false,
})

/** Subscriptions by creation order (or `sort`), without secrets. */
export async function listWebhooks(tx: Tx, input: { sort?: string; count?: boolean; cursor?: string; limit: number }) {
  return listTablePage(tx, webhookSubscriptions, webhookListOrder, input, undefined, (rows) => rows.map(toWebhook))
}

/**
 * Changes a subscription; pausing it (active: false) holds its pending deliveries until it is active again. Switching to
 * Standard Webhooks signatures needs a secret their verifiers read (409 webhook-secret-needs-rotation otherwise).
 */
export async function updateWebhook(tx: Tx, input: { id: string; changes: Partial<WebhookInput>; expectedVersion?: ExpectedVersion }): Promise<Webhook> {
  const columns = checkedColumns(input.changes)
  if (input.changes.signatureScheme === 'standard-webhooks') {
    const [current] = await tx
      .select({ secret: webhookSubscriptions.secret })
      .from(webhookSubscriptions)
      .where(eq(webhookSubscriptions.id, input.id))
      .for('update')
      .limit(1)
    if (!current) throw webhookNotFound(input.id)
    if (!isStandardWebhooksSecret(current.secret)) throw secretNeedsRotation(input.id)
  }
  const [row] = await tx
    .update(webhookSubscriptions)
    .set({ ...columns, updatedAt: sql`now()` })
    .where(and(eq(webhookSubscriptions.id, input.id), versionCondition(webhookSubscriptions.version, input.expectedVersion)))
    .returning()
  if (!row) throw await staleOrMissing(tx, input.id)
  await emit(tx, WEBHOOK_EVENTS.updated, { webhookId: row.id, changed: Object.keys(input.changes) })
  return toWebhook(row)
}

/** Why a conditional write of a subscription touched no row: it moved past the If-Match (412), or it is not there (404). */
async function staleOrMissing(tx: Tx, id: string): Promise<Error> {
  const [current] = await tx.select({ version: webhookSubscriptions.version }).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id))
  return current ? preconditionFailed('webhook subscription', current.version) : webhookNotFound(id)
}

/** Deletes a subscription with its deliveries and their log; 412 when it moved past `expectedVersion` (If-Match). */
export async function deleteWebhook(tx: Tx, id: string, expectedVersion?: ExpectedVersion): Promise<void> {
  const deleted = await tx
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), versionCondition(webhookSubscriptions.version, expectedVersion)))
    .returning({ id: webhookSubscriptions.id })
  if (deleted.length === 0) throw await staleOrMissing(tx, id)
  await emit(tx, WEBHOOK_EVENTS.deleted, { webhookId: id })
}

/** Issues a new secret; the old one keeps signing (as a second v1) for `previousSecretValidHours`, 0 to drop it now. */
export async function rotateWebhookSecret(tx: Tx, input: { id: string; previousSecretValidHours: number }): Promise<WebhookWithSecret> {
  const secret = newWebhookSecret()
  const keep = input.previousSecretValidHours > 0
  const [row] = await tx
    .update(webhookSubscriptions)
    .set({
      // SET expressions see the row as it was, so previous_secret takes the secret being replaced.
      previousSecret: keep ? sql`${webhookSubscriptions.secret}` : null,
      previousSecretExpiresAt: keep ? sql`now() + make_interval(hours => ${input.previousSecretValidHours})` : null,
      secret,
      updatedAt: sql`now()`,
    })
    .where(eq(webhookSubscriptions.id, input.id))
    .returning()
  if (!row) throw webhookNotFound(input.id)
  await emit(tx, WEBHOOK_EVENTS.secretRotated, { webhookId: row.id, previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null })
  return { ...toWebhook(row), secret }
}

export interface DeliveryAttempt {
  attempt: number
  statusCode: number | null
  error: string | null
  durationMs: number
  attemptedAt: string
}

export interface Delivery {
  id: string
  webhookId: string
  eventId: string
  eventType: string
  status: DeliveryStatus
  attemptCount: number
  /** When the next automatic attempt is due; null unless pending. */
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  deliveredAt: string | null
  createdAt: string
  payload: { id: string; type: string; occurredAt: string; data: Record<string, unknown> }
  attempts: DeliveryAttempt[]
}

type DeliveryRow = typeof webhookDeliveries.$inferSelect

async function withAttempts(tx: Tx, rows: DeliveryRow[]): Promise<Map<string, DeliveryAttempt[]>> {
  const byDelivery = new Map<string, DeliveryAttempt[]>()
  if (rows.length === 0) return byDelivery
  const attempts = await tx
    .select()
    .from(webhookDeliveryAttempts)
    .where(
      inArray(
        webhookDeliveryAttempts.deliveryId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(webhookDeliveryAttempts.deliveryId), asc(webhookDeliveryAttempts.attempt))
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? []
    list.push({ attempt: a.attempt, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs, attemptedAt: a.attemptedAt.toISOString() })
    byDelivery.set(a.deliveryId, list)
  }
  return byDelivery
}

function toDelivery(row: DeliveryRow, attempts: DeliveryAttempt[]): Delivery {
  return {
    id: row.id,
    webhookId: row.subscriptionId,
    eventId: row.eventId,
    eventType: row.eventType,
    status: row.status,
    attemptCount: row.attempts,
    nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    payload: row.payload,
    attempts,
  }
}

export const DELIVERY_SORT_KEYS = ['createdAt'] as const
const deliveryListOrder = defineListOrder<(typeof DELIVERY_SORT_KEYS)[number]>({ keys: { createdAt: { sql: webhookDeliveries.createdAt, type: 'time' } }, tiebreaker: webhookDeliveries.id, defaultDescending: true })

/** The delivery log of one subscription, newest first, each delivery with its attempts. */
export async function listDeliveries(tx: Tx, input: { webhookId: string; status?: DeliveryStatus; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  await getWebhook(tx, input.webhookId)
  // Relies on webhook_deliveries_subscription_idx.
  const where = and(eq(webhookDeliveries.subscriptionId, input.webhookId), input.status ? eq(webhookDeliveries.status, input.status) : undefined)
  return listTablePage(tx, webhookDeliveries, deliveryListOrder, input, where, async (rows) => {
    const attempts = await withAttempts(tx, rows)
    return rows.map((row) => toDelivery(row, attempts.get(row.id) ?? []))
  })
}

/** Puts a failed delivery back in the queue for one more attempt, under the same event id. */
export async function retryDelivery(tx: Tx, input: { webhookId: string; deliveryId: string }): Promise<Delivery> {
  const where = and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.subscriptionId, input.webhookId))
  const [row] = await tx
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(where, eq(webhookDeliveries.status, 'failed')))
    .returning()
  if (!row) {
    const [existing] = await tx.select({ status: webhookDeliveries.status }).from(webhookDeliveries).where(where).limit(1)
    throw existing ? deliveryNotRetryable(input.deliveryId, existing.status) : deliveryNotFound(input.deliveryId)
  }
  const attempts = await withAttempts(tx, [row])
  return toDelivery(row, attempts.get(row.id) ?? [])
}

/** Background jobs of the webhooks module: fan-out from the outbox, and delivery with retries. */
export function webhookJobs(app: FastifyInstance): Job[] {
  const { database, config } = app
  const shutdown = new AbortController()
  // preClose runs before the job runner is stopped, so in-flight POSTs end now rather than at their timeout.
  app.addHook('preClose', async () => shutdown.abort())
  const sendOptions = {
    timeoutMs: config.webhookTimeoutMs,
    leaseMs: config.webhookLeaseSeconds * 1000,
    allowPrivateTargets: config.webhookAllowPrivateTargets,
    maxAttempts: config.webhookMaxAttempts,
    retryBaseMs: config.webhookRetryBaseMs,
    signal: shutdown.signal,
    log: app.log,
  }
  return [
    { name: 'webhooks-fan-out', everyMs: config.outboxPollMs, run: () => fanOutPending(database) },
    { name: 'webhooks-send', everyMs: config.outboxPollMs, run: () => sendDueDeliveries(database, sendOptions) },
  ]
}
