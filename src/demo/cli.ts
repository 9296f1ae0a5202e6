/**
 * `npm run demo -- [--reset] [--seed N] [--products N] [--customers N] [--orders N] [--journeys N]`
 * Seeds the demo shop into the configured database (DATA_DIR or DATABASE_URL). Without --reset it refuses a
 * database that already holds a shop; --reset wipes it first. Large sizes write in batches with a progress bar.
 */
import { rm } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { sql } from 'drizzle-orm'
// The demo runs module code without the app: it wires the hooks itself.
import '../module-hooks.js'
import { checkoutPolicyOf } from '../modules/orders/service.js'
import { ConfigError, loadConfig } from '../platform/config.js'
import { openDb, type Database } from '../platform/db.js'
import { seedProgressBars } from './progress.js'
import { DEMO_DEFAULTS, hasShopData, seedDemoShop } from './seed.js'

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw)) throw new Error(`--${name} expects a whole number, got "${raw}"`)
  return Number(raw)
}

async function wipe(database: Database): Promise<void> {
  // PostgreSQL only: PGlite is wiped by removing its data directory before opening it.
  await database.db.execute(sql`drop schema if exists drizzle cascade`)
  await database.db.execute(sql`drop schema public cascade`)
  await database.db.execute(sql`create schema public`)
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reset: { type: 'boolean', default: false },
      seed: { type: 'string' },
      products: { type: 'string' },
      customers: { type: 'string' },
      orders: { type: 'string' },
      journeys: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
  if (values.help) {
    console.log('Usage: npm run demo -- [--reset] [--seed N] [--products N] [--customers N] [--orders N] [--journeys N]')
    return
  }
  const config = loadConfig()
  const seed = positiveInt('seed', values.seed, config.demoSeed)
  const products = positiveInt('products', values.products, DEMO_DEFAULTS.products)
  const customers = positiveInt('customers', values.customers, DEMO_DEFAULTS.customers)
  const orders = positiveInt('orders', values.orders, DEMO_DEFAULTS.orders)
  const journeys = positiveInt('journeys', values.journeys, DEMO_DEFAULTS.journeys)

  if (values.reset && !config.databaseUrl && !config.dataDir.startsWith('memory://')) await rm(config.dataDir, { recursive: true, force: true })
  const database = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize })
  try {
    if (values.reset && config.databaseUrl) await wipe(database)
    await database.migrate()
    if (await hasShopData(database)) {
      console.error('The database already holds a shop. Run with --reset to wipe it and seed again.')
      process.exitCode = 1
      return
    }
    const started = performance.now()
    const progress = seedProgressBars({ products, customers })
    const summary = await seedDemoShop(database, {
      seed,
      products,
      customers,
      orders,
      journeys,
      policy: checkoutPolicyOf(config),
      log: (line) => console.log(line),
      progress: (what, done) => progress.update(what, done),
      singleTransaction: products <= DEMO_DEFAULTS.products && customers <= DEMO_DEFAULTS.customers,
    })
    progress.stop()
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `Seeded in ${seconds} s (seed ${seed}): ${summary.locations} locations, ${summary.channels} channels, ${summary.staff} staff, ` +
        `${summary.products} products, ${summary.variants} variants, ${summary.stockLevels} stock levels, ${summary.customers} customers, ${summary.orders} orders.`,
    )
    const j = summary.journeys
    if (j) console.log(`Journeys: ${j.consents} customers with consents, ${j.timelines} timelines, ${j.abandonedCarts} abandoned carts, ${j.wishlists} wishlists${j.heroine ? ', Léa Garcia' : ''}${j.skipped ? ` (${j.skipped} skipped)` : ''}.`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Invalid configuration — ${error.message}` : error)
  process.exit(1)
})
