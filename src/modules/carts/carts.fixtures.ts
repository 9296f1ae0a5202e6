/** Shared by the carts tests: channels of every kind, callers of every kind, products at two VAT rates, stock. */
import { randomBytes } from 'node:crypto'
import { customerSession, seedStores, staffSession, type Session, type Stores } from '../../../test/fixtures.js'
import type { TestServer } from '../../../test/harness.js'
import { createIntegrationKey, createStaffUser } from '../auth/service.js'
import { createProduct, type Product } from '../catalog/service.js'
import { createChannel, type Channel } from '../channels/service.js'
import { setStockLevels } from '../inventory/service.js'

type Headers = Record<string, string>

export interface CartChannels {
  web: Channel
  mobile: Channel
  kioskMontpellier: Channel
  storeMontpellier: Channel
  storeLyon: Channel
  phone: Channel
  catalogue: Channel
  marketplace: Channel
  closed: Channel
}

export interface CartWorld {
  stores: Stores
  channels: CartChannels
  admin: Session
  /** Store associate at Montpellier. */
  associate: Session
  /** Store associate at Lyon. */
  lyonAssociate: Session
  agent: Session
  customer: Session
  otherCustomer: Session
  device: { id: string; headers: Headers }
  otherDevice: { id: string; headers: Headers }
  integration: { headers: Headers }
  /** An API key without carts:manage. */
  readOnlyIntegration: { headers: Headers }
}

async function deviceSession(server: TestServer): Promise<{ id: string; headers: Headers }> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/auth/anonymous' })
  if (res.statusCode !== 201) throw new Error(`anonymous session failed: ${res.body}`)
  const body = res.json<{ token: string; deviceId: string }>()
  return { id: body.deviceId, headers: { authorization: `Bearer ${body.token}` } }
}

/** Stores, one channel of each kind (and an inactive one), and every kind of caller. */
export async function cartWorld(server: TestServer): Promise<CartWorld> {
  const stores = await seedStores(server.database)
  const { channels, keys } = await server.database.transaction(async (tx) => {
    const channel = (code: string, kind: Channel['kind'], locationId: string | null = null, active = true) => createChannel(tx, { code, name: code, kind, locationId, active })
    const channels: CartChannels = {
      web: await channel('web', 'web'),
      mobile: await channel('app', 'mobile_app'),
      kioskMontpellier: await channel('kiosk-montpellier', 'kiosk', stores.montpellier.id),
      storeMontpellier: await channel('store-montpellier', 'store', stores.montpellier.id),
      storeLyon: await channel('store-lyon', 'store', stores.lyon.id),
      phone: await channel('phone', 'phone'),
      catalogue: await channel('catalogue', 'catalogue'),
      marketplace: await channel('marketplace', 'marketplace'),
      closed: await channel('old-web', 'web', null, false),
    }
    const account = await createStaffUser(tx, { email: 'erp@test.omnicanal', displayName: 'ERP', role: 'integration' })
    const keys = [
      await createIntegrationKey(tx, { staffUserId: account.id, label: 'carts', scopes: ['carts:manage'], ttlHours: null }),
      await createIntegrationKey(tx, { staffUserId: account.id, label: 'events', scopes: ['events:read'], ttlHours: null }),
    ]
    return { channels, keys }
  })
  return {
    stores,
    channels,
    admin: await staffSession(server, 'admin'),
    associate: await staffSession(server, 'store_associate', [stores.montpellier.id]),
    lyonAssociate: await staffSession(server, 'store_associate', [stores.lyon.id]),
    agent: await staffSession(server, 'call_centre_agent'),
    customer: await customerSession(server),
    otherCustomer: await customerSession(server),
    device: await deviceSession(server),
    otherDevice: await deviceSession(server),
    integration: { headers: { authorization: `Bearer ${keys[0]?.token}` } },
    readOnlyIntegration: { headers: { authorization: `Bearer ${keys[1]?.token}` } },
  }
}

let serial = 0

/** A valid EAN-13 from 12 digits (GS1 check digit); catalogue's own helper is not part of its service API. */
function ean13(first12: string): string {
  const sum = [...first12].reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 1 : 3), 0)
  return `${first12}${(10 - (sum % 10)) % 10}`
}

/**
 * An active product with one variant per price (SKU `<stem>-<i>`, a fresh EAN-13), stocked `onHand` at every given
 * location (all four by default).
 */
export async function stockedProduct(
  server: TestServer,
  world: CartWorld,
  options: { prices?: number[]; vatRate?: number; onHand?: number; locationIds?: string[] } = {},
): Promise<Product> {
  serial += 1
  const stem = `C${randomBytes(3).toString('hex').toUpperCase()}${serial}`
  const prices = options.prices ?? [5990]
  const { stores } = world
  const locationIds = options.locationIds ?? [stores.montpellier.id, stores.lyon.id, stores.paris.id, stores.warehouse.id]
  return server.database.transaction(async (tx) => {
    const product = await createProduct(tx, {
      title: { fr: `Robe ${stem}`, en: `Dress ${stem}` },
      handle: `robe-${stem.toLowerCase()}`,
      status: 'active',
      vatRate: options.vatRate ?? 2000,
      images: [{ url: `https://images.example.com/${stem}.jpg` }],
      variants: prices.map((amount, i) => ({
        sku: `${stem}-${i}`,
        barcode: ean13(`38${String(Date.now() % 1e6).padStart(6, '0')}${String(serial * 10 + i).padStart(4, '0')}`),
        options: { taille: ['S', 'M', 'L', 'XL'][i] ?? String(i) },
        price: { amount },
      })),
    })
    await setStockLevels(
      tx,
      product.variants.flatMap((variant) => locationIds.map((locationId) => ({ variantId: variant.id, locationId, onHand: options.onHand ?? 500 }))),
    )
    return product
  })
}

/** inject() shorthands with explicit headers. */
export function requests(server: () => TestServer) {
  return {
    post: (url: string, payload: unknown, headers: Headers, extra: Headers = {}) =>
      server().app.inject({ method: 'POST', url, headers: { ...headers, ...extra }, payload: payload as object }),
    patch: (url: string, payload: unknown, headers: Headers) => server().app.inject({ method: 'PATCH', url, headers, payload: payload as object }),
    get: (url: string, headers: Headers) => server().app.inject({ method: 'GET', url, headers }),
    del: (url: string, headers: Headers) => server().app.inject({ method: 'DELETE', url, headers }),
  }
}
