/**
 * Webhook signatures, one of two schemes per subscription.
 * - `stripe` (the default): `Omnicanal-Signature: t=<unix seconds>,v1=<hex>` where v1 = HMAC-SHA256(secret as UTF-8,
 *   "<t>.<raw body>"), byte for byte Stripe's format, so `stripe.webhooks.constructEvent` verifies it.
 * - `standard-webhooks` (standardwebhooks.com): `webhook-id` (the event id), `webhook-timestamp` and
 *   `webhook-signature: v1,<base64>` where the HMAC-SHA256 key is the base64 after `whsec_` and the signed content is
 *   "<id>.<timestamp>.<raw body>".
 * Right after a secret rotation both schemes carry one signature per valid secret (new first). A receiver recomputes
 * it over the raw bytes it received, compares in constant time, refuses a stale timestamp (replays), and deduplicates
 * on the event id, since delivery is at-least-once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { SignatureScheme } from './schema.js'

const SECRET_PREFIX = 'whsec_'

/**
 * A new signing secret, `whsec_` and 32 random bytes in standard base64: the one string both schemes' verifiers take
 * (Stripe's uses it whole as the key, Standard Webhooks' decodes what follows the prefix).
 */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`
}

/**
 * True when Standard Webhooks verifiers can read `secret`. Secrets issued before that scheme existed are base64url,
 * which those verifiers refuse: such a subscription has to rotate its secret before it switches scheme.
 */
export function isStandardWebhooksSecret(secret: string): boolean {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : ''
  return encoded.length % 4 === 0 && /^[A-Za-z0-9+/]{32,}={0,2}$/.test(encoded)
}

function standardSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64')}`
}

/** The `webhook-signature` header (Standard Webhooks) of `body` for event `id` at `timestamp`, one v1 per secret. */
export function signStandardWebhook(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets.map((secret) => standardSignature(secret, id, timestamp, body)).join(' ')
}

/** The signature headers of one delivery under `scheme`. */
export function signatureHeaders(
  scheme: SignatureScheme,
  input: { secrets: readonly string[]; eventId: string; timestamp: number; body: string },
): Record<string, string> {
  if (scheme === 'standard-webhooks') {
    return {
      'webhook-id': input.eventId,
      'webhook-timestamp': String(input.timestamp),
      'webhook-signature': signStandardWebhook(input.secrets, input.eventId, input.timestamp, input.body),
    }
  }
  return { 'omnicanal-timestamp': String(input.timestamp), 'omnicanal-signature': signWebhookPayload(input.secrets, input.timestamp, input.body) }
}

function hmacHex(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')
}

/** The Omnicanal-Signature header for `body` sent at `timestamp` (unix seconds), one v1 per secret. */
export function signWebhookPayload(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((secret) => `v1=${hmacHex(secret, timestamp, body)}`)].join(',')
}

/**
 * True when `header` carries a v1 signature of `rawBody` made with `secret`, at a timestamp within
 * `toleranceSeconds` of `nowMs`. Never throws: a malformed header is simply not valid.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string | Buffer,
  toleranceSeconds: number,
  nowMs = Date.now(),
): boolean {
  if (!header) return false
  let timestamp: number | null = null
  const signatures: Buffer[] = []
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2)
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'))
  }
  if (timestamp === null || signatures.length === 0) return false
  if (Math.abs(nowMs / 1000 - timestamp) > toleranceSeconds) return false
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex')
  return signatures.some((signature) => timingSafeEqual(signature, expected))
}
