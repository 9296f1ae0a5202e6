import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { createChannel, listChannels } from '../../src/modules/channels/service.js'
import { openDb, rowsOf } from '../../src/platform/db.js'
import { createScratchPostgres, TEST_DATABASE_URL } from '../harness.js'

async function tableNames(db: Awaited<ReturnType<typeof openDb>>['db']): Promise<string[]> {
  const result = await db.execute(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`)
  return rowsOf<{ table_name: string }>(result).map((r) => r.table_name)
}

describe('migrations and persistence on PGlite', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('migrates an empty data directory, keeps data across a restart and re-migrates as a no-op', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'omnicanal-'))
    dirs.push(dir)
    const first = await openDb({ databaseUrl: null, dataDir: dir })
    await first.migrate()
    expect(await tableNames(first.db)).toEqual(expect.arrayContaining(['channels', 'locations', 'outbox_events', 'idempotency_keys', 'staff_users']))
    await first.transaction((tx) => createChannel(tx, { code: 'web', name: 'Site web', kind: 'web' }))
    await first.close()

    const second = await openDb({ databaseUrl: null, dataDir: dir })
    await second.migrate()
    const page = await listChannels(second.db, { limit: 10 })
    expect(page.items.map((c) => c.code)).toEqual(['web'])
    await second.close()
  })
})

describe.skipIf(!TEST_DATABASE_URL)('migrations and persistence on PostgreSQL', () => {
  it('migrates a new database, keeps data across a reconnect, and two nodes migrating at once do not clash', async () => {
    const scratch = await createScratchPostgres()
    try {
      const a = await openDb({ databaseUrl: scratch.url, dataDir: 'memory://' })
      const b = await openDb({ databaseUrl: scratch.url, dataDir: 'memory://' })
      await Promise.all([a.migrate(), b.migrate()])
      await b.close()
      await a.transaction((tx) => createChannel(tx, { code: 'web', name: 'Site web', kind: 'web' }))
      await a.close()
      const again = await openDb({ databaseUrl: scratch.url, dataDir: 'memory://' })
      await again.migrate()
      expect((await listChannels(again.db, { limit: 10 })).items.map((c) => c.code)).toEqual(['web'])
      await again.close()
    } finally {
      await scratch.drop()
    }
  })
})

describe.skipIf(!TEST_DATABASE_URL)('transactions on the PostgreSQL pool (PGlite has no pool)', () => {
  it('leaves the release of its connection to Database.transaction: Drizzle does not take our session for a pool', async () => {
    // Drizzle would connect and release a second time if it took the session's client for a pool (its class name).
    const scratch = await createScratchPostgres()
    const database = await openDb({ databaseUrl: scratch.url, dataDir: 'memory://', poolSize: 3 })
    try {
      await database.migrate()
      for (let n = 0; n < 6; n++) {
        if (n % 2 === 0) await database.transaction((tx) => createChannel(tx, { code: `web${n}`, name: `Site ${n}`, kind: 'web' }))
        else await expect(database.transaction(() => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed')
      }
      // One connection served them all in turn and is back in the pool, idle, exactly once.
      expect(database.connections?.()).toEqual({ total: 1, idle: 1, waiting: 0 })
      expect((await listChannels(database.db, { limit: 10 })).items.map((c) => c.code).sort()).toEqual(['web0', 'web2', 'web4'])
    } finally {
      await database.close()
      await scratch.drop()
    }
  })
})
