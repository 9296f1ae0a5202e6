/**
 * The commerce world shared by the carts, orders, returns and credit suites: a shop with channels of every kind,
 * callers of every kind, stocked products, carts and checkouts made over HTTP, and the per-suite server set-up.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect } from 'vitest'
import { createIntegrationKey, createStaffUser, registerKioskDevice } from '../src/modules/auth/service.js'
import { createProduct, type Product } from '../src/modules/catalog/service.js'
import { createChannel, type Channel } from '../src/modules/channels/service.js'
import { getAvailability, ledgerMismatches, setStockLevels, type StockAvailability } from '../src/modules/inventory/service.js'
import { TEST_CARDS } from '../src/modules/orders/service.js'
import type { Actor } from '../src/platform/auth.js'
import type { Engine } from '../src/platform/db.js'
import { customerSession, seedStores, staffSession, type Session, type Stores } from './fixtures.js'
import { startTestServer, type TestServer } from './harness.js'

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
  /** The shared kiosk registered on kioskMontpellier: the only device that claims carts there. */
  kiosk: { id: string; headers: Headers }
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
  const { channels, keys, kiosk } = await server.database.transaction(async (tx) => {
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
    const account = await createStaffUser(tx, { email: 'erp@test.omnicanal', displayName: 'ERP', role: 'integration', grantor: 'system' })
    const keys = [
      await createIntegrationKey(tx, { staffUserId: account.id, label: 'carts', scopes: ['carts:manage'], ttlHours: null, grantor: 'system' }),
      await createIntegrationKey(tx, { staffUserId: account.id, label: 'events', scopes: ['events:read'], ttlHours: null, grantor: 'system' }),
    ]
    const seeder: Actor = { kind: 'integration', id: account.id, tokenId: 'seed', scopes: ['locations:update'] }
    const kiosk = await registerKioskDevice(tx, { channelId: channels.kioskMontpellier.id, actor: seeder, userAgent: null })
    return { channels, keys, kiosk }
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
    kiosk: { id: kiosk.deviceId, headers: { authorization: `Bearer ${kiosk.token}` } },
    integration: { headers: { authorization: `Bearer ${keys[0]?.token}` } },
    readOnlyIntegration: { headers: { authorization: `Bearer ${keys[1]?.token}` } },
  }
}

export interface CommerceSuite {
  /** The suite's server, started in beforeAll. */
  readonly server: TestServer
  /** The suite's commerce world, seeded in beforeAll. */
  readonly world: CartWorld
}

/**
 * Registers the suite's hooks: a fresh server on `engine` (listening on loopback with `listen`) and its commerce world
 * before all tests, the server closed after them. Read `server` and `world` inside tests and hooks, not at collection.
 */
export function useCommerceWorld(engine: Engine, options: { listen?: boolean; env?: Record<string, string> } = {}): CommerceSuite {
  let server: TestServer | undefined
  let world: CartWorld | undefined
  beforeAll(async () => {
    server = await startTestServer({ engine, listen: options.listen, env: options.env })
    world = await cartWorld(server)
  })
  afterAll(async () => server?.close())
  return {
    get server() {
      if (!server) throw new Error('the commerce server is not started yet: read it inside a test or hook')
      return server
    },
    get world() {
      if (!world) throw new Error('the commerce world is not seeded yet: read it inside a test or hook')
      return world
    },
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

/** The fields of an order (or cart) answer the journeys read; the rest is there, untyped. */
export interface OrderAnswer {
  id: string
  status: string
  fulfilments: { id: string; status: string; method: string; sourceLocationId: string; pickupCode: string | null; routingReason: string }[]
  [key: string]: unknown
}

/** fetch() over real HTTP to a server started with `listen`: JSON in and out, headers explicit. */
export function httpCalls(server: () => TestServer) {
  async function call<T = Record<string, unknown>>(method: string, path: string, headers: Headers, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${server().url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as T }
  }
  /** The answer's body once its status is `status` (the body is shown when it is not). */
  async function expectStatus<T = OrderAnswer>(pending: Promise<{ status: number; body: unknown }>, status: number): Promise<T> {
    const res = await pending
    expect(res.status, JSON.stringify(res.body)).toBe(status)
    return res.body as T
  }
  return { call, expectStatus }
}

/** A card payment body; the approved test card unless told otherwise. */
export const card = (number: string = TEST_CARDS.approved) => ({ method: 'card' as const, card: { number, expiryMonth: 12, expiryYear: 2035 } })

/** A home address in Montpellier (or at `postalCode`). */
export const homeAddress = (postalCode = '34070') => ({ name: 'Camille Martin', line1: '3 rue de la Monnaie', postalCode, city: 'Montpellier', country: 'FR' })

/** Opens a cart on `channelId` as `headers` with the given lines and returns its id. */
export async function cartWith(server: TestServer, headers: Headers, channelId: string, lines: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await server.app.inject({ method: 'POST', url: '/v1/carts', headers, payload: { channelId, lines, ...extra } })
  if (res.statusCode !== 201) throw new Error(`cart creation failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string }>().id
}

/** POST /v1/carts/{id}/checkout as `headers` (plus `extra`, e.g. an Idempotency-Key). */
export function checkout(server: TestServer, cartId: string, body: Record<string, unknown>, headers: Headers, extra: Headers = {}) {
  return server.app.inject({ method: 'POST', url: `/v1/carts/${cartId}/checkout`, headers: { ...headers, ...extra }, payload: body })
}

/** The stock of one variant at one location (zeros when no level exists). */
export async function stockAt(server: TestServer, variantId: string, locationId: string): Promise<StockAvailability> {
  const [row] = await getAvailability(server.database.db, { variantIds: [variantId], locationIds: [locationId] })
  return row ?? { variantId, locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, available: 0 }
}

/** Levels whose counters disagree with their ledger (none expected). */
export async function expectLedgerConsistent(server: TestServer): Promise<unknown[]> {
  return ledgerMismatches(server.database.db)
}
