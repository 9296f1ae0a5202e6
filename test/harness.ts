/**
 * startTestServer(): a real app on a fresh database — in-memory PGlite by default, or a new PostgreSQL database per
 * call when TEST_DATABASE_URL is set (the `engines` list runs a suite on both). Migrations run exactly as in
 * production. Helpers log staff in and create customers through the public API.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { buildApp, type OmnicanalApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/platform/config.js'
import { openDb, type Database, type Engine } from '../src/platform/db.js'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null

/** The engines a suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const engines: Engine[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

export interface TestServer {
  app: OmnicanalApp
  database: Database
  config: Config
  /** Base URL when started with `listen: true` (real HTTP on loopback). */
  url: string
  close(): Promise<void>
}

/** Runs one statement on TEST_DATABASE_URL's database over its own short-lived connection. */
async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

/** Creates an empty PostgreSQL database next to TEST_DATABASE_URL's and returns its URL and a drop function. */
export async function createScratchPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set')
  const name = `omni_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  await adminQuery(`create database ${name}`)
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => adminQuery(`drop database if exists ${name} with (force)`) }
}

export async function openTestDatabase(engine: Engine): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (engine === 'postgres') {
    const scratch = await createScratchPostgres()
    // Suites fire hundreds of requests at once on a shared machine: a long queue for a connection is no outage here.
    const database = await openDb({ databaseUrl: scratch.url, dataDir: 'memory://', poolSize: 20, timeouts: { poolTimeoutMs: 120_000 } })
    await database.migrate()
    return { database, dispose: async () => (await database.close(), await scratch.drop()) }
  }
  const database = await openDb({ databaseUrl: null, dataDir: 'memory://' })
  await database.migrate()
  return { database, dispose: () => database.close() }
}

export async function startTestServer(
  options: { engine?: Engine; env?: Record<string, string>; listen?: boolean; database?: Database } = {},
): Promise<TestServer> {
  const engine = options.engine ?? 'pglite'
  // Test receivers listen on loopback: private webhook targets are allowed unless a test says otherwise.
  const config = loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false', OUTBOX_POLL_MS: '20', WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', ...options.env })
  const opened = options.database ? { database: options.database, dispose: async () => {} } : await openTestDatabase(engine)
  const app = await buildApp({ config, database: opened.database, logger: false })
  let url = ''
  if (options.listen) url = await app.listen({ host: '127.0.0.1', port: 0 })
  else await app.ready()
  return {
    app,
    database: opened.database,
    config,
    url,
    async close() {
      await app.close()
      await opened.dispose()
    },
  }
}
