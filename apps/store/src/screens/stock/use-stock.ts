/** The stock screen's data: what a code or a search names, where it is available, and the orders and transfers it leads to. */
import { useQuery } from '@tanstack/react-query'
import type { paths } from '@omnicanal/client'
import { dataOf, ProblemError } from '../../../../shared/api.js'
import { api, type Schemas } from '../../api.js'

export type Product = Awaited<ReturnType<typeof getProduct>>
export type ProductSummary = Schemas['ProductSummary']
export type Availability = Awaited<ReturnType<typeof getAvailability>>
export type CheckoutBody = paths['/v1/carts/{id}/checkout']['post']['requestBody']['content']['application/json']
export type PostalAddress = NonNullable<CheckoutBody['fulfilment']['shippingAddress']>

function getProduct(id: string) {
  return dataOf(api.GET('/v1/products/{id}', { params: { path: { id } } }))
}
function getAvailability(variantId: string) {
  return dataOf(api.GET('/v1/inventory/availability', { params: { query: { variantId } } }))
}

/**
 * A typed or scanned code first as a SKU or barcode (a USB scanner types it and presses Enter), else as words of a
 * product's title: the products found, each with its variants.
 */
export async function findProducts(text: string, language: 'fr' | 'en'): Promise<{ exact: { productId: string; variantId: string } | null; products: ProductSummary[] }> {
  if (!/\s/.test(text)) {
    try {
      const variant = await dataOf(api.GET('/v1/variants/{skuOrBarcode}', { params: { path: { skuOrBarcode: text } } }))
      return { exact: { productId: variant.productId, variantId: variant.id }, products: [] }
    } catch (error) {
      if (!(error instanceof ProblemError && (error.status === 404 || error.status === 400))) throw error
    }
  }
  const page = await dataOf(api.GET('/v1/products', { params: { query: { q: text, lang: language, status: 'active', limit: 10 } } }))
  return { exact: null, products: page.items }
}

export function useProduct(productId: string | null) {
  return useQuery({ queryKey: ['product', productId], enabled: productId !== null, staleTime: 300_000, queryFn: () => getProduct(productId!) })
}

/** Every location's availability for the variant (stock moves: short stale time, refetched on focus). */
export function useAvailability(variantId: string | null) {
  return useQuery({ queryKey: ['availability', variantId], enabled: variantId !== null, staleTime: 10_000, queryFn: () => getAvailability(variantId!) })
}

/** Distances from this store to the others that have it, to say which is nearest. */
export function useNearest(variantId: string | null, origin: { latitude: number; longitude: number } | undefined) {
  return useQuery({
    queryKey: ['availability-nearest', variantId, origin?.latitude, origin?.longitude],
    enabled: variantId !== null && origin !== undefined,
    staleTime: 10_000,
    queryFn: async () => {
      const nearest = await dataOf(api.GET('/v1/inventory/availability/nearest', { params: { query: { variantId: variantId!, latitude: origin!.latitude, longitude: origin!.longitude, limit: 20 } } }))
      return new Map(nearest.items.map((item) => [item.locationId, item.distanceKm]))
    },
  })
}
