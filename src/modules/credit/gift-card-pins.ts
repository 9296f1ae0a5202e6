/**
 * Gift card secrets: the code (printed, looked up, unique) and the PIN (shown once at issue, stored as an argon2id hash
 * like a password; older scrypt ones still verify). Guessing is bounded per card: after PIN_ATTEMPTS wrong PINs in a
 * row the card locks for PIN_LOCK_MINUTES, a right PIN resets the count. An unknown code and a wrong PIN answer the
 * same problem and take the same time (a dummy hash is checked), so codes cannot be enumerated.
 *
 * A PIN is checked inside a transaction of its own that holds its card's row (`admitGiftCardPins`, called by every
 * route that takes a PIN, before the request's transaction): a wrong PIN is counted in that transaction, which commits
 * before anything is answered, so a rollback cannot undo the count and no answer discloses an uncounted wrong PIN.
 * Holding the row serialises the checks of one card: however many requests are in flight, at most PIN_ATTEMPTS wrong
 * PINs are checked until a right PIN resets the count, and a right PIN is never counted as a failure (concurrent spends
 * by the holder never lock the card). Once the count is reached the card locks; a locked card checks no PIN; after the
 * lock each further wrong attempt locks it again. A request failing later for another reason (declined card, short
 * balance, a retried Idempotency-Key) does not count against the holder.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { eq, inArray, sql } from 'drizzle-orm'
import type { Database, Tx } from '../../platform/db.js'
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

/** A code and PIN as a request carries them, with the field they sit at (for the problem). */
export interface PinAttempt {
  code: string
  pin: string
  field: string
}

/**
 * The PINs admission proved right for one request, by normalized code: its spends skip hashing them again (argon2
 * inside the request's transaction would hold its stock and card rows that long). A spend without one still checks.
 */
export type ProvenGiftCardPins = ReadonlyMap<string, string>

const lockedNow = sql<boolean>`coalesce(${giftCards.lockedUntil} > now(), false)`

/**
 * Checks the PINs a request carries, before its transaction, in one transaction of their own holding the cards' rows:
 * throws gift-card-locked (a locked card, no PIN checked) or gift-card-invalid (unknown code or wrong PIN, counted and
 * committed) for the first attempt at fault, in body order; a right PIN resets its card's count. One card given twice
 * with two PINs is one attempt, and invalid: a request tests one PIN per card. Answers the PINs it proved right.
 */
export async function admitGiftCardPins(database: Database, attempts: PinAttempt[]): Promise<ProvenGiftCardPins> {
  const pins = new Map<string, string>()
  const conflicting = new Set<PinAttempt>()
  for (const attempt of attempts) {
    const code = normalizeGiftCardCode(attempt.code)
    const pin = pins.get(code)
    if (pin === undefined) pins.set(code, attempt.pin)
    else if (pin !== attempt.pin) conflicting.add(attempt)
  }
  if (pins.size === 0) return new Map()
  const fault = await database.transaction(async (tx) => {
    // gift_cards_code_unique; rows locked in id order so two requests naming the same cards cannot deadlock. The lock
    // is held while the PINs are hashed: the next check of a card sees this one's count.
    const cards = await tx
      .select({ id: giftCards.id, code: giftCards.code, pinHash: giftCards.pinHash, locked: lockedNow })
      .from(giftCards)
      .where(inArray(giftCards.code, [...pins.keys()]))
      .orderBy(giftCards.id)
      .for('update')
    const byCode = new Map(cards.map((card) => [card.code, card]))
    const right: string[] = []
    const wrong: string[] = []
    let found: Error | undefined
    for (const attempt of attempts) {
      const card = byCode.get(normalizeGiftCardCode(attempt.code))
      if (conflicting.has(attempt)) found = giftCardInvalid(attempt.field)
      else if (card && (right.includes(card.id) || wrong.includes(card.id))) continue
      else if (card?.locked) found = giftCardLocked(attempt.field)
      else if (!(await verifyPassword(attempt.pin, card?.pinHash ?? DUMMY_PASSWORD_HASH)) || !card) {
        if (card) wrong.push(card.id)
        found = giftCardInvalid(attempt.field)
      } else right.push(card.id)
      if (found) break
    }
    if (wrong.length > 0) await countPinFailures(tx, wrong)
    if (right.length > 0) await resetPinFailures(tx, right)
    return found
  })
  if (fault) throw fault
  // No fault: every code was found and its (one) PIN verified right.
  return pins
}

/** Counts one wrong PIN on each card; the PIN_ATTEMPTS-th in a row (and every one after) locks the card. */
async function countPinFailures(tx: Tx, ids: string[]): Promise<void> {
  const reached = sql`${giftCards.pinFailures} + 1 >= ${PIN_ATTEMPTS}`
  await tx
    .update(giftCards)
    .set({
      pinFailures: sql`${giftCards.pinFailures} + 1`,
      lockedUntil: sql`case when ${reached} then now() + make_interval(mins => ${PIN_LOCK_MINUTES}) else ${giftCards.lockedUntil} end`,
      updatedAt: sql`now()`,
    })
    .where(inArray(giftCards.id, ids))
}

/**
 * Admits the PINs of the gift card tenders in a request body (`at` is where the tenders sit, e.g. /body/payments), before
 * the request's transaction: every route whose body can carry a `gift_card` tender calls it first. Answers the proof
 * its spends are given (ProvenGiftCardPins).
 */
export async function admitGiftCardTenders(database: Database, tenders: readonly { method: string; code?: unknown; pin?: unknown }[] | undefined, at: string): Promise<ProvenGiftCardPins> {
  const attempts = (tenders ?? []).flatMap((t, index) =>
    t.method === 'gift_card' && typeof t.code === 'string' && typeof t.pin === 'string' ? [{ code: t.code, pin: t.pin, field: `${at}/${index}` }] : [],
  )
  return admitGiftCardPins(database, attempts)
}

/** Clears the failure count and any lock of cards whose PIN was just proven right (a guarded no-op when clear). */
async function resetPinFailures(tx: Tx, ids: string[]): Promise<void> {
  await tx
    .update(giftCards)
    .set({ pinFailures: 0, lockedUntil: null, updatedAt: sql`now()` })
    .where(sql`${inArray(giftCards.id, ids)} and (${giftCards.pinFailures} > 0 or ${giftCards.lockedUntil} is not null)`)
}

/**
 * The card behind `code` once `pin` matches, with `expired` from the database clock; the route has admitted the
 * attempt (admitGiftCardPins) before this transaction. Throws gift-card-invalid (unknown code or wrong PIN) or
 * gift-card-locked (locked meanwhile by others' wrong PINs). A PIN this request's admission proved (`proven`) is not
 * hashed again; any other is.
 */
export async function unlockGiftCard(tx: Tx, input: PinAttempt, proven?: ProvenGiftCardPins): Promise<GiftCardRow & { expired: boolean }> {
  const [found] = await tx
    .select({ card: giftCards, locked: lockedNow, expired: sql<boolean>`coalesce(${giftCards.expiresAt} <= now(), false)` })
    .from(giftCards)
    .where(eq(giftCards.code, normalizeGiftCardCode(input.code)))
    .limit(1)
  if (!found) {
    await verifyPassword(input.pin, DUMMY_PASSWORD_HASH)
    throw giftCardInvalid(input.field)
  }
  if (found.locked) throw giftCardLocked(input.field)
  const provenHere = proven?.get(found.card.code) === input.pin
  if (!provenHere && !(await verifyPassword(input.pin, found.card.pinHash))) throw giftCardInvalid(input.field)
  await resetPinFailures(tx, [found.card.id])
  return { ...found.card, expired: found.expired }
}
