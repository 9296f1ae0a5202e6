import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchPostgres, engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { staffSession } from '../../../test/fixtures.js'
import { migrationsFolder, openDb, rowsOf, type Database } from '../../platform/db.js'

const BACKFILL = '0003_backfill_customer_identifiers'

/** A copy of the migrations folder whose journal stops just before the backfill. */
async function migrationsBeforeBackfill(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'omni-migrations-'))
  await cp(migrationsFolder, folder, { recursive: true })
  const journalPath = path.join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as { entries: { tag: string }[] }
  const at = journal.entries.findIndex((entry) => entry.tag === BACKFILL)
  if (at < 0) throw new Error(`${BACKFILL} is not in the migrations journal`)
  journal.entries = journal.entries.slice(0, at)
  await writeFile(journalPath, JSON.stringify(journal))
  return folder
}

describe.each(engines)('the identifier backfill migration on %s', (engine) => {
  let server: TestServer
  let database: Database
  let cleanup: () => Promise<void> = async () => {}

  beforeAll(async () => {
    const before = await migrationsBeforeBackfill()
    const scratch = engine === 'postgres' ? await createScratchPostgres() : null
    database = await openDb({ databaseUrl: scratch?.url ?? null, dataDir: 'memory://' })
    if (engine === 'postgres') await migratePostgres(database.db as NodePgDatabase, { migrationsFolder: before })
    else await migratePglite(database.db as PgliteDatabase, { migrationsFolder: before })
    // Customers as they existed before identifiers: mixed-case email, phones typed any way, one shared phone.
    await database.db.execute(sql`
      insert into customers (id, email, first_name, last_name, phone, created_at) values
        ('cus_legacy_a', 'Anne.Morel@Example.com', 'Anne', 'Morel', '06 11 22 33 44', '2024-01-01T00:00:00Z'),
        ('cus_legacy_b', 'bruno@example.com', 'Bruno', 'Petit', '+33 7 55 66 77 88', '2024-02-01T00:00:00Z'),
        ('cus_legacy_c', 'chloe@example.com', 'Chloé', 'Blanc', '0611223344', '2024-03-01T00:00:00Z'),
        ('cus_legacy_d', null, 'Denis', 'Noir', 'pas de numéro', '2024-04-01T00:00:00Z')`)
    await database.migrate()
    server = await startTestServer({ database })
    cleanup = async () => {
      await rm(before, { recursive: true, force: true })
      await server.close()
      await database.close()
      await scratch?.drop()
    }
  })
  afterAll(async () => cleanup())

  it('gives pre-existing customers their lower-cased email and E.164 phone identifiers', async () => {
    const rows = rowsOf<{ customer_id: string; kind: string; value: string }>(
      await database.db.execute(sql`select customer_id, kind, value from customer_identifiers order by customer_id, kind`),
    )
    expect(rows).toEqual([
      { customer_id: 'cus_legacy_a', kind: 'email', value: 'anne.morel@example.com' },
      { customer_id: 'cus_legacy_a', kind: 'phone', value: '+33611223344' },
      { customer_id: 'cus_legacy_b', kind: 'email', value: 'bruno@example.com' },
      { customer_id: 'cus_legacy_b', kind: 'phone', value: '+33755667788' },
      // The younger profile sharing Anne's phone keeps its email only: one identifier, one person.
      { customer_id: 'cus_legacy_c', kind: 'email', value: 'chloe@example.com' },
    ])
  })

  it('makes them findable through the lookup endpoint', async () => {
    const agent = await staffSession(server, 'call_centre_agent')
    const byPhone = await server.app.inject({
      method: 'GET',
      url: `/v1/customers/lookup?phone=${encodeURIComponent('07 55 66 77 88')}`,
      headers: agent.headers,
    })
    expect(byPhone.json()).toMatchObject({ id: 'cus_legacy_b' })
    const byEmail = await server.app.inject({ method: 'GET', url: '/v1/customers/lookup?email=ANNE.MOREL@example.com', headers: agent.headers })
    expect(byEmail.json()).toMatchObject({ id: 'cus_legacy_a' })
  })
})
