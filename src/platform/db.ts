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
import { isConnectionLost, isReadTimeout, markDatabaseError } from './db-errors.js'

export { isDatabaseUnavailable, isForeignKeyViolation, isUniqueViolation, markDatabaseError, sqlStateOf } from './db-errors.js'

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
  /** PostgreSQL only: the pool's connections (open, idle, requests waiting for one). */
  connections?(): { total: number; idle: number; waiting: number }
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
    // The pool's own time-out bounds the wait in its queue (config.ts refuses one below the connect time-out); each
    // connection still gives up connecting sooner.
    connectionTimeoutMillis: timeouts.poolTimeoutMs,
    Client: clientConnectingWithin(timeouts.connectTimeoutMs),
  })
  watchConnections(pool, onConnectionError)
  const db = drizzlePostgres({ client: markingQueryErrors(pool), casing: 'snake_case' })
  const sessions = new WeakMap<pg.PoolClient, NodePgDatabase>()
  // Connections that went back to the pool once: one of them may have died idle there without pg noticing yet.
  const idledOnce = new WeakSet<pg.PoolClient>()
  pool.on('release', (_error, client) => idledOnce.add(client))
  // Connections given up mid-transaction (their socket destroyed): they never go back to the pool.
  const givenUp = new WeakSet<pg.PoolClient>()
  const readiness = readinessProbe(url, timeouts, onConnectionError)

  /** A Drizzle handle on `client` whose lost connection is given up at once, so that ROLLBACK fails fast. */
  function sessionOn(client: pg.PoolClient): NodePgDatabase {
    let session = sessions.get(client)
    if (!session) {
      const giveUp = () => {
        if (givenUp.has(client)) return
        givenUp.add(client)
        // pg leaves a timed-out query active: a ROLLBACK would queue behind it and wait for a read time-out of its own,
        // doubling the bound. Destroying the socket fails everything queued on it now (and the client reports it lost).
        client.connection.stream.destroy()
      }
      // Drizzle releases the client itself when the class name of what it is given contains "Pool"
      // (drizzle-orm/node-postgres/session.js, `transaction`): ours is a client whose class is `DatabaseClient`, so
      // it leaves the release to `transaction` below (database.test.ts checks the pool stays consistent).
      session = drizzlePostgres({ client: markingQueryErrors(client, giveUp), casing: 'snake_case' })
      sessions.set(client, session)
    }
    return session
  }

  return {
    db,
    engine: 'postgres',
    async transaction(work) {
      for (let attempt = 0; ; attempt++) {
        // The connection is taken here rather than by Drizzle, which leaks it when BEGIN fails on a dropped connection.
        const client = await pool.connect().catch((error: unknown) => Promise.reject(markDatabaseError(error)))
        const reused = idledOnce.has(client)
        const failed: { work?: unknown; any?: unknown } = {}
        let began = false
        try {
          return await sessionOn(client).transaction(async (tx) => {
            began = true
            try {
              return await work(tx)
            } catch (error) {
              failed.work = error
              throw error
            }
          })
        } catch (error) {
          failed.any = error
          // A pooled connection that died idle (a restart, a failover) fails BEGIN: nothing ran, so the transaction is
          // tried again on another connection (each stale one is discarded, so this ends). A read time-out is not
          // retried: the network is silent and waiting again would double the bound.
          if (!began && reused && attempt < poolSize && isConnectionLost(error) && !isReadTimeout(error)) continue
          // A ROLLBACK that fails on a dropped connection must not hide why the work failed.
          throw 'work' in failed ? failed.work : error
        } finally {
          // A connection lost mid-transaction (or whose state is unknown) is closed instead of going back to the pool; one
          // whose statement the server cancelled for time is still sound.
          client.release(givenUp.has(client) || ('any' in failed && isConnectionLost(failed.any)))
        }
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
    connections: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
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
  // Named without "Pool": Drizzle tells a pool from a client by that name (see `sessionOn`).
  return class DatabaseClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super({ ...(typeof config === 'string' ? { connectionString: config } : config), connectionTimeoutMillis: ms })
    }
  }
}

/**
 * `target` as Drizzle sees it: the same object, except that a failed query's error is marked as coming from the
 * database (see db-errors.ts) and, when its connection is lost, `onLost` runs before anything else is sent on it.
 */
function markingQueryErrors<T extends pg.Pool | pg.PoolClient>(target: T, onLost?: () => void): T {
  const query = (...args: unknown[]): unknown => {
    const result: unknown = Reflect.apply(target.query, target, args)
    if (!(result instanceof Promise)) return result
    return result.catch((error: unknown) => {
      markDatabaseError(error)
      if (onLost && isConnectionLost(error)) onLost()
      throw error
    })
  }
  return new Proxy(target, { get: (object, property) => (property === 'query' ? query : Reflect.get(object, property)) })
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

/** The rows of a raw `db.execute()` result: both drivers return `{ rows }`; a bare array is taken as the rows. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
