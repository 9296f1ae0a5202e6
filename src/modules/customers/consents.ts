/**
 * Consents: a customer's decision per purpose (marketing by email, SMS, phone, push; personalisation) and the
 * append-only history of every decision — when, where (channel, store), how (method, wording) and by whom — kept as
 * the proof a regulator asks for. Owns `customer_consents` and `customer_consent_events`.
 *
 * Invariants:
 * - Every decision is one history row, never updated or deleted (except with the profile, by erasure).
 * - The state of (customer, purpose) follows the newest decision only: its upsert is guarded on (occurred_at, event
 *   id), so a transaction that started earlier but commits later never overwrites a newer decision.
 * - No state means never asked, which counts as not granted: every feature that contacts or profiles a customer asks
 *   hasConsent (one primary-key lookup).
 * - Who vouches for a decision: the customer themself through self-service methods; store staff in store, at one of
 *   their stores; the call centre by phone; admins and integrations with customers:write by any method.
 *
 * Events: customers.consent_changed (one per call, whatever the number of decisions).
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { Type, type Static } from 'typebox'
import { canActAt, type Actor, type ActorRef } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { DomainError, notFound } from '../../platform/problems.js'
import { getChannel } from '../channels/service.js'
import { findLocation } from '../locations/service.js'
import { consentLocationRequired, consentMethodNotAllowed, customerNotFound, duplicateConsentPurpose } from './errors.js'
import { CUSTOMER_EVENTS } from './events.js'
import { CONSENT_PURPOSES, customerConsentEvents, customerConsents, type ConsentMethod, type ConsentPurpose } from './schema.js'
import { assertCustomerOrStaff, lockLiveCustomer } from './profile-guards.js'

/** The methods a customer may record a decision by themself; the others need a member of staff to vouch for it. */
export const SELF_SERVICE_CONSENT_METHODS: readonly ConsentMethod[] = ['web_form', 'account_settings', 'checkout', 'kiosk', 'unsubscribe_link']

export interface ConsentDecision {
  purpose: ConsentPurpose
  granted: boolean
  method: ConsentMethod
  channelId?: string | null
  locationId?: string | null
  /** The wording shown to the customer, or its version label. */
  wording?: string | null
}

export interface ConsentState {
  purpose: ConsentPurpose
  /** null: never asked (not granted). */
  granted: boolean | null
  since: string | null
  method: ConsentMethod | null
  channelId: string | null
  locationId: string | null
  wording: string | null
}

/**
 * Why this actor may not vouch for a decision given by `method` (at `locationId`), or null when they may. Pure:
 * access to the customer (404/403) is checked before.
 */
export function consentMethodRefusal(actor: Actor, decision: { method: ConsentMethod; locationId?: string | null }): 'method' | 'location' | null {
  if (actor.kind === 'customer') return SELF_SERVICE_CONSENT_METHODS.includes(decision.method) ? null : 'method'
  if (actor.kind === 'integration') return null
  if (actor.kind !== 'staff') return 'method'
  if (actor.role === 'admin') return null
  if (actor.role === 'call_centre_agent') return decision.method === 'phone_call' ? null : 'method'
  if (decision.method !== 'in_store') return 'method'
  return decision.locationId && canActAt(actor, decision.locationId) ? null : 'location'
}

function methodRule(actor: Actor): string {
  if (actor.kind === 'customer') return `a customer records their own decisions by ${SELF_SERVICE_CONSENT_METHODS.join(', ')}.`
  if (actor.kind === 'staff' && actor.role === 'call_centre_agent') return 'the call centre records decisions given by phone (phone_call).'
  return 'store staff record decisions given in store (in_store), at one of their stores.'
}

function checkVouching(actor: Actor, decision: ConsentDecision, at: string): void {
  const refusal = consentMethodRefusal(actor, decision)
  if (refusal === null) return
  if (refusal === 'location') {
    if (!decision.locationId) throw consentLocationRequired(`${at}/locationId`)
    throw notFound('Location', decision.locationId, `${at}/locationId`)
  }
  throw consentMethodNotAllowed(`${at}/method`, `Not a method you may record: ${methodRule(actor)}`)
}

/** One decision per purpose, and every channel and store named exists (404 on the field otherwise). */
async function checkDecisions(tx: Tx, decisions: readonly ConsentDecision[], at: (index: number) => string): Promise<void> {
  const seen = new Set<ConsentPurpose>()
  const channels = new Set<string>()
  const locations = new Set<string>()
  for (const [index, decision] of decisions.entries()) {
    if (seen.has(decision.purpose)) throw duplicateConsentPurpose(`${at(index)}/purpose`)
    seen.add(decision.purpose)
    if (decision.channelId && !channels.has(decision.channelId)) {
      try {
        await getChannel(tx, decision.channelId)
      } catch (error) {
        if (error instanceof DomainError && error.status === 404) throw notFound('Channel', decision.channelId, `${at(index)}/channelId`)
        throw error
      }
      channels.add(decision.channelId)
    }
    if (decision.locationId && !locations.has(decision.locationId)) {
      if (!(await findLocation(tx, decision.locationId))) throw notFound('Location', decision.locationId, `${at(index)}/locationId`)
      locations.add(decision.locationId)
    }
  }
}

/** Appends the decisions to the history and moves each purpose's state to its newest decision. Two statements. */
async function writeDecisions(tx: Tx, input: { customerId: string; decisions: readonly ConsentDecision[]; by: ActorRef }): Promise<void> {
  const { customerId, decisions, by } = input
  if (decisions.length === 0) return
  const written = await tx
    .insert(customerConsentEvents)
    .values(
      decisions.map((d) => ({
        id: newId('cev'),
        customerId,
        purpose: d.purpose,
        granted: d.granted,
        method: d.method,
        channelId: d.channelId ?? null,
        locationId: d.locationId ?? null,
        wording: d.wording ?? null,
        actorKind: by.kind,
        actorId: by.id,
      })),
    )
    .returning({ id: customerConsentEvents.id })
  // The state is copied from the history rows in SQL (occurred_at keeps its microseconds), and replaces the current
  // one only when it is newer: a decision taken earlier but committed later loses to the newer one.
  await tx
    .insert(customerConsents)
    .select(
      tx
        .select({
          customerId: customerConsentEvents.customerId,
          purpose: customerConsentEvents.purpose,
          granted: customerConsentEvents.granted,
          lastEventId: customerConsentEvents.id,
          updatedAt: customerConsentEvents.occurredAt,
        })
        .from(customerConsentEvents)
        .where(
          inArray(
            customerConsentEvents.id,
            written.map((row) => row.id),
          ),
        ),
    )
    .onConflictDoUpdate({
      target: [customerConsents.customerId, customerConsents.purpose],
      set: { granted: sql`excluded.granted`, lastEventId: sql`excluded.last_event_id`, updatedAt: sql`excluded.updated_at` },
      setWhere: sql`(${customerConsents.updatedAt}, ${customerConsents.lastEventId}) < (excluded.updated_at, excluded.last_event_id)`,
    })
  await emit(
    tx,
    CUSTOMER_EVENTS.consentChanged,
    { customerId, decisions: decisions.map((d) => ({ purpose: d.purpose, granted: d.granted, method: d.method })) },
    { customerId, locationId: decisions.find((d) => d.locationId)?.locationId ?? null },
  )
}

/**
 * Records decisions for a customer the actor may change (themself, or staff with customers:write), each vouched for
 * by a method the actor may use; answers the state of every purpose afterwards.
 */
export async function recordConsents(
  tx: Tx,
  input: { actor: Actor | null; customerId: string; decisions: readonly ConsentDecision[]; field?: string },
): Promise<ConsentState[]> {
  const { actor, customerId } = input
  const at = (index: number) => `${input.field ?? '/body/decisions'}/${index}`
  assertCustomerOrStaff(actor, customerId, 'customers:write')
  if (!actor) throw customerNotFound(customerId)
  input.decisions.forEach((decision, index) => checkVouching(actor, decision, at(index)))
  await lockLiveCustomer(tx, { customerId, field: '/params/id' })
  await checkDecisions(tx, input.decisions, at)
  await writeDecisions(tx, { customerId, decisions: input.decisions, by: { kind: actor.kind, id: actor.id } })
  return consentsOf(tx, customerId)
}

/** A decision given on the registration form, as the auth routes accept it (web_form when the method is left out). */
export const SignupConsent = Type.Object(
  {
    purpose: Type.Unsafe<ConsentPurpose>({ type: 'string', enum: [...CONSENT_PURPOSES] }),
    granted: Type.Boolean(),
    method: Type.Optional(Type.Unsafe<'web_form' | 'checkout'>({ type: 'string', enum: ['web_form', 'checkout'] })),
    channelId: Type.Optional(Type.String({ maxLength: 64, description: 'The channel the form was on (web, mobile app)' })),
    wording: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
  },
  { additionalProperties: false },
)
export type SignupConsent = Static<typeof SignupConsent>

function signupDecisions(consents: readonly SignupConsent[]): ConsentDecision[] {
  return consents.map((c) => ({ ...c, method: c.method ?? 'web_form', locationId: null }))
}

/** Throws the problem recordSignupConsents would, writing nothing: a registration checks its form before knowing whose it is. */
export async function checkSignupConsents(tx: Tx, input: { consents: readonly SignupConsent[]; field: string }): Promise<void> {
  await checkDecisions(tx, signupDecisions(input.consents), (index) => `${input.field}/${index}`)
}

/**
 * The decisions a new account gives on its registration form, recorded as the customer's own, by web_form or
 * checkout only; `field` is the JSON pointer of the list in the request.
 */
export async function recordSignupConsents(tx: Tx, input: { customerId: string; consents: readonly SignupConsent[]; field: string }): Promise<void> {
  const decisions = signupDecisions(input.consents)
  await checkDecisions(tx, decisions, (index) => `${input.field}/${index}`)
  await writeDecisions(tx, { customerId: input.customerId, decisions, by: { kind: 'customer', id: input.customerId } })
}

/** The current state of every purpose, in CONSENT_PURPOSES order; a purpose never asked has granted null. */
export async function consentsOf(tx: Tx, customerId: string): Promise<ConsentState[]> {
  const rows = await tx
    .select({
      purpose: customerConsents.purpose,
      granted: customerConsents.granted,
      since: customerConsentEvents.occurredAt,
      method: customerConsentEvents.method,
      channelId: customerConsentEvents.channelId,
      locationId: customerConsentEvents.locationId,
      wording: customerConsentEvents.wording,
    })
    .from(customerConsents)
    .innerJoin(customerConsentEvents, eq(customerConsentEvents.id, customerConsents.lastEventId))
    .where(eq(customerConsents.customerId, customerId))
  const byPurpose = new Map(rows.map((row) => [row.purpose, row]))
  return CONSENT_PURPOSES.map((purpose) => {
    const row = byPurpose.get(purpose)
    if (!row) return { purpose, granted: null, since: null, method: null, channelId: null, locationId: null, wording: null }
    return { ...row, since: row.since.toISOString() }
  })
}

/** The recorded decision for one purpose: true, false (withdrawn or refused) or null (never asked). One PK lookup. */
export async function consentDecision(tx: Tx, input: { customerId: string; purpose: ConsentPurpose }): Promise<boolean | null> {
  const [row] = await tx
    .select({ granted: customerConsents.granted })
    .from(customerConsents)
    // customer_consents_pkey (customer_id, purpose)
    .where(and(eq(customerConsents.customerId, input.customerId), eq(customerConsents.purpose, input.purpose)))
    .limit(1)
  return row?.granted ?? null
}

/** True only when the customer's latest decision for the purpose grants it; never asked counts as not granted. */
export async function hasConsent(tx: Tx, input: { customerId: string; purpose: ConsentPurpose }): Promise<boolean> {
  return (await consentDecision(tx, input)) === true
}
