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

/** Deepest nesting of arrays and objects a request may send: no schema of the API comes near it. */
export const MAX_INPUT_DEPTH = 32

/** Thrown by findUnstorableText past MAX_INPUT_DEPTH: what lies deeper was not checked, so the request is refused. */
class TooDeep extends Error {
  constructor(readonly pointer: string) {
    super(`nested deeper than ${MAX_INPUT_DEPTH} levels`)
  }
}

/**
 * The JSON pointer of the first string (or object key) under `value` that holds unstorable text, if any. Throws
 * TooDeep past MAX_INPUT_DEPTH rather than answering "clean" for what it did not look at.
 */
export function findUnstorableText(value: unknown, pointer: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? pointer : null
  if (value === null || typeof value !== 'object') return null
  if (depth >= MAX_INPUT_DEPTH) throw new TooDeep(pointer)
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

function tooDeep(field: string): DomainError {
  const safeField = JSON.stringify(field).slice(1, -1)
  const message = `must not nest arrays and objects deeper than ${MAX_INPUT_DEPTH} levels`
  return new DomainError({
    code: 'validation-failed',
    status: 400,
    title: 'Request validation failed',
    detail: `${safeField} ${message}`,
    field: safeField,
    data: { errors: [{ field: safeField, message }] },
  })
}

/** The pointer of unstorable text under `value`, or a 400 DomainError thrown when it nests too deep to be checked. */
function check(value: unknown, pointer: string): string | null {
  try {
    return findUnstorableText(value, pointer)
  } catch (error) {
    if (error instanceof TooDeep) throw tooDeep(error.pointer)
    throw error
  }
}

/** onRequest hook (before authentication): refuses unstorable text in headers, path and query with a 400 naming it. */
export async function refuseUnstorableUrlText(request: FastifyRequest): Promise<void> {
  const found = check(request.headers, '/headers') ?? check(request.params, '/params') ?? check(request.query, '/query')
  if (found) throw unstorableText(found)
}

/**
 * preValidation hook: refuses unstorable text anywhere in the parsed JSON body, and nesting deeper than
 * MAX_INPUT_DEPTH, with a 400 naming the field.
 */
export async function refuseUnstorableBodyText(request: FastifyRequest): Promise<void> {
  const found = check(request.body, '/body')
  if (found) throw unstorableText(found)
}
