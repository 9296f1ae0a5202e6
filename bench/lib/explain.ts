/** EXPLAIN ANALYZE of the exact statement a service sends, summarised for a bench row's note. */
import { sql, type SQL } from 'drizzle-orm'
import { rowsOf, type Tx } from '../../src/platform/db.js'

export interface Plan {
  text: string
  top: string
  executionMs: number
  indexes: string[]
  seqScans: string[]
}

/** Runs EXPLAIN ANALYZE of `statement` and picks out the top node, the time, the indexes used and any seq scan. */
export async function explainStatement(db: Tx, statement: SQL): Promise<Plan> {
  const lines = rowsOf<Record<string, string>>(await db.execute(sql`explain analyze ${statement}`)).map((row) => Object.values(row)[0] ?? '')
  const text = lines.join('\n')
  return {
    text,
    top: (lines[0] ?? '').replace(/\s+\(cost=.*$/, '').trim(),
    executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
    indexes: [...new Set([...text.matchAll(/(?:Scan(?: Backward)? using|Bitmap Index Scan on) (\S+)/g)].map((m) => m[1] ?? ''))],
    seqScans: [...new Set([...text.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1] ?? ''))],
  }
}

export const planNote = (plan: Plan) =>
  `plan: ${plan.top}, ${plan.executionMs.toFixed(3)} ms; indexes ${plan.indexes.join(', ') || 'none'}${plan.seqScans.length ? `; ⚠ seq scans on ${plan.seqScans.join(', ')}` : '; no seq scan'}`
