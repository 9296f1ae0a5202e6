/** Products: create with inline variants, read by id or handle, change, archive. */
import { and, asc, eq, ne, or, sql } from 'drizzle-orm'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { resolveCategoryIds } from './categories.js'
import { handleRequired, handleTaken, invalidVatRate, productNotFound } from './errors.js'
import { CATALOG_EVENTS } from './events.js'
import { productCategories, products, productVariants, VAT_RATES, type ProductStatus } from './schema.js'
import { checkVariant, insertVariants, type VariantInput } from './variant-rows.js'
import { productColumns, toProduct, type Audience, type Image, type Localized, type Product, type ProductRow } from './views.js'

export interface ProductFields {
  handle?: string
  status?: ProductStatus
  title: Localized
  description?: Localized
  brand?: string
  /** Basis points: 2000, 1000, 550 or 210. */
  vatRate?: number
  images?: Image[]
  /** Ids or codes of categories. */
  categoryIds?: string[]
}

export interface ProductInput extends ProductFields {
  variants?: VariantInput[]
}

/** A URL-safe handle from a title: "Robe élégante en lin" → "robe-elegante-en-lin". */
export function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 96)
    .replace(/-+$/, '')
}

export function checkVatRate(rate: number, field: string): void {
  if (!(VAT_RATES as readonly number[]).includes(rate)) throw invalidVatRate(rate, field)
}

const byIdOrHandle = (idOrHandle: string) => or(eq(products.id, idOrHandle), eq(products.handle, idOrHandle))

/** The product row named by id or handle, or a 404. */
export async function resolveProduct(tx: Tx, idOrHandle: string): Promise<ProductRow> {
  const [row] = await tx.select(productColumns(products)).from(products).where(byIdOrHandle(idOrHandle)).limit(1)
  if (!row) throw productNotFound(idOrHandle)
  return row
}

async function loadProduct(tx: Tx, row: ProductRow): Promise<Product> {
  const variants = await tx
    .select()
    .from(productVariants)
    .where(eq(productVariants.productId, row.id))
    .orderBy(asc(productVariants.position), asc(productVariants.id))
  const links = await tx.select({ categoryId: productCategories.categoryId }).from(productCategories).where(eq(productCategories.productId, row.id))
  const categoryIds = links.map((link) => link.categoryId)
  return toProduct(row, variants, categoryIds)
}

/** Creates a product and its variants in one go; handle, SKUs and barcodes are unique or nothing is written. */
export async function createProduct(tx: Tx, input: ProductInput): Promise<Product> {
  const vatRate = input.vatRate ?? 2000
  checkVatRate(vatRate, '/body/vatRate')
  const variants = input.variants ?? []
  variants.forEach((variant, index) => checkVariant(variant, `/body/variants/${index}`))
  const categoryIds = await resolveCategoryIds(tx, input.categoryIds ?? [], (index) => `/body/categoryIds/${index}`)
  const id = newId('prod')
  const handle = input.handle ?? slugify(input.title.fr || input.title.en)
  if (handle === '') throw handleRequired()
  const values = {
    id,
    status: input.status ?? 'draft',
    titleFr: input.title.fr,
    titleEn: input.title.en,
    descriptionFr: input.description?.fr ?? '',
    descriptionEn: input.description?.en ?? '',
    brand: input.brand ?? '',
    vatRate,
    imageUrls: (input.images ?? []).map((image) => image.url),
  }
  const insert = async (candidate: string) => {
    const [inserted] = await tx
      .insert(products)
      .values({ ...values, handle: candidate })
      .onConflictDoNothing({ target: products.handle })
      .returning(productColumns(products))
    return inserted
  }
  // A handle made from the title yields to an existing product by taking a suffix; a handle the caller chose does not.
  const row = (await insert(handle)) ?? (input.handle === undefined ? await insert(`${handle}-${id.slice(-6)}`) : undefined)
  if (!row) throw handleTaken(handle)
  if (categoryIds.length > 0) await tx.insert(productCategories).values(categoryIds.map((categoryId) => ({ productId: id, categoryId })))
  const variantRows = await insertVariants(tx, id, variants, (index) => `/body/variants/${index}`)
  await emit(tx, CATALOG_EVENTS.productCreated, { productId: id, handle: row.handle, status: row.status, variantIds: variantRows.map((v) => v.id) })
  return toProduct(row, variantRows, categoryIds)
}

/** One product by id or handle with its variants; the public sees active products only, others are a 404. */
export async function getProduct(tx: Tx, input: { idOrHandle: string; audience: Audience }): Promise<Product> {
  const row = await resolveProduct(tx, input.idOrHandle)
  if (input.audience === 'public' && row.status !== 'active') throw productNotFound(input.idOrHandle)
  return loadProduct(tx, row)
}

async function writeProductFields(tx: Tx, id: string, changes: Partial<ProductFields>, expectedVersion: ExpectedVersion | undefined): Promise<ProductRow | undefined> {
  try {
    const [row] = await tx
      .update(products)
      .set({
        ...(changes.handle !== undefined && { handle: changes.handle }),
        ...(changes.status !== undefined && { status: changes.status }),
        ...(changes.title !== undefined && { titleFr: changes.title.fr, titleEn: changes.title.en }),
        ...(changes.description !== undefined && { descriptionFr: changes.description.fr, descriptionEn: changes.description.en }),
        ...(changes.brand !== undefined && { brand: changes.brand }),
        ...(changes.vatRate !== undefined && { vatRate: changes.vatRate }),
        ...(changes.images !== undefined && { imageUrls: changes.images.map((image) => image.url) }),
        updatedAt: sql`now()`,
      })
      .where(and(eq(products.id, id), versionCondition(products.version, expectedVersion)))
      .returning(productColumns(products))
    return row
  } catch (error) {
    // The handle is the only unique column a PATCH can change.
    if (changes.handle !== undefined && isUniqueViolation(error)) throw handleTaken(changes.handle)
    throw error
  }
}

/**
 * Changes a product's own fields (variants have their own routes); categories, when given, replace the old ones.
 * 412 when it moved past `expectedVersion` (If-Match), checked by the UPDATE itself.
 */
export async function updateProduct(tx: Tx, input: { idOrHandle: string; changes: Partial<ProductFields>; expectedVersion?: ExpectedVersion }): Promise<Product> {
  const { changes } = input
  if (changes.vatRate !== undefined) checkVatRate(changes.vatRate, '/body/vatRate')
  const current = await resolveProduct(tx, input.idOrHandle)
  const categoryIds = changes.categoryIds && (await resolveCategoryIds(tx, changes.categoryIds, (index) => `/body/categoryIds/${index}`))
  const row = await writeProductFields(tx, current.id, changes, input.expectedVersion)
  if (!row) throw preconditionFailed('product', (await resolveProduct(tx, current.id)).version)
  if (categoryIds) {
    await tx.delete(productCategories).where(eq(productCategories.productId, row.id))
    if (categoryIds.length > 0) await tx.insert(productCategories).values(categoryIds.map((categoryId) => ({ productId: row.id, categoryId })))
  }
  await emit(tx, CATALOG_EVENTS.productUpdated, { productId: row.id, changed: Object.keys(changes) })
  if (row.status === 'archived' && current.status !== 'archived') await emit(tx, CATALOG_EVENTS.productArchived, { productId: row.id })
  return loadProduct(tx, row)
}

/**
 * Archives a product (the catalogue never deletes: orders keep pointing at it); archiving twice changes nothing.
 * 412 when it moved past `expectedVersion` (If-Match).
 */
export async function archiveProduct(tx: Tx, input: { idOrHandle: string; expectedVersion?: ExpectedVersion }): Promise<Product> {
  const [row] = await tx
    .update(products)
    .set({ status: 'archived', updatedAt: sql`now()` })
    .where(and(byIdOrHandle(input.idOrHandle), ne(products.status, 'archived'), versionCondition(products.version, input.expectedVersion)))
    .returning(productColumns(products))
  if (!row) {
    const current = await resolveProduct(tx, input.idOrHandle)
    if (current.status !== 'archived') throw preconditionFailed('product', current.version)
    return loadProduct(tx, current)
  }
  await emit(tx, CATALOG_EVENTS.productArchived, { productId: row.id })
  return loadProduct(tx, row)
}
