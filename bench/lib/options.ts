/** `npm run bench -- [flags]` → BenchOptions. */
import { parseArgs } from 'node:util'
import { ENGINES, type BenchOptions, type EngineName } from './types.js'

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test'
/** PGlite writes on one connection in WebAssembly: beyond this the lookup case's seed alone outlasts the rest of a run. */
export const PGLITE_MAX_CUSTOMERS = 100_000

const FULL = { products: 2000, customers: 20_000, durationSec: 10, warmupSec: 2, skus: 100_000, customersScale: 1_000_000 }
const QUICK = { products: 200, customers: 1000, durationSec: 3, warmupSec: 1, skus: 10_000, customersScale: 50_000 }

export const USAGE = `Usage: npm run bench -- [flags]

  --quick              small data set and short steps (products ${QUICK.products}, customers ${QUICK.customers}, ${QUICK.durationSec} s per step)
  --products N         products to seed (default ${FULL.products})
  --customers N        customers to seed (default ${FULL.customers})
  --skus N             SKUs of the availability case's own data set, × 50 locations (default ${FULL.skus}, quick ${QUICK.skus})
  --customers-scale N  customers of the customer lookup case's own data set (default ${FULL.customersScale}, quick ${QUICK.customersScale}; PGlite at most ${PGLITE_MAX_CUSTOMERS})
  --engines LIST       pglite,postgres (default both; postgres is skipped with a note when unreachable)
  --duration S         measured seconds per load step (default ${FULL.durationSec}, quick ${QUICK.durationSec})
  --warmup S           unmeasured seconds before each load step (default ${FULL.warmupSec}, quick ${QUICK.warmupSec}; 0 = none)
  --starts N           server starts per engine in the cold-start case (default 3)
  --cases LIST         only cases whose name contains one of these words, e.g. --cases search,barcode
  --help               this text

Environment: BENCH_DATABASE_URL names the PostgreSQL server that hosts the scratch database
(default ${DEFAULT_POSTGRES_URL}; the database in the URL is only used to connect).`

export class UsageError extends Error {}

function whole(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new UsageError(`--${name} expects a whole number ≥ ${min}, got "${raw}"`)
  return Number(raw)
}

function engineList(raw: string | undefined): EngineName[] {
  if (raw === undefined) return [...ENGINES]
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
  const unknown = names.filter((name) => !(ENGINES as readonly string[]).includes(name))
  if (names.length === 0 || unknown.length > 0) throw new UsageError(`--engines expects a list of ${ENGINES.join(', ')}, got "${raw}"`)
  return ENGINES.filter((engine) => names.includes(engine))
}

/** Parses the flags; returns null for --help. Throws UsageError on a bad flag. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | null {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        products: { type: 'string' },
        customers: { type: 'string' },
        skus: { type: 'string' },
        'customers-scale': { type: 'string' },
        engines: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        starts: { type: 'string' },
        cases: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (values.help) return null
  const sizes = values.quick ? QUICK : FULL
  return {
    quick: values.quick,
    products: whole('products', values.products, sizes.products, 1),
    customers: whole('customers', values.customers, sizes.customers, 0),
    skus: whole('skus', values.skus, sizes.skus, 10),
    customersScale: whole('customers-scale', values['customers-scale'], sizes.customersScale, 100),
    engines: engineList(values.engines),
    durationSec: whole('duration', values.duration, sizes.durationSec, 1),
    warmupSec: whole('warmup', values.warmup, sizes.warmupSec, 0),
    starts: whole('starts', values.starts, 3, 1),
    cases: (values.cases ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
    postgresUrl: env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL,
  }
}
