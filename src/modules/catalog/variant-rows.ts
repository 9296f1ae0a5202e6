/** Variant rows shared by product creation, variant edits and the bulk import: checks, inserts, price ranges. */
import { and, ne, sql, type AnyColumn, type SQL } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import type { DomainError } from '../../platform/problems.js'
import { isValidEan13 } from './barcodes.js'
import { barcodeTaken, invalidBarcode, invalidCompareAtPrice, skuTaken } from './errors.js'
import { productVariants } from './schema.js'
import type { VariantRow } from './views.js'

export interface MoneyInput {
  amount: number
  /** ISO 4217; EUR when absent. */
  currency?: string
}

export interface VariantInput {
  sku: string
  barcode?: string | null
  options?: Record<string, string>
  price: MoneyInput
  compareAtPrice?: MoneyInput | null
}

/** Checks what the schema cannot: the EAN-13 check digit, and a compare-at price above the price in its currency. */
export function checkVariant(input: Partial<VariantInput>, field: string, current?: VariantRow): void {
  if (input.barcode != null && !isValidEan13(input.barcode)) throw invalidBarcode(input.barcode, `${field}/barcode`)
  const currency = input.price ? (input.price.currency ?? 'EUR') : current?.currency
  const price = input.price?.amount ?? current?.price
  const compareAt =
    input.compareAtPrice !== undefined
      ? input.compareAtPrice
      : current && current.compareAtPrice !== null
        ? { amount: current.compareAtPrice, currency: current.currency }
        : null
  if (compareAt && price !== undefined && ((compareAt.currency ?? 'EUR') !== currency || compareAt.amount <= price)) {
    throw invalidCompareAtPrice(`${field}/${input.compareAtPrice !== undefined ? 'compareAtPrice' : 'price'}`)
  }
}

/** Refuses two variants of one request sharing a SKU (in any case) or a barcode. */
export function checkDistinctCodes(inputs: readonly { sku: string; barcode?: string | null }[], field: (index: number) => string): void {
  const skus = new Set<string>()
  const barcodes = new Set<string>()
  inputs.forEach((input, index) => {
    const sku = input.sku.toUpperCase()
    if (skus.has(sku)) throw skuTaken(input.sku, `${field(index)}/sku`)
    skus.add(sku)
    if (input.barcode == null) return
    if (barcodes.has(input.barcode)) throw barcodeTaken(input.barcode, `${field(index)}/barcode`)
    barcodes.add(input.barcode)
  })
}

/** Names the field at fault once an insert or update met a taken SKU or barcode. */
export async function explainCodeConflict(tx: Tx, variant: { id?: string; sku: string; barcode?: string | null }, field: string): Promise<DomainError> {
  const [owner] = await tx
    .select({ sku: productVariants.sku })
    .from(productVariants)
    .where(and(sql`upper(${productVariants.sku}) = upper(${variant.sku})`, variant.id ? ne(productVariants.id, variant.id) : undefined))
    .limit(1)
  if (owner || variant.barcode == null) return skuTaken(variant.sku, `${field}/sku`)
  return barcodeTaken(variant.barcode, `${field}/barcode`)
}

/**
 * Inserts the variants of one product after `firstPosition`. A taken SKU or barcode is a 409 naming the variant's
 * field: ON CONFLICT DO NOTHING keeps the transaction usable to find out which code it was.
 */
export async function insertVariants(
  tx: Tx,
  productId: string,
  inputs: readonly VariantInput[],
  field: (index: number) => string,
  firstPosition = 0,
): Promise<VariantRow[]> {
  if (inputs.length === 0) return []
  checkDistinctCodes(inputs, field)
  const values = inputs.map((input, index) => ({
    id: newId('var'),
    productId,
    sku: input.sku,
    barcode: input.barcode ?? null,
    options: input.options ?? {},
    price: input.price.amount,
    compareAtPrice: input.compareAtPrice?.amount ?? null,
    currency: input.price.currency ?? 'EUR',
    position: firstPosition + index,
  }))
  const rows = await tx.insert(productVariants).values(values).onConflictDoNothing().returning()
  if (rows.length < values.length) {
    const inserted = new Set(rows.map((row) => row.id))
    const index = values.findIndex((value) => !inserted.has(value.id))
    const input = inputs[index]
    if (input) throw await explainCodeConflict(tx, input, field(index))
  }
  return rows.sort((a, b) => a.position - b.position)
}

/** Lowest and highest variant price of the product whose id column is given, and their currency. */
export function priceRangeOf(productId: AnyColumn | SQL) {
  const of = (aggregate: SQL) => sql`(select ${aggregate} from ${productVariants} where ${productVariants.productId} = ${productId})`
  return {
    minPrice: sql<number | null>`${of(sql`min(${productVariants.price})`)}`.mapWith(Number),
    maxPrice: sql<number | null>`${of(sql`max(${productVariants.price})`)}`.mapWith(Number),
    currency: sql<string | null>`${of(sql`min(${productVariants.currency})`)}`,
  }
}
