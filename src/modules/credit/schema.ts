import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { sqlList } from '../../platform/sql.js'
import { customers } from '../customers/schema.js'
import { moneyTotal } from '../../platform/money.js'

/** A customer's store credit balance; the CHECK is the last line of defence against spending what is not there. */
export const storeCreditAccounts = pgTable(
  'store_credit_accounts',
  {
    customerId: text()
      .primaryKey()
      .references(() => customers.id),
    balance: moneyTotal().notNull().default(0),
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
    delta: moneyTotal().notNull(),
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

export const GIFT_CARD_STATUSES = ['active', 'disabled'] as const
export const GIFT_CARD_REASONS = ['issue', 'spend', 'spend_reversal', 'refund', 'adjustment'] as const

/**
 * A gift card: a code (what is printed, looked up) and a PIN (hashed, checked before any spend), a balance that only
 * its ledger changes, never below zero (CHECK), and an expiry after which nothing can be spent.
 */
export const giftCards = pgTable(
  'gift_cards',
  {
    id: text().primaryKey(),
    /** Upper-case, without separators. */
    code: text().notNull().unique(),
    pinHash: text().notNull(),
    currency: text().notNull().default('EUR'),
    initialAmount: moneyTotal().notNull(),
    balance: moneyTotal().notNull(),
    status: text({ enum: GIFT_CARD_STATUSES }).notNull().default('active'),
    expiresAt: timestamp({ withTimezone: true }),
    /** Wrong PINs in a row; the card locks for a while after too many (guessing a PIN costs time). */
    pinFailures: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    customerId: text().references(() => customers.id),
    issuedByKind: text().notNull(),
    issuedById: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('gift_cards_balance_check', sql`${t.balance} >= 0 and ${t.balance} <= ${t.initialAmount}`),
    check('gift_cards_initial_amount_check', sql`${t.initialAmount} > 0`),
    check('gift_cards_status_check', sql`${t.status} in (${sqlList(GIFT_CARD_STATUSES)})`),
    check('gift_cards_pin_failures_check', sql`${t.pinFailures} >= 0`),
    index('gift_cards_customer_idx').on(t.customerId),
  ],
)

/** The gift card ledger: every change of a balance, with why, who and the order or payment it came from. */
export const giftCardEntries = pgTable(
  'gift_card_entries',
  {
    id: text().primaryKey(),
    giftCardId: text()
      .notNull()
      .references(() => giftCards.id),
    delta: moneyTotal().notNull(),
    reason: text({ enum: GIFT_CARD_REASONS }).notNull(),
    orderId: text(),
    paymentId: text(),
    note: text(),
    actorKind: text().notNull(),
    actorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('gift_card_entries_delta_check', sql`${t.delta} <> 0`),
    check('gift_card_entries_reason_check', sql`${t.reason} in (${sqlList(GIFT_CARD_REASONS)})`),
    index('gift_card_entries_card_idx').on(t.giftCardId, t.id),
  ],
)
