import { sql } from 'drizzle-orm'
import { check, customType, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Case-insensitive text (citext extension): emails compare equal whatever their case. */
export const citext = customType<{ data: string }>({ dataType: () => 'citext' })

/** A customer profile; customers with an account also have a password hash. */
export const customers = pgTable(
  'customers',
  {
    id: text().primaryKey(),
    email: citext().unique(),
    passwordHash: text(),
    firstName: text(),
    lastName: text(),
    phone: text(),
    postalCode: text(),
    locale: text().notNull().default('fr'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('customers_locale_check', sql`${t.locale} in ('fr', 'en')`)],
)
