/** The shapes every bench file shares: options, the per-engine context a case runs in, and the rows it returns. */
import type { RunningServer } from './server.js'

export type EngineName = 'pglite' | 'postgres'

export const ENGINES: readonly EngineName[] = ['pglite', 'postgres']

export interface BenchOptions {
  quick: boolean
  products: number
  customers: number
  /** SKUs of the availability case's dedicated data set (each stocked at 50 locations). */
  skus: number
  /** Customers of the customer lookup case's dedicated data set (seeded with the demo CLI). */
  customersScale: number
  engines: EngineName[]
  /** Seconds of measured load per step. */
  durationSec: number
  /** Seconds of unmeasured load before each step, at the same concurrency. */
  warmupSec: number
  /** Server starts per engine in the cold-start case. */
  starts: number
  /** Only cases whose name contains one of these (case-insensitive); empty = all. */
  cases: string[]
  /** Admin URL of the PostgreSQL server that hosts the scratch database. */
  postgresUrl: string
}

/** Real inputs read from the running API, so load rotates through many distinct requests. */
export interface WorkInputs {
  /** French words taken from product titles, e.g. "robe", "lin", "chemise". */
  searchWords: string[]
  /** EAN-13 barcodes of real variants. */
  barcodes: string[]
}

/** What a case gets for one engine. The database is seeded before the first case runs. */
export interface BenchContext {
  engine: EngineName
  options: BenchOptions
  /** Environment that points a server (or the demo CLI) at this engine's scratch database. */
  databaseEnv: Record<string, string>
  /** The shared server on the scratch database, started on first use and reused by later cases. */
  server(): Promise<RunningServer>
  /** Stops the shared server; a case that starts its own servers calls this first (PGlite allows one process). */
  stopServer(): Promise<void>
  /** Search words and barcodes read once per engine from the shared server. */
  inputs(): Promise<WorkInputs>
  /** Registers a clean-up that also runs on Ctrl-C (e.g. a case's own scratch database); returns its unregistration. */
  defer(cleanup: () => Promise<void>): () => void
  log(line: string): void
}

/** One line of the table and of the JSON report. Latencies in milliseconds; null where a column does not apply. */
export interface BenchRow {
  case: string
  engine: EngineName
  concurrency: number | null
  /** Responses received (load steps) or samples taken (cold start). */
  requests: number
  reqPerSec: number | null
  p50Ms: number | null
  p99Ms: number | null
  maxMs: number | null
  /** Socket errors and timeouts. */
  errors: number
  non2xx: number
  statusCodes: Record<string, number>
  note?: string
  /** Byte counts a case measures besides time (e.g. the web apps' gzipped first load). */
  sizes?: Record<string, number>
  /** Broken invariants found by a case's own checks (e.g. units oversold): the row fails like a failed request. */
  violations?: string[]
}

export interface BenchCase {
  name: string
  engines: readonly EngineName[]
  run(ctx: BenchContext): Promise<BenchRow[]>
}

/** True when any request of the row failed or a check broke: the bench then says so loudly and exits non-zero. */
export function rowFailed(row: BenchRow): boolean {
  return row.errors > 0 || row.non2xx > 0 || (row.violations?.length ?? 0) > 0
}
