/**
 * Customer reads at a till or in a store app:
 * - `customer lookup at scale`: on a data set of its own, a second scratch database seeded with the demo CLI (the
 *   same code path as `npm run demo -- --customers N`): `--customers-scale` customers (1,000,000; quick 50,000;
 *   PGlite at most 100,000), 60 % with a loyalty card. The shared server is stopped, the lookup statement is EXPLAIN
 *   ANALYZEd once per identifier kind, then a server on that database is loaded with `GET /v1/customers/lookup` by
 *   email, by phone (national format, as a seller types it: `06 12 34 56 78`) and by loyalty card number, at 1 and
 *   32 connections, as the Montpellier associate, rotating over 2,000 customers sampled from the whole table (each
 *   call also writes its access-log row). On PostgreSQL the SQL behind one call is counted on the wire.
 * - `customer 360`: one customer with 200 orders over five channels, open carts, a wishlist and touchpoints, written
 *   through the real services (lib/customer-360.ts) into the shared database; then
 *   `GET /v1/customers/{id}/overview?locationId=<Montpellier>` as the Montpellier associate at 1 and 8 connections.
 *   On PostgreSQL the SQL behind one call is counted on the wire (lib/request-sql.ts).
 */
import { openDb } from '../../src/platform/db.js'
import { DEMO_STAFF, isObject, staffLogin, timedRequest, type Json } from '../lib/api.js'
import { ORDERS, seedCustomer360, type Customer360 } from '../lib/customer-360.js'
import { explainLookup, planNote, sampleLookupInputs, type LookupInputs, type Plan } from '../lib/customer-scale.js'
import { rotation, runLoadStep } from '../lib/load.js'
import { PGLITE_MAX_CUSTOMERS } from '../lib/options.js'
import type { WireCounts } from '../lib/pg-wire-counter.js'
import { countRequestSql } from '../lib/request-sql.js'
import { createScratch } from '../lib/scratch.js'
import { seedDatabase, startServer } from '../lib/server.js'
import { ENGINES, type BenchCase, type BenchContext, type BenchRow } from '../lib/types.js'

const LOOKUP = 'customer lookup at scale'
const OVERVIEW = 'customer 360'
const LOOKUP_CONCURRENCIES = [1, 32] as const
const OVERVIEW_CONCURRENCIES = [1, 8] as const
/** The demo shop around the customers: a few products, enough for its demo orders. */
const PRODUCTS = 20
const SEED_TIMEOUT_MS = 90 * 60_000
const SQL_SAMPLES = 10

const KEYS = [
  { key: 'email', label: 'email', values: (inputs: LookupInputs) => inputs.emails },
  { key: 'phone', label: 'phone', values: (inputs: LookupInputs) => inputs.phones },
  { key: 'loyaltyCard', label: 'loyalty card', values: (inputs: LookupInputs) => inputs.loyaltyCards },
] as const

const sqlNote = (counted: WireCounts & { samples: number }) =>
  `SQL per call (median of ${counted.samples}): ${counted.statements} statements, ${counted.roundTrips} round trips, ${counted.transactions} transactions (the token look-up is its own)`

const openFor = (env: Record<string, string>) => openDb({ databaseUrl: env.DATABASE_URL || null, dataDir: env.DATA_DIR ?? 'memory://', poolSize: 2 })

/** Samples the inputs and explains the lookup once per kind, with the database open in this process. */
async function prepareLookups(ctx: BenchContext, env: Record<string, string>): Promise<{ inputs: LookupInputs; plans: Map<string, Plan> }> {
  const database = await openFor(env)
  try {
    const inputs = await sampleLookupInputs(database.db)
    const plans = new Map<string, Plan>()
    for (const { key, values } of KEYS) {
      const value = values(inputs)[0]
      if (!value) throw new Error(`no customer with a ${key} in the sample`)
      const plan = await explainLookup(database.db, key, value)
      ctx.log(`  EXPLAIN ANALYZE lookup by ${key} (${value}):\n${plan.text.replace(/^/gm, '      ')}`)
      plans.set(key, plan)
    }
    return { inputs, plans }
  } finally {
    await database.close()
  }
}

export const customerLookupAtScale: BenchCase = {
  name: LOOKUP,
  engines: ENGINES,
  async run(ctx) {
    // A data set of its own: the shared server is not needed (later cases restart it) and would only take memory.
    await ctx.stopServer()
    const count = ctx.engine === 'pglite' ? Math.min(ctx.options.customersScale, PGLITE_MAX_CUSTOMERS) : ctx.options.customersScale
    const created = await createScratch(ctx.engine, ctx.options.postgresUrl)
    if (!created.ok) throw new Error(created.reason)
    const scratch = created.scratch
    const forgetScratch = ctx.defer(() => scratch.drop())
    try {
      ctx.log(`  seeding ${count.toLocaleString('en')} customers with src/demo/cli.ts…`)
      const started = performance.now()
      await seedDatabase(scratch.env, { products: PRODUCTS, customers: count }, SEED_TIMEOUT_MS)
      const seedSeconds = ((performance.now() - started) / 1000).toFixed(0)
      const { inputs, plans } = await prepareLookups(ctx, scratch.env)
      const server = await startServer(scratch.env, 180_000)
      const forgetServer = ctx.defer(async () => void (await server.stop()))
      try {
        ctx.log(`  server on the data set up at ${server.baseUrl} (readyz after ${Math.round(server.readyAfterMs)} ms)`)
        const headers = await staffLogin(server.baseUrl, DEMO_STAFF.associateMontpellier)
        const capped = count < ctx.options.customersScale ? ` (PGlite: capped from ${ctx.options.customersScale.toLocaleString('en')})` : ''
        const dataSet = `${inputs.customers.toLocaleString('en')} customers${capped}, demo CLI seed ${seedSeconds} s`
        const rows: BenchRow[] = []
        for (const { key, label, values } of KEYS) {
          const sample = values(inputs)
          for (const concurrency of LOOKUP_CONCURRENCIES) {
            const next = rotation(sample, 23)
            const plan = plans.get(key)
            const note =
              concurrency === 1
                ? `${key === 'email' ? `${dataSet}; ` : ''}${plan ? planNote(plan) : ''}`
                : `${sample.length} random customers${key === 'phone' ? ', typed "06 12 34 56 78"' : ''}; each call also writes its access-log row`
            rows.push(
              await runLoadStep(ctx, {
                case: `customer lookup by ${label}`,
                concurrency,
                baseUrl: server.baseUrl,
                headers,
                note,
                nextPath: () => `/v1/customers/lookup?${key}=${encodeURIComponent(next())}`,
              }),
            )
          }
        }
        const [emailRow] = rows
        if (emailRow && ctx.engine === 'postgres') {
          const path = `/v1/customers/lookup?email=${encodeURIComponent(inputs.emails[0] ?? '')}`
          const counted = await countRequestSql(ctx, { path, account: DEMO_STAFF.associateMontpellier, samples: SQL_SAMPLES, databaseEnv: scratch.env })
          emailRow.note = `${emailRow.note ?? ''}; ${sqlNote(counted)}`
          ctx.log(`  ${LOOKUP}: ${sqlNote(counted)}`)
        }
        return rows
      } finally {
        const code = await server.stop()
        forgetServer()
        if (code !== 0) ctx.log(`  ⚠ the server on the customer data set exited with code ${code}\n${server.output()}`)
      }
    } finally {
      await scratch.drop().catch((error: unknown) => ctx.log(`  ⚠ could not remove the customer scratch database: ${String(error)}`))
      forgetScratch()
    }
  },
}

/** What the first answer must show of the customer written in set-up; each miss becomes a violation. */
function overviewViolations(body: Json, world: Customer360): string[] {
  if (!isObject(body)) return ['the overview is not a JSON object']
  const counts = isObject(body.counts) ? body.counts : {}
  const violations: string[] = []
  if (counts.orders !== world.orders) violations.push(`counts.orders is ${JSON.stringify(counts.orders ?? null)}, expected ${world.orders}`)
  if (!Array.isArray(body.orders) || body.orders.length === 0) violations.push('no recent orders in the overview')
  if (!Array.isArray(body.carts) || body.carts.length < world.carts) violations.push(`fewer than ${world.carts} carts in the overview`)
  if (!Array.isArray(body.touchpoints) || body.touchpoints.length === 0) violations.push('no touchpoints in the overview')
  return violations
}

export const customer360: BenchCase = {
  name: OVERVIEW,
  engines: ENGINES,
  async run(ctx) {
    // The set-up writes through the services in this process; PGlite allows one process per data directory.
    await ctx.stopServer()
    const database = await openFor(ctx.databaseEnv)
    let world: Customer360
    try {
      ctx.log(`  writing a customer with ${ORDERS} orders through the services…`)
      world = await seedCustomer360(database, ctx.log)
    } finally {
      await database.close()
    }
    const server = await ctx.server()
    const headers = await staffLogin(server.baseUrl, DEMO_STAFF.associateMontpellier)
    const path = `/v1/customers/${world.customerId}/overview?locationId=${world.montpellierId}`
    const first = await timedRequest(server.baseUrl, 'GET', path, headers)
    const detail = isObject(first.body) && typeof first.body.detail === 'string' ? first.body.detail : ''
    if (first.status === 404 && detail.startsWith('No route')) throw new Error('endpoint missing: GET /v1/customers/{id}/overview is not registered')
    if (first.status !== 200) throw new Error(`GET /v1/customers/{id}/overview answered ${first.status}: ${JSON.stringify(first.body).slice(0, 200)}`)
    const violations = overviewViolations(first.body, world)
    const rows: BenchRow[] = []
    for (const concurrency of OVERVIEW_CONCURRENCIES) {
      const note =
        concurrency === 1
          ? `one customer: ${world.orders} orders over 5 channels, ${world.carts} open carts, ${world.wishlist} wishlist items, ${world.touchpoints} touchpoints (set up in ${world.seconds} s); ${Math.round(JSON.stringify(first.body).length / 1024)} kB answer`
          : 'the same customer from every connection (each call also writes its access-log row)'
      rows.push(await runLoadStep(ctx, { case: OVERVIEW, concurrency, headers, note, nextPath: () => path }))
    }
    const [firstRow] = rows
    if (firstRow && violations.length > 0) firstRow.violations = violations
    if (firstRow && ctx.engine === 'postgres') {
      const counted = await countRequestSql(ctx, { path, account: DEMO_STAFF.associateMontpellier, samples: SQL_SAMPLES })
      firstRow.note = `${firstRow.note ?? ''}; ${sqlNote(counted)}`
      ctx.log(`  ${OVERVIEW}: ${sqlNote(counted)}`)
    } else if (firstRow) {
      firstRow.note = `${firstRow.note ?? ''}; SQL counted on PostgreSQL only (wire proxy)`
    }
    return rows
  },
}
