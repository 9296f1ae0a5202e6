/**
 * The newcomer's journey: `npm start` on an empty data directory seeds the demo shop and serves it; Ctrl-C stops it
 * cleanly; a second start on the same directory keeps everything and does not reseed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

interface Running {
  child: ChildProcess
  baseUrl: string
  output: () => string
}

function startServer(dataDir: string): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', DATABASE_URL: '', SEED_DEMO: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /API\s+(http:\/\/[^\s]+)\/v1/.exec(output)
      if (match?.[1]) resolve({ child, baseUrl: match[1], output: () => output })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)))
  })
}

function stopServer(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit')
    running.child.on('exit', (code) => resolve(code))
    running.child.kill('SIGINT')
  })
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url)
  return { status: res.status, body: (await res.json()) as T }
}

describe('npm start', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('seeds the demo shop on first start, stops on Ctrl-C and keeps everything on restart', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'omnicanal-start-'))
    dirs.push(dataDir)

    const first = await startServer(dataDir)
    expect(first.output()).toContain('seeding the Maison Lumière demo shop')
    const products = await getJson<{ items: { id: string }[] }>(`${first.baseUrl}/v1/products?limit=5`)
    expect(products.status).toBe(200)
    expect(products.body.items).toHaveLength(5)
    const locations = await getJson<{ items: { code: string }[] }>(`${first.baseUrl}/v1/locations`)
    expect(locations.body.items.map((l) => l.code).sort()).toEqual(['store-lyon', 'store-montpellier', 'store-paris', 'warehouse-orleans'])
    const docs = await fetch(`${first.baseUrl}/docs`)
    expect(docs.status).toBe(200)
    // The store app is served by the same server, built (npm install, or this start when its sources changed).
    expect(first.output()).toContain(`${first.baseUrl}/store/`)
    const storeApp = await fetch(`${first.baseUrl}/store/customers/anyone`)
    expect(storeApp.status).toBe(200)
    expect(await storeApp.text()).toMatch(/<script type="module"[^>]+src="\/store\/assets\/index-[\w-]+\.js"/)
    const openapi = await getJson<{ openapi: string; paths: Record<string, unknown> }>(`${first.baseUrl}/openapi.json`)
    expect(openapi.body.openapi).toBe('3.1.0')
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/products', '/v1/variants/{skuOrBarcode}', '/v1/events/stream', '/v1/webhooks']))
    expect(await stopServer(first)).toBe(0)

    const second = await startServer(dataDir)
    expect(second.output()).not.toContain('seeding')
    const again = await getJson<{ items: { id: string }[] }>(`${second.baseUrl}/v1/products?limit=5`)
    expect(again.body.items.map((p) => p.id)).toEqual(products.body.items.map((p) => p.id))
    const login = await fetch(`${second.baseUrl}/v1/auth/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@maison-lumiere.demo', password: 'demo-admin' }),
    })
    expect(login.status).toBe(200)
    expect(await stopServer(second)).toBe(0)
  }, 180_000)

  it('refuses to start on a bad setting and names the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    expect(code).toBe(1)
    expect(stderr).toContain('PORT')
  })
})
