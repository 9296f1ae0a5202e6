// The fictional retailer the demo shop belongs to. Every made-up name lives here so a fork can rebrand in one place.

export const RETAILER_NAME = 'Maison Lumière'
/** `.demo` is not a delegated TLD, so staff addresses can never reach a real mailbox. */
export const STAFF_EMAIL_DOMAIN = 'maison-lumiere.demo'
/** Customers use the RFC 2606 example domains for the same reason. */
export const CUSTOMER_EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'] as const
export const SKU_PREFIX = 'ML'
export const IMAGE_BASE_URL = 'https://images.omnicanal.dev/demo'

/** Brands of the adult range: the retailer's own label carries most of it; the others are invented partner labels. */
export const BRANDS: readonly { name: string; weight: number }[] = [
  { name: RETAILER_NAME, weight: 60 },
  { name: 'Atelier Garance', weight: 10 },
  { name: 'Les Tisserands du Sud', weight: 8 },
  { name: 'Cévennes Denim', weight: 8 },
  { name: 'Maison Lumière Essentiels', weight: 8 },
]
/** The kids' line has its own label. */
export const KIDS_BRAND = 'Petit Lumière'
