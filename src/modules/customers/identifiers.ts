/**
 * Customer identifiers: the exact handles (email, phone, loyalty card and its QR token, marketplace buyer id, device)
 * a person is found by. Every value is normalised here, the same way on write and on lookup.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { makeEan13 } from '../catalog/service.js'
import { normalisePhone } from '../../platform/phone.js'
import { customerNotFoundBy, identifierTaken } from './errors.js'
import { CUSTOMER_EVENTS } from './events.js'
import { assertLiveCustomer } from './profile-guards.js'
import { customerIdentifiers, customers, type IdentifierKind } from './schema.js'

export type CustomerRow = typeof customers.$inferSelect

/** Emails compare lower-cased and trimmed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

// Phones follow the API's one policy (platform/phone.ts): read in DEFAULT_PHONE_COUNTRY, stored as E.164.
export { normalisePhone, phoneOrNull } from '../../platform/phone.js'

/** Marketplace buyer ids are `<marketplace>:<id>`; the marketplace part is lower-cased. */
export function normaliseMarketplaceBuyer(value: string): string {
  const at = value.indexOf(':')
  return `${value.slice(0, at).trim().toLowerCase()}:${value.slice(at + 1).trim()}`
}

/** Card numbers may be typed with spaces or dashes. */
export function normaliseLoyaltyCard(value: string): string {
  return value.replace(/[\s-]/g, '')
}

/**
 * Attaches an identifier to a customer; a value held by another customer is a 409 naming `field`, one already held
 * by this customer is a no-op. Race-safe: the primary key (kind, value) decides.
 */
export async function addIdentifier(tx: Tx, input: { customerId: string; kind: IdentifierKind; value: string; field: string }): Promise<void> {
  const [inserted] = await tx
    .insert(customerIdentifiers)
    .values({ customerId: input.customerId, kind: input.kind, value: input.value })
    .onConflictDoNothing()
    .returning({ customerId: customerIdentifiers.customerId })
  if (inserted) return
  const [holder] = await tx
    .select({ customerId: customerIdentifiers.customerId })
    .from(customerIdentifiers)
    .where(and(eq(customerIdentifiers.kind, input.kind), eq(customerIdentifiers.value, input.value)))
  if (holder?.customerId !== input.customerId) throw identifierTaken(input.kind, input.field)
}

/** The customer holding an identifier (any profile, merged away or not), or null when the value is free. */
export async function identifierHolder(tx: Tx, input: { kind: IdentifierKind; value: string }): Promise<string | null> {
  const [holder] = await tx
    .select({ customerId: customerIdentifiers.customerId })
    .from(customerIdentifiers)
    .where(and(eq(customerIdentifiers.kind, input.kind), eq(customerIdentifiers.value, input.value)))
  return holder?.customerId ?? null
}

/**
 * Gives a customer a phone (E.164) only if nobody holds it yet; true when it is hers now. Never throws for a clash, so
 * a caller that must not reveal who holds a phone (registration) answers the same either way. Race-safe: the primary
 * key (kind, value) decides, and the profile's phone column follows only a won identifier.
 */
export async function attachPhoneIfFree(tx: Tx, input: { customerId: string; phone: string }): Promise<boolean> {
  const [inserted] = await tx
    .insert(customerIdentifiers)
    .values({ customerId: input.customerId, kind: 'phone', value: input.phone })
    .onConflictDoNothing()
    .returning({ customerId: customerIdentifiers.customerId })
  if (!inserted) return false
  await tx.update(customers).set({ phone: input.phone }).where(eq(customers.id, input.customerId))
  return true
}

/** Detaches one identifier from a customer (never from anyone else). */
export async function removeIdentifier(tx: Tx, input: { customerId: string; kind: IdentifierKind; value: string }): Promise<void> {
  await tx
    .delete(customerIdentifiers)
    .where(and(eq(customerIdentifiers.customerId, input.customerId), eq(customerIdentifiers.kind, input.kind), eq(customerIdentifiers.value, input.value)))
}

/** Links an anonymous device to the customer unless another customer already has it; never throws for a clash. */
export async function linkDeviceIdentifier(tx: Tx, input: { customerId: string; deviceId: string }): Promise<void> {
  await tx.insert(customerIdentifiers).values({ customerId: input.customerId, kind: 'device', value: input.deviceId }).onConflictDoNothing()
}

export interface LookupInput {
  email?: string
  phone?: string
  loyaltyCard?: string
  qr?: string
  marketplaceBuyer?: string
}

const LOOKUP_KINDS: Record<keyof LookupInput, IdentifierKind> = {
  email: 'email',
  phone: 'phone',
  loyaltyCard: 'loyalty_card',
  qr: 'loyalty_qr',
  marketplaceBuyer: 'marketplace_buyer',
}

/** The identifier a lookup names, normalised as it was written; `key` is the query parameter it came from. */
export function identifierOf(key: keyof LookupInput, raw: string): { kind: IdentifierKind; value: string } {
  const kind = LOOKUP_KINDS[key]
  switch (key) {
    case 'email':
      return { kind, value: normaliseEmail(raw) }
    case 'phone':
      return { kind, value: normalisePhone(raw, `/query/${key}`) }
    case 'loyaltyCard':
      return { kind, value: normaliseLoyaltyCard(raw) }
    case 'marketplaceBuyer':
      return { kind, value: normaliseMarketplaceBuyer(raw) }
    case 'qr':
      return { kind, value: raw.trim() }
  }
}

/** The one customer holding this exact identifier, in one query; 404 naming the parameter when nobody has it. */
export async function lookupCustomer(tx: Tx, input: { key: keyof LookupInput; raw: string }): Promise<CustomerRow> {
  const { kind, value } = identifierOf(input.key, input.raw)
  // One index probe on customer_identifiers_pkey (kind, value), then the customers primary key.
  const [row] = await tx
    .select({ customer: customers })
    .from(customerIdentifiers)
    .innerJoin(customers, eq(customers.id, customerIdentifiers.customerId))
    .where(and(eq(customerIdentifiers.kind, kind), eq(customerIdentifiers.value, value)))
    .limit(1)
  if (!row) throw customerNotFoundBy(`/query/${input.key}`)
  return row.customer
}

export interface LoyaltyCard {
  customerId: string
  cardNumber: string
  qrToken: string
  issuedAt: string
}

/**
 * A card number: EAN-13 in the GS1 in-store prefix 29 (never a product barcode), 10 random digits, check digit.
 * A QR token: `lqr_` and 32 base64url characters (192 random bits), so it cannot be guessed from a card number.
 */
function newCardNumber(): string {
  return makeEan13(`29${String(randomInt(0, 1e10)).padStart(10, '0')}`)
}

function newQrToken(): string {
  return `lqr_${randomBytes(24).toString('base64url')}`
}

async function cardOf(tx: Tx, customerId: string): Promise<LoyaltyCard | null> {
  const rows = await tx
    .select()
    .from(customerIdentifiers)
    .where(and(eq(customerIdentifiers.customerId, customerId), sql`${customerIdentifiers.kind} in ('loyalty_card', 'loyalty_qr')`))
  const card = rows.find((r) => r.kind === 'loyalty_card')
  const qr = rows.find((r) => r.kind === 'loyalty_qr')
  if (!card || !qr) return null
  return { customerId, cardNumber: card.value, qrToken: qr.value, issuedAt: card.createdAt.toISOString() }
}

/**
 * Returns the customer's loyalty card, issuing a number and a QR token the first time. Two concurrent requests issue
 * one card: the customer row is locked while deciding. A profile merged away or erased gets none (409).
 */
export async function issueLoyaltyCard(tx: Tx, input: { customerId: string }): Promise<{ card: LoyaltyCard; issued: boolean }> {
  const [row] = await tx.select().from(customers).where(eq(customers.id, input.customerId)).for('update')
  if (row) assertLiveCustomer(row, '/params/id')
  const existing = await cardOf(tx, input.customerId)
  if (existing) return { card: existing, issued: false }
  for (let attempt = 0; ; attempt++) {
    try {
      // A savepoint, so that a (one in 10^10) number collision can be retried without aborting the request.
      await tx.transaction(async (inner) => {
        await inner.insert(customerIdentifiers).values([
          { customerId: input.customerId, kind: 'loyalty_card', value: newCardNumber() },
          { customerId: input.customerId, kind: 'loyalty_qr', value: newQrToken() },
        ])
      })
      break
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 4) throw error
    }
  }
  await emit(tx, CUSTOMER_EVENTS.loyaltyCardIssued, { customerId: input.customerId }, { customerId: input.customerId })
  const card = await cardOf(tx, input.customerId)
  if (!card) throw new Error('loyalty card vanished after insert')
  return { card, issued: true }
}
