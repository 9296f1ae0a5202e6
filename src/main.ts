/** `npm start`: config → database → migrations → demo shop on first start → HTTP; Ctrl-C shuts down cleanly. */
import { buildApp } from './app.js'
import { ensureDemoShop } from './demo/seed.js'
import { checkoutPolicyOf } from './modules/orders/service.js'
import { ConfigError, loadConfig, type Config } from './platform/config.js'
import { openDb } from './platform/db.js'

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

async function main(): Promise<void> {
  const config = readConfig()
  const startedAt = performance.now()
  const database = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize })
  await database.migrate()
  if (config.seedDemo) await ensureDemoShop(database, { seed: config.demoSeed, log: (line) => console.log(line), policy: checkoutPolicyOf(config) })
  const app = await buildApp({ config, database })

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    const timer = setTimeout(() => {
      app.log.error('shutdown timed out; exiting')
      process.exit(1)
    }, config.shutdownTimeoutMs)
    try {
      await app.close()
      await database.close()
    } finally {
      clearTimeout(timer)
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
