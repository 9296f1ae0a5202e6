/**
 * HMAC-SHA256 signatures for tokens the server hands out and later trusts (a cart sent to oneself, later short links).
 * Keys live in `signing_keys`, one per purpose, created on first use by whichever node gets there first and read by
 * every node, so that a token signed on one node verifies on any other. A token is `base64url(payload).base64url(mac)`
 * where the payload is JSON; it is signed, not encrypted, so it carries ids and times, never secrets.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Tx } from './db.js'
import { signingKeys } from './schema.js'

const KEY_BYTES = 32
const BASE64URL = /^[A-Za-z0-9_-]+$/

async function readKey(tx: Tx, purpose: string): Promise<Buffer | null> {
  const [row] = await tx.select({ secret: signingKeys.secret }).from(signingKeys).where(eq(signingKeys.purpose, purpose)).limit(1)
  return row ? Buffer.from(row.secret, 'base64url') : null
}

/**
 * The secret of a purpose, created on first use. Nodes racing on the first use agree on one secret: the later INSERT
 * waits on the primary key until the first commits, then does nothing, and the read that follows sees the winner's.
 */
export async function signingKey(tx: Tx, purpose: string): Promise<Buffer> {
  const existing = await readKey(tx, purpose)
  if (existing) return existing
  await tx
    .insert(signingKeys)
    .values({ purpose, secret: randomBytes(KEY_BYTES).toString('base64url') })
    .onConflictDoNothing({ target: signingKeys.purpose })
  const created = await readKey(tx, purpose)
  if (!created) throw new Error(`signing key ${purpose} could not be created`)
  return created
}

function mac(secret: Buffer, encodedPayload: string): Buffer {
  return createHmac('sha256', secret).update(encodedPayload).digest()
}

/** A token carrying `payload`, signed with `secret`. */
export function signToken(payload: Record<string, unknown>, secret: Buffer): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${encoded}.${mac(secret, encoded).toString('base64url')}`
}

/**
 * The payload of a token signed with `secret`, or null for anything else (malformed, tampered, another key). The
 * signature is checked in constant time before the payload is even parsed.
 */
export function verifyToken(token: string, secret: Buffer): unknown {
  const parts = token.split('.')
  const [encoded, signature] = parts
  if (parts.length !== 2 || !encoded || !signature || !BASE64URL.test(encoded) || !BASE64URL.test(signature)) return null
  const given = Buffer.from(signature, 'base64url')
  // One spelling per signature: base64url's unused trailing bits would otherwise let a token be rewritten.
  if (given.toString('base64url') !== signature) return null
  const expected = mac(secret, encoded)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as unknown
  } catch {
    return null
  }
}
