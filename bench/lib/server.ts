/**
 * Child processes: the real server (`src/main.ts`) and the demo seeder (`src/demo/cli.ts`), both run as
 * `node --import tsx …` so that signals reach them directly (no npx or npm wrapper in between).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

const OUTPUT_TAIL_CHARS = 20_000
const STOP_TIMEOUT_MS = 20_000

export interface ServerProcess {
  baseUrl: string
  /** performance.now() just before spawn. */
  spawnedAt: number
  /** The last few kilobytes of the child's stdout and stderr, for error messages. */
  output(): string
  /** True once the child has exited. */
  hasExited(): boolean
  /** The "ready in N ms" the server prints once listening (its own measure, from config to listen), if seen yet. */
  reportedReadyMs(): number | null
  /** SIGINT, then waits for exit (SIGKILL after 20 s); resolves to the exit code. */
  stop(): Promise<number | null>
}

export type RunningServer = ServerProcess & {
  /** Milliseconds from spawn to the first 200 on /readyz. */
  readyAfterMs: number
}

/** A port that was free a moment ago, on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))))
    })
  })
}

/** The parent's environment with the bench's overrides; an empty override value removes the variable. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const [name, value] of Object.entries(overrides)) {
    if (value === '') delete env[name]
    else env[name] = value
  }
  return env
}

function collectOutput(child: ChildProcess): () => string {
  let text = ''
  const append = (chunk: Buffer) => {
    text += chunk.toString('utf8')
    if (text.length > OUTPUT_TAIL_CHARS * 2) text = text.slice(-OUTPUT_TAIL_CHARS)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  return () => text.slice(-OUTPUT_TAIL_CHARS)
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

function spawnTsx(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The exit code, or 'timeout' after `ms`; the timer is cleared either way, so it never holds the process open. */
async function exitWithin(exited: Promise<number | null>, ms: number): Promise<number | null | 'timeout'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))
  try {
    return await Promise.race([exited, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Spawns `src/main.ts` on the given database and port, without the demo seed, logging warnings only. */
export function spawnServer(databaseEnv: Record<string, string>, port: number): ServerProcess {
  const env = childEnv({ ...databaseEnv, HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'false', LOG_LEVEL: 'warn', PUBLIC_URL: '' })
  const spawnedAt = performance.now()
  const child = spawnTsx('src/main.ts', [], env)
  const output = collectOutput(child)
  const exited = exitOf(child)
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    spawnedAt,
    output,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    reportedReadyMs() {
      const match = /ready in (\d+) ms/.exec(output())
      return match?.[1] ? Number(match[1]) : null
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGINT')
      const code = await exitWithin(exited, STOP_TIMEOUT_MS)
      if (code !== 'timeout') return code
      child.kill('SIGKILL')
      return exited
    },
  }
}

/**
 * Polls `GET path` until it answers 200 and returns the milliseconds since spawn. Throws, with the child's output,
 * when the child exits first or the deadline passes.
 */
export async function waitFor200(server: ServerProcess, path: string, options: { timeoutMs: number; intervalMs: number }): Promise<number> {
  const deadline = server.spawnedAt + options.timeoutMs
  let lastProblem = 'no answer yet'
  while (performance.now() < deadline) {
    if (server.hasExited()) throw new Error(`The server exited before answering ${path}.\n--- server output ---\n${server.output()}`)
    try {
      const response = await fetch(server.baseUrl + path, { signal: AbortSignal.timeout(5000) })
      await response.arrayBuffer()
      if (response.status === 200) return performance.now() - server.spawnedAt
      lastProblem = `HTTP ${response.status}`
    } catch (error) {
      lastProblem = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)
    }
    await sleep(options.intervalMs)
  }
  throw new Error(
    `The server did not answer 200 on ${path} within ${Math.round(options.timeoutMs / 1000)} s (last: ${lastProblem}).\n--- server output ---\n${server.output()}`,
  )
}

/** Starts the server and waits until /readyz answers 200; stops it again if it never does. */
export async function startServer(databaseEnv: Record<string, string>, timeoutMs: number): Promise<RunningServer> {
  const server = spawnServer(databaseEnv, await freePort())
  try {
    const readyAfterMs = await waitFor200(server, '/readyz', { timeoutMs, intervalMs: 50 })
    return Object.assign(server, { readyAfterMs })
  } catch (error) {
    await server.stop()
    throw error
  }
}

/** Seeds the demo shop into the database with `src/demo/cli.ts --reset`; resolves to the seeder's summary line. */
export async function seedDatabase(databaseEnv: Record<string, string>, size: { products: number; customers: number }, timeoutMs: number): Promise<string> {
  const args = ['--reset', '--products', String(size.products), '--customers', String(size.customers)]
  const child = spawnTsx('src/demo/cli.ts', args, childEnv({ ...databaseEnv, LOG_LEVEL: 'warn' }))
  const output = collectOutput(child)
  const exited = exitOf(child)
  const code = await exitWithin(exited, timeoutMs)
  if (code === 'timeout') {
    child.kill('SIGKILL')
    await exited
    throw new Error(`Seeding did not finish within ${Math.round(timeoutMs / 1000)} s.\n--- seeder output ---\n${output()}`)
  }
  if (code !== 0) throw new Error(`Seeding failed (exit ${code}).\n--- seeder output ---\n${output()}`)
  const summary = output()
    .split('\n')
    .find((line) => line.startsWith('Seeded in'))
  return summary?.trim() ?? 'seeded'
}
