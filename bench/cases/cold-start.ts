/**
 * Cold start to first 200: on the already seeded (and migrated) database, spawn `src/main.ts` and time from spawn to
 * the first 200 of `GET /v1/products?limit=1`, polled every 10 ms. This covers Node and tsx start-up, opening the
 * database (PGlite loads its WASM and data directory), the migration check and building the app. The OS page cache
 * stays warm between starts: it measures a process restart, not a machine reboot.
 */
import { quantile } from '../lib/load.js'
import { freePort, spawnServer, waitFor200 } from '../lib/server.js'
import { ENGINES, type BenchCase } from '../lib/types.js'

const NAME = 'cold start to first 200'
const PROBE = '/v1/products?limit=1'
const START_TIMEOUT_MS = 120_000

export const coldStart: BenchCase = {
  name: NAME,
  engines: ENGINES,
  async run(ctx) {
    // PGlite allows one process per data directory, and a running server would share the machine anyway.
    await ctx.stopServer()
    const samples: number[] = []
    const reported: string[] = []
    let errors = 0
    for (let attempt = 0; attempt < ctx.options.starts; attempt++) {
      const server = spawnServer(ctx.databaseEnv, await freePort())
      try {
        samples.push(await waitFor200(server, PROBE, { timeoutMs: START_TIMEOUT_MS, intervalMs: 10 }))
        reported.push(String(server.reportedReadyMs() ?? '?'))
      } catch (error) {
        errors++
        ctx.log(`  cold start ${attempt + 1} failed: ${error instanceof Error ? error.message : String(error)}`)
      } finally {
        const code = await server.stop()
        if (code !== 0) ctx.log(`  ⚠ the server exited with code ${code} after SIGINT\n${server.output()}`)
      }
    }
    const sorted = Float64Array.from(samples).sort()
    const statusCodes: Record<string, number> = samples.length > 0 ? { '200': samples.length } : {}
    const round = (value: number | null) => (value === null ? null : Number(value.toFixed(1)))
    ctx.log(`  ${NAME}: ${samples.map((ms) => `${Math.round(ms)} ms`).join(', ') || 'no sample'}`)
    return [
      {
        case: NAME,
        engine: ctx.engine,
        concurrency: null,
        requests: samples.length,
        reqPerSec: null,
        p50Ms: round(quantile(sorted, 0.5)),
        p99Ms: null,
        maxMs: round(quantile(sorted, 1)),
        errors,
        non2xx: 0,
        statusCodes,
        note: `p50 = median of ${ctx.options.starts} start${ctx.options.starts === 1 ? '' : 's'}; server-reported ready in ${reported.join('/') || '–'} ms`,
      },
    ]
  },
}
