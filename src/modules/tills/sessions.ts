/** Opening a register with a float, moving cash in and out, and closing it with a count (which freezes the Z report). */
import { and, desc, eq, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { findLocation } from '../locations/service.js'
import { assertSessionHolder, assertTillStaff, type TillActor } from './access.js'
import { currencyMismatch, illegalTillTransition, locationNotFound, notAStore, registerAlreadyOpen, tillSessionClosed, tillSessionNotFound } from './errors.js'
import { TILL_EVENTS } from './events.js'
import { allowedTillTransitions } from './policies.js'
import { buildReport, type TillReport } from './reports.js'
import { tillCashMovements, tillSessions, type CashDirection, type TillSessionStatus } from './schema.js'

export type TillSessionRow = typeof tillSessions.$inferSelect
export type CashMovementRow = typeof tillCashMovements.$inferSelect

export interface MoneyInput {
  amount: number
  currency: string
}

function assertTransition(from: TillSessionStatus, to: TillSessionStatus): void {
  if (!allowedTillTransitions(from).includes(to)) throw illegalTillTransition(from, to, allowedTillTransitions(from))
}

/** Loads a session the actor may see (another store's session answers 404), locking it when `forUpdate`. */
export async function loadTillSession(tx: Tx, input: { actor: Actor | null; sessionId: string; forUpdate?: boolean }): Promise<{ session: TillSessionRow; staff: TillActor }> {
  const query = tx.select().from(tillSessions).where(eq(tillSessions.id, input.sessionId)).limit(1)
  const [session] = input.forUpdate ? await query.for('update') : await query
  if (!session) throw tillSessionNotFound(input.sessionId)
  const staff = assertTillStaff(input.actor, session.locationId, () => tillSessionNotFound(input.sessionId))
  return { session, staff }
}

/** Opens a register of a store with its float; at most one open session per register (a partial unique index). */
export async function openTillSession(tx: Tx, input: { actor: Actor | null; locationId: string; register: string; float: MoneyInput }): Promise<TillSessionRow> {
  const staff = assertTillStaff(input.actor, input.locationId, () => locationNotFound(input.locationId))
  const location = await findLocation(tx, input.locationId)
  if (!location) throw locationNotFound(input.locationId)
  if (location.kind !== 'store' || !location.active) throw notAStore(input.locationId)
  // ON CONFLICT DO NOTHING on till_sessions_open_register_key: a concurrent open waits for the first to commit, then
  // inserts nothing and is told which session holds the register.
  const [row] = await tx
    .insert(tillSessions)
    .values({ id: newId('till'), locationId: input.locationId, register: input.register, currency: input.float.currency, floatAmount: input.float.amount, openedByStaffId: staff.id })
    .onConflictDoNothing()
    .returning()
  if (!row) {
    const [open] = await tx
      .select({ id: tillSessions.id })
      .from(tillSessions)
      .where(and(eq(tillSessions.locationId, input.locationId), eq(tillSessions.register, input.register), eq(tillSessions.status, 'open')))
    throw registerAlreadyOpen(input.register, open?.id ?? null)
  }
  await emit(tx, TILL_EVENTS.sessionOpened, { sessionId: row.id, locationId: row.locationId, register: row.register, float: row.floatAmount, currency: row.currency, staffId: staff.id }, { locationId: row.locationId })
  return row
}

/** Records cash put into or taken out of an open drawer; the session row is locked so that a close cannot miss it. */
export async function recordCashMovement(tx: Tx, input: { actor: Actor | null; sessionId: string; direction: CashDirection; amount: MoneyInput; reason: string }): Promise<CashMovementRow> {
  const { session, staff } = await loadTillSession(tx, { actor: input.actor, sessionId: input.sessionId, forUpdate: true })
  // Anyone of the store may put cash in (coins from the bank); taking it out is the drawer holder's or a manager's.
  if (input.direction === 'out') assertSessionHolder(staff, session, 'take cash out of it')
  if (session.status !== 'open') throw tillSessionClosed(session.id)
  if (input.amount.currency !== session.currency) throw currencyMismatch(session.currency, '/body/amount/currency')
  const [row] = await tx
    .insert(tillCashMovements)
    .values({ id: newId('tcm'), sessionId: session.id, direction: input.direction, amount: input.amount.amount, currency: session.currency, reason: input.reason, staffId: staff.id })
    .returning()
  if (!row) throw new Error('cash movement insert returned nothing')
  await emit(
    tx,
    TILL_EVENTS.cashMoved,
    { sessionId: session.id, locationId: session.locationId, register: session.register, movementId: row.id, direction: row.direction, amount: row.amount, currency: row.currency, reason: row.reason, staffId: staff.id },
    { locationId: session.locationId },
  )
  return row
}

/**
 * Closes an open session with the cash counted: expected cash and the variance (counted − expected) are computed under
 * the session's lock and frozen with the Z report in the same guarded UPDATE.
 */
export async function closeTillSession(tx: Tx, input: { actor: Actor | null; sessionId: string; counted: MoneyInput; note?: string }): Promise<{ session: TillSessionRow; report: TillReport }> {
  const { session, staff } = await loadTillSession(tx, { actor: input.actor, sessionId: input.sessionId, forUpdate: true })
  assertSessionHolder(staff, session, 'close it')
  assertTransition(session.status, 'closed')
  if (input.counted.currency !== session.currency) throw currencyMismatch(session.currency, '/body/counted/currency')
  // The database's clock, as payments' created_at: the Z report's window ends where the session does.
  const [clock] = rowsOf<{ now: string | Date }>(await tx.execute(sql`select now() as now`))
  const closedAt = new Date(clock?.now ?? Date.now())
  const live = await buildReport(tx, { ...session, closedAt }, 'z')
  const expected = live.cash.expected.amount
  const variance = input.counted.amount - expected
  const report: TillReport = { ...live, cash: { ...live.cash, counted: { amount: input.counted.amount, currency: session.currency }, variance: { amount: variance, currency: session.currency } } }
  const [closed] = await tx
    .update(tillSessions)
    .set({ status: 'closed', closedAt, closedByStaffId: staff.id, countedAmount: input.counted.amount, expectedAmount: expected, variance, closeNote: input.note ?? null, zReport: report as unknown as Record<string, unknown> })
    .where(and(eq(tillSessions.id, session.id), eq(tillSessions.status, 'open')))
    .returning()
  if (!closed) throw tillSessionClosed(session.id)
  await emit(
    tx,
    TILL_EVENTS.sessionClosed,
    { sessionId: closed.id, locationId: closed.locationId, register: closed.register, expected, counted: input.counted.amount, variance, currency: closed.currency, staffId: staff.id },
    { locationId: closed.locationId },
  )
  return { session: closed, report }
}

/** A register of a store and its open session, if any (the last closed one otherwise, for its Z report). */
export async function getRegister(tx: Tx, input: { actor: Actor | null; locationId: string; register: string }): Promise<{ openSession: TillSessionRow | null; lastSession: TillSessionRow | null }> {
  assertTillStaff(input.actor, input.locationId, () => locationNotFound(input.locationId))
  if (!(await findLocation(tx, input.locationId))) throw locationNotFound(input.locationId)
  const [last] = await tx
    .select()
    .from(tillSessions)
    .where(and(eq(tillSessions.locationId, input.locationId), eq(tillSessions.register, input.register)))
    .orderBy(desc(tillSessions.openedAt), desc(tillSessions.id))
    .limit(1)
  return { openSession: last?.status === 'open' ? last : null, lastSession: last ?? null }
}
