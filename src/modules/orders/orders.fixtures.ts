/** Shared by the orders tests: the commerce world, carts made over HTTP, checkout bodies and stock reads. */
import { cartWorld, requests, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import type { TestServer } from '../../../test/harness.js'
import { getAvailability, ledgerMismatches, type StockAvailability } from '../inventory/service.js'
import { TEST_CARDS } from './service.js'

export { cartWorld, requests, stockedProduct, type CartWorld }

type Headers = Record<string, string>

export const card = (number: string = TEST_CARDS.approved) => ({ method: 'card' as const, card: { number, expiryMonth: 12, expiryYear: 2035 } })

export const homeAddress = (postalCode = '34070') => ({ name: 'Camille Martin', line1: '3 rue de la Monnaie', postalCode, city: 'Montpellier', country: 'FR' })

/** Opens a cart on `channelId` as `headers` with the given lines and returns its id. */
export async function cartWith(server: TestServer, headers: Headers, channelId: string, lines: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/carts', headers, payload: { channelId, lines, ...extra } })
  if (res.statusCode !== 201) throw new Error(`cart creation failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string }>().id
}

export function checkout(server: TestServer, cartId: string, body: Record<string, unknown>, headers: Headers, extra: Headers = {}) {
  return server.app.inject({ method: 'POST', url: `/v1/carts/${cartId}/checkout`, headers: { ...headers, ...extra }, payload: body })
}

/** The stock of one variant at one location (zeros when no level exists). */
export async function stockAt(server: TestServer, variantId: string, locationId: string): Promise<StockAvailability> {
  const [row] = await getAvailability(server.database.db, { variantIds: [variantId], locationIds: [locationId] })
  return row ?? { variantId, locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, available: 0 }
}

export async function expectLedgerConsistent(server: TestServer): Promise<unknown[]> {
  return ledgerMismatches(server.database.db)
}
