/**
 * Webhook signatures. Each POST carries `Omnicanal-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, "<t>.<raw body>"). Right after a secret rotation the header holds one v1 per valid
 * secret (new first). A receiver recomputes v1 over the raw bytes it received, compares in constant time, and
 * refuses a `t` too far from its clock (replays); it deduplicates on Omnicanal-Event-Id, since delivery is
 * at-least-once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new signing secret, `whsec_` and 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
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
