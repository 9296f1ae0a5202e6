/**
 * What the seller typed or scanned, to customers: a loyalty card's QR token or its 13 digits, a phone number as she says
 * it ("06 95 28 17 53", normalised by the server) or an email are looked up exactly first; anything else, and an exact
 * look-up that finds nobody, goes to the search by name, email or phone.
 */
import { dataOf, ProblemError, type OmnicanalClient } from '../../../../shared/api.js'
import type { Schemas } from '../../api.js'

export type FoundCustomer = Schemas['Customer']

export async function findCustomers(api: OmnicanalClient, term: string, locationId: string | null): Promise<FoundCustomer[]> {
  const compact = term.replace(/\s+/g, '')
  const exact = compact.startsWith('lqr_')
    ? { qr: compact }
    : /^\d{13}$/.test(compact)
      ? { loyaltyCard: compact }
      : /^\+?[\d.\-()]{8,20}$/.test(compact)
        ? { phone: compact }
        : /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(compact)
          ? { email: compact }
          : null
  if (exact) {
    try {
      return [await dataOf(api.GET('/v1/customers/lookup', { params: { query: { ...exact, ...(locationId ? { locationId } : {}) } } }))]
    } catch (error) {
      // Not found, or not a valid phone or email after all (400): fall back to the fuzzy search; a card is exact or nothing.
      if (!(error instanceof ProblemError && (error.status === 404 || error.status === 400))) throw error
      if ('qr' in exact || 'loyaltyCard' in exact) return []
    }
  }
  const page = await dataOf(api.GET('/v1/customers', { params: { query: { q: term, limit: 20 } } }))
  return page.items
}
