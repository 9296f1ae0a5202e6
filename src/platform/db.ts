/**
 * One database handle for both engines: embedded PGlite (default, persisted under DATA_DIR) or PostgreSQL through
 * node-postgres (`pg`) when DATABASE_URL is set. Services receive `Tx`, which a transaction and the root handle both
 * satisfy. On PostgreSQL every wait is bounded (connect, pool, statement) and a lost connection is replaced by the
 * pool on the next query: the failed requests see an error that `isDatabaseUnavailable` recognises.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { citext } from '@electric-sql/pglite/contrib/citext'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { sql } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'

export type Tx = PgDatabase<PgQueryResultHKT>

export type Engine = 'pglite' | 'postgres'

export interface Database {
  /** The root handle: pass it to read-only services; mutations go through `transaction`. */
  db: Tx
  engine: Engine
  /** Runs `work` in one transaction: all of it commits or none of it does. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>
  migrate(): Promise<void>
  /** True when the database answers; always settles within READY_TIMEOUT_MS, whatever the database does. */
  isReady(): Promise<boolean>
  close(): Promise<void>
}

/** The longest `isReady()` takes. */
export const READY_TIMEOUT_MS = 900
/** How much longer than the statement time-out the client waits for an answer before giving the connection up. */
const QUERY_TIMEOUT_GRACE_MS = 1000

export interface DatabaseTimeouts {
  /** Connecting to PostgreSQL. */
  connectTimeoutMs: number
  /** Waiting for a free connection of the pool when all are busy (a queue, not an outage, but not forever either). */
  poolTimeoutMs: number
  /** One statement, enforced by the server (SQLSTATE 57014). */
  statementTimeoutMs: number
  /** An idle pooled connection is closed after this long. */
  idleTimeoutMs: number
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectTimeoutMs: 5000, poolTimeoutMs: 10_000, statementTimeoutMs: 15_000, idleTimeoutMs: 30_000 }

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Lock key shared by every node so that two nodes starting together never migrate twice at once. */
const MIGRATION_LOCK_KEY = 4_247_001

export interface OpenDbOptions {
  /** postgres://… to use PostgreSQL; otherwise PGlite. */
  databaseUrl: string | null
  /** PGlite data directory, or `memory://` for an in-memory database. */
  dataDir: string
  poolSize?: number
  /** PostgreSQL only; PGlite runs in this process and has nothing to wait for but itself. */
  timeouts?: Partial<DatabaseTimeouts>
  /** Told about each PostgreSQL connection that broke (the query using it fails on its own). */
  onConnectionError?: (error: Error) => void
}

/** Opens the database named by the options; the caller applies migrations with `migrate()`. */
export async function openDb(options: OpenDbOptions): Promise<Database> {
  if (!options.databaseUrl) return openPglite(options.dataDir)
  const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts }
  return openPostgres(options.databaseUrl, options.poolSize ?? 10, timeouts, options.onConnectionError ?? (() => {}))
}

async function openPglite(dataDir: string): Promise<Database> {
  const inMemory = dataDir.startsWith('memory://')
  if (!inMemory) await mkdir(path.resolve(dataDir), { recursive: true })
  const client = await PGlite.create({
    dataDir: inMemory ? undefined : path.resolve(dataDir),
    extensions: { citext, cube, earthdistance, pg_trgm, unaccent },
  })
  const db = drizzlePglite({ client, casing: 'snake_case' })
  return {
    db,
    engine: 'pglite',
    transaction: (work) => db.transaction(work),
    migrate: () => migratePglite(db, { migrationsFolder }),
    // In-process and single-connection: a long transaction delays the ping, so the answer is raced with a timer.
    isReady: singleFlight(() => withDeadline(pingDb(db), READY_TIMEOUT_MS, false)),
    close: () => client.close(),
  }
}

async function openPostgres(url: string, poolSize: number, timeouts: DatabaseTimeouts, onConnectionError: (error: Error) => void): Promise<Database> {
  const pool = new pg.Pool({
    ...connectionConfig(url, timeouts),
    max: poolSize,
    idleTimeoutMillis: timeouts.idleTimeoutMs,
    // The pool's own time-out bounds the wait in its queue; each connection still gives up connecting sooner.
    connectionTimeoutMillis: Math.max(timeouts.poolTimeoutMs, timeouts.connectTimeoutMs),
    Client: clientConnectingWithin(timeouts.connectTimeoutMs),
  })
  watchConnections(pool, onConnectionError)
  const db = drizzlePostgres({ client: pool, casing: 'snake_case' })
  const sessions = new WeakMap<pg.PoolClient, NodePgDatabase>()
  const readiness = readinessProbe(url, timeouts, onConnectionError)
  return {
    db,
    engine: 'postgres',
    async transaction(work) {
      // The connection is taken here rather than by Drizzle, which leaks it when BEGIN fails on a dropped connection.
      const client = await pool.connect()
      let session = sessions.get(client)
      if (!session) sessions.set(client, (session = drizzlePostgres({ client, casing: 'snake_case' })))
      const failed: { work?: unknown; any?: unknown } = {}
      try {
        return await session.transaction(async (tx) => {
          try {
            return await work(tx)
          } catch (error) {
            failed.work = error
            throw error
          }
        })
      } catch (error) {
        failed.any = error
        // A ROLLBACK that fails on a dropped connection must not hide why the work failed.
        throw 'work' in failed ? failed.work : error
      } finally {
        // A connection lost mid-transaction (or whose state is unknown) is closed instead of going back to the pool; one
        // whose statement the server cancelled for time is still sound.
        client.release('any' in failed && isDatabaseUnavailable(failed.any) && sqlStateOf(failed.any) !== '57014')
      }
    },
    async migrate() {
      // One dedicated connection, so that the advisory lock and the migration share a session.
      const single = new pg.Client({ ...connectionConfig(url, timeouts), statement_timeout: undefined, query_timeout: undefined })
      single.on('error', onConnectionError)
      await single.connect()
      try {
        await single.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
        await migratePostgres(drizzlePostgres({ client: single, casing: 'snake_case' }), { migrationsFolder })
        await single.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      } finally {
        await single.end()
      }
    },
    isReady: readiness.check,
    async close() {
      await Promise.all([pool.end(), readiness.close()])
    },
  }
}

function connectionConfig(url: string, timeouts: DatabaseTimeouts): pg.ClientConfig {
  return {
    connectionString: url,
    application_name: 'omnicanal',
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    // The server cancels a statement running longer; the client gives up a little later when the server cannot even
    // say so (a silent network), and that connection is then discarded.
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS,
    // A peer that vanished without a FIN is noticed by TCP instead of leaving a connection waiting forever.
    keepAlive: true,
  }
}

/** A client class whose connections give up connecting after `ms`, whatever the pool's queue time-out. */
function clientConnectingWithin(ms: number): typeof pg.Client {
  return class extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: ms })
    }
  }
}

/**
 * A connection the server or the network drops emits 'error' on its client (idle in the pool or checked out between
 * two queries) and on the pool; unheard, Node would end the process. The query that was using it rejects on its own;
 * pg discards the connection and the next query connects anew, so here it is only reported.
 */
function watchConnections(pool: pg.Pool, onConnectionError: (error: Error) => void): void {
  pool.on('connect', (client) => client.on('error', onConnectionError))
  pool.on('error', () => {})
}

/**
 * Readiness is asked on its own single connection with tight time-outs, never queued behind requests in the main pool;
 * concurrent probes share one check, so a database that does not answer never piles probes up.
 */
function readinessProbe(url: string, timeouts: DatabaseTimeouts, onConnectionError: (error: Error) => void) {
  const budget = Math.min(READY_TIMEOUT_MS, timeouts.connectTimeoutMs + timeouts.statementTimeoutMs)
  const probe = new pg.Pool({
    ...connectionConfig(url, timeouts),
    max: 1,
    connectionTimeoutMillis: Math.floor(budget / 2),
    statement_timeout: Math.floor(budget / 2) - 50,
    query_timeout: Math.floor(budget / 2),
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  })
  watchConnections(probe, onConnectionError)
  return { check: singleFlight(() => probe.query('select 1').then(() => true, () => false)), close: () => probe.end() }
}

/** `work`'s answer, or `fallback` once `ms` have passed. */
async function withDeadline<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<T>((resolve) => (timer = setTimeout(resolve, ms, fallback)))
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** Wraps `check` so that calls made while one runs share its answer. */
function singleFlight(check: () => Promise<boolean>): () => Promise<boolean> {
  let running: Promise<boolean> | null = null
  return () => (running ??= check().finally(() => (running = null)))
}

/** True when the database answers a trivial query. */
export async function pingDb(db: Tx): Promise<boolean> {
  try {
    await db.execute(sql`select 1`)
    return true
  } catch {
    return false
  }
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

/** The rows of a raw `db.execute()` result: both drivers return `{ rows }`; a bare array is taken as the rows. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** SQLSTATEs of a server that is going away, not accepting connections, or that cancelled a statement running too long. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '57014', '08000', '08001', '08003', '08004', '08006', '53300'])
/** Node socket and driver codes of a connection that could not be made or broke. */
const UNAVAILABLE_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
])
/** node-postgres reports these without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Query read timeout$/,
  /is not queryable$/,
  /^Client has already been connected/,
]

/**
 * True when `error` (possibly wrapped by Drizzle) says the database could not be reached or dropped the connection,
 * or cancelled a statement for running too long: a retryable outage rather than a bug in the request.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') {
      if (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_CODES.has(code)) return true
      // 55000 is also used for unrelated prerequisites; only "database … is not accepting connections" is an outage.
      if (code === '55000' && /accepting connections/i.test(current.message)) return true
    }
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(current instanceof Error ? current.message : ''))) return true
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner))) return true
    current = current.cause
  }
  return false
}
