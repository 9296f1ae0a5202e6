/** The catalogue's API shapes and the row → shape mappers every catalogue file shares. */
import type { categories, ProductStatus, products, productVariants } from './schema.js'

export interface Money {
  amount: number
  currency: string
}

export interface Localized {
  fr: string
  en: string
}

export interface Image {
  url: string
}

export interface Variant {
  id: string
  productId: string
  sku: string
  barcode: string | null
  options: Record<string, string>
  price: Money
  compareAtPrice: Money | null
  position: number
  version: number
  createdAt: string
  updatedAt: string
}

export interface Product {
  id: string
  handle: string
  status: ProductStatus
  title: Localized
  description: Localized
  brand: string
  vatRate: number
  images: Image[]
  categoryIds: string[]
  variants: Variant[]
  /** The product's own fields; each variant has its own version. */
  version: number
  createdAt: string
  updatedAt: string
}

/** What lists, search results and scanner look-ups show of a product. */
export interface ProductSummary {
  id: string
  handle: string
  status: ProductStatus
  title: Localized
  brand: string
  vatRate: number
  images: Image[]
  /** Lowest and highest variant price; null while the product has no variant. */
  price: { min: Money; max: Money } | null
}

export interface VariantWithProduct extends Variant {
  product: ProductSummary
}

export interface Category {
  id: string
  code: string
  parentId: string | null
  name: Localized
  createdAt: string
  updatedAt: string
}

/** Who is looking: the public (customers, kiosks, anonymous) sees active products only; staff see every status. */
export type Audience = 'public' | 'staff'

export type ProductRow = Omit<typeof products.$inferSelect, 'searchVector' | 'searchTitle'>
export type VariantRow = typeof productVariants.$inferSelect
export type CategoryRow = typeof categories.$inferSelect

export function toVariant(row: VariantRow): Variant {
  return {
    id: row.id,
    productId: row.productId,
    sku: row.sku,
    barcode: row.barcode,
    options: row.options,
    price: { amount: row.price, currency: row.currency },
    compareAtPrice: row.compareAtPrice === null ? null : { amount: row.compareAtPrice, currency: row.currency },
    position: row.position,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function toProduct(row: ProductRow, variants: VariantRow[], categoryIds: string[]): Product {
  return {
    id: row.id,
    handle: row.handle,
    status: row.status,
    title: { fr: row.titleFr, en: row.titleEn },
    description: { fr: row.descriptionFr, en: row.descriptionEn },
    brand: row.brand,
    vatRate: row.vatRate,
    images: row.imageUrls.map((url) => ({ url })),
    categoryIds,
    variants: variants.map(toVariant),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export interface PriceRange {
  minPrice: number | null
  maxPrice: number | null
  currency: string | null
}

export function toProductSummary(
  row: Pick<ProductRow, 'id' | 'handle' | 'status' | 'titleFr' | 'titleEn' | 'brand' | 'vatRate' | 'imageUrls'>,
  range: PriceRange,
): ProductSummary {
  const currency = range.currency ?? 'EUR'
  return {
    id: row.id,
    handle: row.handle,
    status: row.status,
    title: { fr: row.titleFr, en: row.titleEn },
    brand: row.brand,
    vatRate: row.vatRate,
    images: row.imageUrls.map((url) => ({ url })),
    price: range.minPrice === null || range.maxPrice === null ? null : { min: { amount: range.minPrice, currency }, max: { amount: range.maxPrice, currency } },
  }
}

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parentId,
    name: { fr: row.nameFr, en: row.nameEn },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** Columns of `products` to select: everything but the search columns, which only the database reads. */
export function productColumns(t: typeof products) {
  return {
    id: t.id,
    handle: t.handle,
    status: t.status,
    titleFr: t.titleFr,
    titleEn: t.titleEn,
    descriptionFr: t.descriptionFr,
    descriptionEn: t.descriptionEn,
    brand: t.brand,
    vatRate: t.vatRate,
    imageUrls: t.imageUrls,
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  }
}
