/**
 * Customers: one profile per person. Owns `customers`.
 * Invariants: an email belongs to one profile (unique, case-insensitive); a customer reads only their own profile,
 * staff with `customers:read` read any.
 * Events: customers.customer_created.
 */
import { eq } from 'drizzle-orm'
import { Type, type Static } from 'typebox'
import { can, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { customerNotFound } from './errors.js'
import { customers } from './schema.js'

export type CustomerRow = typeof customers.$inferSelect

/** The profile as the API shows it; auth answers with it too, so it lives here rather than in routes.ts. */
export const CustomerProfile = Type.Object(
  {
    id: Type.String({ examples: ['cus_01jd3x5k2v0000000000000000'] }),
    email: Type.Union([Type.String({ format: 'email' }), Type.Null()]),
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    postalCode: Type.Union([Type.String(), Type.Null()]),
    locale: Type.Union([Type.Literal('fr'), Type.Literal('en')]),
    hasAccount: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type CustomerProfile = Static<typeof CustomerProfile>

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
    createdAt: row.createdAt.toISOString(),
  }
}

export interface NewCustomer {
  email: string | null
  passwordHash: string | null
  firstName?: string | null
  lastName?: string | null
  phone?: string | null
  postalCode?: string | null
  locale?: 'fr' | 'en'
}

/** Creates a profile; returns null (and writes nothing) when the email is already taken. */
export async function createCustomer(tx: Tx, input: NewCustomer): Promise<CustomerRow | null> {
  const [row] = await tx
    .insert(customers)
    .values({ id: newId('cus'), ...input, locale: input.locale ?? 'fr' })
    .onConflictDoNothing({ target: customers.email })
    .returning()
  if (!row) return null
  await emit(tx, 'customers.customer_created', { customerId: row.id, locale: row.locale }, { customerId: row.id })
  return row
}

/** The profile with this email (case-insensitive), or undefined. */
export async function findCustomerByEmail(tx: Tx, email: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.email, email)).limit(1)
  return row
}

/** One customer by id, or undefined; for other modules (attribution reads the postal code). */
export async function findCustomer(tx: Tx, id: string): Promise<CustomerRow | undefined> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, id)).limit(1)
  return row
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

const BATCH = 2000

/**
 * Bulk-inserts profiles (demo data, imports) in multi-row INSERTs; emails already present are skipped.
 * Emits one summary event rather than one per row. Returns how many were inserted.
 */
export async function insertCustomers(tx: Tx, rows: NewCustomer[]): Promise<number> {
  let inserted = 0
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((row) => ({ id: newId('cus'), ...row, locale: row.locale ?? 'fr' }))
    const done = await tx.insert(customers).values(batch).onConflictDoNothing({ target: customers.email }).returning({ id: customers.id })
    inserted += done.length
  }
  if (inserted > 0) await emit(tx, 'customers.customers_imported', { count: inserted })
  return inserted
}
