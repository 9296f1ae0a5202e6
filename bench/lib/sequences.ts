/**
 * Closed-loop load for multi-request sequences (create cart → add line → checkout), which autocannon, being
 * request-oriented, cannot chain honestly: `concurrency` virtual clients each run one sequence after another with
 * fetch over keep-alive connections, waiting for each answer before sending the next request, for a fixed time.
 * A sequence counts in the step if it started inside the measured window; the step lasts until the last of them
 * answered, so throughput is completed sequences over that time. Latency is taken around the whole sequence and
 * around each request, on the bench's clock (performance.now(), sub-millisecond).
 */
import { quantile } from './load.js'

/** What one run of the sequence reports: each request's time and status, and how it ended. */
export interface SequenceRun {
  stepMs: number[]
  statuses: number[]
  /** 'status': a request answered an unexpected status (the sequence stops there); 'error': a socket error or timeout. */
  failure: 'status' | 'error' | null
  /** The first unexpected answer, for the log. */
  detail?: string
}

export interface SequenceLoad {
  concurrency: number
  warmupSec: number
  durationSec: number
  /** Names of the requests of one sequence, in order (for the per-step percentiles). */
  steps: readonly string[]
  /** Runs the sequence once as virtual client `client`; must not throw (report a failure instead). */
  run: (client: number) => Promise<SequenceRun>
}

export interface SequenceOutcome {
  sequences: number
  durationSec: number
  /** Sorted latencies of whole sequences that succeeded. */
  totalMs: Float64Array
  /** Sorted latencies per step name, over every answered request of that step. */
  stepMs: Map<string, Float64Array>
  errors: number
  non2xx: number
  statusCodes: Record<string, number>
  firstFailure: string | null
}

async function loop(load: SequenceLoad, seconds: number, measured: boolean): Promise<SequenceOutcome> {
  const totals: number[] = []
  const perStep = load.steps.map(() => [] as number[])
  const statusCodes: Record<string, number> = {}
  let errors = 0
  let non2xx = 0
  let sequences = 0
  let firstFailure: string | null = null
  const started = performance.now()
  const deadline = started + seconds * 1000
  let lastAnswer = started
  const client = async (index: number) => {
    while (performance.now() < deadline) {
      const t0 = performance.now()
      const run = await load.run(index)
      const t1 = performance.now()
      lastAnswer = Math.max(lastAnswer, t1)
      if (!measured) continue
      sequences++
      run.stepMs.forEach((ms, i) => perStep[i]?.push(ms))
      for (const status of run.statuses) statusCodes[status] = (statusCodes[status] ?? 0) + 1
      if (run.failure === 'error') errors++
      else if (run.failure === 'status') non2xx++
      else totals.push(t1 - t0)
      if (run.failure && firstFailure === null) firstFailure = run.detail ?? run.failure
    }
  }
  await Promise.all(Array.from({ length: load.concurrency }, (_, i) => client(i)))
  const sorted = (values: number[]) => Float64Array.from(values).sort()
  return {
    sequences,
    durationSec: (lastAnswer - started) / 1000,
    totalMs: sorted(totals),
    stepMs: new Map(load.steps.map((name, i) => [name, sorted(perStep[i] ?? [])])),
    errors,
    non2xx,
    statusCodes,
    firstFailure,
  }
}

/** Warms up (unmeasured, same concurrency), then measures `durationSec` of sequences. */
export async function runSequences(load: SequenceLoad): Promise<SequenceOutcome> {
  if (load.warmupSec > 0) await loop(load, load.warmupSec, false)
  return loop(load, load.durationSec, true)
}

/** Runs `work` and turns a thrown socket error or timeout into a failed step. */
export async function step<T extends { status: number; ms: number }>(
  run: SequenceRun,
  expected: number,
  label: string,
  work: () => Promise<T>,
): Promise<T | null> {
  try {
    const answer = await work()
    run.stepMs.push(answer.ms)
    run.statuses.push(answer.status)
    if (answer.status !== expected) {
      run.failure = 'status'
      run.detail ??= `${label} answered ${answer.status}: ${JSON.stringify((answer as { body?: unknown }).body ?? null).slice(0, 300)}`
      return null
    }
    return answer
  } catch (error) {
    run.failure = 'error'
    run.detail ??= `${label}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`
    return null
  }
}

/** "p50/p99" of sorted latencies, in ms. */
export function p50p99(sorted: Float64Array): string {
  const fmt = (value: number | null) => (value === null ? '–' : value < 10 ? value.toFixed(1) : String(Math.round(value)))
  return `${fmt(quantile(sorted, 0.5))}/${fmt(quantile(sorted, 0.99))}`
}
