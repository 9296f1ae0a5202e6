/**
 * `npm run bench`: for each engine, create a scratch database, seed it with the demo CLI, start the real server as a
 * child process, run every case over loopback HTTP, then stop the server and drop the database. Prints a table and
 * writes bench/results/<timestamp>.json and latest.json. Exits 1 when any request failed (or nothing could run).
 * To add a case: write bench/cases/<family>.ts exporting BenchCase objects and list them in CASES below.
 */
// Bench cases run module code without the app: the hooks are wired here, as src/app.ts does.
import '../src/module-hooks.js'
import { availabilityAtScale } from './cases/availability.js'
import { productSearch, variantLookup } from './cases/catalog.js'
import { guestCheckout } from './cases/checkout.js'
import { checkoutPricingShare } from './cases/checkout-pricing.js'
import { coldStart } from './cases/cold-start.js'
import { customer360, customerLookupAtScale } from './cases/customers.js'
import { flashSale } from './cases/flash-sale.js'
import { promotionPricing } from './cases/pricing.js'
import { recovery } from './cases/recovery.js'
import { webAppFirstLoad } from './cases/web-apps.js'
import { fetchWorkInputs } from './lib/inputs.js'
import { parseOptions, UsageError, USAGE } from './lib/options.js'
import { failureBanner, formatTable, gitInfo, machineInfo, writeReport, type BenchReport, type EngineRecord } from './lib/report.js'
import { createScratch, redactUrl } from './lib/scratch.js'
import { seedDatabase, startServer, type RunningServer } from './lib/server.js'
import { rowFailed, type BenchCase, type BenchContext, type BenchOptions, type BenchRow, type EngineName, type WorkInputs } from './lib/types.js'

/**
 * Every case, in run order. The in-process pricing case first (no server, no database, so nothing else runs beside
 * it), then the read-only cases (the web apps' first load first), then the ones that write (flash sale, checkout, customer 360) on
 * their own variants; checkout (on PostgreSQL) and availability stop the shared server, so they come after the cases
 * that share it (customer 360 stops it for its set-up, then starts it again; pricing's share of checkout stops it to
 * time pricing in-process and archives its promotions, so it follows them); the cases on data sets of their own
 * (availability, customer lookup) follow; recovery (PostgreSQL, a server of its own behind a proxy it cuts) stops the
 * shared server too; cases that need the data directory to themselves (cold start) go last.
 */
const CASES: BenchCase[] = [promotionPricing, webAppFirstLoad, productSearch, variantLookup, flashSale, guestCheckout, customer360, checkoutPricingShare, availabilityAtScale, customerLookupAtScale, recovery, coldStart]

const SEED_TIMEOUT_MS = 30 * 60_000
const READY_TIMEOUT_MS = 120_000

/** Clean-ups of what is running now (servers, scratch databases), also run on Ctrl-C. */
const cleanups = new Set<() => Promise<void>>()

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

function logger(engine: EngineName): (line: string) => void {
  return (line) => process.stderr.write(`[bench ${engine}] ${line}\n`)
}

function selectCases(options: BenchOptions): BenchCase[] {
  if (options.cases.length === 0) return CASES
  const chosen = CASES.filter((c) => options.cases.some((word) => c.name.toLowerCase().includes(word)))
  if (chosen.length === 0) throw new UsageError(`--cases matched none of: ${CASES.map((c) => c.name).join(', ')}`)
  return chosen
}

/** The context cases share for one engine: a lazily started server and lazily fetched work inputs. */
function contextFor(engine: EngineName, options: BenchOptions, databaseEnv: Record<string, string>, log: (line: string) => void): BenchContext {
  let shared: Promise<RunningServer> | null = null
  let inputs: Promise<WorkInputs> | null = null
  const stopServer = async () => {
    const pending = shared
    shared = null
    inputs = null
    const server = await pending?.catch(() => null)
    if (!server) return
    const code = await server.stop()
    if (code !== 0) log(`⚠ the server exited with code ${code} after SIGINT\n${server.output()}`)
  }
  const ctx: BenchContext = {
    engine,
    options,
    databaseEnv,
    server() {
      shared ??= startServer(databaseEnv, READY_TIMEOUT_MS).then((server) => {
        log(`server up at ${server.baseUrl} (readyz after ${Math.round(server.readyAfterMs)} ms)`)
        cleanups.add(stopServer)
        return server
      })
      return shared
    },
    stopServer,
    inputs() {
      inputs ??= ctx
        .server()
        .then((server) => fetchWorkInputs(server.baseUrl))
        .then((found) => {
          log(`inputs: ${found.searchWords.length} search words (${found.searchWords.slice(0, 8).join(', ')}…), ${found.barcodes.length} barcodes`)
          return found
        })
      return inputs
    },
    defer(cleanup) {
      cleanups.add(cleanup)
      return () => cleanups.delete(cleanup)
    },
    log,
  }
  return ctx
}

/** A row standing for a case that threw: counted as a failure. */
function failedRow(benchCase: BenchCase, engine: EngineName, error: unknown): BenchRow {
  const firstLine = messageOf(error).split('\n')[0] ?? ''
  return {
    case: benchCase.name,
    engine,
    concurrency: null,
    requests: 0,
    reqPerSec: null,
    p50Ms: null,
    p99Ms: null,
    maxMs: null,
    errors: 1,
    non2xx: 0,
    statusCodes: {},
    note: `FAILED: ${firstLine.slice(0, 120)}`,
  }
}

async function runEngine(engine: EngineName, options: BenchOptions, cases: BenchCase[]): Promise<{ record: EngineRecord; rows: BenchRow[] }> {
  const log = logger(engine)
  const created = await createScratch(engine, options.postgresUrl)
  if (!created.ok) {
    log(`SKIPPED: ${created.reason}`)
    return { record: { engine, status: 'skipped', reason: created.reason }, rows: [] }
  }
  const scratch = created.scratch
  const dropScratch = () => scratch.drop()
  cleanups.add(dropScratch)
  const record: EngineRecord = { engine, status: 'ran', version: scratch.version, location: scratch.location }
  const rows: BenchRow[] = []
  const ctx = contextFor(engine, options, scratch.env, log)
  try {
    log(`${scratch.version}, scratch database ${scratch.location}`)
    log(`seeding ${options.products} products and ${options.customers} customers with src/demo/cli.ts…`)
    const started = performance.now()
    const summary = await seedDatabase(scratch.env, options, SEED_TIMEOUT_MS)
    record.seed = { summary, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) }
    log(summary)
    for (const benchCase of cases) {
      if (!benchCase.engines.includes(engine)) continue
      log(`${benchCase.name}…`)
      try {
        rows.push(...(await benchCase.run(ctx)))
      } catch (error) {
        log(`⚠ ${benchCase.name} FAILED: ${messageOf(error)}`)
        rows.push(failedRow(benchCase, engine, error))
      }
    }
  } catch (error) {
    log(`⚠ FAILED: ${messageOf(error)}`)
    record.status = 'failed'
    record.reason = messageOf(error).split('\n')[0]
  } finally {
    await ctx.stopServer()
    cleanups.delete(dropScratch)
    await scratch.drop().catch((error: unknown) => log(`⚠ could not remove the scratch database: ${messageOf(error)}`))
  }
  return { record, rows }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env)
  if (!options) {
    console.log(USAGE)
    return 0
  }
  const cases = selectCases(options)
  const startedAt = new Date().toISOString()
  const machine = machineInfo()
  process.stderr.write(
    `Omnicanal bench: ${cases.map((c) => c.name).join(', ')} on ${options.engines.join(', ')}; ` +
      `${options.products} products, ${options.customers} customers, ${options.durationSec} s per step after ${options.warmupSec} s warm-up; ` +
      `${machine.cpus} × ${machine.cpuModel}\n`,
  )
  const engines: EngineRecord[] = []
  const rows: BenchRow[] = []
  for (const engine of options.engines) {
    const result = await runEngine(engine, options, cases)
    engines.push(result.record)
    rows.push(...result.rows)
  }
  const failed = rows.some(rowFailed) || engines.some((engine) => engine.status === 'failed') || rows.length === 0
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    git: gitInfo(),
    options: { ...options, postgresUrl: redactUrl(options.postgresUrl) },
    engines,
    rows,
    failed,
  }
  const file = await writeReport(report)
  console.log(
    `\nOmnicanal bench — ${machine.cpus} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.node}, commit ${report.git.commit ?? '?'}${report.git.dirty ? ' (dirty)' : ''}`,
  )
  console.log(`${options.products} products, ${options.customers} customers; ${options.durationSec} s per step after ${options.warmupSec} s warm-up\n`)
  console.log(formatTable(rows, engines))
  const banner = failureBanner(rows, engines)
  if (banner) console.log(banner)
  if (rows.length === 0) console.log('\n⚠ Nothing was measured.')
  console.log(`\nReport: ${file} (also bench/results/latest.json)`)
  return failed ? 1 : 0
}

let interrupted = false
process.on('SIGINT', () => {
  if (interrupted) process.exit(130)
  interrupted = true
  process.stderr.write('\nInterrupted: stopping the server and removing the scratch databases…\n')
  // Newest first: the server stops before its database is removed.
  const pending = [...cleanups].reverse()
  void (async () => {
    for (const cleanup of pending) await cleanup().catch(() => {})
    process.exit(130)
  })()
})

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`)
    else console.error('The bench failed:', error)
    process.exitCode = 2
  },
)
