/**
 * The customers module's own part of a profile merge: identifiers, consents (state and history) and the profile
 * fields. Each move answers exactly what it changed, in a form merge.ts stores in customer_merges.moved; each restore
 * undoes only what is still as the merge left it, so a later decision of the survivor is never overwritten.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import { isUniqueViolation, rowsOf, type Tx } from '../../platform/db.js'
import { identifierTaken } from './errors.js'
import { addIdentifier, normaliseEmail, type CustomerRow } from './identifiers.js'
import { customerConsentEvents, customerIdentifiers, customers, type ConsentPurpose, type IdentifierKind } from './schema.js'

export interface IdentifierRef {
  kind: IdentifierKind
  value: string
}

/** Gives every identifier of `fromCustomerId` to `toCustomerId`; the primary key (kind, value) cannot clash. */
export async function moveIdentifiers(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<IdentifierRef[]> {
  return tx
    .update(customerIdentifiers)
    .set({ customerId: input.toCustomerId })
    .where(eq(customerIdentifiers.customerId, input.fromCustomerId))
    .returning({ kind: customerIdentifiers.kind, value: customerIdentifiers.value })
}

/** Gives the listed identifiers back, those still on `fromCustomerId`. */
export async function restoreIdentifiers(tx: Tx, input: { identifiers: readonly IdentifierRef[]; fromCustomerId: string; toCustomerId: string }): Promise<void> {
  if (input.identifiers.length === 0) return
  const pairs = sql.join(
    input.identifiers.map((i) => sql`(${i.kind}, ${i.value})`),
    sql`, `,
  )
  await tx
    .update(customerIdentifiers)
    .set({ customerId: input.toCustomerId })
    .where(and(eq(customerIdentifiers.customerId, input.fromCustomerId), sql`(${customerIdentifiers.kind}, ${customerIdentifiers.value}) in (${pairs})`))
}

/** One consent state, its time as PostgreSQL wrote it (microseconds kept) so that a restore is exact. */
export interface ConsentRow {
  purpose: ConsentPurpose
  granted: boolean
  lastEventId: string
  updatedAt: string
}

export interface MovedConsents {
  /** History rows that moved. */
  events: string[]
  /** The merged profile's states, removed from it. */
  mergedBefore: ConsentRow[]
  /** Purposes whose survivor state the merged profile's newer decision replaced, with what it was before. */
  taken: { purpose: ConsentPurpose; lastEventId: string; survivorBefore: ConsentRow | null }[]
}

async function consentRows(tx: Tx, customerId: string): Promise<ConsentRow[]> {
  const rows = rowsOf<{ purpose: ConsentPurpose; granted: boolean; last_event_id: string; updated_at: string }>(
    await tx.execute(sql`select purpose, granted, last_event_id, updated_at::text as updated_at from customer_consents where customer_id = ${customerId} order by purpose`),
  )
  return rows.map((row) => ({ purpose: row.purpose, granted: row.granted, lastEventId: row.last_event_id, updatedAt: row.updated_at }))
}

/**
 * Moves the consent history to the survivor; per purpose, the survivor's state becomes the most recent decision of
 * either profile (compared on (updated_at, last_event_id), as consents.ts orders decisions).
 */
export async function moveConsents(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedConsents> {
  const mergedBefore = await consentRows(tx, input.fromCustomerId)
  const survivorBefore = new Map((await consentRows(tx, input.toCustomerId)).map((row) => [row.purpose, row]))
  const taken = rowsOf<{ purpose: ConsentPurpose; last_event_id: string }>(
    await tx.execute(sql`
      insert into customer_consents (customer_id, purpose, granted, last_event_id, updated_at)
      select ${input.toCustomerId}, purpose, granted, last_event_id, updated_at from customer_consents where customer_id = ${input.fromCustomerId}
      on conflict (customer_id, purpose) do update
        set granted = excluded.granted, last_event_id = excluded.last_event_id, updated_at = excluded.updated_at
        where (customer_consents.updated_at, customer_consents.last_event_id) < (excluded.updated_at, excluded.last_event_id)
      returning purpose, last_event_id`),
  )
  await tx.execute(sql`delete from customer_consents where customer_id = ${input.fromCustomerId}`)
  const events = await tx
    .update(customerConsentEvents)
    .set({ customerId: input.toCustomerId })
    .where(eq(customerConsentEvents.customerId, input.fromCustomerId))
    .returning({ id: customerConsentEvents.id })
  return {
    events: events.map((row) => row.id),
    mergedBefore,
    taken: taken.map((row) => ({ purpose: row.purpose, lastEventId: row.last_event_id, survivorBefore: survivorBefore.get(row.purpose) ?? null })),
  }
}

/** Reverts moveConsents: history back, the merged profile's states back, the survivor's as they were unless decided since. */
export async function restoreConsents(tx: Tx, input: { moved: MovedConsents; fromCustomerId: string; toCustomerId: string }): Promise<void> {
  const { moved, fromCustomerId, toCustomerId } = input
  if (moved.events.length > 0) {
    await tx.execute(sql`update customer_consent_events set customer_id = ${toCustomerId}
      where customer_id = ${fromCustomerId} and id in (${sql.join(moved.events.map((id) => sql`${id}`), sql`, `)})`)
  }
  for (const { purpose, lastEventId, survivorBefore: before } of moved.taken) {
    // Guarded on the decision the merge put there: a decision the survivor took since stays.
    const still = sql`customer_id = ${fromCustomerId} and purpose = ${purpose} and last_event_id = ${lastEventId}`
    if (before) {
      await tx.execute(sql`update customer_consents set granted = ${before.granted}, last_event_id = ${before.lastEventId}, updated_at = ${before.updatedAt}::timestamptz where ${still}`)
    } else {
      await tx.execute(sql`delete from customer_consents where ${still}`)
    }
  }
  for (const row of moved.mergedBefore) {
    await tx.execute(sql`
      insert into customer_consents (customer_id, purpose, granted, last_event_id, updated_at)
      values (${toCustomerId}, ${row.purpose}, ${row.granted}, ${row.lastEventId}, ${row.updatedAt}::timestamptz)
      on conflict (customer_id, purpose) do update set granted = excluded.granted, last_event_id = excluded.last_event_id, updated_at = excluded.updated_at`)
  }
}

const FILLABLE = ['email', 'phone', 'firstName', 'lastName', 'postalCode'] as const
type Fillable = (typeof FILLABLE)[number]

export interface MovedProfile {
  /** The merged profile's email and phone, cleared on it (its identifiers moved; the email is unique). */
  mergedBefore: { email: string | null; phone: string | null }
  /** The survivor's empty fields filled from the merged profile, with the value put there. */
  filled: Partial<Record<Fillable, string>>
  /** The survivor had no password and got the merged profile's hash (which stays on the merged row too). */
  passwordFilled: boolean
}

/**
 * Marks the merged profile (merged_into_id; email and phone cleared first, since the email is unique) and fills the
 * survivor's empty fields from it. Both rows are locked by the caller, so what is read here is what is replaced.
 */
export async function moveProfileFields(tx: Tx, input: { survivor: CustomerRow; merged: CustomerRow }): Promise<MovedProfile> {
  const { survivor, merged } = input
  const filled: MovedProfile['filled'] = {}
  for (const field of FILLABLE) {
    const value = merged[field]
    if (survivor[field] === null && value !== null) filled[field] = value
  }
  const passwordFilled = survivor.passwordHash === null && merged.passwordHash !== null
  await tx.update(customers).set({ email: null, phone: null, mergedIntoId: survivor.id, updatedAt: sql`now()` }).where(eq(customers.id, merged.id))
  if (Object.keys(filled).length > 0 || passwordFilled) {
    await tx
      .update(customers)
      .set({ ...filled, ...(passwordFilled && { passwordHash: merged.passwordHash }), updatedAt: sql`now()` })
      .where(eq(customers.id, survivor.id))
  }
  return { mergedBefore: { email: merged.email, phone: merged.phone }, filled, passwordFilled }
}

/**
 * Reverts moveProfileFields: the survivor's filled fields are emptied where they still hold the merged value, then
 * the merged profile gets its email and phone (and their identifiers) back and stops being merged.
 */
export async function restoreProfileFields(tx: Tx, input: { moved: MovedProfile; survivorId: string; mergedId: string }): Promise<void> {
  const { moved, survivorId, mergedId } = input
  const cleared: Partial<Record<Fillable | 'passwordHash', SQL>> = {}
  for (const field of FILLABLE) {
    const value = moved.filled[field]
    if (value !== undefined) cleared[field] = sql`case when ${customers[field]} = ${value} then null else ${customers[field]} end`
  }
  if (moved.passwordFilled) {
    cleared.passwordHash = sql`case when ${customers.passwordHash} = (select m.password_hash from customers m where m.id = ${mergedId}) then null else ${customers.passwordHash} end`
  }
  if (Object.keys(cleared).length > 0) await tx.update(customers).set({ ...cleared, updatedAt: sql`now()` }).where(eq(customers.id, survivorId))
  try {
    await tx.update(customers).set({ ...moved.mergedBefore, mergedIntoId: null, updatedAt: sql`now()` }).where(eq(customers.id, mergedId))
  } catch (error) {
    // Someone else's profile holds the email by now (only possible for a legacy profile without its identifier).
    if (isUniqueViolation(error)) throw identifierTaken('email', '/params/mergeId')
    throw error
  }
  // The profile's email and phone are always among its identifiers: one the survivor gave up since comes back here.
  const { email, phone } = moved.mergedBefore
  if (email) await addIdentifier(tx, { customerId: mergedId, kind: 'email', value: normaliseEmail(email), field: '/params/mergeId' })
  if (phone) await addIdentifier(tx, { customerId: mergedId, kind: 'phone', value: phone, field: '/params/mergeId' })
}
