/**
 * Tills: the sessions of a store's registers (open with a float, cash in and out, close with a count), their X and Z
 * reports per tender, and a store's day for its manager. Sits above orders and returns, whose named queries it reads
 * (what a till took, what it gave back); neither imports it.
 * Owns `till_sessions` and `till_cash_movements`.
 * Invariants: at most one open session per register of a store (partial unique index till_sessions_open_register_key;
 * a concurrent open answers 409 till-already-open); a session moves only open → closed (TILL_SESSION_TRANSITIONS)
 * through a guarded UPDATE under its row lock, which cash movements take too, so none lands after the count; a closed
 * session carries its count, expected cash, variance = counted − expected and its frozen Z report (CHECKs); money is
 * integer minor units in the session's one currency; deny by default: the store's associates and managers and admins
 * only, another store's staff get 404; cash out, the close and the X report are the opener's, a manager's of the store
 * or an admin's (a colleague gets 403); a store's day is for managers and admins.
 * Events: tills.session_opened, tills.cash_moved, tills.session_closed (scoped to the store).
 */
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { assertSessionHolder } from './access.js'
import { tillSessionStillOpen } from './errors.js'
import { buildReport, type TillReport } from './reports.js'
import { loadTillSession, type TillSessionRow } from './sessions.js'

export { closeTillSession, getRegister, loadTillSession, openTillSession, recordCashMovement, type CashMovementRow, type TillSessionRow } from './sessions.js'
export { getStoreDay, type StoreDay } from './store-day.js'
export { expectedCash } from './policies.js'
export type { TillReport } from './reports.js'

export interface TillSessionView {
  id: string
  locationId: string
  register: string
  status: TillSessionRow['status']
  float: { amount: number; currency: string }
  openedByStaffId: string | null
  openedAt: string
  closedByStaffId: string | null
  closedAt: string | null
  counted: { amount: number; currency: string } | null
  expected: { amount: number; currency: string } | null
  variance: { amount: number; currency: string } | null
  closeNote: string | null
}

export function toTillSession(row: TillSessionRow): TillSessionView {
  const money = (amount: number | null) => (amount === null ? null : { amount, currency: row.currency })
  return {
    id: row.id,
    locationId: row.locationId,
    register: row.register,
    status: row.status,
    float: { amount: row.floatAmount, currency: row.currency },
    openedByStaffId: row.openedByStaffId,
    openedAt: row.openedAt.toISOString(),
    closedByStaffId: row.closedByStaffId,
    closedAt: row.closedAt?.toISOString() ?? null,
    counted: money(row.countedAmount),
    expected: money(row.expectedAmount),
    variance: money(row.variance),
    closeNote: row.closeNote,
  }
}

/** The X report: the session's figures so far (or up to its close); the session stays as it is. */
export async function getXReport(tx: Tx, input: { actor: Actor | null; sessionId: string }): Promise<TillReport> {
  const { session, staff } = await loadTillSession(tx, input)
  assertSessionHolder(staff, session, 'read its X report')
  const report = await buildReport(tx, session, 'x')
  // Counted and variance belong to the close, never to a reading taken meanwhile.
  return { ...report, cash: { ...report.cash, counted: null, variance: null } }
}

/** The Z report: frozen when the session closed, answered as it was then; a 409 while the session is open. */
export async function getZReport(tx: Tx, input: { actor: Actor | null; sessionId: string }): Promise<TillReport> {
  const { session } = await loadTillSession(tx, input)
  if (session.status !== 'closed' || !session.zReport) throw tillSessionStillOpen(session.id)
  return session.zReport as unknown as TillReport
}
