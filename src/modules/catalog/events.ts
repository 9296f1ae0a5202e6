/**
 * Events of the catalogue module. Payloads carry ids (and the few fields subscribers route on), never whole
 * products: a subscriber that needs more reads the catalogue through service.ts. Not scoped: every staff reader sees them.
 */
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const CATALOG_EVENTS = {
  productCreated: 'catalog.product_created',
  productUpdated: 'catalog.product_updated',
  productArchived: 'catalog.product_archived',
  variantCreated: 'catalog.variant_created',
  variantUpdated: 'catalog.variant_updated',
  categoryCreated: 'catalog.category_created',
  catalogImported: 'catalog.catalog_imported',
} as const

export const CATALOG_EVENT_DEFINITIONS = defineEvents({
  [CATALOG_EVENTS.productCreated]: {
    description: 'A product was created; its inline variants are announced here, not one by one.',
    payload: payload({ productId: S.id(), handle: S.text(), status: S.id(), variantIds: S.ids('Variants created with it') }),
  },
  [CATALOG_EVENTS.productUpdated]: { description: 'Fields of a product changed.', payload: payload({ productId: S.id(), changed: S.changed() }) },
  [CATALOG_EVENTS.productArchived]: {
    description: 'A product was archived (also when a PATCH sets its status to archived).',
    payload: payload({ productId: S.id() }),
  },
  [CATALOG_EVENTS.variantCreated]: {
    description: 'A variant was added to a product.',
    payload: payload({ productId: S.id(), variantId: S.id(), sku: S.text(), barcode: S.nullable(S.text()) }),
  },
  [CATALOG_EVENTS.variantUpdated]: {
    description: 'Fields of a variant changed.',
    payload: payload({ productId: S.id(), variantId: S.id(), changed: S.changed() }),
  },
  [CATALOG_EVENTS.categoryCreated]: {
    description: 'A category was created.',
    payload: payload({ categoryId: S.id(), code: S.text(), parentId: S.nullable(S.id()) }),
  },
  [CATALOG_EVENTS.catalogImported]: {
    description: 'A bulk import committed: one event for the whole import, with how many of each it wrote.',
    payload: payload({ categories: S.count(), products: S.count(), variants: S.count() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof CATALOG_EVENT_DEFINITIONS> {}
}
