/**
 * A customer profile as the API shows it, and the reads of one profile: by id for other modules, for the actor
 * allowed to see it, and summarised for the staff 360 (customer-overview). Reads `customers` and
 * `customer_identifiers`; writes nothing (the writes are in service.ts).
 */
import { eq, inArray } from 'drizzle-orm'
import { Type, type Static } from 'typebox'
import { can, type Actor } from '../../platform/auth.js'
import { Version } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { named } from '../../platform/openapi-document.js'
import { customerNotFound } from './errors.js'
import type { CustomerRow } from './identifiers.js'
import { customerIdentifiers, customers } from './schema.js'

/** The profile as the API shows it; auth answers with it too, so it lives here rather than in routes.ts. */
export const CustomerProfile = named('Customer', Type.Object(
  {
    id: Type.String({ examples: ['cus_01jd3x5k2v0000000000000000'] }),
    email: Type.Union([Type.String({ format: 'email' }), Type.Null()]),
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    postalCode: Type.Union([Type.String(), Type.Null()]),
    locale: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    hasAccount: Type.Boolean(),
    version: Version,
    createdAt: Type.String({ format: 'date-time' }),
    /** Set on a profile merged into another (shown to staff reading it by id); null otherwise. */
    mergedIntoId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'The profile this one was merged into; null unless merged.' })),
  },
  { additionalProperties: false },
))
export type CustomerProfile = Static<typeof CustomerProfile>

/** The profile every OpenAPI example shows (lookup, sign-in, the 360, the GDPR export), written once. */
export const CUSTOMER_PROFILE_EXAMPLE = {
  id: 'cus_01jd3x5k2v0000000000000000',
  email: 'camille.martin@example.com',
  firstName: 'Camille',
  lastName: 'Martin',
  phone: '+33612345678',
  postalCode: '34000',
  locale: 'fr',
  hasAccount: true,
  version: 3,
  createdAt: '2026-11-23T10:00:00.000Z',
} as const satisfies CustomerProfile

/** The API view of a profile row. */
export function toCustomerProfile(row: CustomerRow): CustomerProfile {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    phone: row.phone,
    postalCode: row.postalCode,
    locale: row.locale === 'en' ? 'en' : 'fr',
    hasAccount: row.passwordHash !== null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    mergedIntoId: row.mergedIntoId,
  }
}

/** One customer by id, or undefined; for other modules (attribution reads the postal code). */
export async function findCustomer(tx: Tx, id: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).limit(1)
  return row
}

/** The first and last names of these profiles, by id (an unknown id is left out); one query, for other modules' lists. */
export async function customerNames(tx: Tx, ids: readonly string[]): Promise<Map<string, { firstName: string | null; lastName: string | null }>> {
  if (ids.length === 0) return new Map()
  const rows = await tx.select({ id: customers.id, firstName: customers.firstName, lastName: customers.lastName }).from(customers).where(inArray(customers.id, [...new Set(ids)]))
  return new Map(rows.map((row) => [row.id, { firstName: row.firstName, lastName: row.lastName }]))
}

/** A profile the actor may read: their own, or any for staff with customers:read; otherwise 404. */
export async function getCustomer(tx: Tx, input: { actor: Actor | null; customerId: string }): Promise<CustomerProfile> {
  const { actor, customerId } = input
  const allowed = (actor?.kind === 'customer' && actor.id === customerId) || can(actor, 'customers:read')
  if (!allowed) throw customerNotFound(customerId)
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).limit(1)
  if (!row) throw customerNotFound(customerId)
  return toCustomerProfile(row)
}

/**
 * The profile for the staff 360: the API view with merge and erasure marks, how many identifiers of each kind (never
 * their values), and her loyalty card; two queries. 404 for an unknown id.
 */
export async function profileSummaryOf(tx: Tx, customerId: string) {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).limit(1)
  if (!row) throw customerNotFound(customerId)
  const identifiers = await tx
    .select({ kind: customerIdentifiers.kind, value: customerIdentifiers.value, createdAt: customerIdentifiers.createdAt })
    .from(customerIdentifiers)
    .where(eq(customerIdentifiers.customerId, customerId))
  const counts = new Map<string, number>()
  for (const i of identifiers) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1)
  const card = identifiers.find((i) => i.kind === 'loyalty_card')
  return {
    customer: {
      ...toCustomerProfile(row),
      mergedIntoId: row.mergedIntoId,
      erasedAt: row.erasedAt?.toISOString() ?? null,
      identifiers: [...counts].map(([kind, count]) => ({ kind, count })),
    },
    loyalty: card ? { cardNumber: card.value, issuedAt: card.createdAt.toISOString() } : null,
  }
}
