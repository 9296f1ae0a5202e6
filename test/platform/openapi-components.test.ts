/**
 * The document's schema-level contract: shared schemas are named components referred to by `$ref`, tagged unions map
 * their tag to a named branch, every request string, array and integer is bounded (the OWASP ruleset's resource
 * limits, enforced by validation), and responses state the bounds they keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RESPONSE_BOUNDS, shapeOpenApiDocument } from '../../src/platform/openapi-document.js'
import { startTestServer, type TestServer } from '../harness.js'

type Json = { [key: string]: unknown }
interface Document {
  paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown; responses?: Json }>>
  components: { schemas: Record<string, Json> }
}
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const VALUES = new Set(['example', 'examples', 'default', 'const', 'enum'])

/** Where a schema under `node` (references followed) leaves a string, array or integer unbounded. */
function unbounded(document: Document, node: unknown, at: string, seen = new Set<string>()): string[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => unbounded(document, child, `${at}/${index}`, seen))
  if (!isObject(node)) return []
  const found: string[] = []
  if (typeof node.$ref === 'string' && !seen.has(node.$ref)) {
    const name = node.$ref.split('/').pop()!
    found.push(...unbounded(document, document.components.schemas[name], `${at}→${name}`, new Set([...seen, node.$ref])))
  }
  const has = (...keys: string[]) => keys.some((key) => node[key] !== undefined)
  if (node.type === 'string' && !has('maxLength', 'enum', 'const')) found.push(`${at} (string without maxLength)`)
  if (node.type === 'array' && !has('maxItems')) found.push(`${at} (array without maxItems)`)
  if (node.type === 'integer' && (!has('minimum', 'exclusiveMinimum') || !has('maximum', 'exclusiveMaximum') || !has('format')))
    found.push(`${at} (integer without bounds)`)
  for (const [key, value] of Object.entries(node)) if (!VALUES.has(key) && key !== '$ref') found.push(...unbounded(document, value, `${at}/${key}`, seen))
  return found
}

describe('OpenAPI components and bounds', () => {
  let server: TestServer
  let document: Document
  let text: string
  beforeAll(async () => {
    server = await startTestServer()
    text = (await server.app.inject({ url: '/openapi.json' })).body
    document = JSON.parse(text) as Document
  })
  afterAll(async () => server?.close())

  it('lists shared schemas once under components and refers to them', () => {
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Cart', 'Order', 'Money', 'Problem', 'Customer', 'Product', 'Variant', 'Return', 'ReturnPage']),
    )
    const cart = document.paths['/v1/carts/{id}']!.get!.responses!['200'] as { content: Record<string, { schema: Json }> }
    expect(cart.content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Cart' })
    // No copy of a named schema is left inline in the operations.
    expect(JSON.stringify(document.paths)).not.toMatch(/"title":"(Money|Cart|Order|Problem)"/)
    expect(text.length).toBeLessThan(700_000)
  })

  it('maps each tender of a checkout to its named branch', () => {
    const body = document.paths['/v1/carts/{id}/checkout']!.post!.requestBody as {
      content: Record<string, { schema: { properties: Record<string, { items: Json }> } }>
    }
    const tender = body.content['application/json']!.schema.properties.payments!.items
    expect(tender.discriminator).toEqual({
      propertyName: 'method',
      mapping: {
        card: '#/components/schemas/CardTender',
        cash: '#/components/schemas/CashTender',
        card_terminal: '#/components/schemas/CardTerminalTender',
        store_credit: '#/components/schemas/StoreCreditTender',
        gift_card: '#/components/schemas/GiftCardTender',
      },
    })
  })

  it('bounds every request string, array and integer', () => {
    const offenders = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => [
        ...unbounded(document, operation.parameters, `${method.toUpperCase()} ${path} parameters`),
        ...unbounded(document, operation.requestBody, `${method.toUpperCase()} ${path} body`),
      ]),
    )
    expect(offenders, offenders.join('\n')).toEqual([])
  })

  it('states a bound on every response string, array and integer', () => {
    const offenders = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => unbounded(document, operation.responses, `${method.toUpperCase()} ${path}`)),
    )
    expect(offenders, offenders.join('\n')).toEqual([])
  })

  it('keeps the response bound above anything a request may store', () => {
    const lengths = [...text.matchAll(/"maxLength":(\d+)/g)].map((match) => Number(match[1])).filter((length) => length !== RESPONSE_BOUNDS.maxLength)
    expect(Math.max(...lengths)).toBeLessThan(RESPONSE_BOUNDS.maxLength / 10)
  })

  it('refuses one name given to two different schemas', () => {
    const media = (schema: Json) => ({ content: { 'application/json': { schema } } })
    const money = { type: 'object', title: 'Money', properties: { amount: { type: 'integer', minimum: 0, maximum: 10 } } }
    const other = { ...money, properties: { amount: { type: 'string', maxLength: 3 } } }
    const build = (second: Json) =>
      shapeOpenApiDocument({ paths: { '/a': { get: { responses: { 200: media(money) } } }, '/b': { get: { responses: { 200: media(second) } } } } })
    expect(() => build(other)).toThrow(/two different schemas are named Money/)
    const shaped = build({ ...money, description: 'The price' }) as unknown as Document
    expect(shaped.paths['/b']!.get!.responses!['200']).toEqual(media({ $ref: '#/components/schemas/Money', description: 'The price' }))
    expect(shaped.components.schemas.Money).toEqual({ ...money, properties: { amount: { type: 'integer', minimum: 0, maximum: 10, format: 'int32' } } })
  })
})
