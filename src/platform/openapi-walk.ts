/**
 * Reading an OpenAPI document, shared by the openapi-*.ts files that build it and by the tests that check it (the
 * others: openapi-operations.ts shapes each route's operation, openapi-document.ts names schemas and bounds responses,
 * openapi-examples.ts swaps in demo ids, openapi-components.ts hoists recurring parameters, headers and answers; this
 * one only reads): what a JSON object is, which operations a document holds, and what a `#/components/…` reference
 * points to.
 */

export type Json = { [key: string]: unknown }

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The keys of a path item that are operations (the others are `parameters`, `summary`…). */
export const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'])

export interface OperationAt<Operation> {
  /** `GET /v1/carts/{id}`: how a test names the operation in what it reports. */
  name: string
  path: string
  /** Lower case, as the document writes it. */
  method: string
  operation: Operation
}

/** Every operation of a document's `paths` (or of its `webhooks`, passed as `{ paths: document.webhooks }`). */
export function operationsOf<Operation = Json>(document: { paths?: Record<string, Record<string, unknown>> }): OperationAt<Operation>[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method, operation]) => HTTP_METHODS.has(method) && isObject(operation))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, path, method, operation: operation as Operation })),
  )
}

const COMPONENT_REF = /^#\/components\/(schemas|parameters|headers|responses)\/([^/]+)$/

/** The component a `#/components/<kind>/<name>` reference names, or undefined; throws on a reference of another form. */
export function resolveComponentRef(components: unknown, ref: string): Json | undefined {
  const match = COMPONENT_REF.exec(ref)
  if (!match) throw new Error(`unsupported reference ${ref}`)
  const [, kind, name] = match as unknown as [string, string, string]
  const ofKind = isObject(components) ? components[kind] : undefined
  const target = isObject(ofKind) ? ofKind[name] : undefined
  return isObject(target) ? target : undefined
}

/**
 * The document with every `#/components/…` reference (schemas, parameters, headers, responses) replaced by the
 * component it names (its annotations beside the `$ref`, such as a description, kept over the component's): what
 * the fuzzer, the example checks and the per-operation lint checks read, since they look at one operation at a time.
 */
export function inlineComponentRefs<T>(document: T): T {
  const components = isObject(document) ? document.components : undefined
  const inline = (node: unknown, resolving: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((child) => inline(child, resolving))
    if (!isObject(node)) return node
    const ref = node.$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/')) {
      const target = resolveComponentRef(components, ref)
      if (target === undefined) throw new Error(`unresolved reference ${ref}`)
      if (resolving.includes(ref)) throw new Error(`recursive component ${[...resolving, ref].join(' → ')}`)
      const annotations = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'))
      return { ...(inline(target, [...resolving, ref]) as Json), ...annotations }
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, resolving)]))
  }
  return inline(document, []) as T
}
