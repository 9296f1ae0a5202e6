/**
 * Serves the built web apps (apps/<name>/dist) under /<name>/: hashed assets cached for a year, the HTML and the
 * service worker never cached, and any other path under the app that is not a file answered with its index.html, so
 * that a reload on a client-side URL (/store/customers/…) opens the app there. Files are looked up at each request: a
 * rebuild (npm run build:apps) is served without a restart. An app not built answers 503 saying how to build it.
 */
import { fastifyHelmet } from '@fastify/helmet'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const NEVER_CACHED = /(^|\/)(index\.html|sw\.js|registerSW\.js|manifest\.webmanifest)$/

function cacheControl(path: string): string {
  if (NEVER_CACHED.test(path)) return 'no-cache'
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600'
}

/**
 * The apps' pages' CSP: helmet's default (the API's) with 'wasm-unsafe-eval' in script-src, so the camera's fallback
 * barcode reader (ZXing in WebAssembly, served from our own build) may compile; never 'unsafe-eval', which would let
 * strings run as script. Only HTML gets it: a page's CSP governs what that page runs. Written as helmet writes it.
 */
export const WEB_APP_CSP = Object.entries(fastifyHelmet.contentSecurityPolicy.getDefaultDirectives())
  .map(([name, values]) => {
    // The defaults are all strings (a nonce function would be a value computed per request).
    const list = [...values].filter((value): value is string => typeof value === 'string')
    return [name, ...list, ...(name === 'script-src' ? ["'wasm-unsafe-eval'"] : [])].join(' ')
  })
  .join(';')

function isPage(path: string): boolean {
  return path.endsWith('.html')
}

/** The apps under `appsDir`: each folder with a vite.config.ts (apps/build.ts builds the same ones). */
export function webAppsIn(appsDir: string): string[] {
  if (!existsSync(appsDir)) return []
  return readdirSync(appsDir).filter((name) => existsSync(join(appsDir, name, 'vite.config.ts')))
}

/** Registers /<name>/ for each app of `appsDir`, served from its dist/. */
export async function serveWebApps(app: FastifyInstance, options: { appsDir: string }): Promise<void> {
  for (const name of webAppsIn(options.appsDir)) {
    const dist = join(options.appsDir, name, 'dist')
    const notBuilt = (reply: FastifyReply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`The ${name} app is not built: run npm run build:apps (npm install builds it too).\n`)
    const sendIndex = (reply: FastifyReply) => {
      if (!existsSync(join(dist, 'index.html'))) return notBuilt(reply)
      return reply
        .code(200)
        .header('cache-control', 'no-cache')
        .header('content-security-policy', WEB_APP_CSP)
        .type('text/html; charset=utf-8')
        .send(readFileSync(join(dist, 'index.html')))
    }
    await app.register(
      async (scope) => {
        await scope.register(fastifyStatic, {
          root: dist,
          prefix: '/',
          index: false,
          schemaHide: true,
          setHeaders: (reply, path) => {
            reply.header('cache-control', cacheControl(path))
            // /store/index.html itself too: the service worker precaches it with its headers and answers every
            // navigation with that copy, whose CSP then rules the app.
            if (isPage(path)) reply.header('content-security-policy', WEB_APP_CSP)
          },
        })
        // A missing asset is a 404 (a stale page asking for a file of an older build); any other path is the app's.
        scope.setNotFoundHandler((req, reply) =>
          req.method === 'GET' && !req.url.includes('/assets/') ? sendIndex(reply) : reply.code(404).type('text/plain; charset=utf-8').send('Not found\n'),
        )
        // '/' under the prefix answers both /<name> and /<name>/.
        scope.get('/', { schema: { hide: true } }, async (_req, reply) => sendIndex(reply))
      },
      { prefix: `/${name}` },
    )
  }
}
