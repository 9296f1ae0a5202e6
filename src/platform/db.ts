/**
 * One database handle for both engines: embedded PGlite (default, persisted under DATA_DIR) or PostgreSQL through
 * postgres.js when DATABASE_URL is set. Services receive `Tx`, which a transaction and the root handle both satisfy.
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
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'

export type Tx = PgDatabase<PgQueryResultHKT>

export type Engine = 'pglite' | 'postgres'

export interface Database {
  /** The root handle: pass it to read-only services; mutations go through `transaction`. */
  db: Tx
  engine: Engine
  /** Runs `work` in one transaction: all of it commits or none of it does. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>
  migrate(): Promise<void>
  close(): Promise<void>
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))

/** Lock key shared by every node so that two nodes starting together never migrate twice at once. */
const MIGRATION_LOCK_KEY = 4_247_001

export interface OpenDbOptions {
  /** postgres://… to use PostgreSQL; otherwise PGlite. */
  databaseUrl: string | null
  /** PGlite data directory, or `memory://` for an in-memory database. */
  dataDir: string
  poolSize?: number
}

/** Opens the database named by the options; the caller applies migrations with `migrate()`. */
export async function openDb(options: OpenDbOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPglite(options.dataDir)
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
    close: () => client.close(),
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    // timestamptz and bigint arrive as strings unless parsed; Drizzle maps them per column.
    connection: { application_name: 'omnicanal' },
  })
  const db = drizzlePostgres({ client, casing: 'snake_case' })
  return {
    db,
    engine: 'postgres',
    transaction: (work) => db.transaction(work),
    async migrate() {
      // One dedicated connection, so that the advisory lock and the migration share a session.
      const single = postgres(url, { max: 1, onnotice: () => {} })
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`
        await migratePostgres(drizzlePostgres({ client: single, casing: 'snake_case' }), { migrationsFolder })
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`
      } finally {
        await single.end({ timeout: 5 })
      }
    },
    close: () => client.end({ timeout: 5 }),
  }
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

/** The rows of a raw `db.execute()` result: postgres.js returns the rows array itself, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
