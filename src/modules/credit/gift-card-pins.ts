/**
 * Gift card secrets: the code (printed, looked up, unique) and the PIN (shown once at issue, stored as a scrypt hash
 * like a password). Guessing is bounded per card: after PIN_ATTEMPTS wrong PINs in a row the card locks for
 * PIN_LOCK_MINUTES, a right PIN resets the count. An unknown code and a wrong PIN answer the same problem and take
 * the same time (a dummy hash is checked), so codes cannot be enumerated.
 *
 * A wrong PIN fails the request, and the request's transaction rolls back with it, counter included; so the failure
 * is tagged on the error and counted after the rollback, in a transaction of its own (`countPinFailure`, run by the
 * onError hook in gift-card-routes.ts for every route, checkout included).
 */
import { randomBytes, randomInt } from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../platform/passwords.js'
import { giftCardInvalid, giftCardLocked } from './gift-card-errors.js'
import { giftCards } from './schema.js'

export const PIN_ATTEMPTS = 5
export const PIN_LOCK_MINUTES = 15
/** No 0/O, 1/I: read aloud at a till or typed from a printed card, a code must not be misread. 32 symbols, 80 bits. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const CODE_LENGTH = 16
const PIN_DIGITS = 6

export type GiftCardRow = typeof giftCards.$inferSelect

/** A fresh random code; 32 symbols, so masking a byte to 5 bits keeps every symbol equally likely. */
export function newGiftCardCode(): string {
  return [...randomBytes(CODE_LENGTH)].map((b) => CODE_ALPHABET[b & 31]).join('')
}

/** A fresh PIN and its hash. */
export async function newGiftCardPin(): Promise<{ pin: string; pinHash: string }> {
  const pin = String(randomInt(0, 10 ** PIN_DIGITS)).padStart(PIN_DIGITS, '0')
  return { pin, pinHash: await hashPassword(pin) }
}

/** Codes are stored upper-case without separators; people type them with spaces, dashes and in lower case. */
export function normalizeGiftCardCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

const failedPins = new WeakMap<object, string>()

/**
 * The card behind `code` once `pin` matches, with `expired` from the database clock. Throws gift-card-invalid (unknown
 * code or wrong PIN, the latter tagged for counting) or gift-card-locked; a right PIN clears the failure count.
 */
export async function unlockGiftCard(tx: Tx, input: { code: string; pin: string; field: string }): Promise<GiftCardRow & { expired: boolean }> {
  const [found] = await tx
    .select({
      card: giftCards,
      locked: sql<boolean>`coalesce(${giftCards.lockedUntil} > now(), false)`,
      expired: sql<boolean>`coalesce(${giftCards.expiresAt} <= now(), false)`,
    })
    .from(giftCards)
    .where(eq(giftCards.code, normalizeGiftCardCode(input.code)))
    .limit(1)
  if (!found) {
    await verifyPassword(input.pin, DUMMY_PASSWORD_HASH)
    throw giftCardInvalid(input.field)
  }
  // A locked card is refused before its PIN is even checked: guessing must not go on while it is locked.
  if (found.locked) throw giftCardLocked(input.field)
  if (!(await verifyPassword(input.pin, found.card.pinHash))) {
    const error = giftCardInvalid(input.field)
    failedPins.set(error, found.card.id)
    throw error
  }
  if (found.card.pinFailures > 0)
    await tx
      .update(giftCards)
      .set({ pinFailures: 0, updatedAt: sql`now()` })
      .where(sql`${giftCards.id} = ${found.card.id} and ${giftCards.pinFailures} > 0`)
  return { ...found.card, expired: found.expired }
}

/** True when the error is a wrong PIN still to be counted (cheap: no query). */
export function isUncountedPinFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && failedPins.has(error)
}

/**
 * Counts the wrong PIN an error carries, if any (true when it did). One guarded UPDATE: the PIN_ATTEMPTS-th failure in
 * a row locks the card and restarts the count; a card already locked is left alone, so its lock is not extended.
 */
export async function countPinFailure(tx: Tx, error: unknown): Promise<boolean> {
  const id = typeof error === 'object' && error !== null ? failedPins.get(error) : undefined
  if (!id) return false
  failedPins.delete(error as object)
  const reached = sql`${giftCards.pinFailures} + 1 >= ${PIN_ATTEMPTS}`
  await tx
    .update(giftCards)
    .set({
      pinFailures: sql`case when ${reached} then 0 else ${giftCards.pinFailures} + 1 end`,
      lockedUntil: sql`case when ${reached} then now() + make_interval(mins => ${PIN_LOCK_MINUTES}) else ${giftCards.lockedUntil} end`,
      updatedAt: sql`now()`,
    })
    .where(sql`${giftCards.id} = ${id} and (${giftCards.lockedUntil} is null or ${giftCards.lockedUntil} <= now())`)
  return true
}
