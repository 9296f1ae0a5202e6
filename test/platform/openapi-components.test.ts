/**
 * The document's schema-level contract: shared schemas are named components referred to by `$ref`, tagged unions map
 * their tag to a named branch, every request string, array and integer is bounded (the OWASP ruleset's resource
 * limits, enforced by validation), and responses state the bounds they keep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hoistSharedComponents } from '../../src/platform/openapi-components.js'
import { RESPONSE_BOUNDS, shapeOpenApiDocument } from '../../src/platform/openapi-document.js'
import { isObject, resolveComponentRef, type Json } from '../../src/platform/openapi-walk.js'
import { startTestServer, type TestServer } from '../harness.js'

type Operation = { parameters?: Json[]; requestBody?: unknown; responses?: Json }
interface Document {
  paths: Record<string, Record<string, Operation>>
  webhooks: Record<string, { post: Operation }>
  components: { schemas: Record<string, Json>; parameters: Record<string, Json>; headers: Record<string, Json>; responses: Record<string, Json> }
}
const VALUES = new Set(['example', 'examples', 'default', 'const', 'enum'])

/** Where a schema under `node` (references followed) leaves a string, array or integer unbounded. */
function unbounded(document: Document, node: unknown, at: string, seen = new Set<string>()): string[] {
  if (Array.isArray(node)) return node.flatMap((child, index) => unbounded(document, child, `${at}/${index}`, seen))
  if (!isObject(node)) return []
  const found: string[] = []
  if (typeof node.$ref === 'string' && !seen.has(node.$ref)) {
    const name = node.$ref.split('/').pop()!
    found.push(...unbounded(document, resolveComponentRef(document.components, node.$ref), `${at}→${name}`, new Set([...seen, node.$ref])))
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
  })

  it('writes the parameters, headers and answers operations share once, under components', () => {
    const operations = [...Object.values(document.paths).flatMap((item) => Object.values(item)), ...Object.values(document.webhooks).map((item) => item.post)]
    const inlineParameters = operations.flatMap((operation) => (operation.parameters ?? []).filter((p) => p.$ref === undefined).map((p) => p.name))
    expect(inlineParameters).not.toContain('Idempotency-Key')
    expect(inlineParameters).not.toContain('webhook-signature')
    expect(document.components.parameters.IdempotencyKeyHeader).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false })
    expect(Object.keys(document.components.headers)).toEqual(
      expect.arrayContaining(['IdempotentReplayed', 'RetryAfter', 'XRateLimitLimit', 'XRateLimitRemaining', 'XRateLimitReset']),
    )
    const cart = document.paths['/v1/carts/{id}']!.get!.responses!
    expect(cart['401']).toEqual({ $ref: '#/components/responses/Unauthorized' })
    expect(cart['404']).toEqual({ $ref: '#/components/responses/NotFound' })
    expect(document.components.responses.NotFound).toEqual({
      description: expect.stringMatching(/does not exist/),
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    })
    const receive = Object.values(document.webhooks)[0]!.post
    // The webhooks share the named schemas too: the envelope's id and time are written once.
    expect(JSON.stringify(receive.requestBody)).toContain('"id":{"$ref":"#/components/schemas/EventId"}')
    expect(receive.responses).toEqual({ 200: { $ref: '#/components/responses/WebhookOK' }, default: { $ref: '#/components/responses/WebhookDefault' } })
    // Measured: 1,098 KB with every piece inline, 683 KB shared; 712 KB once every list documents its own sort keys;
    // 746 KB with the tills module (8 operations, 3 webhooks: about 27 KB); 781 KB with the reviews module (7
    // operations, 4 webhooks, the export's and the erasure's review parts).
    expect(text.length).toBeLessThan(795_000)
  })

  it('documents every problem answer as the application/problem+json the server sends', async () => {
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item))
    const answers: unknown[] = [...operations.flatMap((operation) => Object.values(operation.responses ?? {})), ...Object.values(document.components.responses)]
    const asJson = answers.filter((response) => JSON.stringify(response).includes('"application/json":{"schema":{"$ref":"#/components/schemas/Problem"'))
    expect(asJson).toEqual([])
    const sent = await server.app.inject({ url: '/v1/carts/cart_nope' })
    expect(sent.headers['content-type']).toMatch(/^application\/problem\+json/)
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

  it('shares whatever two operations repeat, a header or a status no route had before included, by its most common form', () => {
    const problem = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } } })
    const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }
    const etag = { description: 'The version', schema: { type: 'string', maxLength: 200 } }
    const write = (stale: string) => ({
      parameters: [ifMatch],
      responses: { 200: { description: 'Changed', headers: { ETag: etag } }, 412: problem(stale) },
    })
    const shaped = hoistSharedComponents({
      paths: { '/a': { patch: write('Stale version') }, '/b': { patch: write('Stale version') }, '/c': { patch: write('Stale cart') } },
    }) as unknown as Document
    expect(shaped.components.parameters).toEqual({ IfMatchHeader: ifMatch })
    expect(shaped.components.headers).toEqual({ ETag: etag })
    expect(shaped.components.responses).toEqual({
      PreconditionFailed: { description: 'Stale version', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
    })
    expect(shaped.paths['/a']!.patch).toEqual({
      parameters: [{ $ref: '#/components/parameters/IfMatchHeader' }],
      responses: {
        200: { description: 'Changed', headers: { ETag: { $ref: '#/components/headers/ETag' } } },
        412: { $ref: '#/components/responses/PreconditionFailed' },
      },
    })
    // The less common form stays inline, as problem+json.
    expect(shaped.paths['/c']!.patch!.responses!['412']).toEqual({
      description: 'Stale cart',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    })
  })
})
