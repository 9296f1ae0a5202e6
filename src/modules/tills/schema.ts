import { sql } from 'drizzle-orm'
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { staffUsers } from '../auth/schema.js'
import { locations } from '../locations/schema.js'
import { moneyTotal } from '../../platform/money.js'
import { sqlList } from '../../platform/sql.js'

export const TILL_SESSION_STATUSES = ['open', 'closed'] as const
export type TillSessionStatus = (typeof TILL_SESSION_STATUSES)[number]

export const CASH_DIRECTIONS = ['in', 'out'] as const
export type CashDirection = (typeof CASH_DIRECTIONS)[number]

/** The report frozen at close (the Z report's figures), kept as the JSON the API answers. */
export type FrozenReport = Record<string, unknown>

/** One opening of a store's register (`till-1`), from the float counted at opening to the count at close. */
export const tillSessions = pgTable(
  'till_sessions',
  {
    id: text().primaryKey(),
    locationId: text()
      .notNull()
      .references(() => locations.id),
    /** The register's code within its store, e.g. `till-1`. */
    register: text().notNull(),
    status: text({ enum: TILL_SESSION_STATUSES }).notNull().default('open'),
    currency: text().notNull(),
    /** Cash counted into the drawer at opening. */
    floatAmount: moneyTotal().notNull(),
    openedByStaffId: text().references(() => staffUsers.id),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedByStaffId: text().references(() => staffUsers.id),
    closedAt: timestamp({ withTimezone: true }),
    /** Cash counted at close; expected and variance are computed then and frozen with the report. */
    countedAmount: moneyTotal(),
    expectedAmount: moneyTotal(),
    variance: moneyTotal(),
    closeNote: text(),
    zReport: jsonb().$type<FrozenReport>(),
  },
  (t) => [
    check('till_sessions_status_check', sql`${t.status} in (${sqlList(TILL_SESSION_STATUSES)})`),
    check('till_sessions_float_check', sql`${t.floatAmount} >= 0`),
    // A closed session carries its count, its expected cash, their difference and its frozen report; an open one none.
    check(
      'till_sessions_closed_check',
      sql`(${t.status} = 'closed') = (${t.closedAt} is not null and ${t.countedAmount} is not null and ${t.expectedAmount} is not null and ${t.variance} is not null and ${t.zReport} is not null)`,
    ),
    check('till_sessions_variance_check', sql`${t.variance} is null or ${t.variance} = ${t.countedAmount} - ${t.expectedAmount}`),
    check('till_sessions_counted_check', sql`${t.countedAmount} is null or ${t.countedAmount} >= 0`),
    // At most one open session per register: two concurrent opens cannot both win.
    uniqueIndex('till_sessions_open_register_key')
      .on(t.locationId, t.register)
      .where(sql`${t.status} = 'open'`),
    index('till_sessions_location_idx').on(t.locationId, t.register, t.openedAt),
  ],
)

/** Cash put into or taken out of a drawer outside a sale (change brought in, a bank deposit), with why. */
export const tillCashMovements = pgTable(
  'till_cash_movements',
  {
    id: text().primaryKey(),
    sessionId: text()
      .notNull()
      .references(() => tillSessions.id),
    direction: text({ enum: CASH_DIRECTIONS }).notNull(),
    amount: moneyTotal().notNull(),
    currency: text().notNull(),
    reason: text().notNull(),
    staffId: text().references(() => staffUsers.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('till_cash_movements_direction_check', sql`${t.direction} in (${sqlList(CASH_DIRECTIONS)})`),
    check('till_cash_movements_amount_check', sql`${t.amount} > 0`),
    index('till_cash_movements_session_idx').on(t.sessionId, t.createdAt),
  ],
)
