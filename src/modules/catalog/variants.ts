/** Variants: adding and changing the sellable items of a product, and the scanner look-up by code. */
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm'
import { preconditionFailed, versionMatches, type ExpectedVersion } from '../../platform/concurrency.js'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { barcodeTaken, skuTaken, unknownVariantCode, variantNotFound } from './errors.js'
import { CATALOG_EVENTS } from './events.js'
import { resolveProduct } from './products.js'
import { products, productVariants } from './schema.js'
import { checkVariant, explainCodeConflict, insertVariants, priceRangeOf, type VariantInput } from './variant-rows.js'
import { productColumns, toProductSummary, toVariant, type Audience, type Variant, type VariantWithProduct } from './views.js'

/** Adds a variant at the end of a product's list. */
export async function addVariant(tx: Tx, input: { product: string; variant: VariantInput }): Promise<Variant> {
  checkVariant(input.variant, '/body')
  const product = await resolveProduct(tx, input.product)
  const [last] = await tx
    .select({ position: productVariants.position })
    .from(productVariants)
    .where(eq(productVariants.productId, product.id))
    .orderBy(desc(productVariants.position))
    .limit(1)
  const [row] = await insertVariants(tx, product.id, [input.variant], () => '/body', (last?.position ?? -1) + 1)
  if (!row) throw new Error('variant insert returned nothing')
  await emit(tx, CATALOG_EVENTS.variantCreated, { productId: product.id, variantId: row.id, sku: row.sku, barcode: row.barcode })
  return toVariant(row)
}

/** Changes a variant of the product; codes stay unique and the compare-at price stays above the price. */
export async function updateVariant(tx: Tx, input: { product: string; variantId: string; changes: Partial<VariantInput>; expectedVersion?: ExpectedVersion }): Promise<Variant> {
  const product = await resolveProduct(tx, input.product)
  const [current] = await tx
    .select()
    .from(productVariants)
    .where(and(eq(productVariants.id, input.variantId), eq(productVariants.productId, product.id)))
    .for('update')
  if (!current) throw variantNotFound(input.variantId)
  // Compared under the row lock taken above, so no other write slips in between.
  if (!versionMatches(current.version, input.expectedVersion)) throw preconditionFailed('variant', current.version)
  const { changes } = input
  checkVariant(changes, '/body', current)
  const sku = changes.sku ?? current.sku
  const barcode = changes.barcode !== undefined ? changes.barcode : current.barcode
  const conflict = await tx
    .select({ id: productVariants.id })
    .from(productVariants)
    .where(
      and(
        ne(productVariants.id, current.id),
        or(sql`upper(${productVariants.sku}) = upper(${sku})`, barcode === null ? undefined : eq(productVariants.barcode, barcode)),
      ),
    )
    .limit(1)
  if (conflict.length > 0) throw await explainCodeConflict(tx, { id: current.id, sku, barcode }, '/body')
  try {
    const [row] = await tx
      .update(productVariants)
      .set({
        sku,
        barcode,
        options: changes.options ?? current.options,
        price: changes.price?.amount ?? current.price,
        currency: changes.price ? (changes.price.currency ?? 'EUR') : current.currency,
        compareAtPrice: changes.compareAtPrice !== undefined ? (changes.compareAtPrice?.amount ?? null) : current.compareAtPrice,
        updatedAt: sql`now()`,
      })
      .where(eq(productVariants.id, current.id))
      .returning()
    if (!row) throw variantNotFound(input.variantId)
    await emit(tx, CATALOG_EVENTS.variantUpdated, { productId: product.id, variantId: row.id, changed: Object.keys(changes) })
    return toVariant(row)
  } catch (error) {
    // A concurrent writer took the code between the check above and this update.
    if (isUniqueViolation(error)) throw changes.sku !== undefined ? skuTaken(sku, '/body/sku') : barcodeTaken(barcode ?? '', '/body/barcode')
    throw error
  }
}

/**
 * The till scanner's and shelf QR's hot path: the variant whose SKU (any case) or barcode is `code`, with its product
 * summary, in one statement. Relies on product_variants_sku_key (unique on upper(sku)) and product_variants_barcode_key,
 * combined by a BitmapOr, then products_pkey; the price range reads product_variants_product_idx.
 */
export async function findVariantByCode(tx: Tx, input: { code: string; audience: Audience }): Promise<VariantWithProduct> {
  const [row] = await tx
    .select({ variant: productVariants, product: productColumns(products), ...priceRangeOf(products.id) })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(
      and(
        or(sql`upper(${productVariants.sku}) = upper(${input.code})`, eq(productVariants.barcode, input.code)),
        input.audience === 'public' ? eq(products.status, 'active') : undefined,
      ),
    )
    // When one item's SKU spells another's barcode, the scanned barcode wins.
    .orderBy(sql`${productVariants.barcode} = ${input.code} desc nulls last`, asc(productVariants.id))
    .limit(1)
  if (!row) throw unknownVariantCode(input.code)
  return { ...toVariant(row.variant), product: toProductSummary(row.product, row) }
}

/** Variants by id with their product summaries, for other modules (carts, orders, inventory); unknown ids are left out. */
export async function getVariantsByIds(tx: Tx, input: { ids: readonly string[]; audience: Audience }): Promise<VariantWithProduct[]> {
  if (input.ids.length === 0) return []
  const rows = await tx
    .select({ variant: productVariants, product: productColumns(products), ...priceRangeOf(products.id) })
    .from(productVariants)
    .innerJoin(products, eq(products.id, productVariants.productId))
    .where(and(inArray(productVariants.id, [...input.ids]), input.audience === 'public' ? eq(products.status, 'active') : undefined))
    .orderBy(asc(productVariants.id))
  return rows.map((row) => ({ ...toVariant(row.variant), product: toProductSummary(row.product, row) }))
}
