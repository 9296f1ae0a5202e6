/** Categories: a two-level tree with French and English names, reachable by id or by code. */
import { asc, eq, inArray, or } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { categoryCodeTaken, categoryNotFound, categoryTooDeep, unknownCategory } from './errors.js'
import { CATALOG_EVENTS } from './events.js'
import { categories, productCategories } from './schema.js'
import { toCategory, type Category, type Localized } from './views.js'

export interface CategoryInput {
  code: string
  name: Localized
  /** Id or code of a top-level category; null or absent for a top-level category. */
  parentId?: string | null
}

const byIdOrCode = (idOrCode: string) => or(eq(categories.id, idOrCode), eq(categories.code, idOrCode))

/** Creates a category; its code is unique and its parent, if any, is a top-level category. */
export async function createCategory(tx: Tx, input: CategoryInput): Promise<Category> {
  let parentId: string | null = null
  if (input.parentId) {
    const [parent] = await tx.select({ id: categories.id, parentId: categories.parentId }).from(categories).where(byIdOrCode(input.parentId)).limit(1)
    if (!parent) throw unknownCategory(input.parentId, '/body/parentId')
    if (parent.parentId !== null) throw categoryTooDeep(input.parentId)
    parentId = parent.id
  }
  const [row] = await tx
    .insert(categories)
    .values({ id: newId('cat'), code: input.code, parentId, nameFr: input.name.fr, nameEn: input.name.en })
    .onConflictDoNothing({ target: categories.code })
    .returning()
  if (!row) throw categoryCodeTaken(input.code)
  await emit(tx, CATALOG_EVENTS.categoryCreated, { categoryId: row.id, code: row.code, parentId })
  return toCategory(row)
}

export const CATEGORY_SORT_KEYS = ['createdAt', 'code'] as const
const categoryListOrder = defineListOrder<(typeof CATEGORY_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: categories.createdAt, type: 'time' }, code: { sql: categories.code, type: 'text' } },
  tiebreaker: categories.id,
  defaultDescending: false,
})

/** Categories in creation order (parents before their children when created so), optionally the children of one. */
export async function listCategories(tx: Tx, input: { parent?: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  let parentId: string | undefined
  if (input.parent !== undefined) {
    const [parent] = await tx.select({ id: categories.id }).from(categories).where(byIdOrCode(input.parent)).limit(1)
    if (!parent) throw unknownCategory(input.parent, '/query/parent')
    parentId = parent.id
  }
  return listTablePage(tx, categories, categoryListOrder, input, parentId ? eq(categories.parentId, parentId) : undefined, (rows) => rows.map(toCategory))
}

/** One category by id or code, with its children, or a 404. */
export async function getCategory(tx: Tx, idOrCode: string): Promise<Category & { children: Category[] }> {
  const [row] = await tx.select().from(categories).where(byIdOrCode(idOrCode)).limit(1)
  if (!row) throw categoryNotFound(idOrCode)
  const children = await tx.select().from(categories).where(eq(categories.parentId, row.id)).orderBy(asc(categories.id))
  return { ...toCategory(row), children: children.map(toCategory) }
}

/** Turns ids or codes into ids, in order and without repeats; the first unknown one is a 400 on `field(index)`. */
export async function resolveCategoryIds(tx: Tx, idsOrCodes: readonly string[], field: (index: number) => string): Promise<string[]> {
  if (idsOrCodes.length === 0) return []
  const rows = await tx
    .select({ id: categories.id, code: categories.code })
    .from(categories)
    .where(or(inArray(categories.id, [...idsOrCodes]), inArray(categories.code, [...idsOrCodes])))
  const idOf = new Map<string, string>()
  for (const row of rows) {
    idOf.set(row.id, row.id)
    idOf.set(row.code, row.id)
  }
  const ids = idsOrCodes.map((value, index) => {
    const id = idOf.get(value)
    if (id === undefined) throw unknownCategory(value, field(index))
    return id
  })
  return [...new Set(ids)]
}

/**
 * The categories of each product with their parents (a product in Femme › Robes is in Robes and in Femme), so that a
 * rule naming a parent category covers its children. One query whatever the number of products.
 */
export async function categoryIdsOfProducts(tx: Tx, productIds: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>()
  if (productIds.length === 0) return result
  const rows = await tx
    .select({ productId: productCategories.productId, categoryId: productCategories.categoryId, parentId: categories.parentId })
    .from(productCategories)
    .innerJoin(categories, eq(categories.id, productCategories.categoryId))
    .where(inArray(productCategories.productId, [...new Set(productIds)]))
  for (const row of rows) {
    const ids = result.get(row.productId) ?? []
    for (const id of [row.categoryId, row.parentId]) if (id && !ids.includes(id)) ids.push(id)
    result.set(row.productId, ids)
  }
  return result
}
