/**
 * `npm start` under a supervisor: SIGTERM or SIGINT sent to the npm process alone (not its process group, as a
 * container runtime or systemd does) stops the server cleanly and the whole tree exits 0. npm forwards the signal to
 * the script's shell only, so the script `exec`s node (one process, tsx loaded with --import) in the shell's place.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** True while a process with this id exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

// npm runs scripts with cmd.exe on Windows, which has neither `exec` nor POSIX signals.
describe.skipIf(process.platform === 'win32')('npm start', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('stops cleanly and exits 0 on %s sent to the npm process', async (signal) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'omni-npm-start-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const npm = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir, SEED_DEMO: 'false', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '3000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => npm.once('exit', (code, signal) => resolve({ code, signal })))
    // Whatever happens below, nothing of this run is left behind: npm, and the server once its pid is known.
    let serverPid: number | null = null
    cleanups.push(async () => {
      if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL')
      if (serverPid !== null && alive(serverPid)) process.kill(serverPid, 'SIGKILL')
    })

    const baseUrl = await new Promise<string>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`npm start did not listen within 90 s:\n${output}`)), 90_000)
      npm.stdout.on('data', () => {
        const match = /API\s+(http:\/\/\S+)\/v1/.exec(output)
        if (!match?.[1]) return
        clearTimeout(deadline)
        resolve(match[1])
      })
      void exit.then((result) => {
        clearTimeout(deadline)
        reject(new Error(`npm start exited (${JSON.stringify(result)}) before listening:\n${output}`))
      })
    })
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200)
    serverPid = Number(/"pid":(\d+)/.exec(output)?.[1] ?? NaN)
    expect(serverPid, output).toBeGreaterThan(0)

    npm.kill(signal)
    const stopped = await Promise.race([exit, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000))])
    expect(stopped, output).toEqual({ code: 0, signal: null })
    expect(output).toContain(`"signal":"${signal}"`)
    expect(output).toContain('database closed')
    expect(alive(serverPid), `the server (pid ${serverPid}) outlived npm:\n${output}`).toBe(false)
  }, 150_000)
})
