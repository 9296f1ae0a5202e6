/**
 * The published document with every `#/components/schemas/…` reference replaced by the schema it names (its
 * annotations beside the `$ref`, such as a description, kept over the component's): what the fuzzer and the example
 * checks read, since they look at one operation's schemas at a time.
 */
type Json = { [key: string]: unknown }
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const PREFIX = '#/components/schemas/'

export function inlineSchemaRefs<T>(document: T): T {
  const components = (isObject(document) && isObject(document.components) && isObject(document.components.schemas) ? document.components.schemas : {}) as Json
  const inline = (node: unknown, resolving: readonly string[]): unknown => {
    if (Array.isArray(node)) return node.map((child) => inline(child, resolving))
    if (!isObject(node)) return node
    const ref = node.$ref
    if (typeof ref === 'string' && ref.startsWith(PREFIX)) {
      const name = ref.slice(PREFIX.length)
      if (!(name in components)) throw new Error(`unresolved reference ${ref}`)
      if (resolving.includes(name)) throw new Error(`recursive schema ${[...resolving, name].join(' → ')}`)
      const annotations = Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$ref'))
      return { ...(inline(components[name], [...resolving, name]) as Json), ...annotations }
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inline(value, resolving)]))
  }
  return inline(document, []) as T
}
