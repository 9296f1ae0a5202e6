/**
 * The event catalogue is the single source of truth: every event type the code can emit is in it (the static scan
 * below, beside the compile-time check in src/event-catalogue.ts), GET /v1/event-types and the OpenAPI `webhooks`
 * publish exactly it, and the payloads the code really writes fit the published schemas (checked on the demo shop's
 * events, which run through most of the system).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cartWorld } from '../commerce.js'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { customerWithEverything } from '../../src/modules/customers/gdpr.fixtures.js'
import { seedDemoShop } from '../../src/demo/seed.js'
import { EVENT_CATALOGUE } from '../../src/event-catalogue.js'
import { outboxEvents } from '../../src/platform/schema.js'
import { inlineComponentRefs } from '../../src/platform/openapi-walk.js'

// ajv-formats ships CommonJS whose default export TypeScript sees as the module namespace under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

const MODULES = readdirSync(new URL('../../src/modules', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
const EVENT_LITERAL = new RegExp(`'((?:${MODULES.join('|')})\\.[a-z]+(?:_[a-z]+)+)'`, 'g')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.fixtures.ts') ? [path] : []
  })
}

/** Outbox rows whose payload does not fit the published schema of their type (or whose type is not published). */
async function misfitsIn(server: TestServer, ignoredTypes: readonly string[] = []) {
  const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }))
  const schemas = new Map(EVENT_CATALOGUE.map((event) => [event.type, ajv.compile(event.payload)]))
  const rows = await server.database.db.select({ type: outboxEvents.type, payload: outboxEvents.payload }).from(outboxEvents)
  const misfits = rows.flatMap((row): { type: string; payload: unknown; errors: unknown }[] => {
    if (ignoredTypes.includes(row.type)) return []
    const validate = schemas.get(row.type)
    if (!validate) return [{ type: row.type, payload: row.payload, errors: 'not in the catalogue' }]
    return validate(row.payload) ? [] : [{ type: row.type, payload: row.payload, errors: validate.errors }]
  })
  return { misfits, seen: new Set(rows.map((row) => row.type)) }
}

interface EventTypeList {
  items: { type: string; description: string; payloadSchema: Record<string, unknown> }[]
}

describe('the event catalogue', () => {
  it('lists every event type named in the code, each once', () => {
    const named = new Set(
      sourceFiles(new URL('../../src', import.meta.url).pathname).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(EVENT_LITERAL)].map((m) => m[1])),
    )
    const catalogued = EVENT_CATALOGUE.map((event) => event.type)
    expect(new Set(catalogued).size).toBe(catalogued.length)
    expect([...named].filter((type) => !catalogued.includes(type!))).toEqual([])
    // The scan is not vacuous: it finds the emitted types (orders, stock) where the modules name them.
    expect(named).toContain('orders.order_placed')
    expect(named).toContain('inventory.stock_adjusted')
  })
})

describe.each(engines)('published event types on %s', (engine) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ engine })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('GET /v1/event-types answers without a token, with every type and its payload schema', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/v1/event-types' })
    expect(res.statusCode, res.body).toBe(200)
    const { items } = res.json<EventTypeList>()
    expect(items.map((item) => item.type)).toEqual(EVENT_CATALOGUE.map((event) => event.type))
    const placed = items.find((item) => item.type === 'orders.order_placed')
    expect(placed?.payloadSchema).toMatchObject({ type: 'object', properties: { total: { type: 'integer' }, currency: { type: 'string' } } })
  })

  it('documents one webhook POST per type in /openapi.json, with the envelope, the payload and both schemes’ headers', async () => {
    // Read whole: the headers every delivery carries are shared parameters under components.
    const doc = inlineComponentRefs(
      (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ webhooks: Record<string, { post: Record<string, unknown> }> }>(),
    )
    expect(Object.keys(doc.webhooks).sort()).toEqual(EVENT_CATALOGUE.map((event) => event.type).sort())
    const post = doc.webhooks['inventory.stock_adjusted']?.post as {
      operationId: string
      parameters: { name: string }[]
      requestBody: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } }
    }
    expect(post.operationId).toBe('receiveInventoryStockAdjusted')
    expect(post.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['Omnicanal-Signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature']))
    const envelope = post.requestBody.content['application/json'].schema
    expect(envelope.properties.type).toEqual({ type: 'string', const: 'inventory.stock_adjusted' })
    expect(envelope.properties.data).toMatchObject({ properties: { onHand: { type: 'integer' }, available: { type: 'integer' } } })
  })

  it('has every payload the demo shop writes fit its published schema', async () => {
    await seedDemoShop(server.database, { seed: 7, products: 12, customers: 12, orders: 12, journeys: 6, log: () => {} })
    const { misfits, seen } = await misfitsIn(server)
    expect(misfits).toEqual([])
    // A good part of the catalogue was exercised (25 types when this was written), orders and stock included.
    expect(seen.size, [...seen].sort().join(' ')).toBeGreaterThanOrEqual(20)
    expect(seen).toContain('orders.order_placed')
    expect(seen).toContain('inventory.stock_sold')
  })

  it('has every payload of a customer’s whole life (returns, gift cards, credit, merges, consents) fit its published schema', async () => {
    const other = await startTestServer({ engine })
    try {
      await customerWithEverything(other, await cartWorld(other))
      // The fixture also writes two uncatalogued rows on purpose, to test erasure.
      const { misfits, seen } = await misfitsIn(other, ['tests.marker', 'crm.contact_captured'])
      expect(misfits).toEqual([])
      expect(seen.size, [...seen].sort().join(' ')).toBeGreaterThanOrEqual(25)
      expect([...seen]).toEqual(
        expect.arrayContaining([
          'returns.return_received',
          'returns.return_refunded',
          'credit.gift_card_issued',
          'credit.store_credit_changed',
          'customers.customers_merged',
        ]),
      )
    } finally {
      await other.close()
    }
  })
})
