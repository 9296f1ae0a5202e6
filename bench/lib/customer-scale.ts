/**
 * The customer lookup case's inputs and plans, read with the database open in the bench process (before any server):
 * - a sample of existing customers with the three identifiers a seller or a scanner types (TABLESAMPLE … REPEATABLE,
 *   so the same data set gives the same sample), each rotation capped at `ROTATION`;
 * - EXPLAIN ANALYZE of the lookup statement exactly as the customers service builds it: lookupCustomer runs once
 *   against a spy of the handle that keeps the query builder, whose SQL is then explained.
 */
import { SQL, sql } from 'drizzle-orm'
import { lookupCustomer, type LookupInput } from '../../src/modules/customers/service.js'
import { rowsOf, type Tx } from '../../src/platform/db.js'
import { explainStatement, type Plan } from './explain.js'

export const ROTATION = 2000

export interface LookupInputs {
  emails: string[]
  /** National format, as a seller types it: `06 12 34 56 78`. */
  phones: string[]
  loyaltyCards: string[]
  customers: number
}

/** `+33612345678` → `06 12 34 56 78`; other countries stay E.164. */
export function nationalPhone(e164: string): string {
  if (!/^\+33\d{9}$/.test(e164)) return e164
  return `0${e164.slice(3)}`.replace(/(\d{2})(?=\d)/g, '$1 ')
}

/** Up to ROTATION customers per kind of identifier, sampled over the whole table. */
export async function sampleLookupInputs(db: Tx): Promise<LookupInputs> {
  const [count] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from customers`))
  const customers = count?.n ?? 0
  // 60 % carry a card: sampling ~2.5 × ROTATION customers gives ROTATION cards.
  const percent = Math.min(100, (100 * 2.5 * ROTATION) / Math.max(1, customers))
  const rows = rowsOf<{ email: string | null; phone: string | null; card: string | null }>(
    await db.execute(sql`
      select c.email::text as email, phone.value as phone, card.value as card
      from customers c tablesample bernoulli (${sql.raw(percent.toFixed(4))}) repeatable (42)
      left join customer_identifiers phone on phone.customer_id = c.id and phone.kind = 'phone'
      left join customer_identifiers card on card.customer_id = c.id and card.kind = 'loyalty_card'`),
  )
  const take = (values: (string | null)[]) => values.filter((v): v is string => v !== null).slice(0, ROTATION)
  return {
    emails: take(rows.map((r) => r.email)),
    phones: take(rows.map((r) => r.phone)).map(nationalPhone),
    loyaltyCards: take(rows.map((r) => r.card)),
    customers,
  }
}

/** A spy of the handle that keeps every select query the service builds (drizzle's `select().from()` result). */
function spyOnSelects(db: Tx, captured: { getSQL(): SQL }[]): Tx {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'select') return Reflect.get(target, property, receiver)
      return (...args: Parameters<Tx['select']>) => {
        const builder = target.select(...args)
        return new Proxy(builder, {
          get(inner, name, innerReceiver) {
            if (name !== 'from') return Reflect.get(inner, name, innerReceiver)
            return (...from: Parameters<typeof builder.from>) => {
              const query = inner.from(...from)
              captured.push(query)
              return query
            }
          },
        })
      }
    },
  })
}

/** Runs the lookup once through the spy, then EXPLAIN ANALYZE of the statement it sent. */
export async function explainLookup(db: Tx, key: keyof LookupInput, raw: string): Promise<Plan> {
  const captured: { getSQL(): SQL }[] = []
  await lookupCustomer(spyOnSelects(db, captured), { key, raw })
  const statement = captured.at(-1)
  if (!statement) throw new Error('lookupCustomer built no select: cannot EXPLAIN it')
  return explainStatement(db, statement.getSQL())
}

export { planNote, type Plan } from './explain.js'
