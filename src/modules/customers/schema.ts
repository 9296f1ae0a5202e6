import { sql } from 'drizzle-orm'
import { boolean, check, customType, integer, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { sqlList } from '../../platform/sql.js'
import { channels } from '../channels/schema.js'
import { locations } from '../locations/schema.js'

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
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
    /** Set when this profile was merged into another (identity resolution); cleared when an admin reverts the merge. */
    mergedIntoId: text().references((): AnyPgColumn => customers.id),
    /** Set by a GDPR erasure: personal fields are gone, orders keep pointing at this anonymised row. */
    erasedAt: timestamp({ withTimezone: true }),
    // Staff search runs trigram matching on this one lower-cased, unaccented text; a French number is also written in
    // its national form (0612345678) so that what a seller types matches.
    searchText: text()
      .notNull()
      .generatedAlwaysAs(
        sql`lower(omni_unaccent(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email::text, '') || ' ' || coalesce(phone, '') || ' ' || case when phone like '+33%' then '0' || substr(phone, 4) else '' end))`,
      ),
  },
  (t) => [
    check('customers_locale_check', sql`${t.locale} in ('fr', 'en')`),
    index('customers_search_text_trgm').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
)

export const IDENTIFIER_KINDS = ['email', 'phone', 'loyalty_card', 'loyalty_qr', 'marketplace_buyer', 'device'] as const
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number]

/** Every exact handle a person is known by; the primary key makes one identifier belong to one customer. */
export const customerIdentifiers = pgTable(
  'customer_identifiers',
  {
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text().$type<IdentifierKind>().notNull(),
    value: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    verifiedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ name: 'customer_identifiers_pkey', columns: [t.kind, t.value] }),
    index('customer_identifiers_customer_idx').on(t.customerId, t.kind),
    check('customer_identifiers_kind_check', sql`${t.kind} in ('email', 'phone', 'loyalty_card', 'loyalty_qr', 'marketplace_buyer', 'device')`),
    check('customer_identifiers_value_check', sql`length(${t.value}) between 1 and 320`),
  ],
)

export const CONSENT_PURPOSES = ['marketing_email', 'marketing_sms', 'marketing_phone', 'marketing_push', 'personalisation'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

/** How a consent was given or withdrawn, for the proof a regulator asks for. */
export const CONSENT_METHODS = ['web_form', 'account_settings', 'checkout', 'in_store', 'phone_call', 'kiosk', 'unsubscribe_link', 'import', 'admin'] as const
export type ConsentMethod = (typeof CONSENT_METHODS)[number]

/** The current decision per purpose; absent means never asked (treated as not granted). */
export const customerConsents = pgTable(
  'customer_consents',
  {
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text().$type<ConsentPurpose>().notNull(),
    granted: boolean().notNull(),
    /** The history row this state comes from. */
    lastEventId: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'customer_consents_pkey', columns: [t.customerId, t.purpose] }),
    check('customer_consents_purpose_check', sql`${t.purpose} in (${sqlList(CONSENT_PURPOSES)})`),
  ],
)

/** Append-only history of every consent given or withdrawn: when, where (channel, store), how and by whom. */
export const customerConsentEvents = pgTable(
  'customer_consent_events',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text().$type<ConsentPurpose>().notNull(),
    granted: boolean().notNull(),
    method: text().$type<ConsentMethod>().notNull(),
    channelId: text().references(() => channels.id),
    locationId: text().references(() => locations.id),
    /** The wording the customer agreed to, or its version label. */
    wording: text(),
    actorKind: text().notNull(),
    actorId: text(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_consent_events_customer_idx').on(t.customerId, t.id),
    check('customer_consent_events_purpose_check', sql`${t.purpose} in (${sqlList(CONSENT_PURPOSES)})`),
    check('customer_consent_events_method_check', sql`${t.method} in (${sqlList(CONSENT_METHODS)})`),
  ],
)

export const MERGE_TRIGGERS = ['login', 'store_identification', 'order_contact', 'admin'] as const
export type MergeTrigger = (typeof MERGE_TRIGGERS)[number]

/**
 * One profile merged into another. `moved` lists, per kind, exactly which rows went to the survivor so that an admin
 * can move them back; at most one live (unreverted) merge per merged profile.
 */
export const customerMerges = pgTable(
  'customer_merges',
  {
    id: text().primaryKey(),
    survivorId: text()
      .notNull()
      .references(() => customers.id),
    mergedId: text()
      .notNull()
      .references(() => customers.id),
    trigger: text().$type<MergeTrigger>().notNull(),
    moved: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    actorKind: text().notNull(),
    actorId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revertedAt: timestamp({ withTimezone: true }),
    revertedByKind: text(),
    revertedById: text(),
  },
  (t) => [
    uniqueIndex('customer_merges_live_merged_key').on(t.mergedId).where(sql`${t.revertedAt} is null`),
    index('customer_merges_survivor_idx').on(t.survivorId, t.id),
    index('customer_merges_merged_idx').on(t.mergedId, t.id),
    check('customer_merges_distinct_check', sql`${t.survivorId} <> ${t.mergedId}`),
    check('customer_merges_trigger_check', sql`${t.trigger} in (${sqlList(MERGE_TRIGGERS)})`),
  ],
)

export const CUSTOMER_AUDIT_ACTIONS = ['lookup', 'search', 'overview', 'export', 'erasure', 'merge', 'unmerge'] as const
export type CustomerAuditAction = (typeof CUSTOMER_AUDIT_ACTIONS)[number]

/** Who looked at or acted on a customer's data, when, and from which store: staff lookups, 360 views, GDPR acts. */
export const customerAuditEntries = pgTable(
  'customer_audit_entries',
  {
    id: text().primaryKey(),
    customerId: text().references(() => customers.id, { onDelete: 'set null' }),
    action: text().$type<CustomerAuditAction>().notNull(),
    actorKind: text().notNull(),
    actorId: text(),
    locationId: text().references(() => locations.id),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customer_audit_entries_customer_idx').on(t.customerId, t.id),
    index('customer_audit_entries_actor_idx').on(t.actorId, t.id),
    check('customer_audit_entries_action_check', sql`${t.action} in (${sqlList(CUSTOMER_AUDIT_ACTIONS)})`),
  ],
)

/** Named groups of customers (staff, VIP, a B2B account…) that price lists and promotions may be scoped to. */
export const customerGroups = pgTable(
  'customer_groups',
  {
    code: text().primaryKey(),
    name: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [check('customer_groups_code_check', sql`${t.code} ~ '^[a-z0-9][a-z0-9_-]{0,39}$'`)],
)

export const customerGroupMembers = pgTable(
  'customer_group_members',
  {
    groupCode: text()
      .notNull()
      .references(() => customerGroups.code, { onDelete: 'cascade' }),
    customerId: text()
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'customer_group_members_pkey', columns: [t.groupCode, t.customerId] }), index('customer_group_members_customer_idx').on(t.customerId)],
)
