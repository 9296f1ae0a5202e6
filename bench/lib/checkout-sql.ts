/**
 * The SQL behind one guest checkout, on PostgreSQL: a second server is started with its DATABASE_URL pointing at
 * the wire-counting proxy (lib/pg-wire-counter.ts) and background polling slowed to once a minute, and runs a few
 * checkouts one at a time. Statements, round trips and transactions are read around each request; the median over
 * the samples is reported, so a background job that happens to run during one sample does not count. Rows written
 * (tup_inserted + tup_updated + tup_deleted of pg_stat_database, flushed when the server's connections close) are
 * the total over the samples divided by their number. Asynchronous work (event dispatch, webhooks) is not counted.
 */
import pg from 'pg'
import { CHECKOUT_STEPS, guestCheckoutOnce, type CheckoutWorld } from './guest-checkout.js'
import { diffCounts, startWireCounter, type WireCounts } from './pg-wire-counter.js'
import { freePort, spawnServer, waitFor200 } from './server.js'
import type { BenchContext } from './types.js'

const SAMPLES = 20
const WARM_UP = 3

export interface SqlPerCheckout {
  samples: number
  total: WireCounts
  perStep: ({ name: string } & WireCounts)[]
  rowsWritten: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0
}

const medianCounts = (samples: WireCounts[]): WireCounts => ({
  statements: median(samples.map((s) => s.statements)),
  roundTrips: median(samples.map((s) => s.roundTrips)),
  transactions: median(samples.map((s) => s.transactions)),
})

async function rowsWritten(stats: pg.Client): Promise<number> {
  const { rows } = await stats.query<{ n: string }>(
    'select (tup_inserted + tup_updated + tup_deleted)::text as n from pg_stat_database where datname = current_database()',
  )
  return Number(rows[0]?.n ?? 0)
}

/** Counts the SQL of `SAMPLES` sequential guest checkouts through a proxied second server. */
export async function countCheckoutSql(ctx: BenchContext, world: CheckoutWorld): Promise<SqlPerCheckout> {
  const databaseUrl = ctx.databaseEnv.DATABASE_URL
  if (!databaseUrl) throw new Error('countCheckoutSql needs a PostgreSQL DATABASE_URL')
  const counter = await startWireCounter(databaseUrl)
  const stats = new pg.Client({ connectionString: databaseUrl })
  await stats.connect()
  const server = spawnServer({ ...ctx.databaseEnv, DATABASE_URL: counter.url, OUTBOX_POLL_MS: '60000', DATABASE_POOL_SIZE: '2' }, await freePort())
  try {
    await waitFor200(server, '/readyz', { timeoutMs: 120_000, intervalMs: 50 })
    const proxied: CheckoutWorld = { ...world, baseUrl: server.baseUrl }
    const headers = world.tokens[0] ?? {}
    for (let i = 0; i < WARM_UP; i++) await guestCheckoutOnce(proxied, headers)
    const names = [...CHECKOUT_STEPS]
    const totals: WireCounts[] = []
    const steps: WireCounts[][] = names.map(() => [])
    const writtenBefore = await rowsWritten(stats)
    for (let i = 0; i < SAMPLES; i++) {
      const marks: WireCounts[] = [counter.counts()]
      const run = await guestCheckoutOnce(proxied, headers, () => marks.push(counter.counts()))
      if (run.failure) throw new Error(`a counted checkout failed: ${run.detail ?? run.failure}`)
      const first = marks[0] as WireCounts
      totals.push(diffCounts(marks[marks.length - 1] as WireCounts, first))
      for (let s = 0; s < names.length; s++) steps[s]?.push(diffCounts(marks[s + 1] as WireCounts, marks[s] as WireCounts))
    }
    await server.stop()
    // Backends flush their statistics when they exit, a moment after the connection closes.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const written = (await rowsWritten(stats)) - writtenBefore
    return {
      samples: SAMPLES,
      total: medianCounts(totals),
      perStep: names.map((name, s) => ({ name, ...medianCounts(steps[s] ?? []) })),
      rowsWritten: Math.round(written / SAMPLES),
    }
  } finally {
    await server.stop()
    await stats.end()
    await counter.close()
  }
}
