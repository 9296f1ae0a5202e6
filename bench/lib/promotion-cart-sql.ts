/**
 * The SQL behind one checkout of the 20-line cart with 50 promotions, on PostgreSQL, counted on the wire
 * (lib/pg-wire-counter.ts) as lib/checkout-sql.ts does for the guest checkout: a second server on the proxy with
 * background polling slowed to once a minute runs a few checkouts one at a time, the counters read after each answer
 * (median over the samples). Then `priceCartPromotions` once, in-process through the same proxy, for its own count.
 */
import type { CartPromotionsInput } from '../../src/modules/carts/service.js'
import { priceCartPromotions } from '../../src/modules/carts/service.js'
import { openDb } from '../../src/platform/db.js'
import { diffCounts, startWireCounter, type WireCounts } from './pg-wire-counter.js'
import { promotionCheckoutOnce, SHARE_STEPS, type PromotionCartWorld } from './promotion-cart.js'
import { freePort, spawnServer, waitFor200 } from './server.js'
import type { BenchContext } from './types.js'

const SAMPLES = 3
const WARM_UP = 2

export interface PromotionCheckoutSql {
  samples: number
  perStep: ({ name: string } & WireCounts)[]
  total: WireCounts
  pricing: WireCounts
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0
const medianCounts = (samples: WireCounts[]): WireCounts => ({
  statements: median(samples.map((s) => s.statements)),
  roundTrips: median(samples.map((s) => s.roundTrips)),
  transactions: median(samples.map((s) => s.transactions)),
})

/** Counts; the shared server must be stopped first (the count would include its background work otherwise). */
export async function countPromotionCheckoutSql(ctx: BenchContext, world: PromotionCartWorld, input: CartPromotionsInput): Promise<PromotionCheckoutSql> {
  const databaseUrl = ctx.databaseEnv.DATABASE_URL
  if (!databaseUrl) throw new Error('countPromotionCheckoutSql needs a PostgreSQL DATABASE_URL')
  const counter = await startWireCounter(databaseUrl)
  try {
    const server = spawnServer({ ...ctx.databaseEnv, DATABASE_URL: counter.url, OUTBOX_POLL_MS: '60000', DATABASE_POOL_SIZE: '2' }, await freePort())
    const totals: WireCounts[] = []
    const steps: WireCounts[][] = SHARE_STEPS.map(() => [])
    try {
      await waitFor200(server, '/readyz', { timeoutMs: 120_000, intervalMs: 50 })
      const proxied = { ...world, baseUrl: server.baseUrl }
      for (let i = 0; i < WARM_UP + SAMPLES; i++) {
        const marks: WireCounts[] = [counter.counts()]
        const run = await promotionCheckoutOnce(
          proxied,
          () => {},
          () => marks.push(counter.counts()),
        )
        if (run.failure) throw new Error(`a counted checkout failed: ${run.detail ?? run.failure}`)
        if (i < WARM_UP) continue
        totals.push(diffCounts(marks[marks.length - 1] as WireCounts, marks[0] as WireCounts))
        for (let s = 0; s < SHARE_STEPS.length; s++) steps[s]?.push(diffCounts(marks[s + 1] as WireCounts, marks[s] as WireCounts))
      }
    } finally {
      const code = await server.stop()
      if (code !== 0) ctx.log(`  ⚠ the counting server exited with code ${code}\n${server.output()}`)
    }
    const database = await openDb({ databaseUrl: counter.url, dataDir: 'memory://', poolSize: 1 })
    let pricing: WireCounts
    try {
      await priceCartPromotions(database.db, { ...input, now: new Date() })
      const before = counter.counts()
      await priceCartPromotions(database.db, { ...input, now: new Date() })
      pricing = diffCounts(counter.counts(), before)
    } finally {
      await database.close()
    }
    return { samples: SAMPLES, perStep: SHARE_STEPS.map((name, s) => ({ name, ...medianCounts(steps[s] ?? []) })), total: medianCounts(totals), pricing }
  } finally {
    await counter.close()
  }
}
