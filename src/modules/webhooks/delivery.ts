/**
 * Delivery of outbox events to webhook subscriptions, in two steps that are each safe on several nodes:
 * the fan-out (a durable outbox consumer) turns each committed event into one delivery row per matching subscription,
 * and the sender claims due rows with SKIP LOCKED, POSTs them outside any transaction, and records the outcome.
 * A claim is a lease: if its node dies, the row falls due again when the lease runs out and another node retakes it.
 * The attempt counter fences the claim, so a node whose lease was retaken cannot overwrite the newer outcome.
 */
import type { FastifyBaseLogger } from 'fastify'
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm'
import type { Database, Tx } from '../../platform/db.js'
import { runConsumerBatch, type OutboxEvent } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { outboxEvents } from '../../platform/schema.js'
import { matchesEventType } from '../events/service.js'
import { isDelivered, retryDelayMs } from './policies.js'
import { webhookDeliveries, webhookDeliveryAttempts, webhookSubscriptions, type DeliveryStatus, type SignatureScheme } from './schema.js'
import { signatureHeaders } from './signature.js'
import { postWebhook } from './targets.js'

export const WEBHOOK_CONSUMER = 'webhooks'
const FAN_OUT_BATCH = 200
const SEND_BATCH = 20
const USER_AGENT = 'Omnicanal-Webhooks/0.1'

/** Creates the deliveries of these events; seeing an event twice creates nothing more (UNIQUE subscription, event). */
export async function fanOutEvents(tx: Tx, events: readonly OutboxEvent[]): Promise<number> {
  if (events.length === 0) return 0
  // A subscription never receives events from before it existed, even when the fan-out runs late.
  const candidates = await tx
    .select({ subscriptionId: webhookSubscriptions.id, eventTypes: webhookSubscriptions.eventTypes, eventId: outboxEvents.id })
    .from(outboxEvents)
    .innerJoin(webhookSubscriptions, and(eq(webhookSubscriptions.active, true), lte(webhookSubscriptions.createdAt, outboxEvents.occurredAt)))
    .where(
      inArray(
        outboxEvents.id,
        events.map((event) => event.id),
      ),
    )
  const byId = new Map(events.map((event) => [event.id, event]))
  const rows = candidates.flatMap(({ subscriptionId, eventTypes, eventId }) => {
    const event = byId.get(eventId)
    if (!event || !matchesEventType(eventTypes, event.type)) return []
    const payload = { id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.payload }
    return [{ id: newId('whd'), subscriptionId, eventId, eventType: event.type, payload }]
  })
  if (rows.length === 0) return 0
  const inserted = await tx
    .insert(webhookDeliveries)
    .values(rows)
    .onConflictDoNothing({ target: [webhookDeliveries.subscriptionId, webhookDeliveries.eventId] })
    .returning({ id: webhookDeliveries.id })
  return inserted.length
}

/** Runs the fan-out consumer until it has caught up with the outbox (bounded per run). */
export async function fanOutPending(database: Database): Promise<number> {
  let total = 0
  for (let batch = 0; batch < 10; batch++) {
    const handled = await runConsumerBatch(database, WEBHOOK_CONSUMER, async (tx, events) => void (await fanOutEvents(tx, events)), FAN_OUT_BATCH)
    total += handled
    if (handled < FAN_OUT_BATCH) break
  }
  return total
}

export interface ClaimedDelivery {
  id: string
  subscriptionId: string
  eventId: string
  eventType: string
  payload: { id: string; type: string; occurredAt: string; data: Record<string, unknown> }
  /** This attempt's number, which is also the claim's fencing token. */
  attempt: number
  url: string
  /** The current secret, then the previous one while it is still valid after a rotation. */
  secrets: string[]
  signatureScheme: SignatureScheme
}

/** Claims up to `limit` due deliveries of active subscriptions for `leaseMs`; two nodes never claim the same row. */
export async function claimDueDeliveries(db: Tx, input: { limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.status, ['pending', 'delivering']),
        lte(webhookDeliveries.nextAttemptAt, sql`now()`),
        sql`exists (select 1 from webhook_subscriptions s where s.id = ${webhookDeliveries.subscriptionId} and s.active)`,
      ),
    )
    // Relies on webhook_deliveries_due_idx.
    .orderBy(asc(webhookDeliveries.nextAttemptAt))
    .limit(input.limit)
    .for('update', { skipLocked: true })
  const claimed = await db
    .update(webhookDeliveries)
    .set({
      status: 'delivering',
      attempts: sql`${webhookDeliveries.attempts} + 1`,
      nextAttemptAt: sql`now() + make_interval(secs => ${input.leaseMs / 1000})`,
      updatedAt: sql`now()`,
    })
    .where(inArray(webhookDeliveries.id, due))
    .returning()
  if (claimed.length === 0) return []
  const subscriptions = await db
    .select({
      id: webhookSubscriptions.id,
      url: webhookSubscriptions.url,
      secret: webhookSubscriptions.secret,
      signatureScheme: webhookSubscriptions.signatureScheme,
      previousSecret: sql<string | null>`case when ${webhookSubscriptions.previousSecretExpiresAt} > now() then ${webhookSubscriptions.previousSecret} end`,
    })
    .from(webhookSubscriptions)
    .where(inArray(webhookSubscriptions.id, [...new Set(claimed.map((row) => row.subscriptionId))]))
  const byId = new Map(subscriptions.map((subscription) => [subscription.id, subscription]))
  return claimed.flatMap((row) => {
    const subscription = byId.get(row.subscriptionId)
    if (!subscription) return []
    const secrets = subscription.previousSecret ? [subscription.secret, subscription.previousSecret] : [subscription.secret]
    return [
      {
        id: row.id,
        subscriptionId: row.subscriptionId,
        eventId: row.eventId,
        eventType: row.eventType,
        payload: row.payload,
        attempt: row.attempts,
        url: subscription.url,
        secrets,
        signatureScheme: subscription.signatureScheme,
      },
    ]
  })
}

export interface AttemptOutcome {
  statusCode: number | null
  error: string | null
  durationMs: number
}

function describeFailure(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `timed out after ${timeoutMs} ms`
  if (error instanceof Error && error.name === 'AbortError') return 'aborted: the node was shutting down'
  const message = error instanceof Error ? error.message : String(error)
  // request-filtering-agent refuses the connection with "DNS lookup <address> … is not allowed. Because, …".
  if (/ is not allowed\b/.test(message)) return `not sent: the target address is refused (${message})`.slice(0, 500)
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined
  return String(typeof code === 'string' ? code : message).slice(0, 500)
}

export interface SendDeliveryOptions {
  timeoutMs: number
  signal: AbortSignal
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: otherwise a target resolving to a non-public address is never connected to. */
  allowPrivateTargets: boolean
}

/** POSTs one delivery, signed, to a public address only (targets.ts); never throws: every failure becomes an outcome. */
export async function sendDelivery(delivery: ClaimedDelivery, options: SendDeliveryOptions): Promise<AttemptOutcome> {
  const { payload } = delivery
  // Rebuilt in a fixed key order, so that every attempt sends the same bytes.
  const body = JSON.stringify({ id: payload.id, type: payload.type, occurredAt: payload.occurredAt, data: payload.data })
  const timestamp = Math.floor(Date.now() / 1000)
  const started = performance.now()
  const durationMs = () => Math.round(performance.now() - started)
  const timeout = AbortSignal.timeout(options.timeoutMs)
  try {
    // A redirect is a failed attempt (postWebhook does not follow it): following it would send signed events to an
    // address nobody registered.
    const status = await postWebhook({
      url: delivery.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'omnicanal-event-id': delivery.eventId,
        'omnicanal-event-type': delivery.eventType,
        ...signatureHeaders(delivery.signatureScheme, { secrets: delivery.secrets, eventId: delivery.eventId, timestamp, body }),
        'omnicanal-delivery-id': delivery.id,
        'omnicanal-delivery-attempt': String(delivery.attempt),
      },
      body,
      signal: AbortSignal.any([timeout, options.signal]),
      allowPrivateTargets: options.allowPrivateTargets,
    })
    const statusCode = status === 0 ? null : status
    return { statusCode, error: statusCode !== null && isDelivered(statusCode) ? null : `answered HTTP ${status}`, durationMs: durationMs() }
  } catch (error) {
    return { statusCode: null, error: describeFailure(error, timeout.aborted, options.timeoutMs), durationMs: durationMs() }
  }
}

/**
 * Records one attempt and moves the delivery on: delivered on 2xx, otherwise pending again after a backoff, or
 * failed once `maxAttempts` attempts were made. Returns null when the claim was retaken meanwhile (nothing recorded).
 */
export async function recordAttempt(
  tx: Tx,
  input: { delivery: ClaimedDelivery; outcome: AttemptOutcome; maxAttempts: number; retryBaseMs: number },
): Promise<DeliveryStatus | null> {
  const { delivery, outcome } = input
  const delivered = outcome.statusCode !== null && isDelivered(outcome.statusCode)
  const status: DeliveryStatus = delivered ? 'delivered' : delivery.attempt >= input.maxAttempts ? 'failed' : 'pending'
  const retryInSeconds = retryDelayMs(delivery.attempt, input.retryBaseMs) / 1000
  const [row] = await tx
    .update(webhookDeliveries)
    .set({
      status,
      nextAttemptAt: status === 'pending' ? sql`now() + make_interval(secs => ${retryInSeconds})` : null,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      ...(delivered && { deliveredAt: sql`now()` }),
      updatedAt: sql`now()`,
    })
    .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'delivering'), eq(webhookDeliveries.attempts, delivery.attempt)))
    .returning({ id: webhookDeliveries.id })
  if (!row) return null
  await tx
    .insert(webhookDeliveryAttempts)
    .values({
      id: newId('wha'),
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: outcome.durationMs,
    })
  return status
}

export interface SendOptions extends SendDeliveryOptions {
  maxAttempts: number
  retryBaseMs: number
  /** How long a claim lasts (WEBHOOK_LEASE_SECONDS): a delivery in flight on a node that dies is retaken after it. */
  leaseMs: number
  log: FastifyBaseLogger
}

/** Claims the due deliveries and sends them concurrently; returns how many were attempted. */
export async function sendDueDeliveries(database: Database, options: SendOptions): Promise<number> {
  if (options.signal.aborted) return 0
  // The lease outlasts the longest possible POST (config checks it), so a live node never loses its claim.
  const claimed = await claimDueDeliveries(database.db, { limit: SEND_BATCH, leaseMs: options.leaseMs })
  const results = await Promise.allSettled(
    claimed.map(async (delivery) => {
      const outcome = await sendDelivery(delivery, options)
      const status = await database.transaction((tx) =>
        recordAttempt(tx, { delivery, outcome, maxAttempts: options.maxAttempts, retryBaseMs: options.retryBaseMs }),
      )
      if (status === 'failed') {
        options.log.warn(
          { deliveryId: delivery.id, subscriptionId: delivery.subscriptionId, eventId: delivery.eventId, attempts: delivery.attempt, error: outcome.error },
          'webhook delivery failed for good',
        )
      }
    }),
  )
  const failure = results.find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
  return claimed.length
}
