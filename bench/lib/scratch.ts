/**
 * Scratch databases, one per engine and run: PGlite in a fresh temporary directory, PostgreSQL as a fresh database
 * `omni_bench_<random>` on the server of BENCH_DATABASE_URL. Both are removed by `drop()`, also after a failure.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { REPO_ROOT } from './server.js'
import type { EngineName } from './types.js'

export interface ScratchDatabase {
  engine: EngineName
  /** Environment for the server and the seeder; an empty value unsets an inherited variable. */
  env: Record<string, string>
  /** Where it lives, for the log and the report (never contains a password). */
  location: string
  /** Engine version, for the report. */
  version: string
  drop(): Promise<void>
}

/** Either a scratch database, or why this engine cannot run here. */
export type ScratchResult = { ok: true; scratch: ScratchDatabase } | { ok: false; reason: string }

export async function createScratch(engine: EngineName, postgresUrl: string): Promise<ScratchResult> {
  return engine === 'pglite' ? { ok: true, scratch: await createPgliteScratch() } : createPostgresScratch(postgresUrl)
}

async function createPgliteScratch(): Promise<ScratchDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'omni-bench-'))
  const dataDir = path.join(dir, 'data')
  return {
    engine: 'pglite',
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    location: dataDir,
    version: `PGlite ${await pgliteVersion()}`,
    drop: () => rm(dir, { recursive: true, force: true }),
  }
}

async function pgliteVersion(): Promise<string> {
  try {
    const manifest: unknown = JSON.parse(await readFile(path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'))
    return typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : 'unknown'
  } catch {
    return 'unknown'
  }
}

/** The URL without its password, for logs and reports. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(invalid URL)'
  }
}

async function createPostgresScratch(adminUrl: string): Promise<ScratchResult> {
  let admin: pg.Client
  try {
    admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000, application_name: 'omnicanal-bench' })
  } catch (error) {
    return { ok: false, reason: `BENCH_DATABASE_URL ${redactUrl(adminUrl)} is not usable: ${messageOf(error)}` }
  }
  admin.on('error', () => {})
  let version: string
  try {
    await admin.connect()
    const { rows } = await admin.query<{ server_version: string }>('show server_version')
    version = `PostgreSQL ${rows[0]?.server_version ?? 'unknown'}`
  } catch (error) {
    await admin.end().catch(() => {})
    return { ok: false, reason: `PostgreSQL at ${redactUrl(adminUrl)} is unreachable (${messageOf(error)})` }
  }
  const name = `omni_bench_${randomBytes(4).toString('hex')}`
  try {
    // The name is ours (hex), so interpolating it is safe; CREATE DATABASE takes no bind parameters.
    await admin.query(`create database "${name}"`)
  } catch (error) {
    await admin.end().catch(() => {})
    return { ok: false, reason: `cannot create a scratch database on ${redactUrl(adminUrl)} (${messageOf(error)})` }
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    ok: true,
    scratch: {
      engine: 'postgres',
      env: { DATABASE_URL: url.toString() },
      location: redactUrl(url.toString()),
      version,
      async drop() {
        try {
          await admin.query(`drop database if exists "${name}" with (force)`)
        } finally {
          await admin.end()
        }
      },
    },
  }
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return messageOf(error.errors[0])
  return error instanceof Error ? error.message : String(error)
}
