/**
 * OpenAPI, the whole document (after openapi-operations.ts shaped each operation; then openapi-examples.ts swaps demo
 * ids into the examples and openapi-components.ts hoists recurring parameters, headers and answers).
 *
 * The shape of the published OpenAPI document, applied once to what @fastify/swagger generates from the routes:
 *   - a schema named with `named()` is listed once under `components.schemas` and every use becomes a `$ref` (a
 *     generated client gets a `Cart` type rather than 60 anonymous copies), and a tagged union's discriminator maps
 *     each tag to its branch;
 *   - response schemas carry the bounds integrators' linters ask for (see RESPONSE_BOUNDS) and every integer says
 *     whether it fits 32 bits.
 * Request schemas are never bounded here: their bounds are validated, so they live in the route schemas themselves.
 * Validation and serialisation never see this document; they keep using the route schemas as written.
 */
import type { TSchema } from 'typebox'
import { isObject, resolveComponentRef, type Json } from './openapi-walk.js'

/**
 * Names a shared schema. The name is its JSON Schema `title` (an annotation: Ajv and fast-json-stringify ignore it),
 * so it survives any copy of the schema; the OpenAPI document turns it into `#/components/schemas/<name>`.
 */
export function named<T extends TSchema>(name: string, schema: T): T {
  return { ...schema, title: name }
}

/**
 * What a response promises where its schema sets no bound of its own. Every text the API stores came through a
 * request schema whose maxLength is far lower (the longest, a product description, is 10,000 characters), and every
 * integer it sends is a JS number, exact up to 2^53 − 1 (money is bounded further by platform/money.ts).
 */
export const RESPONSE_BOUNDS = { maxLength: 1_000_000, maxItems: 100_000, minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }

const INT32 = { minimum: -(2 ** 31), maximum: 2 ** 31 - 1 }

/** Values, not schemas: never walked for schema keywords (an example's `title` is not a schema name). */
const VALUE_KEYWORDS = new Set(['example', 'examples', 'default', 'const', 'enum'])
/** Annotations that may differ between two uses of one named schema: they stay beside the `$ref`. */
const ANNOTATIONS = new Set(['description', 'examples', 'example'])

function mapSchemas(node: unknown, visit: (schema: Json) => Json): unknown {
  if (Array.isArray(node)) return node.map((child) => mapSchemas(child, visit))
  if (!isObject(node)) return node
  const mapped: Json = {}
  for (const [key, value] of Object.entries(node)) mapped[key] = VALUE_KEYWORDS.has(key) ? value : mapSchemas(value, visit)
  return visit(mapped)
}

const hasAny = (schema: Json, keys: string[]) => keys.some((key) => schema[key] !== undefined)

/** A response schema with the bounds RESPONSE_BOUNDS promises wherever it declares none. */
function boundResponse(schema: Json): Json {
  if (schema.type === 'string' && !hasAny(schema, ['maxLength', 'enum', 'const'])) return { ...schema, maxLength: RESPONSE_BOUNDS.maxLength }
  if (schema.type === 'array' && schema.maxItems === undefined) return { ...schema, maxItems: RESPONSE_BOUNDS.maxItems }
  if (schema.type !== 'integer') return schema
  const bounded = { ...schema }
  if (!hasAny(schema, ['minimum', 'exclusiveMinimum'])) bounded.minimum = RESPONSE_BOUNDS.minimum
  if (!hasAny(schema, ['maximum', 'exclusiveMaximum'])) bounded.maximum = RESPONSE_BOUNDS.maximum
  return bounded
}

/** `format: int32` when the declared bounds fit 32 bits, else `int64`: what a generated client should store it in. */
function integerFormat(schema: Json): Json {
  if (schema.type !== 'integer' || schema.format !== undefined) return schema
  const low = (schema.minimum ?? schema.exclusiveMinimum) as number | undefined
  const high = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined
  const fits = low !== undefined && high !== undefined && low >= INT32.minimum && high <= INT32.maximum
  return { ...schema, format: fits ? 'int32' : 'int64' }
}

/** A canonical text of a schema without its annotations, to tell whether two uses of a name are one schema. */
function structureOf(schema: Json): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical)
    if (!isObject(value)) return value
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => !ANNOTATIONS.has(key))
        .sort()
        .map((key) => [key, canonical(value[key])]),
    )
  }
  return JSON.stringify(canonical(schema))
}

/** Replaces each named schema by a `$ref`, collecting the named ones; throws when one name covers two schemas. */
function hoistNamed(components: Record<string, Json>): (schema: Json) => Json {
  return (schema) => {
    const name = schema.title
    if (typeof name !== 'string' || schema.$ref !== undefined) return schema
    const known = components[name]
    if (known && structureOf(known) !== structureOf(schema)) {
      throw new Error(`OpenAPI: two different schemas are named ${name}:\n${structureOf(known)}\n${structureOf(schema)}`)
    }
    if (!known) components[name] = schema
    const reference: Json = { $ref: `#/components/schemas/${name}` }
    const canonical = components[name]!
    for (const key of ANNOTATIONS) {
      if (schema[key] !== undefined && JSON.stringify(schema[key]) !== JSON.stringify(canonical[key])) reference[key] = schema[key]
    }
    return reference
  }
}

/** Adds the tag → `$ref` mapping to a discriminator whose branches are all named. */
function mapDiscriminator(components: Record<string, Json>): (schema: Json) => Json {
  return (schema) => {
    const discriminator = schema.discriminator
    const branches = (schema.oneOf ?? schema.anyOf) as unknown
    if (!isObject(discriminator) || !Array.isArray(branches) || discriminator.mapping !== undefined) return schema
    const property = discriminator.propertyName as string
    const mapping: Record<string, string> = {}
    for (const branch of branches) {
      const ref = isObject(branch) ? (branch.$ref as string | undefined) : undefined
      const target = ref ? resolveComponentRef({ schemas: components }, ref) : undefined
      const tag = isObject(target?.properties) ? (target.properties[property] as Json | undefined) : undefined
      const value = tag?.const ?? (Array.isArray(tag?.enum) && tag.enum.length === 1 ? tag.enum[0] : undefined)
      if (ref === undefined || typeof value !== 'string') return schema
      mapping[value] = ref
    }
    return { ...schema, discriminator: { ...discriminator, mapping } }
  }
}

/** Integer formats on every schema of an operation; response bounds too on a route's answers (see the file header). */
function shapeOperations(items: Record<string, Json> | undefined, bound: boolean): Record<string, Json> {
  const shaped: Record<string, Json> = {}
  for (const [path, item] of Object.entries(items ?? {})) {
    shaped[path] = {}
    for (const [method, operation] of Object.entries(item)) {
      if (!isObject(operation) || !isObject(operation.responses)) {
        shaped[path][method] = operation
        continue
      }
      const responses = bound ? mapSchemas(operation.responses, boundResponse) : operation.responses
      shaped[path][method] = mapSchemas({ ...operation, responses }, integerFormat)
    }
  }
  return shaped
}

/**
 * The published document: response bounds, integer formats, named schemas as components, mapped discriminators. The
 * `webhooks` (what the API sends, its payload schemas bounded where they are written) share the named schemas.
 */
export function shapeOpenApiDocument<T extends object>(generated: T): T {
  const document = generated as Json & { paths?: Record<string, Json>; webhooks?: Record<string, Json>; components?: Json & { schemas?: Json } }
  const components: Record<string, Json> = {}
  const hoisted = mapSchemas(shapeOperations(document.paths, true), hoistNamed(components))
  const webhooks = document.webhooks && (mapSchemas(shapeOperations(document.webhooks, false), hoistNamed(components)) as Json)
  const schemas = mapSchemas(components, mapDiscriminator(components)) as Record<string, Json>
  const sorted = Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((name) => [name, schemas[name]]),
  )
  const shaped = {
    ...document,
    paths: mapSchemas(hoisted, mapDiscriminator(components)),
    ...(webhooks && { webhooks: mapSchemas(webhooks, mapDiscriminator(components)) }),
    components: { ...document.components, schemas: { ...document.components?.schemas, ...sorted } },
  }
  return shaped as T
}
