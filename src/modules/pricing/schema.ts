import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { productVariants } from '../catalog/schema.js'

/**
 * A price list overrides the one catalogue price for named channels and/or customer groups (a marketplace, staff,
 * a B2B account), explicitly: it must name at least one channel or group, and never applies anywhere else.
 */
export const priceLists = pgTable(
  'price_lists',
  {
    id: text().primaryKey(),
    code: text().notNull().unique(),
    name: text().notNull(),
    currency: text().notNull().default('EUR'),
    /** The highest priority wins when several lists price the same variant for one cart. */
    priority: integer().notNull().default(0),
    active: boolean().notNull().default(true),
    startsAt: timestamp({ withTimezone: true }),
    endsAt: timestamp({ withTimezone: true }),
    channelIds: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    customerGroupCodes: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('price_lists_scope_check', sql`cardinality(${t.channelIds}) + cardinality(${t.customerGroupCodes}) > 0`),
    check('price_lists_window_check', sql`${t.startsAt} is null or ${t.endsAt} is null or ${t.endsAt} > ${t.startsAt}`),
    check('price_lists_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('price_lists_code_check', sql`${t.code} ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`),
  ],
)

/** A variant's tax-inclusive price in a list (minor units). */
export const priceListPrices = pgTable(
  'price_list_prices',
  {
    priceListId: text()
      .notNull()
      .references(() => priceLists.id, { onDelete: 'cascade' }),
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    price: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'price_list_prices_pkey', columns: [t.priceListId, t.variantId] }),
    // Pricing a cart reads the lists' prices of its variants.
    index('price_list_prices_variant_idx').on(t.variantId),
    check('price_list_prices_price_check', sql`${t.price} >= 0`),
  ],
)
