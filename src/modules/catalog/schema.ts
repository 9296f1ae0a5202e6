import { sql } from 'drizzle-orm'
import { check, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

/** French VAT rates in basis points: standard, intermediate, reduced, super-reduced. */
export const VAT_RATES = [2000, 1000, 550, 210] as const

/** PostgreSQL's full-text document type; only the database reads it, so the app never selects it. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** A two-level tree (e.g. Femme › Robes): a category with a parent never has children of its own. */
export const categories = pgTable(
  'categories',
  {
    id: text().primaryKey(),
    code: text().notNull().unique(),
    parentId: text().references((): AnyPgColumn => categories.id),
    nameFr: text().notNull(),
    nameEn: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('categories_code_check', sql`${t.code} ~ '^[a-z0-9][a-z0-9-]*$'`),
    check('categories_parent_check', sql`${t.parentId} <> ${t.id}`),
    index('categories_parent_idx').on(t.parentId),
  ],
)

export const products = pgTable(
  'products',
  {
    id: text().primaryKey(),
    handle: text().notNull().unique(),
    status: text({ enum: PRODUCT_STATUSES }).notNull().default('draft'),
    titleFr: text().notNull(),
    titleEn: text().notNull(),
    descriptionFr: text().notNull().default(''),
    descriptionEn: text().notNull().default(''),
    brand: text().notNull().default(''),
    vatRate: integer().notNull().default(2000),
    imageUrls: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    // Both languages in one document, each stemmed by its own configuration (unaccent first, so "élégant" and
    // "elegant" give one lexeme). Weights: titles A, brand B, descriptions C. A query is parsed in the caller's
    // language and matches the lexemes of that language's text.
    searchVector: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('omni_french', title_fr), 'A') || setweight(to_tsvector('omni_english', title_en), 'A') || setweight(to_tsvector('omni_french', brand), 'B') || setweight(to_tsvector('omni_english', brand), 'B') || setweight(to_tsvector('omni_french', description_fr), 'C') || setweight(to_tsvector('omni_english', description_en), 'C')`,
      ),
    // Lower-cased, unaccented titles for trigram matching: partial words ("eleg") and near misses that stemming
    // cannot catch.
    searchTitle: text()
      .notNull()
      .generatedAlwaysAs(sql`omni_unaccent(lower(title_fr || ' ' || title_en))`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('products_status_check', sql`${t.status} in ('draft', 'active', 'archived')`),
    check('products_vat_rate_check', sql`${t.vatRate} in (2000, 1000, 550, 210)`),
    check('products_handle_check', sql`${t.handle} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    index('products_search_idx').using('gin', t.searchVector),
    index('products_search_title_trgm_idx').using('gin', t.searchTitle.op('gin_trgm_ops')),
    index('products_brand_idx').on(t.brand),
  ],
)

export const productCategories = pgTable(
  'product_categories',
  {
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    categoryId: text()
      .notNull()
      .references(() => categories.id),
  },
  // The primary key serves "categories of a product"; the category index serves the category filter.
  (t) => [primaryKey({ columns: [t.productId, t.categoryId] }), index('product_categories_category_idx').on(t.categoryId, t.productId)],
)

/** A sellable item: one size and colour of a product, with its own SKU, barcode and tax-inclusive price. */
export const productVariants = pgTable(
  'product_variants',
  {
    id: text().primaryKey(),
    productId: text()
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: text().notNull(),
    /** EAN-13; null for items without a barcode (made to order, services). */
    barcode: text(),
    options: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** Tax-inclusive, integer minor units of `currency`. */
    price: integer().notNull(),
    compareAtPrice: integer(),
    currency: text().notNull().default('EUR'),
    position: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Raised by the omni_bump_version trigger on every UPDATE: the ETag, compared with If-Match. */
    version: integer().notNull().default(1),
  },
  (t) => [
    check('product_variants_price_check', sql`${t.price} >= 0`),
    check('product_variants_compare_at_price_check', sql`${t.compareAtPrice} is null or ${t.compareAtPrice} > ${t.price}`),
    check('product_variants_barcode_check', sql`${t.barcode} ~ '^[0-9]{13}$'`),
    check('product_variants_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check('product_variants_sku_check', sql`length(${t.sku}) between 1 and 64`),
    // SKUs are unique whatever their case, so that a SKU typed in lower case at the till still finds its item.
    uniqueIndex('product_variants_sku_key').on(sql`upper(${t.sku})`),
    uniqueIndex('product_variants_barcode_key').on(t.barcode),
    index('product_variants_product_idx').on(t.productId, t.position),
  ],
)
