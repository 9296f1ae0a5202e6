/**
 * The money range, decided once. Money is an integer number of minor units. Every amount a client enters is bounded
 * by its schema, so that no total or balance the API computes from them can leave the range a JS number holds exactly
 * (Number.MAX_SAFE_INTEGER, 2^53 − 1):
 *   - a unit price is at most MAX_UNIT_PRICE (1,000,000.00 in a two-decimal currency);
 *   - a cart line holds at most 99 of a variant, and a checkout's lines come from one cart;
 *   - an amount entered by hand (a payment, a tender, a store-credit or gift-card adjustment) is at most MAX_ENTERED_AMOUNT.
 * Totals and balances (order, line, payment, return, refund, redemption amounts; store-credit and gift-card balances
 * and their ledgers; loyalty points, earned up to 1,000 per currency unit) are `bigint` columns, so a
 * 99 × 1,000,000.00 € order or a balance past 2^31 minor units is an
 * ordinary row. A number that still passes what a column holds is refused as a 400 `amount-out-of-range` problem
 * (SQLSTATE 22003, mapped in problems.ts), never a 500.
 */
import { bigint } from 'drizzle-orm/pg-core'
import { Type } from 'typebox'
import { named } from './openapi-document.js'

/** Highest unit price, in minor units. */
export const MAX_UNIT_PRICE = 100_000_000

/** Highest amount entered by hand in one request (payment, tender, adjustment), in minor units. */
export const MAX_ENTERED_AMOUNT = 10_000_000

/** A column for a total or a balance: 64-bit in SQL, a plain number in TS (safe thanks to the bounds above). */
export const moneyTotal = () => bigint({ mode: 'number' })

/** An amount of money as the API sends it: integer minor units and an ISO 4217 currency code. */
export const Money = named(
  'Money',
  Type.Object(
    {
      amount: Type.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description: 'Minor units (cents)' }),
      currency: Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
    },
    { additionalProperties: false },
  ),
)
