/** Shared by the coupon tests: promotions inserted directly (the CRUD is not under test here) and raw HTTP calls. */
import { eq, sql } from 'drizzle-orm'
import type { TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { coupons, promotions } from './schema.js'
import { getPromotion } from './service.js'

type Headers = Record<string, string>

/** A promotion row: 10 % off the order, behind a coupon unless told otherwise. */
export async function insertPromotion(server: TestServer, values: Partial<typeof promotions.$inferInsert> = {}): Promise<string> {
  const id = newId('prm')
  await server.database.db.insert(promotions).values({
    id,
    name: 'Dix pour cent',
    kind: 'percent_off',
    definition: { percent: 1000, target: { scope: 'order' } },
    requiresCoupon: true,
    ...values,
  })
  return id
}

/** A coupon row as the back office could not make it over HTTP (already expired, already used). */
export async function insertCoupon(server: TestServer, values: Partial<typeof coupons.$inferInsert> & { promotionId: string; code: string }): Promise<string> {
  const id = newId('cpn')
  await server.database.db.insert(coupons).values({ id, ...values })
  return id
}

export async function couponRow(server: TestServer, code: string) {
  const [row] = await server.database.db.select().from(coupons).where(eq(coupons.code, code))
  return row
}

/** The promotion's uses as the API reports them: its guarded counter when limited, its redemptions otherwise. */
export async function promotionUsedCount(server: TestServer, id: string): Promise<number> {
  const promotion = await getPromotion(server.database.db, { id })
  return promotion.usedCount
}

export async function countRows(server: TestServer, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = rowsOf<{ n: number }>(await server.database.db.execute(query))
  return Number(row?.n ?? 0)
}

/** What JSON.parse gives, as inject()'s json() does: the tests read the fields they assert. */
type Json = ReturnType<typeof JSON.parse>

export interface HttpAnswer<T> {
  status: number
  headers: globalThis.Headers
  body: T
  bytes: Buffer
}

/** fetch() over real HTTP to a listening server; the body is JSON when the answer says so, else text (and bytes). */
export function rawHttp(server: () => TestServer) {
  return async function call<T = Json>(method: string, path: string, headers: Headers, body?: unknown): Promise<HttpAnswer<T>> {
    const res = await fetch(`${server().url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const bytes = Buffer.from(await res.arrayBuffer())
    const json = (res.headers.get('content-type') ?? '').includes('json')
    return { status: res.status, headers: res.headers, body: (json ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8')) as T, bytes }
  }
}
