/** Shared by the inventory HTTP tests: stores, callers, variants made through the API, request helpers, ledger check. */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { seedStores, staffSession, type Session, type Stores } from '../../../test/fixtures.js'
import type { TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { ledgerMismatches } from './service.js'

type Headers = Record<string, string>

export interface InventoryWorld {
  stores: Stores
  admin: Session
  /** A store associate bound to Lyon only. */
  lyonAssociate: Session
}

export async function inventoryWorld(server: TestServer): Promise<InventoryWorld> {
  const stores = await seedStores(server.database)
  return { stores, admin: await staffSession(server, 'admin'), lyonAssociate: await staffSession(server, 'store_associate', [stores.lyon.id]) }
}

let serial = 0
/** A valid EAN-13 (GS1 check digit) unique to this run. */
export function ean13(): string {
  serial += 1
  const body = `37${String(Date.now() % 1e6).padStart(6, '0')}${String(serial % 10000).padStart(4, '0')}`
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0)
  return body + String((10 - (sum % 10)) % 10)
}

export interface TestVariant {
  id: string
  sku: string
  barcode: string
}

/** An active product with `count` variants, created over HTTP by the admin. */
export async function createVariants(server: TestServer, admin: Session, count = 1): Promise<TestVariant[]> {
  const stem = `INV${randomBytes(3).toString('hex').toUpperCase()}`
  const res = await server.app.inject({
    method: 'POST',
    url: '/v1/products',
    headers: admin.headers,
    payload: {
      title: { fr: 'Pull en laine', en: 'Wool jumper' },
      status: 'active',
      variants: Array.from({ length: count }, (_, i) => ({ sku: `${stem}-${i}`, barcode: ean13(), options: { taille: String(i) }, price: { amount: 7990 } })),
    },
  })
  if (res.statusCode !== 201) throw new Error(`product create failed: ${res.body}`)
  return res.json<{ variants: TestVariant[] }>().variants
}

/** inject() shorthands; `headers` default to the admin's. */
export function requests(server: () => TestServer, defaultHeaders: () => Headers) {
  return {
    post: (url: string, payload: unknown = {}, headers: Headers = defaultHeaders()) =>
      server().app.inject({ method: 'POST', url, headers, payload: payload as object }),
    patch: (url: string, payload: unknown, headers: Headers = defaultHeaders()) =>
      server().app.inject({ method: 'PATCH', url, headers, payload: payload as object }),
    put: (url: string, payload: unknown, headers: Headers = defaultHeaders()) =>
      server().app.inject({ method: 'PUT', url, headers, payload: payload as object }),
    get: (url: string, headers: Headers = defaultHeaders()) => server().app.inject({ method: 'GET', url, headers }),
  }
}

/** Puts `quantity` units of each variant at the location through POST /v1/inventory/receipts. */
export async function stock(server: TestServer, admin: Session, locationId: string, lines: { variantId: string; quantity: number }[]): Promise<void> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/inventory/receipts', headers: admin.headers, payload: { locationId, lines } })
  if (res.statusCode !== 201) throw new Error(`receipt failed: ${res.body}`)
}

/** Asserts the ledger invariant: every level equals the sums of its movements. */
export async function expectLedgerConsistent(server: TestServer): Promise<void> {
  expect(await ledgerMismatches(server.database.db)).toEqual([])
}

/** Events of a type written so far, oldest first. */
export async function eventsOf(server: TestServer, type: string): Promise<{ payload: Record<string, unknown>; location_id: string | null }[]> {
  const result = await server.database.db.execute(sql`select payload, location_id from outbox_events where type = ${type} order by txid, position`)
  return rowsOf(result)
}
