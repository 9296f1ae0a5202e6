/**
 * The published document with every `#/components/…` reference (schemas, parameters, headers, responses) replaced by
 * the component it names (its annotations beside the `$ref`, such as a description, kept over the component's): what
 * the fuzzer, the example checks and the per-operation lint checks read, since they look at one operation at a time.
 */
type Json = { [key: string]: unknown }
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const COMPONENT_REF = /^#\/components\/(schemas|parameters|headers|responses)\/([^/]+)$/

export function inlineComponentRefs<T>(document: T): T {
  const components = (isObject(document) && isObject(document.components) ? document.components : {}) as Record<string, Json | undefined>
  const inline = (node: unknown, resolving: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((child) => inline(child, resolving))
    if (!isObject(node)) return node
    const ref = node.$ref
    const match = typeof ref === 'string' ? COMPONENT_REF.exec(ref) : null
    if (typeof ref === 'string' && ref.startsWith('#/components/') && !match) throw new Error(`unsupported reference ${ref}`)
    if (match) {
      const [, kind, name] = match as unknown as [string, string, string]
      const target = components[kind]?.[name]
      if (target === undefined) throw new Error(`unresolved reference ${ref as string}`)
      if (resolving.includes(ref as string)) throw new Error(`recursive component ${[...resolving, ref].join(' → ')}`)
      const annotations = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'))
      return { ...(inline(target, [...resolving, ref as string]) as Json), ...annotations }
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, resolving)]))
  }
  return inline(document, []) as T
}
