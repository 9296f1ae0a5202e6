/**
 * PostgreSQL going away under the app: backends terminated (a restart, a failover), connections refused, a network gone
 * silent, a statement past its time-out. The process stays up, answers 503 `database-unavailable` with Retry-After
 * (never 500) while it lasts, serves again by itself, and loses no order it confirmed. PostgreSQL only: PGlite runs
 * inside the process and has no connection to lose.
 */
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { card, cartWorld, expectLedgerConsistent, homeAddress, stockAt, stockedProduct, type CartWorld } from '../commerce.js'
import { createScratchPostgres, startTestServer, TEST_DATABASE_URL, type TestServer } from '../harness.js'
import { ConfigError, loadConfig } from '../../src/platform/config.js'
import { openDb, rowsOf, type Database } from '../../src/platform/db.js'
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js'

const UNAVAILABLE = 'https://omnicanal.dev/problems/database-unavailable'
const STATEMENT_TIMEOUT_MS = 3000
const SHOPPERS = 6

interface Answer {
  status: number
  body: Record<string, unknown>
  retryAfter: string | null
}

describe('database time-out configuration', () => {
  it('reads the time-outs and refuses values that are not whole numbers in range', () => {
    const config = loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '2000', DATABASE_POOL_TIMEOUT_MS: '3000', DATABASE_STATEMENT_TIMEOUT_MS: '4000', DATABASE_IDLE_TIMEOUT_MS: '5000' })
    expect(config).toMatchObject({ databaseConnectTimeoutMs: 2000, databasePoolTimeoutMs: 3000, databaseStatementTimeoutMs: 4000, databaseIdleTimeoutMs: 5000 })
    expect(() => loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '15s' })).toThrow(ConfigError)
    expect(() => loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '0' })).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/)
  })
})

// /readyz answers within a second by design: on a 2-core machine also running the browser tests, a healthy probe can
// miss it. A retry tells that load apart from a regression, which fails every try.
describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL going away (PGlite runs in-process and has no connection to lose: PostgreSQL only)', { retry: 2 }, () => {
  let proxy: TcpProxy
  let database: Database
  let server: TestServer
  let world: CartWorld
  let scratchName: string
  let dropScratch: () => Promise<void>
  let admin: pg.Client

  beforeAll(async () => {
    const scratch = await createScratchPostgres()
    dropScratch = scratch.drop
    scratchName = new URL(scratch.url).pathname.slice(1)
    proxy = await startTcpProxy(scratch.url)
    database = await openDb({
      databaseUrl: proxy.url,
      dataDir: 'memory://',
      poolSize: 10,
      timeouts: { connectTimeoutMs: 1000, poolTimeoutMs: 10_000, statementTimeoutMs: STATEMENT_TIMEOUT_MS, idleTimeoutMs: 30_000 },
    })
    await database.migrate()
    server = await startTestServer({ database, listen: true })
    world = await cartWorld(server)
    admin = new pg.Client({ connectionString: scratch.url })
    admin.on('error', () => {})
    await admin.connect()
  })
  afterAll(async () => {
    await admin?.end()
    await server?.close()
    await database?.close()
    await proxy?.close()
    await dropScratch?.()
  })

  /** Ends every backend of the app's database (what a PostgreSQL restart or failover does to its clients). */
  async function terminateAppBackends(): Promise<number> {
    const { rows } = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [scratchName])
    return rows.length
  }

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, retryAfter: res.headers.get('retry-after') }
  }

  function expectUnavailable(answer: Answer): void {
    expect(answer.status, JSON.stringify(answer.body)).toBe(503)
    expect(answer.body.type).toBe(UNAVAILABLE)
    expect(Number(answer.retryAfter)).toBeGreaterThan(0)
  }

  // Refused: PostgreSQL down or restarting. Silent: a network that drops packets, where only time-outs end the wait.
  it.each([
    ['connections are refused', () => proxy.refuse()],
    ['the network goes silent', () => proxy.blackhole()],
  ])('answers /readyz and requests 503 database-unavailable with Retry-After while %s, then serves again by itself', async (_, fault) => {
    const path = `/v1/locations/${world.stores.lyon.id}`
    expect((await call('GET', path, world.admin.headers)).status).toBe(200)
    expect((await call('GET', '/readyz', {})).status).toBe(200)
    fault()
    try {
      expectUnavailable(await call('GET', '/readyz', {}))
      expectUnavailable(await call('GET', path, world.admin.headers))
    } finally {
      proxy.pass()
    }
    expect((await call('GET', path, world.admin.headers)).status).toBe(200)
    expect((await call('GET', '/readyz', {})).status).toBe(200)
  })

  it('runs a transaction whose pooled connection died idle on a fresh connection: nothing had run, so no 503', async () => {
    const path = `/v1/locations/${world.stores.lyon.id}`
    await Promise.all(Array.from({ length: 3 }, () => call('GET', path, world.admin.headers)))
    expect(database.connections?.().idle).toBeGreaterThan(0)
    // PostgreSQL's side of every pooled connection goes away and the app is not told: its BEGIN finds out.
    proxy.orphan()
    const answer = await call('POST', '/v1/auth/anonymous', {})
    expect(answer.status, JSON.stringify(answer.body)).toBe(201)
    expect(database.connections?.()).toMatchObject({ waiting: 0 })
  })

  it('answers 503 when a statement outlives the statement time-out', async () => {
    const variant = (await stockedProduct(server, world, { onHand: 5, locationIds: [world.stores.warehouse.id] })).variants[0]!
    // Another session holds the stock row: the count below waits for it until the server cancels the statement.
    await admin.query('begin')
    try {
      await admin.query('select 1 from stock_levels where variant_id = $1 for update', [variant.id])
      const answer = await call('POST', '/v1/inventory/counts', world.admin.headers, {
        locationId: world.stores.warehouse.id,
        lines: [{ variantId: variant.id, onHand: 7 }],
      })
      expectUnavailable(answer)
    } finally {
      await admin.query('rollback')
    }
    expect(await stockAt(server, variant.id, world.stores.warehouse.id)).toMatchObject({ onHand: 5 })
  })

  it('keeps every confirmed order through two backend terminations and a five-second refusal mid-load', async () => {
    const variant = (await stockedProduct(server, world, { onHand: 10_000, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const seen: Answer[] = []
    const placed = new Map<string, string>()
    let stop = false

    /** Retries the same request (same Idempotency-Key) while the database is unavailable, as a client told to. */
    async function untilAnswered(send: () => Promise<Answer>): Promise<Answer> {
      for (;;) {
        const answer = await send()
        seen.push(answer)
        if (answer.status !== 503) return answer
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    async function shopper(n: number): Promise<void> {
      const token = await untilAnswered(() => call('POST', '/v1/auth/anonymous', {}))
      const headers = { authorization: `Bearer ${String(token.body.token)}` }
      for (let i = 0; !stop; i++) {
        const cart = await untilAnswered(() => call('POST', '/v1/carts', headers, { channelId: world.channels.web.id, lines: [{ variantId: variant.id, quantity: 1 }] }))
        expect(cart.status, JSON.stringify(cart.body)).toBe(201)
        const cartId = String(cart.body.id)
        const body = { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, contact: { email: `outage${n}@example.com` }, payments: [card()] }
        const key = { ...headers, 'idempotency-key': `outage-${cartId}` }
        const order = await untilAnswered(() => call('POST', `/v1/carts/${cartId}/checkout`, key, body))
        expect(order.status, JSON.stringify(order.body)).toBe(201)
        placed.set(cartId, String(order.body.id))
      }
    }
    /** Waits for `count` more orders; gives up quietly once the test stopped (a shopper failed). */
    async function afterMoreOrders(count: number): Promise<void> {
      const target = placed.size + count
      while (!stop && placed.size < target) await new Promise((resolve) => setTimeout(resolve, 20))
    }

    const shoppers = Array.from({ length: SHOPPERS }, (_, n) => shopper(n))
    const faults = (async () => {
      await afterMoreOrders(5)
      if (!stop) expect(await terminateAppBackends()).toBeGreaterThan(0)
      await afterMoreOrders(5)
      if (!stop) expect(await terminateAppBackends()).toBeGreaterThan(0)
      await afterMoreOrders(5)
      if (stop) return
      proxy.refuse()
      await new Promise((resolve) => setTimeout(resolve, 5000))
      proxy.pass()
      await afterMoreOrders(2 * SHOPPERS)
    })()
    try {
      // A shopper's failed expectation ends the test at once instead of leaving the faults waiting for orders.
      const shoppersFailed = Promise.all(shoppers).then(() => Promise.reject(new Error('the shoppers stopped before the faults were over')))
      await Promise.race([faults, shoppersFailed])
    } finally {
      stop = true
      proxy.pass()
      await Promise.allSettled(shoppers)
    }
    await Promise.all(shoppers)

    const statuses = seen.map((answer) => answer.status)
    expect(statuses).not.toContain(500)
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0)
    for (const answer of seen.filter((a) => a.status === 503)) expectUnavailable(answer)
    // Every cart answered 201 has its one order, whatever happened to the attempts before (same Idempotency-Key).
    const rows = rowsOf<{ cart_id: string; id: string; n: number }>(
      await server.database.db.execute(sql`select cart_id, min(id) as id, count(*)::int as n from orders where cart_id in ${[...placed.keys()]} group by cart_id`),
    )
    expect(rows).toHaveLength(placed.size)
    for (const row of rows) expect({ cart: row.cart_id, order: row.id, n: row.n }).toEqual({ cart: row.cart_id, order: placed.get(row.cart_id), n: 1 })
    const [lines] = rowsOf<{ units: number }>(await server.database.db.execute(sql`select coalesce(sum(quantity), 0)::int as units from order_lines where variant_id = ${variant.id}`))
    expect(lines?.units).toBe(placed.size)
    expect(await stockAt(server, variant.id, world.stores.warehouse.id)).toMatchObject({ onHand: 10_000, reserved: placed.size })
    expect(await expectLedgerConsistent(server)).toEqual([])
  }, 120_000)
})

describe.skipIf(!TEST_DATABASE_URL)('a network going silent inside a transaction (PostgreSQL only: PGlite has no network)', () => {
  // One read time-out is this plus one second (2 s); a ROLLBACK waiting for its own would make it 4 s.
  const SHORT_STATEMENT_MS = 1000
  let proxy: TcpProxy
  let database: Database
  let server: TestServer
  let dropScratch: () => Promise<void>
  const reported: Error[] = []

  beforeAll(async () => {
    const scratch = await createScratchPostgres()
    dropScratch = scratch.drop
    proxy = await startTcpProxy(scratch.url)
    database = await openDb({
      databaseUrl: proxy.url,
      dataDir: 'memory://',
      poolSize: 4,
      timeouts: { connectTimeoutMs: 1000, poolTimeoutMs: 1000, statementTimeoutMs: SHORT_STATEMENT_MS, idleTimeoutMs: 30_000 },
      onConnectionError: (error) => reported.push(error),
    })
    await database.migrate()
    server = await startTestServer({ database, listen: true })
    expect((await fetch(`${server.url}/v1/auth/anonymous`, { method: 'POST' })).status).toBe(201)
  })
  afterAll(async () => {
    await server?.close()
    await database?.close()
    await proxy?.close()
    await dropScratch?.()
  })

  it(
    'answers 503 after one read time-out: the connection is destroyed before ROLLBACK, which does not wait for a time-out of its own',
    async () => {
      reported.length = 0
      // The INSERT of the new device is the first statement inside the transaction: it never gets an answer.
      proxy.silenceOn('insert into "devices"')
      try {
        const res = await fetch(`${server.url}/v1/auth/anonymous`, { method: 'POST' })
        expect(res.status).toBe(503)
        expect(((await res.json()) as { type: string }).type).toBe(UNAVAILABLE)
        // Destroyed (so pg reports it lost) rather than closed politely after the ROLLBACK's own time-out.
        // Background pollers (outbox, jobs) may lose their own connection to the same silence: at least the request's.
        expect(reported.length).toBeGreaterThanOrEqual(1)
        expect(new Set(reported.map((error) => error.message))).toEqual(new Set(['Connection terminated unexpectedly']))
        expect(database.connections?.()).toMatchObject({ waiting: 0 })
      } finally {
        proxy.pass()
      }
    },
    // No timing assertion: the report of a destroyed connection is what tells the two paths apart; this only bounds a hang.
    30_000,
  )

  it('serves again once the network is back', async () => {
    expect((await fetch(`${server.url}/v1/auth/anonymous`, { method: 'POST' })).status).toBe(201)
  })
})
