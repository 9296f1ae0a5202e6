/**
 * Product lists and full-text search. Without `q`, products come in id (creation) order. With `q`, products whose
 * text holds every word (stemmed, accents ignored) come by ts_rank; when none does, titles that resemble the query
 * (trigrams: partial words such as "merin", near misses) come by similarity. Both orders are total (ties broken by
 * id), so a cursor holding the last sort key walks every page without skipping or repeating a product.
 */
import { and, asc, eq, exists, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { countWhen, defineListOrder, planList, type ListPage } from '../../platform/list-order.js'
import { decodeCursor, toPage } from '../../platform/pagination.js'
import { DomainError, invalidInput } from '../../platform/problems.js'
import { unknownCategory } from './errors.js'
import { categories, productCategories, products, productVariants, type ProductStatus } from './schema.js'
import { priceRangeOf } from './variant-rows.js'
import { productColumns, toProductSummary, type Audience, type ProductSummary } from './views.js'

export interface ProductListInput {
  q?: string
  /** The language `q` is written in: its words are stemmed as that language's are. French when absent. */
  lang?: 'fr' | 'en'
  /** Id or code; a top-level category includes its children. */
  category?: string
  brand?: string
  /** Products with at least one variant priced within the range, in minor units. */
  minPrice?: number
  maxPrice?: number
  status?: ProductStatus
  audience: Audience
  sort?: string
  count?: boolean
  cursor?: string
  limit: number
}

export const PRODUCT_SORT_KEYS = ['createdAt', 'updatedAt', 'handle'] as const
const productListOrder = defineListOrder<(typeof PRODUCT_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: products.createdAt, type: 'time' }, updatedAt: { sql: products.updatedAt, type: 'time' }, handle: { sql: products.handle, type: 'text' } },
  tiebreaker: products.id,
  defaultDescending: false,
})

// Names of text search configurations created by migration 0000; inlined, never taken from the request.
const CONFIGS = { fr: sql.raw(`'omni_french'::regconfig`), en: sql.raw(`'omni_english'::regconfig`) }

/** Scores are integers so that a cursor compares exactly: full-text hits 1,000,000 and up, trigram matches below. */
const SCALE = sql.raw('999999')

async function categoryAndChildren(tx: Tx, idOrCode: string): Promise<string[]> {
  const parent = sql`(select ${categories.id} from ${categories} where ${categories.id} = ${idOrCode} or ${categories.code} = ${idOrCode})`
  const rows = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(or(eq(categories.id, idOrCode), eq(categories.code, idOrCode), sql`${categories.parentId} in ${parent}`))
  if (rows.length === 0) throw unknownCategory(idOrCode, '/query/category')
  return rows.map((row) => row.id)
}

function visibleStatus(input: ProductListInput): ProductStatus | undefined {
  if (input.audience === 'staff') return input.status
  if (input.status !== undefined && input.status !== 'active') {
    throw new DomainError({
      code: 'forbidden',
      status: 403,
      title: 'Forbidden',
      detail: 'Only staff can list draft or archived products.',
      field: '/query/status',
    })
  }
  return 'active'
}

async function filtersOf(tx: Tx, input: ProductListInput): Promise<(SQL | undefined)[]> {
  const status = visibleStatus(input)
  const categoryIds = input.category === undefined ? undefined : await categoryAndChildren(tx, input.category)
  const priced = input.minPrice !== undefined || input.maxPrice !== undefined
  return [
    status ? eq(products.status, status) : undefined,
    // Uses products_brand_idx.
    input.brand !== undefined ? eq(products.brand, input.brand) : undefined,
    // Uses product_categories_pkey per candidate product (or product_categories_category_idx, as the planner prefers).
    categoryIds
      ? exists(
          tx
            .select({ one: sql`1` })
            .from(productCategories)
            .where(and(eq(productCategories.productId, products.id), inArray(productCategories.categoryId, categoryIds))),
        )
      : undefined,
    // Uses product_variants_product_idx.
    priced
      ? exists(
          tx
            .select({ one: sql`1` })
            .from(productVariants)
            .where(
              and(
                eq(productVariants.productId, products.id),
                input.minPrice !== undefined ? sql`${productVariants.price} >= ${input.minPrice}` : undefined,
                input.maxPrice !== undefined ? sql`${productVariants.price} <= ${input.maxPrice}` : undefined,
              ),
            ),
        )
      : undefined,
  ]
}

function numberAt(key: (string | number)[], index: number): number {
  const part = key[index]
  if (typeof part !== 'number' || !Number.isInteger(part)) throw invalidInput('/query/cursor', 'The cursor is not one this list returned.', 'invalid-cursor')
  return part
}

/** Products matching the filters, in a stable order: `sort`, else by search rank when `q` is given, else by id. */
export async function listProducts(tx: Tx, input: ProductListInput): Promise<ListPage<ProductSummary>> {
  if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice) {
    throw invalidInput('/query/maxPrice', 'maxPrice is below minPrice.')
  }
  const filters = await filtersOf(tx, input)
  const q = input.q?.trim() ?? ''
  if (q === '') return sortedProducts(tx, input, filters)
  return rankedProducts(tx, input, q, filters)
}

/** Products matching `where` in the order of `sort` (by id without one), keyset-paged on its keys. */
async function sortedProducts(tx: Tx, input: ProductListInput, where: (SQL | undefined)[]): Promise<ListPage<ProductSummary>> {
  const plan = planList(productListOrder, input)
  const rows = await tx
    .select({ ...productColumns(products), ...priceRangeOf(products.id), cursorKey: plan.cursorKey })
    .from(products)
    .where(and(...where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  return plan.page(rows, input.limit, (row) => toProductSummary(row, row), await countWhen(input.count, tx, products, and(...where)))
}

/** Products matching `q`, best first unless sorted: full-text rank, or trigram similarity of the title when no word matches. */
async function rankedProducts(tx: Tx, input: ProductListInput, q: string, filters: (SQL | undefined)[]): Promise<ListPage<ProductSummary>> {
  const columns = { ...productColumns(products), ...priceRangeOf(products.id) }
  const query = sql`websearch_to_tsquery(${CONFIGS[input.lang ?? 'fr']}, ${q})`
  const plain = sql`omni_unaccent(lower(${q}))`
  // Uses products_search_idx (GIN on search_vector).
  const fullText = sql`${products.searchVector} @@ ${query}`
  const [hit] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(...filters, fullText))
    .limit(1)
  // Trigrams only when no word matches: word_similarity costs too much to score every full-text hit with it.
  // Uses products_search_title_trgm_idx (GIN, gin_trgm_ops) for <%, i.e. word similarity above
  // pg_trgm.word_similarity_threshold (0.6).
  const matches = hit ? fullText : sql`${plain} <% ${products.searchTitle}`
  if (input.sort) return sortedProducts(tx, input, [...filters, matches])
  const score = hit
    ? sql<number>`(1000000 + (ts_rank(${products.searchVector}, ${query}, 32) * ${SCALE})::int)`
    : sql<number>`(word_similarity(${plain}, ${products.searchTitle}) * ${SCALE})::int`
  const totalCount = await countWhen(input.count, tx, products, and(...filters, matches))
  const key = decodeCursor(input.cursor, 2)
  const after = key ? sql`(${score} < ${numberAt(key, 0)} or (${score} = ${numberAt(key, 0)} and ${products.id} > ${String(key[1])}))` : undefined
  const rows = await tx
    .select({ ...columns, score: score.mapWith(Number) })
    .from(products)
    .where(and(...filters, matches, after))
    .orderBy(sql`${score} desc`, asc(products.id))
    .limit(input.limit + 1)
  const page = toPage(
    rows,
    input.limit,
    (row) => [row.score, row.id],
    (row) => toProductSummary(row, row),
  )
  return totalCount === undefined ? page : { ...page, totalCount }
}
