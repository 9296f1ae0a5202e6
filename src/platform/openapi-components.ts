/**
 * OpenAPI components beyond schemas (runs after openapi-document.ts named the schemas; openapi-operations.ts decides
 * what each operation declares, this file only says it once).
 *
 * The pieces every operation repeats, written once: after the schemas are named (openapi-document.ts), the request
 * parameters, the response headers and the problem answers that recur across operations and webhooks move to
 * `components.parameters`, `components.headers` and `components.responses`, each use becoming a `$ref`. Nothing is
 * listed by hand: whatever a route or a webhook declares is hoisted as soon as two operations say the same thing, so
 * a new header or status (an If-Match, a 412) is shared without touching this file.
 *
 * One name covers one variant: when uses of a name differ (an `id` path parameter described per resource), the most
 * frequent variant takes the name (the first seen on a tie: the document's order is the routes') and the others stay
 * inline. Problems are documented as the `application/problem+json` the server sends (problems.ts).
 */
import { STATUS_CODES } from 'node:http'

import { HTTP_METHODS, isObject, type Json } from './openapi-walk.js'

const PROBLEM_REF = '#/components/schemas/Problem'
const PROBLEM_MEDIA_TYPE = 'application/problem+json'

/** `Idempotency-Key` → `IdempotencyKey`, `x-ratelimit-limit` → `XRatelimitLimit`: a component name from a wire name. */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

/** 404 → `NotFound`, 422 → `UnprocessableEntity`; a status Node does not name keeps its number. */
function statusName(status: string): string {
  const text = STATUS_CODES[Number(status)]
  return text ? pascalCase(text) : `Status${status}`
}

/** A problem answer's media type says what the server sends; its schema needs no description beside the `$ref`. */
function asProblemMedia(response: unknown): unknown {
  if (!isObject(response) || !isObject(response.content)) return response
  const json = response.content['application/json']
  if (!isObject(json) || !isObject(json.schema) || json.schema.$ref !== PROBLEM_REF) return response
  const content: Json = { ...response.content, [PROBLEM_MEDIA_TYPE]: { ...json, schema: { $ref: PROBLEM_REF } } }
  delete content['application/json']
  return { ...response, content }
}

/** An answer that says nothing of its own route: no body, or a problem. Only those are shared by status. */
function isGeneric(response: Json): boolean {
  if (!isObject(response.content)) return true
  const media = Object.entries(response.content)
  return media.length === 1 && media[0]![0] === PROBLEM_MEDIA_TYPE
}

interface Candidate {
  kind: 'parameters' | 'headers' | 'responses'
  name: string
  value: Json
}

/** Every hoistable piece of an operation, with the component name it would take. */
function candidatesOf(operation: Json, webhook: boolean): Candidate[] {
  const found: Candidate[] = []
  for (const parameter of Array.isArray(operation.parameters) ? operation.parameters : []) {
    if (!isObject(parameter) || parameter.$ref !== undefined || typeof parameter.name !== 'string' || typeof parameter.in !== 'string') continue
    found.push({ kind: 'parameters', name: pascalCase(`${parameter.name} ${parameter.in}`), value: parameter })
  }
  for (const [status, response] of Object.entries(isObject(operation.responses) ? operation.responses : {})) {
    if (!isObject(response) || response.$ref !== undefined) continue
    for (const [name, header] of Object.entries(isObject(response.headers) ? response.headers : {})) {
      if (isObject(header) && header.$ref === undefined) found.push({ kind: 'headers', name: pascalCase(name), value: header })
    }
    const problem = /^[45]/.test(status) || status === 'default'
    if (isGeneric(response) && (problem || webhook)) {
      const name = `${webhook ? 'Webhook' : ''}${status === 'default' ? 'Default' : statusName(status)}`
      found.push({ kind: 'responses', name, value: response })
    }
  }
  return found
}

/** Per kind and name, the variant (as canonical text) that the most uses share, if at least two do. */
function chooseVariants(candidates: Candidate[]): Map<string, string> {
  const counts = new Map<string, Map<string, number>>()
  for (const { kind, name, value } of candidates) {
    const key = `${kind}/${name}`
    const variants = counts.get(key) ?? new Map<string, number>()
    const text = JSON.stringify(value)
    variants.set(text, (variants.get(text) ?? 0) + 1)
    counts.set(key, variants)
  }
  const chosen = new Map<string, string>()
  for (const [key, variants] of counts) {
    let best: [string, number] | undefined
    for (const entry of variants) if (!best || entry[1] > best[1]) best = entry
    if (best && best[1] >= 2) chosen.set(key, best[0])
  }
  return chosen
}

/** The operation with each chosen piece replaced by its `$ref` (headers first: a response is compared with its refs). */
function referToComponents(operation: Json, webhook: boolean, chosen: Map<string, string>): Json {
  const refer = (kind: string, name: string, value: Json): Json =>
    chosen.get(`${kind}/${name}`) === JSON.stringify(value) ? { $ref: `#/components/${kind}/${name}` } : value
  const copy: Json = { ...operation }
  if (Array.isArray(operation.parameters)) {
    copy.parameters = operation.parameters.map((parameter) =>
      isObject(parameter) && typeof parameter.name === 'string' && typeof parameter.in === 'string' && parameter.$ref === undefined
        ? refer('parameters', pascalCase(`${parameter.name} ${parameter.in}`), parameter)
        : parameter,
    )
  }
  if (isObject(operation.responses)) {
    const responses: Json = {}
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!isObject(response) || response.$ref !== undefined) {
        responses[status] = response
        continue
      }
      const candidate = candidatesOf({ responses: { [status]: response } }, webhook).find((c) => c.kind === 'responses')
      const referred = candidate ? refer('responses', candidate.name, response) : response
      if (referred !== response || !isObject(response.headers)) {
        responses[status] = referred
        continue
      }
      const headers = Object.fromEntries(
        Object.entries(response.headers).map(([name, header]) => [name, isObject(header) ? refer('headers', pascalCase(name), header) : header]),
      )
      responses[status] = { ...response, headers }
    }
    copy.responses = responses
  }
  return copy
}

type Operations = Record<string, Record<string, unknown>>

function mapOperations(items: Operations | undefined, map: (operation: Json) => Json): Operations | undefined {
  if (!items) return items
  return Object.fromEntries(
    Object.entries(items).map(([path, item]) => [
      path,
      Object.fromEntries(Object.entries(item).map(([method, operation]) => [method, HTTP_METHODS.has(method) && isObject(operation) ? map(operation) : operation])),
    ]),
  )
}

const sortedByName = (entries: Map<string, Json>): Json => Object.fromEntries([...entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))

/** The document with problems as problem+json and its repeated parameters, headers and answers under `components`. */
export function hoistSharedComponents<T extends object>(shaped: T): T {
  const document = shaped as Json & { paths?: Operations; webhooks?: Operations; components?: Json }
  const toProblemMedia = (operation: Json): Json =>
    isObject(operation.responses)
      ? { ...operation, responses: Object.fromEntries(Object.entries(operation.responses).map(([status, response]) => [status, asProblemMedia(response)])) }
      : operation
  const paths = mapOperations(document.paths, toProblemMedia)
  const webhooks = mapOperations(document.webhooks, toProblemMedia)

  const operations = (items: Operations | undefined, webhook: boolean) =>
    Object.values(items ?? {}).flatMap((item) =>
      Object.entries(item).flatMap(([method, operation]) => (HTTP_METHODS.has(method) && isObject(operation) ? [{ operation, webhook }] : [])),
    )
  const all = [...operations(paths, false), ...operations(webhooks, true)]
  const candidates = all.flatMap(({ operation, webhook }) => candidatesOf(operation, webhook))
  // Headers are chosen first so that the answers carrying them are compared (and shared) with their headers as refs.
  const chosenHeaders = chooseVariants(candidates.filter((c) => c.kind === 'headers'))
  const withHeaderRefs = (webhook: boolean) => (operation: Json) => referToComponents(operation, webhook, chosenHeaders)
  const pathsWithHeaders = mapOperations(paths, withHeaderRefs(false))
  const webhooksWithHeaders = mapOperations(webhooks, withHeaderRefs(true))
  const rest = [...operations(pathsWithHeaders, false), ...operations(webhooksWithHeaders, true)]
    .flatMap(({ operation, webhook }) => candidatesOf(operation, webhook))
    .filter((c) => c.kind !== 'headers')
  const chosen = new Map([...chosenHeaders, ...chooseVariants(rest)])

  const components: Record<Candidate['kind'], Map<string, Json>> = { parameters: new Map(), headers: new Map(), responses: new Map() }
  for (const [key, text] of chosen) {
    const [kind, name] = key.split('/') as [Candidate['kind'], string]
    components[kind].set(name, JSON.parse(text) as Json)
  }
  const refer = (webhook: boolean) => (operation: Json) => referToComponents(operation, webhook, chosen)
  const existing = document.components ?? {}
  return {
    ...document,
    ...(paths && { paths: mapOperations(pathsWithHeaders, refer(false)) }),
    ...(webhooks && { webhooks: mapOperations(webhooksWithHeaders, refer(true)) }),
    components: {
      ...existing,
      ...(components.parameters.size > 0 && { parameters: { ...(existing.parameters as Json), ...sortedByName(components.parameters) } }),
      ...(components.headers.size > 0 && { headers: { ...(existing.headers as Json), ...sortedByName(components.headers) } }),
      ...(components.responses.size > 0 && { responses: { ...(existing.responses as Json), ...sortedByName(components.responses) } }),
    },
  } as T
}
