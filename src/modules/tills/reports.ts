/**
 * X and Z reports of a till session. A session's takings are the payments taken at its store's till
 * (orders' takenAtLocationId) and the refunds given there (returns settled at the store) between its opening and its
 * close: the store and the time window tie sales to a session, so checkout is untouched. Several registers open at
 * once in one store each count the store's takings of their window (see the README).
 */
import { and, asc, eq, lte } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { PAYMENT_METHODS, tenderTakingsAt, type PaymentMethod } from '../orders/service.js'
import { refundsGivenAt } from '../returns/service.js'
import { expectedCash } from './policies.js'
import { tillCashMovements, type tillSessions } from './schema.js'

type SessionRow = typeof tillSessions.$inferSelect

interface Money {
  amount: number
  currency: string
}

export interface TenderLine {
  method: PaymentMethod
  sales: { count: number; amount: Money }
  refunds: { count: number; amount: Money }
}

export interface TillReport {
  kind: 'x' | 'z'
  sessionId: string
  locationId: string
  register: string
  openedAt: string
  /** The end of the window: the close (Z), or the moment the X report was read. */
  until: string
  currency: string
  tenders: TenderLine[]
  cash: {
    float: Money
    /** Cash sales: what cash paid of the orders. */
    sales: Money
    /** What customers handed over in cash (sales + change). */
    tendered: Money
    change: Money
    cashIn: Money
    cashOut: Money
    refunds: Money
    /** float + tendered − change + cash in − cash out − cash refunds. */
    expected: Money
    /** Counted at close (Z report only). */
    counted: Money | null
    /** counted − expected: negative when cash is missing (Z report only). */
    variance: Money | null
  }
  movements: { id: string; direction: 'in' | 'out'; amount: Money; reason: string; staffId: string | null; createdAt: string }[]
}

/** The report of a session over [openedAt, closedAt or now): every tender of the orders module, even when zero. */
export async function buildReport(tx: Tx, session: SessionRow & { closedAt: Date | null }, kind: 'x' | 'z'): Promise<TillReport> {
  const currency = session.currency
  const money = (amount: number): Money => ({ amount, currency })
  const until = session.closedAt ?? new Date()
  const window = { locationId: session.locationId, currency, from: session.openedAt, to: session.closedAt }
  const takings = await tenderTakingsAt(tx, window)
  const refunds = await refundsGivenAt(tx, window)
  const movements = await tx
    .select()
    .from(tillCashMovements)
    .where(and(eq(tillCashMovements.sessionId, session.id), session.closedAt ? lte(tillCashMovements.createdAt, session.closedAt) : undefined))
    .orderBy(asc(tillCashMovements.createdAt), asc(tillCashMovements.id))
  const tenders = PAYMENT_METHODS.map((method) => {
    const took = takings.find((t) => t.method === method)
    const gave = refunds.find((r) => r.method === method)
    return { method, sales: { count: took?.count ?? 0, amount: money(took?.amount ?? 0) }, refunds: { count: gave?.count ?? 0, amount: money(gave?.amount ?? 0) } }
  })
  const cashTaken = takings.find((t) => t.method === 'cash')
  const figures = {
    float: session.floatAmount,
    tendered: cashTaken?.tendered ?? 0,
    change: (cashTaken?.tendered ?? 0) - (cashTaken?.amount ?? 0),
    cashIn: movements.filter((m) => m.direction === 'in').reduce((sum, m) => sum + m.amount, 0),
    cashOut: movements.filter((m) => m.direction === 'out').reduce((sum, m) => sum + m.amount, 0),
    refunds: refunds.find((r) => r.method === 'cash')?.amount ?? 0,
  }
  const counted = session.countedAmount === null ? null : money(session.countedAmount)
  return {
    kind,
    sessionId: session.id,
    locationId: session.locationId,
    register: session.register,
    openedAt: session.openedAt.toISOString(),
    until: until.toISOString(),
    currency,
    tenders,
    cash: {
      float: money(figures.float),
      sales: money(cashTaken?.amount ?? 0),
      tendered: money(figures.tendered),
      change: money(figures.change),
      cashIn: money(figures.cashIn),
      cashOut: money(figures.cashOut),
      refunds: money(figures.refunds),
      expected: money(expectedCash(figures)),
      counted,
      variance: session.variance === null ? null : money(session.variance),
    },
    movements: movements.map((m) => ({ id: m.id, direction: m.direction, amount: money(m.amount), reason: m.reason, staffId: m.staffId, createdAt: m.createdAt.toISOString() })),
  }
}
