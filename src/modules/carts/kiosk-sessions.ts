/**
 * Kiosk sessions: a shared in-store kiosk serves one passer-by after another, so what it reads is narrowed to what
 * the current passer-by did. A session is started by the kiosk when someone begins (`POST /v1/kiosk-sessions`, or
 * implicitly by the kiosk's first cart write), and ends when the kiosk resets (`DELETE /v1/kiosk-sessions/current`),
 * when the next one starts, when its passer-by checks out, after KIOSK_SESSION_IDLE_MINUTES without a cart write, and
 * at the latest KIOSK_SESSION_MAX_MINUTES after it started. Reading (a polling screen, a front-end that never resets)
 * is no activity: only cart writes move a session on, so no kiosk keeps one passer-by's session open all day.
 * After a checkout the kiosk still reads that order alone for KIOSK_RECEIPT_GRACE_MINUTES (its confirmation screen,
 * its receipt) unless it resets or the next session starts first.
 *
 * Invariants:
 * - At most one open session per kiosk device (kiosk_sessions_open_key); only a kiosk device (a device registered on a
 *   kiosk channel) has sessions; a shopper's own device, staff and customers are never narrowed by one.
 * - Carts a kiosk opens or claims and orders it places are tagged with its session (carts.kiosk_session_id,
 *   orders.kiosk_session_id); the kiosk reads and writes a cart, and reads an order, only while that session is its
 *   open one (carts/policies.ts mayUseCart, orders/views.ts canSeeOrder and listOrders). Once it ends, nothing of it
 *   is readable from the kiosk — not its carts, not its orders (items, totals, card last four) — but for the order of
 *   a session its checkout ended, during the receipt grace and while no later session of the kiosk started.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { conflict, DomainError } from '../../platform/problems.js'
import { newId } from '../../platform/ids.js'
import { kioskSessions } from './schema.js'

/** A passer-by who leaves without ending her session: the next one cannot see her cart or order after this long. */
export const KIOSK_SESSION_IDLE_MINUTES = 10
/** A kiosk that is written to without pause still serves a new passer-by's session after this long. */
export const KIOSK_SESSION_MAX_MINUTES = 30
/** After a checkout ends her session, the kiosk shows that order alone this long (confirmation screen, receipt). */
export const KIOSK_RECEIPT_GRACE_MINUTES = 5

export type KioskActor = Extract<Actor, { kind: 'device' }> & { kioskChannelId: string }

/** True for a device registered on a kiosk channel (a shared kiosk), false for a shopper's own device. */
export function isKioskDevice(actor: Actor | null): actor is KioskActor {
  return actor?.kind === 'device' && actor.kioskChannelId !== null
}

const notAKiosk = () =>
  new DomainError({ code: 'forbidden', status: 403, title: 'Forbidden', detail: 'Only a shared kiosk (a device registered on a kiosk channel) has kiosk sessions.' })

const live = and(
  sql`${kioskSessions.lastActiveAt} > now() - make_interval(mins => ${KIOSK_SESSION_IDLE_MINUTES})`,
  sql`${kioskSessions.startedAt} > now() - make_interval(mins => ${KIOSK_SESSION_MAX_MINUTES})`,
)

/**
 * The kiosk's open session when it is still live (not idle, not past its lifetime), without moving it on: reading is
 * no activity. Null when it has none, and for any actor that is not a kiosk.
 */
export async function currentKioskSession(tx: Tx, actor: Actor | null): Promise<string | null> {
  if (!isKioskDevice(actor)) return null
  // kiosk_sessions_open_key: the one open session of this device.
  const [open] = await tx.select({ id: kioskSessions.id }).from(kioskSessions).where(and(eq(kioskSessions.deviceId, actor.id), isNull(kioskSessions.endedAt), live))
  return open?.id ?? null
}

/** The kiosk's live session moved on to now (a cart write is activity); null when it has none. */
export async function touchKioskSession(tx: Tx, actor: KioskActor): Promise<string | null> {
  const [touched] = await tx
    .update(kioskSessions)
    .set({ lastActiveAt: sql`now()` })
    .where(and(eq(kioskSessions.deviceId, actor.id), isNull(kioskSessions.endedAt), live))
    .returning({ id: kioskSessions.id })
  return touched?.id ?? null
}

/**
 * The session whose orders the kiosk may read: its live open one, or the last one, ended less than
 * KIOSK_RECEIPT_GRACE_MINUTES ago (by its checkout) with no session started after it. Null for any other actor.
 */
export async function kioskOrderSession(tx: Tx, actor: Actor | null): Promise<string | null> {
  if (!isKioskDevice(actor)) return null
  const [last] = await tx
    .select({ id: kioskSessions.id, readable: sql<boolean>`(${kioskSessions.endedAt} is null and ${live}) or ${kioskSessions.endedAt} > now() - make_interval(mins => ${KIOSK_RECEIPT_GRACE_MINUTES})` })
    .from(kioskSessions)
    .where(eq(kioskSessions.deviceId, actor.id))
    .orderBy(desc(kioskSessions.startedAt), desc(kioskSessions.id))
    .limit(1)
  return last?.readable ? last.id : null
}

/**
 * The part of a kiosk's Idempotency-Key namespace that is its passer-by's (platform/idempotency.ts): the session
 * whose orders it may read (kioskOrderSession: so a retried checkout is replayed during the receipt grace), or
 * `between-sessions`; null for any other actor. A later passer-by replaying an earlier one's key and body is never
 * answered the earlier one's response. A retried write that opened the session falls in the new session's namespace
 * and is done again there (one more cart of the same passer-by): harmless, and no answer crosses passers-by.
 */
export async function kioskIdempotencyScope(tx: Tx, actor: Actor): Promise<string | null> {
  if (!isKioskDevice(actor)) return null
  return (await kioskOrderSession(tx, actor)) ?? 'between-sessions'
}

/** Ends the session a kiosk's checkout was placed in: its passer-by is done (her order stays readable for the grace). */
export async function endKioskSessionAtCheckout(tx: Tx, sessionId: string): Promise<void> {
  await tx.update(kioskSessions).set({ endedAt: sql`now()` }).where(and(eq(kioskSessions.id, sessionId), isNull(kioskSessions.endedAt)))
}

/** Ends the kiosk's open session, idle or not (a guarded no-op when there is none). */
async function endOpenSession(tx: Tx, deviceId: string): Promise<void> {
  await tx.update(kioskSessions).set({ endedAt: sql`now()` }).where(and(eq(kioskSessions.deviceId, deviceId), isNull(kioskSessions.endedAt)))
}

/** The kiosk's open session, started now when it has none (a kiosk's first cart write begins a passer-by's turn). */
export async function openKioskSession(tx: Tx, actor: KioskActor): Promise<string> {
  const current = await touchKioskSession(tx, actor)
  if (current) return current
  await endOpenSession(tx, actor.id)
  // Two first writes at once: the second finds the first one's session.
  const [created] = await tx.insert(kioskSessions).values({ id: newId('kss'), deviceId: actor.id }).onConflictDoNothing().returning({ id: kioskSessions.id })
  if (created) return created.id
  const [other] = await tx.select({ id: kioskSessions.id }).from(kioskSessions).where(and(eq(kioskSessions.deviceId, actor.id), isNull(kioskSessions.endedAt)))
  if (!other) throw new Error('kiosk session neither created nor found')
  return other.id
}

export interface KioskSession {
  id: string
  startedAt: string
  idleMinutes: number
}

/** Starts a new session for the next passer-by, ending the previous one: nothing it created is readable any more. */
export async function startKioskSession(tx: Tx, input: { actor: Actor | null }): Promise<KioskSession> {
  if (!isKioskDevice(input.actor)) throw notAKiosk()
  // Starts of one kiosk take turns (a PostgreSQL lock held until this transaction ends), so the later start finds the
  // earlier one's session committed and ends it, as one after the other. A first cart write starting a session at the
  // same instant (openKioskSession) does not take the lock: its session is ended on the next turn of this loop.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kiosk-session:${input.actor.id}`}, 0))`)
  for (let attempt = 0; attempt < 3; attempt++) {
    await endOpenSession(tx, input.actor.id)
    const [row] = await tx.insert(kioskSessions).values({ id: newId('kss'), deviceId: input.actor.id }).onConflictDoNothing().returning()
    if (row) return { id: row.id, startedAt: row.startedAt.toISOString(), idleMinutes: KIOSK_SESSION_IDLE_MINUTES }
  }
  throw conflict('concurrent-update', 'Concurrent update', 'Another session of this kiosk started at the same moment; nothing was done. Try again.')
}

/** Ends the kiosk's session and any receipt grace (the kiosk resets for the next passer-by); ending none is no error. */
export async function endKioskSession(tx: Tx, input: { actor: Actor | null }): Promise<void> {
  if (!isKioskDevice(input.actor)) throw notAKiosk()
  await endOpenSession(tx, input.actor.id)
  // A reset right after a checkout hides that order at once: its grace is counted from ended_at.
  await tx
    .update(kioskSessions)
    .set({ endedAt: sql`${kioskSessions.endedAt} - make_interval(mins => ${KIOSK_RECEIPT_GRACE_MINUTES})` })
    .where(and(eq(kioskSessions.deviceId, input.actor.id), sql`${kioskSessions.endedAt} > now() - make_interval(mins => ${KIOSK_RECEIPT_GRACE_MINUTES})`))
}
