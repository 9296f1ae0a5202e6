/** Seeds the demo shop on first start. (Filled in by the demo module work; for now it seeds nothing.) */
import type { Database } from '../platform/db.js'

export async function ensureDemoShop(_database: Database, _options: { seed: number; log: (line: string) => void }): Promise<void> {}
