/** The printed table and the JSON report (`bench/results/<timestamp>.json` and `latest.json`). */
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { REPO_ROOT } from './server.js'
import { rowFailed, type BenchOptions, type BenchRow, type EngineName } from './types.js'

export interface EngineRecord {
  engine: EngineName
  status: 'ran' | 'skipped' | 'failed'
  /** Why the engine was skipped or failed. */
  reason?: string
  version?: string
  location?: string
  seed?: { summary: string; seconds: number }
}

export interface BenchReport {
  startedAt: string
  finishedAt: string
  machine: { cpus: number; cpuModel: string; totalMemoryGiB: number; node: string; platform: string; release: string; arch: string }
  git: { commit: string | null; dirty: boolean | null }
  options: BenchOptions
  engines: EngineRecord[]
  rows: BenchRow[]
  /** True when any request failed or any engine could not run its cases. */
  failed: boolean
}

export const RESULTS_DIR = path.join(REPO_ROOT, 'bench', 'results')

export function machineInfo(): BenchReport['machine'] {
  const cpus = os.cpus()
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: os.platform(),
    release: os.release(),
    arch: os.arch(),
  }
}

export function gitInfo(): BenchReport['git'] {
  const git = (args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    return { commit: git(['rev-parse', '--short', 'HEAD']), dirty: git(['status', '--porcelain']) !== '' }
  } catch {
    return { commit: null, dirty: null }
  }
}

const dash = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits))

/** A plain-text table; failed rows start with ⚠ and the failure counts. */
export function formatTable(rows: BenchRow[], engines: EngineRecord[]): string {
  const header = ['', 'case', 'engine', 'c', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'note']
  const right = new Set([3, 4, 5, 6, 7, 8, 9])
  const lines = rows.map((row) => [
    rowFailed(row) ? '⚠' : ' ',
    row.case,
    row.engine,
    row.concurrency === null ? '–' : String(row.concurrency),
    dash(row.reqPerSec, 0),
    dash(row.p50Ms),
    dash(row.p99Ms),
    dash(row.maxMs),
    String(row.errors),
    String(row.non2xx),
    row.note ?? '',
  ])
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)))
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  const out = [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)]
  for (const engine of engines) {
    if (engine.status !== 'ran') out.push(`${engine.status === 'failed' ? '⚠' : ' '} ${engine.engine}: ${engine.status} — ${engine.reason ?? ''}`)
  }
  return out.join('\n')
}

/** A loud summary when anything failed, else null. */
export function failureBanner(rows: BenchRow[], engines: EngineRecord[]): string | null {
  const failedRows = rows.filter(rowFailed)
  const failedEngines = engines.filter((engine) => engine.status === 'failed')
  if (failedRows.length === 0 && failedEngines.length === 0) return null
  const lines = ['', '!'.repeat(78), '!!  THIS BENCH RUN HAD FAILURES: its numbers do not describe a healthy server.']
  for (const row of failedRows) {
    const codes = Object.entries(row.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${code}×${count}`)
      .join(', ')
    lines.push(
      `!!  ${row.case} on ${row.engine} (c=${row.concurrency ?? '–'}): ${row.errors} errors/timeouts, ${row.non2xx} non-2xx${codes ? ` (${codes})` : ''}`,
    )
    for (const violation of row.violations ?? []) lines.push(`!!      ${violation}`)
  }
  for (const engine of failedEngines) lines.push(`!!  ${engine.engine}: ${engine.reason ?? 'failed'}`)
  lines.push('!'.repeat(78))
  return lines.join('\n')
}

/** Writes the report under bench/results/ and returns the timestamped file's path. */
export async function writeReport(report: BenchReport): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true })
  const file = path.join(RESULTS_DIR, `${report.startedAt.replace(/:/g, '-')}.json`)
  const json = `${JSON.stringify(report, null, 2)}\n`
  await writeFile(file, json)
  await writeFile(path.join(RESULTS_DIR, 'latest.json'), json)
  return file
}
