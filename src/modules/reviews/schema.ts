import { sql } from 'drizzle-orm'
import { boolean, check, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { products } from '../catalog/schema.js'
import { channels } from '../channels/schema.js'
import { CHANNEL_KINDS } from '../channels/service.js'
import { customers } from '../customers/schema.js'
import { orders } from '../orders/schema.js'
import { sqlList } from '../../platform/sql.js'

export const REVIEW_STATUSES = ['pending', 'published', 'held', 'rejected'] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

export const REVIEW_TITLE_MAX = 120
export const REVIEW_BODY_MAX = 4000
export const MODERATION_NOTE_MAX = 500
export const REVIEWER_NAME_MAX = 40

/**
 * A customer's rating (1-5) and review of a product she bought, on any channel: the order that verifies the purchase
 * and its channel's kind are kept with it. One live review per customer and product; a review a merge set aside
 * (the older of two on one product) keeps its row with `superseded_at`, so that reverting the merge restores it.
 */
export const reviews = pgTable(
  'reviews',
  {
    id: text().primaryKey(),
    customerId: text()
      .notNull()
      .references(() => customers.id),
    productId: text()
      .notNull()
      .references(() => products.id),
    /**
     * The purchase that verifies it: her latest paid (or further along) order of the product at submission; when that
     * order is cancelled, another qualifying order of hers for the product, or it stays and verified_purchase is false.
     */
    orderId: text()
      .notNull()
      .references(() => orders.id),
    channelId: text()
      .notNull()
      .references(() => channels.id),
    /** The purchase channel's kind (web, store, kiosk, phone, marketplace…), as the review shows it. */
    channelKind: text({ enum: CHANNEL_KINDS }).notNull(),
    /** False once the order behind it was cancelled and she has no other paid order of the product. */
    verifiedPurchase: boolean().notNull().default(true),
    /** How the public sees her ("Léa G."), fixed at submission and at each edit (which moderation sees again). */
    reviewerName: text().notNull(),
    rating: smallint().notNull(),
    title: text(),
    body: text(),
    /** The language she wrote in (BCP 47, e.g. `fr`, `en-GB`). */
    locale: text().notNull(),
    status: text({ enum: REVIEW_STATUSES }).notNull().default('pending'),
    moderationNote: text(),
    moderatedByKind: text(),
    moderatedById: text(),
    moderatedAt: timestamp({ withTimezone: true }),
    /** Set when a merge kept her other review of the product: hidden everywhere but the export, until an unmerge. */
    supersededAt: timestamp({ withTimezone: true }),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When she last wrote it (submission or edit); moderation leaves it. */
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('reviews_rating_check', sql`${t.rating} between 1 and 5`),
    check('reviews_title_check', sql`${t.title} is null or char_length(${t.title}) between 1 and ${sql.raw(String(REVIEW_TITLE_MAX))}`),
    check('reviews_body_check', sql`${t.body} is null or char_length(${t.body}) between 1 and ${sql.raw(String(REVIEW_BODY_MAX))}`),
    check('reviews_locale_check', sql`${t.locale} ~ '^[a-z]{2,3}(-[A-Z]{2})?$'`),
    check('reviews_status_check', sql`${t.status} in (${sqlList(REVIEW_STATUSES)})`),
    check('reviews_channel_kind_check', sql`${t.channelKind} in (${sqlList(CHANNEL_KINDS)})`),
    check('reviews_reviewer_name_check', sql`char_length(${t.reviewerName}) between 1 and ${sql.raw(String(REVIEWER_NAME_MAX))}`),
    check('reviews_moderation_note_check', sql`${t.moderationNote} is null or char_length(${t.moderationNote}) <= ${sql.raw(String(MODERATION_NOTE_MAX))}`),
    // A decided review says who decided and when; a pending one (new or edited) carries no decision.
    check('reviews_moderated_check', sql`(${t.status} = 'pending') = (${t.moderatedAt} is null)`),
    // One live review per customer and product: two concurrent submissions cannot both win.
    uniqueIndex('reviews_customer_product_key')
      .on(t.customerId, t.productId)
      .where(sql`${t.supersededAt} is null`),
    // A product's published reviews, newest first or by rating (the key sets of lists.ts, id as tiebreaker).
    index('reviews_product_published_idx')
      .on(t.productId, t.createdAt, t.id)
      .where(sql`${t.status} = 'published' and ${t.supersededAt} is null`),
    index('reviews_product_rating_idx')
      .on(t.productId, t.rating, t.createdAt, t.id)
      .where(sql`${t.status} = 'published' and ${t.supersededAt} is null`),
    // The moderation queue, oldest first.
    index('reviews_status_idx').on(t.status, t.createdAt, t.id),
    index('reviews_customer_idx').on(t.customerId, t.createdAt),
    // A cancelled order's reviews (the orders hook), and the foreign keys' own look-ups.
    index('reviews_order_idx').on(t.orderId),
    index('reviews_channel_idx').on(t.channelId),
  ],
)
