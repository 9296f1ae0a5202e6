/** Shared by the catalogue's HTTP tests: callers of every kind, request helpers and valid product bodies. */
import { randomBytes } from 'node:crypto'
import { customerSession, seedStores, staffSession, type Session } from '../../../test/fixtures.js'
import type { TestServer } from '../../../test/harness.js'
import { createIntegrationKey, createStaffUser } from '../auth/service.js'
import { makeEan13 } from './barcodes.js'

type Headers = Record<string, string>

export interface CatalogCallers {
  admin: Session
  associate: Session
  customer: Session
  /** An API key holding catalog:write. */
  integration: { headers: Headers }
  /** An API key without catalog:write. */
  readOnlyIntegration: { headers: Headers }
}

export async function catalogCallers(server: TestServer): Promise<CatalogCallers> {
  const stores = await seedStores(server.database)
  const keys = await server.database.transaction(async (tx) => {
    const account = await createStaffUser(tx, { email: 'erp@test.omnicanal', displayName: 'ERP', role: 'integration', grantor: 'system' })
    return [
      await createIntegrationKey(tx, { staffUserId: account.id, label: 'catalogue', scopes: ['catalog:write'], ttlHours: null, grantor: 'system' }),
      await createIntegrationKey(tx, { staffUserId: account.id, label: 'events', scopes: ['events:read'], ttlHours: null, grantor: 'system' }),
    ]
  })
  return {
    admin: await staffSession(server, 'admin'),
    associate: await staffSession(server, 'store_associate', [stores.lyon.id]),
    customer: await customerSession(server),
    integration: { headers: { authorization: `Bearer ${keys[0]?.token}` } },
    readOnlyIntegration: { headers: { authorization: `Bearer ${keys[1]?.token}` } },
  }
}

/** inject() shorthands; writes go as `defaultHeaders()` (the admin) unless told otherwise. */
export function requests(server: () => TestServer, defaultHeaders: () => Headers) {
  return {
    post: (url: string, payload: unknown, headers: Headers = defaultHeaders()) =>
      server().app.inject({ method: 'POST', url, headers, payload: payload as object }),
    patch: (url: string, payload: unknown, headers: Headers = defaultHeaders()) =>
      server().app.inject({ method: 'PATCH', url, headers, payload: payload as object }),
    get: (url: string, headers: Headers = {}) => server().app.inject({ method: 'GET', url, headers }),
  }
}

let serial = 0
/** A fresh valid EAN-13 and SKU stem per call, so tests never collide. */
export function codes() {
  serial += 1
  const stem = `T${randomBytes(3).toString('hex').toUpperCase()}${serial}`
  const body = `37${String(Date.now() % 1e6).padStart(6, '0')}${String(serial).padStart(4, '0')}`
  return { sku: stem, barcode: makeEan13(body) }
}

export function productBody(overrides: Record<string, unknown> = {}) {
  const a = codes()
  const b = codes()
  return {
    title: { fr: 'Robe élégante en lin', en: 'Elegant linen dress' },
    description: { fr: 'Une robe légère pour l’été.', en: 'A light summer dress.' },
    brand: 'Maison Lumière',
    vatRate: 2000,
    images: [{ url: 'https://images.example.com/robe-1.jpg' }],
    handle: `robe-${randomBytes(4).toString('hex')}`,
    status: 'active',
    variants: [
      {
        sku: `${a.sku}-S`,
        barcode: a.barcode,
        options: { taille: 'S' },
        price: { amount: 5990, currency: 'EUR' },
        compareAtPrice: { amount: 7990, currency: 'EUR' },
      },
      { sku: `${b.sku}-M`, barcode: b.barcode, options: { taille: 'M' }, price: { amount: 5990 } },
    ],
    ...overrides,
  }
}
