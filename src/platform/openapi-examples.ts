/**
 * OpenAPI examples that name real rows (the last text-level pass, after openapi-document.ts shaped the document and
 * before openapi-components.ts hoists what recurs): route schemas keep readable placeholder ids
 * (`cus_01jd3x5k2v0000000000000000`), and a deployment that hands buildHttp a table of example ids (app.ts passes the
 * demo shop's, src/demo/example-ids.ts) gets each placeholder swapped for its row, and path parameters without an
 * example given one, so that "Try it out" in /docs reaches rows that exist. Without a table the document keeps its
 * placeholders.
 */
import { HTTP_METHODS, isObject } from './openapi-walk.js'

export interface OpenApiExamples {
  /** Placeholder id → the id of the row the examples should show. */
  ids: Readonly<Record<string, string>>
  /**
   * A path parameter's example, by the collection before it for `{id}` and `{code}` (`/v1/coupons/{code}` →
   * `coupons`), else by the parameter's own name; a placeholder here is swapped like any other.
   */
  pathParameters: Readonly<Record<string, string>>
}

const PLACEHOLDER = /\b[a-z]{2,5}_01jd[0-9a-z]{22}\b/g
const BY_COLLECTION = new Set(['id', 'code'])

/** Path parameters without an example get the table's, so that "Try it out" opens on a real row. */
function withPathExamples(paths: unknown, examples: OpenApiExamples['pathParameters']): void {
  if (!isObject(paths)) return
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(operation) || !Array.isArray(operation.parameters)) continue
      for (const parameter of operation.parameters as unknown[]) {
        if (!isObject(parameter) || parameter.in !== 'path' || parameter.example !== undefined || typeof parameter.name !== 'string') continue
        const collection = path.split(`/{${parameter.name}}`)[0]!.split('/').pop()!
        const example = examples[BY_COLLECTION.has(parameter.name) ? collection : parameter.name]
        if (example !== undefined) parameter.example = example
      }
    }
  }
}

/** The document with example ids that name the table's rows: placeholders replaced by those rows' ids. */
export function withExampleIds<T>(document: T, examples: OpenApiExamples): T {
  const copy = JSON.parse(JSON.stringify(document)) as T
  if (isObject(copy)) withPathExamples(copy.paths, examples.pathParameters)
  return JSON.parse(JSON.stringify(copy).replace(PLACEHOLDER, (placeholder) => examples.ids[placeholder] ?? placeholder)) as T
}
