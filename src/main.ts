/** `npm start`: config → database → migrations → demo shop on first start → HTTP; Ctrl-C shuts down cleanly. */
import type { Server, ServerResponse } from 'node:http'
import { buildApp } from './app.js'
import { checkoutPolicyOf } from './modules/orders/service.js'
import { ConfigError, loadConfig, type Config } from './platform/config.js'
import { openDb, type Database } from './platform/db.js'

function readConfig(): Config {
  try {
    return loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Omnicanal cannot start: invalid configuration — ${error.message}`)
      process.exit(1)
    }
    throw error
  }
}

/**
 * Seeds the demo shop on a first start. The demo code and its generator's libraries (faker, cli-progress) are
 * development dependencies, loaded only here: a production install (`npm ci --omit=dev`) runs with SEED_DEMO=false.
 */
async function seedDemoOnFirstStart(database: Database, config: Config): Promise<void> {
  let demo: typeof import('./demo/seed.js')
  try {
    demo = await import('./demo/seed.js')
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error
    console.error(`Omnicanal cannot seed the demo shop: ${(error as Error).message}. It needs the development dependencies (npm install); set SEED_DEMO=false to start without it.`)
    process.exit(1)
  }
  await demo.ensureDemoShop(database, { seed: config.demoSeed, log: (line) => console.log(line), policy: checkoutPolicyOf(config) })
}

/**
 * Rebuilds the web apps whose sources changed since the last build (npm install built them already, so a first start
 * costs one hash). Vite is a development dependency: a production install serves the apps it was built with.
 */
async function buildWebAppsOnStart(): Promise<void> {
  const apps = await import('../apps/build.js')
  if (!(await apps.canBuild())) return
  await apps.buildWebApps({ log: (line) => console.log(line) })
}

/** Counts the HTTP responses under way: a response stops counting once finished or cut short by its client. */
function countOpenResponses(server: Server): () => number {
  let open = 0
  server.on('request', (_request, response: ServerResponse) => {
    open++
    response.once('close', () => open--)
  })
  return () => open
}

async function main(): Promise<void> {
  const config = readConfig()
  const startedAt = performance.now()
  const database = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeouts: {
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      poolTimeoutMs: config.databasePoolTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      idleTimeoutMs: config.databaseIdleTimeoutMs,
    },
    // The request that used a broken connection answers 503 by itself; this line says why, once per connection.
    onConnectionError: (error) => console.warn(`database connection lost: ${error.message}`),
  })
  await database.migrate()
  if (config.seedDemo) await seedDemoOnFirstStart(database, config)
  if (process.env.NODE_ENV !== 'production') await buildWebAppsOnStart()
  const app = await buildApp({ config, database })

  const openResponses = countOpenResponses(app.server)
  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    // The server only closes once every socket is gone, and it never closes two kinds by itself: keep-alive sockets
    // between requests (they would wait for each client's own keep-alive time-out) and sockets whose response was cut
    // short by its client (an SSE client that went away leaves one that Node still counts as busy). Idle ones go at
    // once; the rest once no response is under way, so that in-flight requests still finish.
    const sweep = setInterval(() => (openResponses() === 0 ? app.server.closeAllConnections() : app.server.closeIdleConnections()), 50)
    const grace = setTimeout(() => {
      app.log.error('shutdown grace period over: closing the connections still open')
      app.server.closeAllConnections()
    }, config.shutdownTimeoutMs)
    // Last resort, should closing the database itself hang.
    const deadline = setTimeout(() => {
      app.log.error('shutdown timed out; exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs + 5000)
    try {
      app.server.closeIdleConnections()
      await app.close()
      await database.close()
      app.log.info('database closed; bye')
    } finally {
      clearInterval(sweep)
      clearTimeout(grace)
      clearTimeout(deadline)
    }
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  await app.listen({ host: config.host, port: config.port })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const base = config.publicUrl.replace(`:${config.port}`, `:${port}`)
  const storage = database.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite at ${config.dataDir}`
  console.log(
    [
      '',
      `Omnicanal is running on ${storage} — ready in ${Math.round(performance.now() - startedAt)} ms`,
      `  Store app  ${base}/store/   (sellers: clienteling, till, pickups, returns; works offline)`,
      `  API        ${base}/v1`,
      `  API docs   ${base}/docs`,
      `  OpenAPI    ${base}/openapi.json`,
      `  Events     ${base}/v1/events/stream`,
      `  Health     ${base}/healthz   ${base}/readyz`,
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  console.error('Omnicanal failed to start:', error)
  process.exit(1)
})
