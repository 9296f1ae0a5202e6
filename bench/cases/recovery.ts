/**
 * Recovery from a database outage, on PostgreSQL: a server of its own reaches the scratch database through a loopback
 * TCP proxy; 8 clients place guest orders in a loop (`POST /v1/carts` with one line → `POST /v1/carts/{id}/checkout`);
 * after 2 s the proxy drops every connection and refuses new ones for 5 s, then lets them through again. Measured:
 * the time from the database accepting connections again to the first 2xx of a request sent after it, the answers
 * received during the outage (503 / 500 / other), and the longest request in flight during it, which must not exceed
 * the statement time-out. A client backs off 20–50 ms after a failed request, as a client told to retry would.
 * **Fails** on any 500 or other non-503 failure, on any transport error (our own server refusing or dropping a
 * connection, or a request running past the client's time-out), on no recovery, or on a longer request.
 */
import { startTcpProxy } from '../../test/platform/tcp-proxy.js'
import { activeVariants, call, channelsByCode, DEMO_STAFF, deviceTokens, homeAddress, isObject, locationsByCode, required, staffLogin, str, testCard, timedRequest, type Headers } from '../lib/api.js'
import { startServer } from '../lib/server.js'
import type { BenchCase, BenchRow } from '../lib/types.js'

const NAME = 'recovery after a 5 s outage'
const CLIENTS = 8
const BEFORE_MS = 2000
const OUTAGE_MS = 5000
const AFTER_MS = 3000
const STATEMENT_TIMEOUT_MS = 15_000
/** Products whose variants the clients order (the flash sale and checkout take earlier ones). */
const PRODUCTS = { offset: 30, count: 3 }

interface Sample {
  startedAt: number
  endedAt: number
  status: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** The pause of a client after a failed request: short, but not a tight loop hammering the server. */
const backOff = () => sleep(20 + Math.random() * 30)

export const recovery: BenchCase = {
  name: NAME,
  engines: ['postgres'],
  async run(ctx) {
    const databaseUrl = ctx.databaseEnv.DATABASE_URL
    if (!databaseUrl) throw new Error('the recovery case needs a PostgreSQL DATABASE_URL')
    await ctx.stopServer()
    const proxy = await startTcpProxy(databaseUrl)
    const undefer = ctx.defer(() => proxy.close())
    const server = await startServer({ ...ctx.databaseEnv, DATABASE_URL: proxy.url, DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS) }, 120_000)
    try {
      const baseUrl = server.baseUrl
      const [channels, locations, variants] = await Promise.all([channelsByCode(baseUrl), locationsByCode(baseUrl), activeVariants(baseUrl, PRODUCTS.offset, PRODUCTS.count)])
      const warehouse = [...locations.values()].find((l) => l.kind === 'warehouse') ?? required(locations, 'warehouse-orleans')
      const admin = await staffLogin(baseUrl, DEMO_STAFF.admin)
      await call(baseUrl, 'POST', '/v1/inventory/receipts', 201, admin, { locationId: warehouse.id, lines: variants.map((v) => ({ variantId: v.id, quantity: 100_000 })), reference: 'BENCH-RECOVERY' })
      const tokens = await deviceTokens(baseUrl, CLIENTS)
      const channelId = required(channels, 'web').id

      const samples: Sample[] = []
      let errors = 0
      // The first few transport errors, to say what went wrong.
      const transport: string[] = []
      let stop = false
      let serial = 0
      const timed = async (method: string, path: string, headers: Headers, body: unknown) => {
        const startedAt = performance.now()
        try {
          const answer = await timedRequest(baseUrl, method, path, headers, body)
          samples.push({ startedAt, endedAt: performance.now(), status: answer.status })
          return answer
        } catch (error) {
          errors++
          if (transport.length < 3) transport.push(error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error))
          return null
        }
      }
      const client = async (headers: Headers) => {
        while (!stop) {
          const n = serial++
          const variant = variants[n % variants.length]!
          const cart = await timed('POST', '/v1/carts', headers, { channelId, lines: [{ variantId: variant.id, quantity: 1 }] })
          if (!cart || cart.status !== 201 || !isObject(cart.body)) {
            await backOff()
            continue
          }
          const body = { fulfilment: { method: 'ship', shippingAddress: homeAddress }, contact: { email: `recovery.${n}@example.com` }, payments: [testCard] }
          const order = await timed('POST', `/v1/carts/${str(cart.body.id)}/checkout`, { ...headers, 'idempotency-key': `recovery-${process.pid}-${n}` }, body)
          if (!order || order.status >= 300) await backOff()
        }
      }
      const clients = tokens.map((headers) => client(headers))
      await sleep(BEFORE_MS)
      const cutAt = performance.now()
      proxy.refuse()
      await sleep(OUTAGE_MS)
      proxy.pass()
      const backAt = performance.now()
      await sleep(AFTER_MS)
      stop = true
      await Promise.all(clients)

      const during = samples.filter((s) => s.endedAt >= cutAt && s.startedAt <= backAt)
      const count = (test: (status: number) => boolean) => during.filter((s) => test(s.status)).length
      const unavailable = count((s) => s === 503)
      const internal = count((s) => s === 500)
      const other = count((s) => s >= 300 && s !== 503 && s !== 500)
      const succeeded = count((s) => s < 300)
      const longest = Math.max(0, ...during.map((s) => s.endedAt - s.startedAt))
      const firstBack = samples.filter((s) => s.startedAt >= backAt && s.status < 300).sort((a, b) => a.endedAt - b.endedAt)[0]
      const recoveryMs = firstBack ? firstBack.endedAt - backAt : null
      const violations: string[] = []
      if (internal > 0) violations.push(`${internal} × 500 during the outage`)
      if (other > 0) violations.push(`${other} answers other than 503 during the outage`)
      if (recoveryMs === null) violations.push(`no 2xx within ${AFTER_MS / 1000} s of the database coming back`)
      if (longest > STATEMENT_TIMEOUT_MS) violations.push(`a request took ${Math.round(longest)} ms, past the ${STATEMENT_TIMEOUT_MS} ms statement time-out`)
      if (errors > 0) violations.push(`${errors} transport errors (the server must always answer): ${transport.join('; ')}`)
      if (server.hasExited()) violations.push('the server exited')
      for (const violation of violations) ctx.log(`  ⚠ ${violation}`)
      const statusCodes: Record<string, number> = {}
      for (const s of during) statusCodes[s.status] = (statusCodes[s.status] ?? 0) + 1
      const recovered = recoveryMs === null ? 'never' : `${Math.round(recoveryMs)} ms`
      const note =
        `first 2xx ${recovered} after PostgreSQL accepted connections again; during the ${OUTAGE_MS / 1000} s outage ${during.length} answers: ` +
        `${unavailable} × 503, ${internal} × 500, ${other} other, ${succeeded} × 2xx (finished before the cut reached them); ${errors} transport errors; ` +
        `longest ${Math.round(longest)} ms (statement time-out ${STATEMENT_TIMEOUT_MS} ms); server still up: ${server.hasExited() ? 'no' : 'yes'}`
      ctx.log(`  ${note}`)
      const row: BenchRow = {
        case: NAME,
        engine: 'postgres',
        concurrency: CLIENTS,
        requests: during.length,
        reqPerSec: null,
        p50Ms: recoveryMs === null ? null : Number(recoveryMs.toFixed(2)),
        p99Ms: null,
        maxMs: Number(longest.toFixed(2)),
        errors,
        non2xx: internal + other,
        statusCodes,
        note: `p50 ms = time to first 2xx; max ms = longest request during the outage; ${note}`,
        violations,
      }
      return [row]
    } finally {
      await server.stop()
      await proxy.close()
      undefer()
    }
  },
}
