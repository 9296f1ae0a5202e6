/**
 * The server's web apps (src/platform/web-apps.ts): an app folder with a vite.config.ts is served under /<name>/ from
 * its dist/, client-side URLs answer the index.html, hashed assets are cached for good and the HTML never, a missing
 * asset is a 404, an app not built says how to build it, and the API's own 404s stay problems. The apps' pages carry
 * helmet's CSP plus 'wasm-unsafe-eval' (the camera's WebAssembly barcode reader); the API keeps helmet's own.
 */
import helmet from '@fastify/helmet'
import Fastify from 'fastify'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveWebApps, WEB_APP_CSP, webAppsIn } from '../../src/platform/web-apps.js'

describe('serveWebApps', () => {
  const appsDir = mkdtempSync(join(tmpdir(), 'omnicanal-apps-'))
  const app = Fastify()
  beforeAll(async () => {
    for (const name of ['store', 'kiosk']) {
      mkdirSync(join(appsDir, name), { recursive: true })
      writeFileSync(join(appsDir, name, 'vite.config.ts'), 'export default {}\n')
    }
    mkdirSync(join(appsDir, 'shared'))
    mkdirSync(join(appsDir, 'store/dist/assets'), { recursive: true })
    writeFileSync(join(appsDir, 'store/dist/index.html'), '<!doctype html><title>store</title>')
    writeFileSync(join(appsDir, 'store/dist/assets/index-abc123.js'), 'console.log(1)')
    writeFileSync(join(appsDir, 'store/dist/sw.js'), 'self.skipWaiting()')
    // As buildHttp and app.ts do: helmet on every answer first, the apps after.
    await app.register(helmet, { global: true })
    await serveWebApps(app, { appsDir })
    app.get('/v1/ping', async () => ({ ok: true }))
    await app.ready()
  })
  afterAll(async () => {
    await app.close()
    rmSync(appsDir, { recursive: true, force: true })
  })

  it('finds the apps by their vite.config.ts, not every folder', () => {
    expect(webAppsIn(appsDir).sort()).toEqual(['kiosk', 'store'])
    expect(webAppsIn(join(appsDir, 'nowhere'))).toEqual([])
  })

  it('answers the app and its client-side URLs with index.html, never cached', async () => {
    for (const url of ['/store', '/store/', '/store/customers/cus_123', '/store/login?next=%2F']) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/html/)
      expect(res.headers['cache-control']).toBe('no-cache')
      expect(res.body).toContain('<title>store</title>')
    }
  })

  it('serves hashed assets for a year and the service worker never cached', async () => {
    const asset = await app.inject({ method: 'GET', url: '/store/assets/index-abc123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const worker = await app.inject({ method: 'GET', url: '/store/sw.js' })
    expect(worker.statusCode).toBe(200)
    expect(worker.headers['cache-control']).toBe('no-cache')
  })

  it('answers a missing asset with a 404, not the HTML of the app', async () => {
    const res = await app.inject({ method: 'GET', url: '/store/assets/index-old999.js' })
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toContain('<title>')
  })

  it('lets the apps’ pages compile WebAssembly, and nothing more; the API keeps helmet’s CSP', async () => {
    const api = (await app.inject({ method: 'GET', url: '/v1/ping' })).headers['content-security-policy']
    expect(api).toContain("script-src 'self';")
    expect(api).not.toContain('unsafe-eval')
    for (const url of ['/store/', '/store/customers/cus_123', '/store/index.html']) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-security-policy'], url).toBe(WEB_APP_CSP)
    }
    expect(WEB_APP_CSP).toBe(String(api).replace("script-src 'self';", "script-src 'self' 'wasm-unsafe-eval';"))
    expect(WEB_APP_CSP).not.toContain("'unsafe-eval'")
    // Scripts are no pages: their CSP stays helmet's (it would rule a worker they start, never the page).
    const asset = await app.inject({ method: 'GET', url: '/store/assets/index-abc123.js' })
    expect(asset.headers['content-security-policy']).toBe(api)
  })

  it('says how to build an app that is not built', async () => {
    const res = await app.inject({ method: 'GET', url: '/kiosk/' })
    expect(res.statusCode).toBe(503)
    expect(res.body).toContain('npm run build:apps')
  })

  it('leaves the API and other paths alone', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/ping' })).json()).toEqual({ ok: true })
    expect((await app.inject({ method: 'GET', url: '/shared/' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/storefront' })).statusCode).toBe(404)
  })
})
