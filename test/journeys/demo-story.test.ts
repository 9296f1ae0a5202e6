/**
 * The demo's story, as the README tells it: after the first-start seed, the Montpellier seller logs in, types Léa
 * Garcia's mobile the way she says it (national format, with spaces) and her 360 shows her whole life with Maison
 * Lumière — card, consents, the web cart she left yesterday, orders from several channels, web/app and in-store
 * touchpoints, and the Montpellier stock of what is in her cart; the README's welcome coupon and the points its
 * redemption example spends are there too. And "Try it out" in /docs reaches real rows: every id the published
 * document's examples show, for a kind the demo seeds, is one of its rows. Seeded once per engine, as `npm start` does.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_EXAMPLE_IDS } from '../../src/demo/example-ids.js'
import { ensureDemoShop } from '../../src/demo/seed.js'
import { checkoutPolicyOf } from '../../src/modules/orders/service.js'
import { rowsOf } from '../../src/platform/db.js'
import { operationsOf } from '../../src/platform/openapi-walk.js'
import { stockAt } from '../commerce.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

const SELLER = { email: 'vendeuse.montpellier@maison-lumiere.demo', password: 'demo-store' }
const ADMIN = { email: 'admin@maison-lumiere.demo', password: 'demo-admin' }

const ID = /\b[a-z]{2,5}_01[0-9a-hjkmnp-tv-z]{24}\b/g
const PLACEHOLDER = /\b[a-z]{2,5}_01jd[0-9a-z]{22}\b/g
const prefixOf = (id: string) => id.slice(0, id.indexOf('_'))

/**
 * The paths whose parameters have no example: the demo seeds none of their kind (gift cards, returns, webhooks, price
 * lists, coupon batches, customer groups, merges, API keys, till sessions, reviews), or, for a variant's SKU, none the document names yet. A
 * new path parameter lands here or gets an example (src/demo/example-ids.ts).
 */
const PATHS_WITHOUT_EXAMPLE = [
  '/v1/coupon-batches/{id}',
  '/v1/coupon-batches/{id}/codes.csv',
  '/v1/customer-groups/{code}',
  '/v1/customer-groups/{code}/members/{customerId}',
  '/v1/customer-merges/{mergeId}/revert',
  '/v1/gift-cards/{id}',
  '/v1/gift-cards/{id}/adjustments',
  '/v1/gift-cards/{id}/disable',
  '/v1/price-lists/{id}',
  '/v1/price-lists/{id}/prices',
  '/v1/price-lists/{id}/prices/{variantId}',
  '/v1/returns/{id}',
  '/v1/returns/{id}/cancel',
  '/v1/returns/{id}/receive',
  '/v1/reviews/{id}',
  '/v1/reviews/{id}/moderation',
  '/v1/staff/{id}/keys/{keyId}',
  '/v1/till-sessions/{id}',
  '/v1/till-sessions/{id}/cash-movements',
  '/v1/till-sessions/{id}/close',
  '/v1/till-sessions/{id}/x-report',
  '/v1/till-sessions/{id}/z-report',
  '/v1/webhooks/{id}',
  '/v1/webhooks/{id}/deliveries',
  '/v1/webhooks/{id}/deliveries/{deliveryId}/retry',
  '/v1/webhooks/{id}/rotate-secret',
]

type Parameter = { name: string; in: string; example?: unknown; $ref?: string }
interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>
  components: { parameters?: Record<string, Parameter> }
}

/** Every table with a text `id`: where the demo's rows are. */
async function idTables(server: TestServer): Promise<string[]> {
  const tables = await server.database.db.execute(
    sql`select table_name from information_schema.columns where column_name = 'id' and data_type = 'text' and table_schema = current_schema()`,
  )
  return rowsOf<{ table_name: string }>(tables).map((row) => row.table_name)
}

/** The id prefixes (kinds) the seeded database holds rows of, read from the rows themselves. */
async function seededKinds(server: TestServer): Promise<Set<string>> {
  const kinds = new Set<string>()
  for (const table of await idTables(server)) {
    const rows = await server.database.db.execute(sql`select distinct split_part(id, '_', 1) as kind from ${sql.identifier(table)} where id like '%\_%'`)
    for (const row of rowsOf<{ kind: string }>(rows)) kinds.add(row.kind)
  }
  return kinds
}

/** Which of `ids` are the id of a row in any table. */
async function existing(server: TestServer, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  if (ids.length === 0) return found
  for (const table of await idTables(server)) {
    const rows = rowsOf<{ id: string }>(await server.database.db.execute(sql`select id from ${sql.identifier(table)} where id in ${ids}`))
    for (const row of rows) found.add(row.id)
  }
  return found
}

interface Named {
  id: string
  kind: string
}
interface Overview {
  customer: { id: string; email: string; firstName: string; lastName: string }
  consents: { purpose: string; granted: boolean | null; method: string | null }[]
  loyalty: { cardNumber: string } | null
  carts: { id: string; channel: Named; locationId: string | null; itemCount: number; abandoned: boolean }[]
  orders: { id: string; status: string; channel: Named; attributedLocationId: string | null }[]
  touchpoints: { kind: string; channelId: string | null; locationId: string | null }[]
  stock: { locationId: string; items: { variantId: string; inCarts: number; available: number }[] } | null
}

describe.each(engines)('the demo story on %s', (engine) => {
  let server: TestServer
  let montpellier: string
  let channelKinds: Map<string, string>
  let headers: Record<string, string>
  let kinds: Set<string>

  beforeAll(async () => {
    server = await startTestServer({ engine })
    // What src/main.ts does on a first start with SEED_DEMO (test/journeys/start.test.ts runs that end to end).
    await ensureDemoShop(server.database, { seed: server.config.demoSeed, log: () => {}, policy: checkoutPolicyOf(server.config) })
    // Read before the tests below write rows of their own (a viewed profile's access log, a login's token).
    kinds = await seededKinds(server)
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: SELLER })
    expect(login.statusCode, login.body).toBe(200)
    headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` }
    const locations = (await server.app.inject({ method: 'GET', url: '/v1/locations', headers })).json<{ items: { id: string; code: string }[] }>()
    montpellier = locations.items.find((l) => l.code === 'store-montpellier')?.id ?? ''
    const channels = (await server.app.inject({ method: 'GET', url: '/v1/channels', headers })).json<{ items: Named[] }>()
    channelKinds = new Map(channels.items.map((c) => [c.id, c.kind]))
  }, 300_000)
  afterAll(async () => server?.close())

  it('finds Léa by the mobile she gives and shows the Montpellier seller every channel of her life', async () => {
    expect(montpellier).not.toBe('')
    const lookup = await server.app.inject({ method: 'GET', url: '/v1/customers/lookup', query: { phone: '06 95 28 17 53' }, headers })
    expect(lookup.statusCode, lookup.body).toBe(200)
    const lea = lookup.json<{ id: string; email: string }>()
    expect(lea.email).toBe('lea.garcia@example.com')

    const res = await server.app.inject({ method: 'GET', url: `/v1/customers/${lea.id}/overview`, headers })
    expect(res.statusCode, res.body).toBe(200)
    const view = res.json<Overview>()
    expect(view.customer).toMatchObject({ id: lea.id, firstName: 'Léa', lastName: 'Garcia' })
    expect(view.loyalty?.cardNumber).toMatch(/^29\d{11}$/)

    const consent = (purpose: string) => view.consents.find((c) => c.purpose === purpose)
    expect(consent('marketing_email')).toMatchObject({ granted: true, method: 'web_form' })
    expect(consent('marketing_sms')).toMatchObject({ granted: true, method: 'in_store' })

    // Yesterday's web cart to collect in Montpellier, left before paying.
    const left = view.carts.find((c) => c.channel.kind === 'web' && c.abandoned)
    expect(left, JSON.stringify(view.carts)).toMatchObject({ locationId: montpellier, itemCount: 2 })

    const orderChannels = new Set(view.orders.map((o) => o.channel.kind))
    expect(orderChannels.size, [...orderChannels].join()).toBeGreaterThanOrEqual(2)
    expect(orderChannels).toContain('web')
    expect(view.orders.some((o) => o.status === 'collected' && o.attributedLocationId === montpellier)).toBe(true)

    const kindOf = (t: { channelId: string | null }) => (t.channelId ? channelKinds.get(t.channelId) : undefined)
    expect(view.touchpoints.some((t) => ['web', 'mobile_app'].includes(kindOf(t) ?? '')), JSON.stringify(view.touchpoints)).toBe(true)
    expect(view.touchpoints.some((t) => t.locationId === montpellier), JSON.stringify(view.touchpoints)).toBe(true)

    // The stock block is the seller's store, and covers every item in her cart with the store's own availability.
    expect(view.stock?.locationId).toBe(montpellier)
    const carted = (view.stock?.items ?? []).filter((i) => i.inCarts > 0)
    expect(carted.length).toBe(left?.itemCount)
    for (const item of carted) {
      expect(item.available, item.variantId).toBe((await stockAt(server, item.variantId, montpellier)).available)
    }
  })

  it('seeds what the README shows: the welcome coupon BIENVENUE10 and points the demo accounts can redeem', async () => {
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: ADMIN })
    expect(login.statusCode, login.body).toBe(200)
    const admin = { authorization: `Bearer ${login.json<{ token: string }>().token}` }
    const coupon = await server.app.inject({ method: 'GET', url: '/v1/coupons/bienvenue10', headers: admin })
    expect(coupon.statusCode, coupon.body).toBe(200)
    expect(coupon.json()).toMatchObject({ code: 'BIENVENUE10', status: 'active' })
    const promotion = await server.app.inject({ method: 'GET', url: `/v1/promotions/${coupon.json<{ promotionId: string }>().promotionId}`, headers: admin })
    expect(promotion.json()).toMatchObject({ kind: 'percent_off', percent: 1000, requiresCoupon: true, status: 'active' })

    for (const [email, cost] of [
      ['lea.garcia@example.com', 1000],
      ['camille.martin@example.com', 500],
    ] as const) {
      const customer = await server.app.inject({ method: 'GET', url: '/v1/customers/lookup', query: { email }, headers: admin })
      expect(customer.statusCode, customer.body).toBe(200)
      const loyalty = await server.app.inject({ method: 'GET', url: `/v1/customers/${customer.json<{ id: string }>().id}/loyalty`, headers: admin })
      expect(loyalty.statusCode, loyalty.body).toBe(200)
      expect(loyalty.json<{ balances: { available: number } }>().balances.available, email).toBeGreaterThanOrEqual(cost)
    }
  })

  it('shows in the API documentation only ids of rows the demo shop has, for every kind it seeds', async () => {
    const document = (await server.app.inject({ url: '/openapi.json' })).body
    expect([...kinds]).toEqual(expect.arrayContaining(['cus', 'ord', 'cpn', 'prm', 'lyr']))
    const shown = [...new Set(document.match(ID) ?? [])].filter((id) => kinds.has(prefixOf(id)) && !id.includes('_01jd'))
    expect(shown.length).toBeGreaterThan(30)
    const found = await existing(server, shown)
    expect(shown.filter((id) => !found.has(id))).toEqual([])
    // A placeholder of a kind the demo seeds is an example "Try it out" cannot use: src/demo/example-ids.ts maps it.
    const placeholders = [...new Set(document.match(PLACEHOLDER) ?? [])]
    expect(placeholders.filter((id) => kinds.has(prefixOf(id)))).toEqual([])
    const mapped = [...new Set(Object.values(DEMO_EXAMPLE_IDS))]
    const mappedFound = await existing(server, mapped)
    expect(mapped.filter((id) => !mappedFound.has(id))).toEqual([])
  })

  it('gives every path parameter of a kind the demo seeds an example that reaches a row', async () => {
    const document = (await server.app.inject({ url: '/openapi.json' })).json<OpenApi>()
    const parameterOf = (p: Parameter) => (p.$ref ? document.components.parameters?.[p.$ref.split('/').pop()!] : p)
    const operations = operationsOf<{ parameters?: Parameter[] }>(document).map((op) => ({
      ...op,
      parameters: (op.operation.parameters ?? []).map(parameterOf).filter((p): p is Parameter => p?.in === 'path'),
    }))
    const missing = operations.filter((op) => op.parameters.some((p) => p.example === undefined)).map((op) => op.path)
    expect([...new Set(missing)].sort()).toEqual(PATHS_WITHOUT_EXAMPLE)

    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: ADMIN })
    const admin = { authorization: `Bearer ${login.json<{ token: string }>().token}` }
    const notFound: string[] = []
    for (const { method, path, parameters } of operations.filter((op) => op.method === 'get' && op.parameters.length > 0)) {
      if (parameters.some((p) => p.example === undefined)) continue
      const url = parameters.reduce((at, p) => at.replace(`{${p.name}}`, encodeURIComponent(String(p.example))), path)
      const res = await server.app.inject({ method: 'GET', url, headers: admin })
      if (res.statusCode === 404) notFound.push(`${method} ${url}: ${res.body}`)
    }
    expect(notFound).toEqual([])
  })
})
