/**
 * Text that PostgreSQL cannot store never reaches it: a NUL character (refused in `text` and `jsonb`) or a lone UTF-16
 * surrogate (not a Unicode character; encoders would silently turn it into U+FFFD). The HTTP shell runs these checks
 * on every header, path parameter, query parameter and JSON body — keys included — before any handler or schema sees
 * them, so every route is covered without declaring anything.
 */
import type { FastifyRequest } from 'fastify'
import { DomainError } from './problems.js'

// With the `u` flag a well-formed surrogate pair is one code point and does not match; only a lone half does.
const UNSTORABLE = /[\u0000\uD800-\uDFFF]/u

/** The JSON pointer of the first string (or object key) under `value` that holds unstorable text, if any. */
export function findUnstorableText(value: unknown, pointer: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? pointer : null
  if (value === null || typeof value !== 'object' || depth > 64) return null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${pointer}/${i}`, depth + 1)
      if (found) return found
    }
    return null
  }
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (UNSTORABLE.test(key)) return pointer
    const found = findUnstorableText(child, childPointer, depth + 1)
    if (found) return found
  }
  return null
}

function unstorableText(field: string): DomainError {
  // The pointer may itself hold the bad character (a query key): show it escaped so the problem stays valid text.
  const safeField = JSON.stringify(field).slice(1, -1)
  return new DomainError({
    code: 'validation-failed',
    status: 400,
    title: 'Request validation failed',
    detail: `${safeField} must not contain a NUL character or a lone UTF-16 surrogate`,
    field: safeField,
    data: { errors: [{ field: safeField, message: 'must not contain a NUL character or a lone UTF-16 surrogate' }] },
  })
}

/** onRequest hook (before authentication): refuses unstorable text in headers, path and query with a 400 naming it. */
export async function refuseUnstorableUrlText(request: FastifyRequest): Promise<void> {
  const found =
    findUnstorableText(request.headers, '/headers') ?? findUnstorableText(request.params, '/params') ?? findUnstorableText(request.query, '/query')
  if (found) throw unstorableText(found)
}

/** preValidation hook: refuses unstorable text anywhere in the parsed JSON body with a 400 naming the field. */
export async function refuseUnstorableBodyText(request: FastifyRequest): Promise<void> {
  const found = findUnstorableText(request.body, '/body')
  if (found) throw unstorableText(found)
}
