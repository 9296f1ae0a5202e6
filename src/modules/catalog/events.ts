/**
 * Events of the catalogue module. Payloads carry ids (and the few fields subscribers route on), never whole
 * products: a subscriber that needs more reads the catalogue through service.ts.
 */
export const CATALOG_EVENTS = {
  /** { productId, handle, status, variantIds } — inline variants are announced here, not one by one. */
  productCreated: 'catalog.product_created',
  /** { productId, changed: string[] } */
  productUpdated: 'catalog.product_updated',
  /** { productId } — also emitted when a PATCH sets status to archived. */
  productArchived: 'catalog.product_archived',
  /** { productId, variantId, sku, barcode } */
  variantCreated: 'catalog.variant_created',
  /** { productId, variantId, changed: string[] } */
  variantUpdated: 'catalog.variant_updated',
  /** { categoryId, code, parentId } */
  categoryCreated: 'catalog.category_created',
  /** { categories, products, variants } — one event per bulk import instead of one per product. */
  catalogImported: 'catalog.catalog_imported',
} as const
