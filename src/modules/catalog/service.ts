/**
 * Catalogue: products (French and English titles and descriptions, brand, VAT rate, images, status), their variants
 * (options, SKU, EAN-13 barcode, tax-inclusive price in minor units), a two-level category tree, full-text search
 * and the scanner look-up by SKU or barcode.
 * Owns `products`, `product_variants`, `product_categories`, `categories`.
 * Invariants: handles, category codes, SKUs (case-insensitively) and barcodes are unique (unique indexes; a clash is
 * a 409 naming the field, found with ON CONFLICT DO NOTHING so the transaction stays usable); barcodes are EAN-13
 * with a valid check digit (service) of 13 digits (CHECK); prices are >= 0 and a compare-at price is above the price
 * (CHECK); VAT rates are 2000, 1000, 550 or 210 basis points (CHECK); a sub-category's parent is top-level. Products
 * are archived, never deleted; status moves freely between draft, active and archived, so there is no transition
 * table. The public (anonymous, customers, devices) sees active products only; staff and integrations see all.
 * Events: catalog.product_created, catalog.product_updated, catalog.product_archived, catalog.variant_created,
 * catalog.variant_updated, catalog.category_created, catalog.catalog_imported (bulk import, one per call).
 */
export { makeEan13 } from './barcodes.js'
export { insertCatalog, type CatalogImport, type ImportCategory, type ImportProduct, type ImportVariant } from './bulk-import.js'
export { CATEGORY_SORT_KEYS, categoryIdsOfProducts, createCategory, getCategory, listCategories, type CategoryInput } from './categories.js'
export { archiveProduct, createProduct, getProduct, updateProduct, type ProductFields, type ProductInput } from './products.js'
export { PRODUCT_STATUSES, VAT_RATES, type ProductStatus } from './schema.js'
export { listProducts, listProducts as searchProducts, PRODUCT_SORT_KEYS, type ProductListInput } from './search.js'
export type { MoneyInput, VariantInput } from './variant-rows.js'
export { addVariant, findVariantByCode, getVariantsByIds, updateVariant } from './variants.js'
export type { Audience, Category, Localized, Money, Product, ProductSummary, Variant, VariantWithProduct } from './views.js'
