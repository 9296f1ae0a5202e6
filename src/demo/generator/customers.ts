// Customers, streamed so a bench can produce a million without holding them in memory.
// Customer n depends only on (seed, n): startIndex therefore yields exactly the customers a full run
// would have produced at those indexes, and a run can be split across workers.
// Phones and loyalty cards are unique by construction (a permutation of the index, not a random draw), so that at a
// million customers every one keeps its phone identifier and card: a lookup benchmark finds each of them.

import { createHash } from 'node:crypto'
import type { DemoCustomer } from './types.js'
import { assertInteger, chance, pick, rngFor, seedFor, type Rng } from './random.js'
import { CATCHMENTS, ELSEWHERE_IN_FRANCE, type Place } from './places.js'
import { COMMON_FIRST_NAMES, LAST_NAMES, RARE_FIRST_NAMES } from './names.js'
import { CUSTOMER_EMAIL_DOMAINS } from './brand.js'
import { emailPart } from './text.js'

export const DEMO_CUSTOMER_PASSWORD = 'demo-customer'

/** The customer the README walks through; always index 0, whatever the seed. */
const CAMILLE: DemoCustomer = {
  email: 'camille.martin@example.com',
  firstName: 'Camille',
  lastName: 'Martin',
  phone: '+33612345678',
  postalCode: '34000',
  city: 'Montpellier',
  locale: 'fr',
  password: DEMO_CUSTOMER_PASSWORD,
  loyaltyCard: null,
}

/** Most customers live near a store; a quarter shop by web, app or catalogue from elsewhere in France. */
function pickPlace(rng: Rng): Place {
  const roll = rng()
  if (roll < 0.3) return pick(rng, CATCHMENTS.montpellier)
  if (roll < 0.5) return pick(rng, CATCHMENTS.lyon)
  if (roll < 0.75) return pick(rng, CATCHMENTS.paris)
  return pick(rng, ELSEWHERE_IN_FRANCE)
}

function pickFirstName(rng: Rng): string {
  // A fashion retailer's customer base leans female.
  const sex = chance(rng, 0.62) ? 'female' : 'male'
  return chance(rng, 0.92) ? pick(rng, COMMON_FIRST_NAMES[sex]) : pick(rng, RARE_FIRST_NAMES[sex])
}

/**
 * Maps indexes below `size` one-to-one onto [0, size): an affine permutation, since MIX shares no factor with the
 * sizes used here (2, 5, 7). index × MIX stays below 2^53 up to 2 × 10^8 customers.
 */
const MIX = 39_916_801
function slotOf(index: number, size: number, offset: number): number {
  return (index * MIX + offset) % size
}

// Numbers that libphonenumber's full metadata calls French mobiles: 06 then 0–2 or 4–8 (063x and 069x are only
// partly allocated, so left out), or 07 then 3–9; ten million numbers per second digit.
const MOBILE_06 = ['0', '1', '2', '4', '5', '6', '7', '8'] as const
const MOBILE_07 = ['3', '4', '5', '6', '7', '8', '9'] as const
const CAMILLE_SLOT_06 = 1 * 10_000_000 + 2_345_678 // +33612345678

/**
 * A French mobile in E.164 (the leading 0 of 06/07 dropped), unique up to 70 million customers: three in four are 06,
 * and within each prefix the index is permuted onto its own number. Camille's number goes to whoever would take it,
 * swapped for the slot index 0 would have had (index 0 is Camille, who never draws one).
 */
function mobileFor(seed: number, index: number, rng: Rng): string {
  const prefix = chance(rng, 0.75) ? '6' : '7'
  const digits = prefix === '6' ? MOBILE_06 : MOBILE_07
  const size = digits.length * 10_000_000
  const offset = seedFor(seed, `mobile-0${prefix}`) % size
  let slot = slotOf(index, size, offset)
  if (prefix === '6' && slot === CAMILLE_SLOT_06) slot = slotOf(0, size, offset)
  return `+33${prefix}${digits[Math.floor(slot / 10_000_000)]}${String(slot % 10_000_000).padStart(7, '0')}`
}

/** EAN-13 check digit of the first 12 digits, as customers/identifiers.ts computes it for the cards it issues. */
function ean13CheckDigit(first12: string): number {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3)
  return (10 - (sum % 10)) % 10
}

/**
 * A loyalty card in the format issueLoyaltyCard gives: EAN-13 `29` + 10 digits + check digit, the 10 digits a
 * permutation of the index (unique), and a QR token `lqr_` + 32 base64url characters hashed from (seed, index) —
 * stable across runs, which random bytes would not be. Demo data only: with the seed, a token can be recomputed.
 */
function loyaltyCardFor(seed: number, index: number): NonNullable<DemoCustomer['loyaltyCard']> {
  const body = `29${String(slotOf(index, 10_000_000_000, seedFor(seed, 'loyalty-card'))).padStart(10, '0')}`
  const qr = createHash('sha256').update(`demo-loyalty-qr:${seed}:${index}`).digest().subarray(0, 24).toString('base64url')
  return { cardNumber: `${body}${ean13CheckDigit(body)}`, qrToken: `lqr_${qr}` }
}

// Names come from short lists, so folding each one once (NFD normalisation is the slowest step per customer)
// roughly halves the time to stream a million customers.
const emailParts = new Map<string, string>()
function cachedEmailPart(name: string): string {
  let part = emailParts.get(name)
  if (part === undefined) {
    part = emailPart(name)
    emailParts.set(name, part)
  }
  return part
}

/** The customer at `index`; e-mails are unique because every one but index 0 ends with its index. */
export function customerAt(seed: number, index: number): DemoCustomer {
  if (index === 0) return { ...CAMILLE }
  const rng = rngFor(seed, 'customer', index)
  const firstName = pickFirstName(rng)
  const lastName = pick(rng, LAST_NAMES)
  const place = pickPlace(rng)
  const domain = pick(rng, CUSTOMER_EMAIL_DOMAINS)
  return {
    email: `${cachedEmailPart(firstName)}.${cachedEmailPart(lastName)}${index}@${domain}`,
    firstName,
    lastName,
    phone: mobileFor(seed, index, rng),
    postalCode: place.postalCode,
    city: place.city,
    locale: chance(rng, 0.04) ? 'en' : 'fr',
    // Most customers are known from store receipts or loyalty cards and have no online account.
    password: chance(rng, 0.02) ? DEMO_CUSTOMER_PASSWORD : null,
    // A fashion chain's card is offered at every till: most regulars carry one.
    loyaltyCard: chance(rng, 0.6) ? loyaltyCardFor(seed, index) : null,
  }
}

function* customersBetween(seed: number, start: number, end: number): Generator<DemoCustomer> {
  for (let index = start; index < end; index++) yield customerAt(seed, index)
}

/** Yields the customers at indexes startIndex … startIndex + count - 1, identical to a full run's. */
export function generateCustomers(options: { seed: number; count: number; startIndex?: number }): Generator<DemoCustomer> {
  const { seed, count, startIndex = 0 } = options
  // Checked here rather than in a generator body, which would only run (and throw) on the first next().
  assertInteger('seed', seed)
  assertInteger('count', count, 0)
  assertInteger('startIndex', startIndex, 0)
  return customersBetween(seed, startIndex, startIndex + count)
}
