/**
 * "Try it out" in /docs reaches real rows: the demo shop seeded with the default seed has deterministic ids, and every
 * id the published document's examples show for a kind the demo seeds is one of its rows. Seeded once per engine.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoShop } from '../../src/demo/seed.js'
import { checkoutPolicyOf } from '../../src/modules/orders/service.js'
import { rowsOf } from '../../src/platform/db.js'
import { DEMO_EXAMPLE_IDS } from '../../src/platform/openapi-examples.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

const ID = /\b[a-z]{2,5}_01[0-9a-hjkmnp-tv-z]{24}\b/g
const prefixOf = (id: string) => id.slice(0, id.indexOf('_'))
/** The kinds the demo seeds: those the table maps a placeholder to. */
const SEEDED_KINDS = new Set(Object.values(DEMO_EXAMPLE_IDS).map(prefixOf))

/** Which of `ids` are the id of a row in any table. */
async function existing(server: TestServer, ids: string[]): Promise<Set<string>> {
  const db = server.database.db
  const tables = rowsOf<{ table_name: string }>(
    await db.execute(
      sql`select table_name from information_schema.columns where column_name = 'id' and data_type = 'text' and table_schema = current_schema()`,
    ),
  )
  const found = new Set<string>()
  for (const { table_name } of tables) {
    const rows = rowsOf<{ id: string }>(await db.execute(sql`select id from ${sql.identifier(table_name)} where id in ${ids}`))
    for (const row of rows) found.add(row.id)
  }
  return found
}

describe.each(engines)('the examples of /openapi.json on the demo shop on %s', (engine) => {
  let server: TestServer
  let document: string
  beforeAll(async () => {
    server = await startTestServer({ engine })
    await ensureDemoShop(server.database, { seed: server.config.demoSeed, log: () => {}, policy: checkoutPolicyOf(server.config) })
    document = (await server.app.inject({ url: '/openapi.json' })).body
  }, 240_000)
  afterAll(async () => server?.close())

  it('shows only ids of rows the demo shop has, for every kind it seeds', async () => {
    const shown = [...new Set(document.match(ID) ?? [])].filter((id) => SEEDED_KINDS.has(prefixOf(id)))
    expect(shown.length).toBeGreaterThan(30)
    const found = await existing(server, shown)
    expect(shown.filter((id) => !found.has(id))).toEqual([])
  })

  it('leaves no placeholder of a seeded kind in the document', () => {
    expect(Object.keys(DEMO_EXAMPLE_IDS).filter((placeholder) => document.includes(placeholder))).toEqual([])
  })

  it('gives the demo shop the ids the table was written from', async () => {
    const ids = Object.values(DEMO_EXAMPLE_IDS)
    const found = await existing(server, ids)
    expect(ids.filter((id) => !found.has(id))).toEqual([])
  })
})
