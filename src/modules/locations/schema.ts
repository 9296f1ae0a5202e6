import { sql } from 'drizzle-orm'
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

export type OpeningHours = { day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; opens: string; closes: string }[]

/** Where stock lives: a warehouse or a store, with the postal codes of the area it serves. */
export const locations = pgTable(
  'locations',
  {
    id: text().primaryKey(),
    code: text().notNull().unique(),
    name: text().notNull(),
    kind: text({ enum: ['warehouse', 'store'] }).notNull(),
    addressLine1: text().notNull(),
    addressLine2: text(),
    postalCode: text().notNull(),
    city: text().notNull(),
    country: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    timezone: text().notNull().default('Europe/Paris'),
    openingHours: jsonb().$type<OpeningHours>().notNull().default([]),
    catchmentPostalCodes: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('locations_kind_check', sql`${t.kind} in ('warehouse', 'store')`),
    check('locations_latitude_check', sql`${t.latitude} between -90 and 90`),
    check('locations_longitude_check', sql`${t.longitude} between -180 and 180`),
    check('locations_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
    // Attribution and routing look a postal code up among catchments.
    index('locations_catchment_idx').using('gin', t.catchmentPostalCodes),
  ],
)

/** Approximate centre of a postal code (commune centre is enough): turns "near 34000" into coordinates. */
export const postalCodeCoordinates = pgTable(
  'postal_code_coordinates',
  {
    country: text().notNull(),
    postalCode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.country, t.postalCode] }),
    check('postal_code_coordinates_latitude_check', sql`${t.latitude} between -90 and 90`),
    check('postal_code_coordinates_longitude_check', sql`${t.longitude} between -180 and 180`),
    check('postal_code_coordinates_country_check', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
)
