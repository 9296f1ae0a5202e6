import { sql } from 'drizzle-orm'
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { productVariants } from '../catalog/schema.js'
import { locations } from '../locations/schema.js'

/**
 * Stock of one variant at one location. The CHECKs are the last line of defence: whatever the code does, stock
 * never goes negative and never more is reserved than is on hand.
 */
export const stockLevels = pgTable(
  'stock_levels',
  {
    variantId: text()
      .notNull()
      .references(() => productVariants.id),
    locationId: text()
      .notNull()
      .references(() => locations.id),
    onHand: integer().notNull().default(0),
    reserved: integer().notNull().default(0),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.locationId] }),
    check('stock_levels_on_hand_check', sql`${t.onHand} >= 0`),
    check('stock_levels_reserved_check', sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    index('stock_levels_location_idx').on(t.locationId),
  ],
)
