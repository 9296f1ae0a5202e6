/**
 * Load steps with autocannon, in-process: N keep-alive connections for D seconds, each request taking the next path
 * from a shared rotation (so the server sees many distinct URLs, not one cached one). Latencies are collected from
 * autocannon's per-response event at sub-millisecond precision (its own histogram rounds to whole milliseconds).
 */
import autocannon from 'autocannon'
import type { BenchContext, BenchRow } from './types.js'

export interface LoadStep {
  case: string
  concurrency: number
  /** The path of the next request, e.g. `/v1/variants/3760…`; called once per request. */
  nextPath: () => string
  note?: string
  /** Another server than the shared one (a case that runs its own, on its own data set). */
  baseUrl?: string
  /** Extra request headers, e.g. a staff token for a route that needs one. */
  headers?: Record<string, string>
}

interface LoadOutcome {
  responses: number
  durationSec: number
  latenciesMs: Float64Array
  errors: number
  non2xx: number
  statusCodes: Record<string, number>
}

/** Cycles through `items` in a fixed shuffled order (seeded, so runs are comparable). */
export function rotation<T>(items: readonly T[], seed = 1): () => T {
  if (items.length === 0) throw new Error('rotation() needs at least one item')
  const order = [...items]
  let state = seed >>> 0 || 1
  for (let i = order.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    const j = state % (i + 1)
    const a = order[i] as T
    order[i] = order[j] as T
    order[j] = a
  }
  let next = 0
  return () => {
    const item = order[next % order.length] as T
    next++
    return item
  }
}

/** The value at quantile q (0..1) of sorted values, nearest-rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank] ?? null
}

async function drive(
  baseUrl: string,
  concurrency: number,
  durationSec: number,
  nextPath: () => string,
  headers: Record<string, string> = {},
): Promise<LoadOutcome> {
  let latencies = new Float64Array(1 << 16)
  let responses = 0
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: concurrency,
        duration: durationSec,
        timeout: 10,
        headers: { accept: 'application/json', ...headers },
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
      },
      (error, result) => {
        if (error) return reject(error)
        const statusCodes: Record<string, number> = {}
        for (const [code, stat] of Object.entries(result.statusCodeStats)) statusCodes[code] = stat.count
        resolve({
          responses,
          durationSec: result.duration,
          latenciesMs: latencies.slice(0, responses).sort(),
          errors: result.errors,
          non2xx: result.non2xx,
          statusCodes,
        })
      },
    )
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (responses === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2)
        bigger.set(latencies)
        latencies = bigger
      }
      latencies[responses++] = responseTime
    })
  })
}

const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)))

/** Warms up (unmeasured), then measures one step against the shared server; one row of the table. */
export async function runLoadStep(ctx: BenchContext, step: LoadStep): Promise<BenchRow> {
  const baseUrl = step.baseUrl ?? (await ctx.server()).baseUrl
  if (ctx.options.warmupSec > 0) await drive(baseUrl, step.concurrency, ctx.options.warmupSec, step.nextPath, step.headers)
  const outcome = await drive(baseUrl, step.concurrency, ctx.options.durationSec, step.nextPath, step.headers)
  const row: BenchRow = {
    case: step.case,
    engine: ctx.engine,
    concurrency: step.concurrency,
    requests: outcome.responses,
    reqPerSec: outcome.durationSec > 0 ? round(outcome.responses / outcome.durationSec, 1) : null,
    p50Ms: round(quantile(outcome.latenciesMs, 0.5), 2),
    p99Ms: round(quantile(outcome.latenciesMs, 0.99), 2),
    maxMs: round(quantile(outcome.latenciesMs, 1), 2),
    errors: outcome.errors,
    non2xx: outcome.non2xx,
    statusCodes: outcome.statusCodes,
    ...(step.note ? { note: step.note } : {}),
  }
  ctx.log(
    `  ${row.case} c=${row.concurrency}: ${row.reqPerSec} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms` +
      (row.errors || row.non2xx ? `  ⚠ ${row.errors} errors, ${row.non2xx} non-2xx` : ''),
  )
  return row
}
