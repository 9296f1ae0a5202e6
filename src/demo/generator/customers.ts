// Customers, streamed so a bench can produce a million without holding them in memory.
// Customer n depends only on (seed, n): startIndex therefore yields exactly the customers a full run
// would have produced at those indexes, and a run can be split across workers.

import type { DemoCustomer } from './types.js'
import { assertInteger, chance, intBetween, pick, rngFor, type Rng } from './random.js'
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

/** French mobile numbers are 06 or 07 followed by eight digits; E.164 drops the leading 0. */
function pickMobile(rng: Rng): string {
  const prefix = chance(rng, 0.75) ? '6' : '7'
  return `+33${prefix}${String(intBetween(rng, 0, 99_999_999)).padStart(8, '0')}`
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
    phone: pickMobile(rng),
    postalCode: place.postalCode,
    city: place.city,
    locale: chance(rng, 0.04) ? 'en' : 'fr',
    // Most customers are known from store receipts or loyalty cards and have no online account.
    password: chance(rng, 0.02) ? DEMO_CUSTOMER_PASSWORD : null,
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
