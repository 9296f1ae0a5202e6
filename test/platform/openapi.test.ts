/**
 * The product promise "OpenAPI documents every path with examples", checked on the document the app serves: every
 * operation has a summary and tags, every JSON request body and 2xx JSON response carries an example, and every
 * example is valid against the schema it documents. Response examples matter most here: at run time a response
 * schema only serialises (it silently drops or coerces what does not fit), so nothing else would catch a wrong one.
 */
import { Ajv } from 'ajv'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../harness.js'
import { inlineComponentRefs, isObject, operationsOf as walkOperations } from '../../src/platform/openapi-walk.js'

// ajv-formats ships CommonJS whose default export TypeScript sees as the module namespace under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

type Schema = { [keyword: string]: unknown }
interface Media {
  schema?: Schema
  example?: unknown
  examples?: Record<string, { value?: unknown }>
}
interface Operation {
  operationId?: string
  summary?: string
  tags?: string[]
  requestBody?: { content?: Record<string, Media> }
  responses?: Record<string, { content?: Record<string, Media> }>
}
interface Document {
  openapi: string
  paths: Record<string, Record<string, Operation>>
}
interface Documented {
  /** `METHOD path` */
  operation: string
  /** `body` or the status code of a 2xx response */
  part: string
  media: Media
}

const operationsOf = (doc: Document) => walkOperations<Operation>(doc)

/** The JSON request body and every 2xx JSON response of each operation. */
function documentedMedia(doc: Document): Documented[] {
  return operationsOf(doc).flatMap(({ name, operation }) => {
    const body = operation.requestBody?.content?.['application/json']
    const responses = Object.entries(operation.responses ?? {})
      .filter(([status]) => /^2/.test(status))
      .flatMap(([status, response]) => {
        const media = response.content?.['application/json']
        return media ? [{ operation: name, part: status, media }] : []
      })
    return [...(body ? [{ operation: name, part: 'body', media: body }] : []), ...responses]
  })
}

/** An example on the schema itself or on one of its properties (nested objects and array items included). */
function schemaHasExample(schema: unknown, depth = 0): boolean {
  if (!isObject(schema) || depth > 3) return false
  if ((Array.isArray(schema.examples) && schema.examples.length > 0) || schema.example !== undefined) return true
  if (isObject(schema.properties)) return Object.values(schema.properties).some((property) => schemaHasExample(property, depth + 1))
  return schemaHasExample(schema.items, depth + 1)
}

function mediaHasExample(media: Media): boolean {
  return media.example !== undefined || Object.keys(media.examples ?? {}).length > 0 || schemaHasExample(media.schema)
}

/** Every subschema of a schema, with a JSON pointer naming where it sits. */
function* subschemas(schema: unknown, at = ''): Generator<{ at: string; schema: Schema }> {
  if (!isObject(schema)) return
  yield { at, schema }
  for (const keyword of ['properties', 'patternProperties', '$defs', 'definitions']) {
    const map = schema[keyword]
    if (isObject(map)) for (const [key, child] of Object.entries(map)) yield* subschemas(child, `${at}/${keyword}/${key}`)
  }
  for (const keyword of ['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else']) yield* subschemas(schema[keyword], `${at}/${keyword}`)
  for (const keyword of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    const list = schema[keyword]
    if (Array.isArray(list)) for (const [index, child] of list.entries()) yield* subschemas(child, `${at}/${keyword}/${index}`)
  }
}

/** Each example of a media type, paired with the schema it claims to satisfy. */
function* examplesOf(media: Media): Generator<{ where: string; schema: Schema; value: unknown }> {
  if (!isObject(media.schema)) return
  if (media.example !== undefined) yield { where: 'example', schema: media.schema, value: media.example }
  for (const [name, example] of Object.entries(media.examples ?? {})) yield { where: `examples/${name}`, schema: media.schema, value: example.value }
  for (const { at, schema } of subschemas(media.schema)) {
    const values = Array.isArray(schema.examples) ? schema.examples : []
    for (const [index, value] of values.entries()) yield { where: `schema${at}/examples/${index}`, schema, value }
    if (schema.example !== undefined) yield { where: `schema${at}/example`, schema, value: schema.example }
  }
}

describe('OpenAPI document', () => {
  let server: TestServer
  let doc: Document
  beforeAll(async () => {
    // The document does not depend on the engine, so PGlite alone is enough.
    server = await startTestServer()
    const res = await server.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    // Each operation's schemas are checked on their own: references to components are inlined first.
    doc = inlineComponentRefs(res.json<Document>())
  })
  afterAll(async () => server?.close())

  it('is served and lists every module, returns included', () => {
    const names = operationsOf(doc).map((op) => op.name)
    expect(names.length).toBeGreaterThan(50)
    expect(names).toEqual(expect.arrayContaining(['GET /healthz', 'POST /v1/products', 'GET /v1/locations/{id}/work', 'POST /v1/orders/{id}/returns', 'GET /v1/returns', 'PUT /v1/channels/{id}/return-policy']))
  })

  it('gives every operation a summary and tags', () => {
    const offenders = operationsOf(doc)
      .filter(({ operation }) => !operation.summary?.trim() || !Array.isArray(operation.tags) || operation.tags.length === 0)
      .map(({ name }) => name)
    expect(offenders, `operations without a summary or tags:\n${offenders.join('\n')}`).toEqual([])
  })

  it('gives every operation a unique camelCase verbNoun operationId', () => {
    const operations = operationsOf(doc)
    const offenders = operations.filter(({ operation }) => !/^[a-z]+(?:[A-Z][a-z0-9]*)*$/.test(operation.operationId ?? '')).map(({ name, operation }) => `${name}: ${operation.operationId ?? 'none'}`)
    expect(offenders, `operations without a camelCase operationId:\n${offenders.join('\n')}`).toEqual([])
    const ids = operations.map(({ operation }) => operation.operationId)
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index)
    expect(repeated, 'operationIds used twice').toEqual([])
    expect(ids).toEqual(expect.arrayContaining(['createCart', 'listCarts', 'addCartLine', 'getOrder', 'checkoutCart', 'getHealth']))
  })

  it('has an example for every JSON request body and 2xx JSON response', () => {
    const offenders = documentedMedia(doc)
      .filter(({ media }) => !mediaHasExample(media))
      .map(({ operation, part }) => `${operation} (${part === 'body' ? 'request body' : `${part} response`})`)
    expect(offenders, `operations missing an example:\n${offenders.join('\n')}`).toEqual([])
  })

  it('has only examples that validate against the schema they document', () => {
    const options = { strict: false, allErrors: true, validateFormats: true }
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 ones are close to draft-07.
    const ajv = doc.openapi.startsWith('3.1') ? new Ajv2020(options) : new Ajv(options)
    addFormats(ajv as Ajv)
    const validators = new WeakMap<Schema, ReturnType<Ajv['compile']>>()
    const offenders: string[] = []
    let checked = 0
    for (const { operation, part, media } of documentedMedia(doc)) {
      for (const { where, schema, value } of examplesOf(media)) {
        const validate = validators.get(schema) ?? ajv.compile(schema)
        validators.set(schema, validate)
        checked++
        if (!validate(value)) offenders.push(`${operation} ${part === 'body' ? 'request body' : `${part} response`} ${where}: ${ajv.errorsText(validate.errors)}`)
      }
    }
    expect(offenders, `examples that do not fit their schema:\n${offenders.join('\n')}`).toEqual([])
    expect(checked).toBeGreaterThan(100)
  })

  it('would catch an example that does not fit its schema', () => {
    const media: Media = { schema: { type: 'object', properties: { amount: { type: 'integer', examples: ['12,50'] } }, required: ['amount'], additionalProperties: false }, example: { amount: 1250, currency: 'EUR' } }
    const ajv = new Ajv2020({ strict: false })
    const failing = [...examplesOf(media)].filter(({ schema, value }) => !ajv.validate(schema, value)).map(({ where }) => where)
    expect(failing).toEqual(['example', 'schema/properties/amount/examples/0'])
    expect(mediaHasExample({ schema: { type: 'object', properties: { id: { type: 'string' } } } })).toBe(false)
  })
})
