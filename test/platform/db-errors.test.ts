/**
 * What counts as the database being unavailable (503) rather than a fault of the request or a bug (500): SQLSTATEs of
 * an outage from any source; socket codes and node-postgres messages only on errors the database layer marked as
 * coming from one of its connections.
 */
import { describe, expect, it } from 'vitest'
import { isConnectionLost, isDatabaseUnavailable, markDatabaseError } from '../../src/platform/db-errors.js'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

describe('isDatabaseUnavailable', () => {
  it('recognises the SQLSTATEs of an outage, also wrapped by Drizzle', () => {
    for (const code of ['57P01', '57P03', '08006', '57014', '53300']) expect(isDatabaseUnavailable(withCode(code)), code).toBe(true)
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: withCode('57P01') }))).toBe(true)
    expect(isDatabaseUnavailable(withCode('55000', 'database "shop" is not currently accepting connections'))).toBe(true)
  })

  it('trusts socket codes and driver messages only on errors that came from a database connection', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']) {
      expect(isDatabaseUnavailable(withCode(code)), `${code} from anywhere`).toBe(false)
      expect(isDatabaseUnavailable(markDatabaseError(withCode(code))), `${code} from a connection`).toBe(true)
    }
    // Drizzle wraps the driver's error: the mark on the cause is found.
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: markDatabaseError(new Error('Connection terminated unexpectedly')) }))).toBe(true)
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: new Error('Connection terminated unexpectedly') }))).toBe(false)
    expect(isDatabaseUnavailable(markDatabaseError(new Error('timeout exceeded when trying to connect')))).toBe(true)
    expect(isDatabaseUnavailable(markDatabaseError(new Error('Query read timeout')))).toBe(true)
    // Node reports a host with several addresses refusing as one AggregateError.
    expect(isDatabaseUnavailable(markDatabaseError(new AggregateError([withCode('ECONNREFUSED')], 'connect failed')))).toBe(true)
  })

  it('leaves request faults, programming errors and a client aborting its upload alone', () => {
    for (const code of ['23505', '40001', '22P02', '42P01']) expect(isDatabaseUnavailable(markDatabaseError(withCode(code))), code).toBe(false)
    expect(isDatabaseUnavailable(withCode('55000', 'cannot do that in this state'))).toBe(false)
    expect(isDatabaseUnavailable(markDatabaseError(new Error('Client has already been connected. You cannot reuse a client.')))).toBe(false)
    // postgres.js is no longer used: its codes mean nothing here.
    expect(isDatabaseUnavailable(markDatabaseError(withCode('CONNECTION_CLOSED')))).toBe(false)
    expect(isDatabaseUnavailable(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBe(false)
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false)
  })
})

describe('isConnectionLost', () => {
  it('keeps a connection whose statement the server cancelled for time, and gives up one that broke', () => {
    expect(isConnectionLost(withCode('57014'))).toBe(false)
    expect(isConnectionLost(markDatabaseError(withCode('ECONNRESET')))).toBe(true)
    expect(isConnectionLost(withCode('57P01'))).toBe(true)
  })
})
