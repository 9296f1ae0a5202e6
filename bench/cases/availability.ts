/**
 * Availability of one SKU at scale, on a data set of its own (lib/big-inventory.ts: `--skus` SKUs × 50 locations,
 * 5,000,000 stock levels at the full size, no ledger), in a second scratch database: the shared server is stopped,
 * the data set is written in SQL, the two reads are EXPLAIN ANALYZEd once through a SQL connection (the exact
 * statements the inventory service sends, captured from its calls), then a server is started on it and loaded:
 * - `GET /v1/inventory/availability?sku=<random SKU>` — per-location availability of one variant;
 * - `GET /v1/inventory/availability/nearest?sku=<random SKU>&postalCode=<French postal code>` — the nearest stores
 *   holding it (earthdistance over the variant's levels).
 * Each at 1 and 32 connections, rotating through 2,000 SKUs spread over the whole range.
 */
import { SQL } from 'drizzle-orm'
import { availabilityOf, nearestAvailability } from '../../src/modules/inventory/service.js'
import { openDb, type Tx } from '../../src/platform/db.js'
import { explainStatement, planNote, type Plan } from '../lib/explain.js'
import { LOCATIONS, POSTAL_CODES, seedBigInventory, skuOf, type BigInventorySummary } from '../lib/big-inventory.js'
import { rotation, runLoadStep } from '../lib/load.js'
import { createScratch } from '../lib/scratch.js'
import { startServer } from '../lib/server.js'
import { ENGINES, type BenchCase, type BenchContext, type BenchRow } from '../lib/types.js'

const NAME = 'availability at scale'
const NEAREST = 'nearest stores at scale'
const CONCURRENCIES = [1, 32] as const
const ROTATION = 2000

/** Runs `read` once against a spy of the handle, then EXPLAIN ANALYZE of the last statement it executed. */
async function explain(db: Tx, read: (tx: Tx) => Promise<unknown>): Promise<Plan> {
  const captured: SQL[] = []
  const spy = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver)
      return (query: unknown) => {
        if (query instanceof SQL) captured.push(query)
        return target.execute(query as SQL)
      }
    },
  })
  await read(spy)
  const statement = captured.at(-1)
  if (!statement) throw new Error('the read sent no statement through execute(): cannot EXPLAIN it')
  return explainStatement(db, statement)
}

/** Writes the data set and explains both reads, with the database open in this process (before any server). */
async function prepare(
  ctx: BenchContext,
  env: Record<string, string>,
): Promise<{ summary: BigInventorySummary; plans: { availability: Plan; nearest: Plan } }> {
  const database = await openDb({ databaseUrl: env.DATABASE_URL || null, dataDir: env.DATA_DIR ?? 'memory://', poolSize: 2 })
  try {
    await database.migrate()
    ctx.log(`  writing ${ctx.options.skus.toLocaleString('en')} SKUs × ${LOCATIONS} locations in SQL…`)
    const summary = await seedBigInventory(database, ctx.options.skus, ctx.log)
    const sku = skuOf(Math.ceil(summary.variants / 2))
    const availability = await explain(database.db, (tx) => availabilityOf(tx, { sku, detailed: false }))
    const nearest = await explain(database.db, (tx) => nearestAvailability(tx, { sku, postalCode: '34000', country: 'FR', limit: 5, minQuantity: 1 }))
    for (const [name, plan] of Object.entries({ availability, nearest })) {
      ctx.log(`  EXPLAIN ANALYZE ${name} (${sku}):\n${plan.text.replace(/^/gm, '      ')}`)
    }
    return { summary, plans: { availability, nearest } }
  } finally {
    await database.close()
  }
}

export const availabilityAtScale: BenchCase = {
  name: NAME,
  engines: ENGINES,
  async run(ctx) {
    // A data set of its own: the shared server is not needed (later cases restart it) and would only take memory.
    await ctx.stopServer()
    const created = await createScratch(ctx.engine, ctx.options.postgresUrl)
    if (!created.ok) throw new Error(created.reason)
    const scratch = created.scratch
    const forgetScratch = ctx.defer(() => scratch.drop())
    try {
      const { summary, plans } = await prepare(ctx, scratch.env)
      const server = await startServer(scratch.env, 180_000)
      const forgetServer = ctx.defer(async () => void (await server.stop()))
      try {
        ctx.log(`  server on the data set up at ${server.baseUrl} (readyz after ${Math.round(server.readyAfterMs)} ms)`)
        const skus = Array.from({ length: Math.min(ROTATION, summary.variants) }, (_, i) => skuOf(((i * 48_271) % summary.variants) + 1))
        const dataSet = `${summary.variants.toLocaleString('en')} SKUs × ${summary.locations} locations = ${summary.stockLevels.toLocaleString('en')} levels, seeded in ${summary.seconds} s (no ledger)`
        const rows: BenchRow[] = []
        for (const concurrency of CONCURRENCIES) {
          const nextSku = rotation(skus, 13)
          const note = concurrency === 1 ? `${dataSet}; ${planNote(plans.availability)}` : `random SKUs of ${skus.length}`
          rows.push(
            await runLoadStep(ctx, { case: NAME, concurrency, baseUrl: server.baseUrl, note, nextPath: () => `/v1/inventory/availability?sku=${nextSku()}` }),
          )
        }
        for (const concurrency of CONCURRENCIES) {
          const nextSku = rotation(skus, 17)
          const nextPostalCode = rotation(POSTAL_CODES, 19)
          const note = concurrency === 1 ? `limit 5, from a postal code; ${planNote(plans.nearest)}` : `random SKUs × ${POSTAL_CODES.length} postal codes`
          rows.push(
            await runLoadStep(ctx, {
              case: NEAREST,
              concurrency,
              baseUrl: server.baseUrl,
              note,
              nextPath: () => `/v1/inventory/availability/nearest?sku=${nextSku()}&postalCode=${nextPostalCode()}`,
            }),
          )
        }
        return rows
      } finally {
        const code = await server.stop()
        forgetServer()
        if (code !== 0) ctx.log(`  ⚠ the server on the availability data set exited with code ${code}\n${server.output()}`)
      }
    } finally {
      await scratch.drop().catch((error: unknown) => ctx.log(`  ⚠ could not remove the availability scratch database: ${String(error)}`))
      forgetScratch()
    }
  },
}
