import { openDb } from '../src/platform/db.js'
import { createScratch } from './lib/scratch.js'
import { seedBigInventory } from './lib/big-inventory.js'
const engine = process.argv[2] as 'pglite' | 'postgres'
const variants = Number(process.argv[3])
const created = await createScratch(engine, 'postgres://postgres@127.0.0.1:5432/test')
if (!created.ok) throw new Error(created.reason)
const s = created.scratch
try {
  const database = await openDb({ databaseUrl: s.env.DATABASE_URL || null, dataDir: s.env.DATA_DIR ?? 'memory://', poolSize: 2 })
  const t = performance.now()
  await database.migrate()
  console.log('migrated', Math.round(performance.now() - t))
  const summary = await seedBigInventory(database, variants, console.log)
  console.log(summary, process.memoryUsage().rss / 1e6)
  await database.close()
} finally {
  await s.drop()
}
