import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { customers } from '../customers/schema.js'

/** A customer's store credit balance; the CHECK is the last line of defence against spending what is not there. */
export const storeCreditAccounts = pgTable(
  'store_credit_accounts',
  {
    customerId: text()
      .primaryKey()
      .references(() => customers.id),
    balance: integer().notNull().default(0),
    currency: text().notNull().default('EUR'),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('store_credit_accounts_balance_check', sql`${t.balance} >= 0`)],
)

/** The ledger: every change of a balance, with why, who and the order or return it came from. */
export const storeCreditEntries = pgTable(
  'store_credit_entries',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    delta: integer().notNull(),
    reason: text({ enum: ['refund', 'adjustment', 'exchange', 'spend', 'spend_reversal'] }).notNull(),
    orderId: text(),
    returnId: text(),
    note: text(),
    actorKind: text().notNull(),
    actorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('store_credit_entries_delta_check', sql`${t.delta} <> 0`),
    check('store_credit_entries_reason_check', sql`${t.reason} in ('refund', 'adjustment', 'exchange', 'spend', 'spend_reversal')`),
    index('store_credit_entries_customer_idx').on(t.customerId, t.id),
  ],
)
