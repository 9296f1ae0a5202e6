/**
 * How a database error is read: its SQLSTATE (either driver, possibly wrapped by Drizzle) and whether it means the
 * database is unavailable. A socket code or a driver message is only trusted on an error the database layer marked
 * as coming from one of its connections, so that a client aborting its own upload is never taken for an outage.
 */

/** Errors raised by a pooled connection or by a query on one (see `markDatabaseError`). */
const fromDatabase = new WeakSet<object>()

/** Records that `error` came from a database connection or a query on one; returns it, to be rethrown. */
export function markDatabaseError<T>(error: T): T {
  if (typeof error === 'object' && error !== null) fromDatabase.add(error)
  return error
}

/** The SQLSTATE of a database error from either driver, possibly wrapped by Drizzle; undefined for anything else. */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error
  for (let depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

/** True for a unique-constraint violation (SQLSTATE 23505). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505'
}

/** True for a foreign-key violation (SQLSTATE 23503): a referenced row does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23503'
}

/** SQLSTATEs of a server that is going away, not accepting connections, or that cancelled a statement running too long. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '57014', '08000', '08001', '08003', '08004', '08006', '53300'])
/** Node socket codes of a connection that could not be made or broke: trusted only on a marked error. */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** node-postgres reports these without a code: trusted only on a marked error. */
const UNAVAILABLE_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect$/, /^Query read timeout$/, /is not queryable$/]

/**
 * True when `error` (possibly wrapped by Drizzle) says the database could not be reached or dropped the connection,
 * or cancelled a statement for running too long: a retryable outage rather than a bug in the request.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, false)
}

function unavailable(error: unknown, marked: boolean): boolean {
  let current: unknown = error
  let fromConnection = marked
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    // A mark on a wrapper covers what it wraps: the walk goes from the outside in.
    fromConnection ||= fromDatabase.has(current)
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') {
      if (UNAVAILABLE_STATES.has(code) || (fromConnection && SOCKET_CODES.has(code))) return true
      // 55000 is also used for unrelated prerequisites; only "database … is not accepting connections" is an outage.
      if (code === '55000' && /accepting connections/i.test(current.message)) return true
    }
    const message = current.message
    if (fromConnection && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true
    if (current instanceof AggregateError && current.errors.some((inner) => unavailable(inner, fromConnection))) return true
    current = current.cause
  }
  return false
}

/** True when the connection that raised `error` can no longer be trusted (lost or out of step), unlike a statement the server cancelled for time. */
export function isConnectionLost(error: unknown): boolean {
  return isDatabaseUnavailable(error) && sqlStateOf(error) !== '57014'
}

/** True for node-postgres giving up waiting for an answer (a silent network): retrying would wait as long again. */
export function isReadTimeout(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    if (current.message === 'Query read timeout') return true
    current = current.cause
  }
  return false
}
