/** Small SQL helpers shared by schema files. */
import { sql, type SQL } from 'drizzle-orm'

/** A literal list for a CHECK constraint, e.g. `status in (${sqlList(STATUSES)})`; only for constants in the code, never input. */
export function sqlList(values: readonly string[]): SQL {
  return sql.raw(values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', '))
}
