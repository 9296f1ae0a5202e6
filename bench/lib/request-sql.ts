/**
 * The SQL behind one read request, on PostgreSQL: a second server is started with its DATABASE_URL pointing at the
 * wire-counting proxy (lib/pg-wire-counter.ts) and background polling slowed to once a minute; it answers the same
 * request a few times unmeasured, then `samples` times one at a time, the counters read around each answer. The
 * median is reported, so a background job that happens to run during one sample does not count.
 */
import { call, staffLogin } from './api.js'
import { diffCounts, startWireCounter, type WireCounts } from './pg-wire-counter.js'
import { freePort, spawnServer, waitFor200 } from './server.js'
import type { BenchContext } from './types.js'

const WARM_UP = 3

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0

/**
 * Statements, round trips and transactions (medians) of `GET path` as the staff `account`, on the shared scratch
 * database or on a case's own (`databaseEnv`).
 */
export async function countRequestSql(
  ctx: BenchContext,
  input: { path: string; account: { email: string; password: string }; samples: number; databaseEnv?: Record<string, string> },
): Promise<WireCounts & { samples: number }> {
  const databaseEnv = input.databaseEnv ?? ctx.databaseEnv
  const databaseUrl = databaseEnv.DATABASE_URL
  if (!databaseUrl) throw new Error('countRequestSql needs a PostgreSQL DATABASE_URL')
  const counter = await startWireCounter(databaseUrl)
  const server = spawnServer({ ...databaseEnv, DATABASE_URL: counter.url, OUTBOX_POLL_MS: '60000', DATABASE_POOL_SIZE: '2' }, await freePort())
  try {
    await waitFor200(server, '/readyz', { timeoutMs: 120_000, intervalMs: 50 })
    const headers = await staffLogin(server.baseUrl, input.account)
    for (let i = 0; i < WARM_UP; i++) await call(server.baseUrl, 'GET', input.path, 200, headers)
    const samples: WireCounts[] = []
    for (let i = 0; i < input.samples; i++) {
      const before = counter.counts()
      await call(server.baseUrl, 'GET', input.path, 200, headers)
      samples.push(diffCounts(counter.counts(), before))
    }
    return {
      samples: samples.length,
      statements: median(samples.map((s) => s.statements)),
      roundTrips: median(samples.map((s) => s.roundTrips)),
      transactions: median(samples.map((s) => s.transactions)),
    }
  } finally {
    await server.stop()
    await counter.close()
  }
}
