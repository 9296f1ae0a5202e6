import { createHash, createHmac, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channels } from '../../src/modules/channels/schema.js'
import { rowsOf } from '../../src/platform/db.js'
import { IDEMPOTENCY_KEY_PURPOSE } from '../../src/platform/idempotency.js'
import { signingKeys } from '../../src/platform/schema.js'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { staffSession, type Session } from '../fixtures.js'

describe.each(engines)('Idempotency-Key on %s', (engine) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } })
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  const create = (key: string, body: Record<string, unknown>, session: Session = admin) =>
    server.app.inject({ method: 'POST', url: '/v1/channels', headers: { ...session.headers, 'idempotency-key': key }, payload: body })

  async function channelCount(code: string): Promise<number> {
    const [row] = await server.database.db.select({ n: count() }).from(channels).where(eq(channels.code, code))
    return row?.n ?? 0
  }

  it('replays the stored response for a retry and does the work once', async () => {
    const body = { code: 'marketplace', name: 'Marketplace', kind: 'marketplace' }
    const first = await create('key-replay', body)
    const second = await create('key-replay', body)
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.headers['idempotent-replayed']).toBe('true')
    expect(second.json()).toEqual(first.json())
    expect(await channelCount('marketplace')).toBe(1)
  })

  it('refuses the same key with another body with a 422 problem', async () => {
    expect((await create('key-conflict', { code: 'phone', name: 'Téléphone', kind: 'phone' })).statusCode).toBe(201)
    const reuse = await create('key-conflict', { code: 'catalogue', name: 'Catalogue', kind: 'catalogue' })
    expect(reuse.statusCode).toBe(422)
    expect(reuse.json().type).toBe('https://omnicanal.dev/problems/idempotency-key-reused')
    expect(await channelCount('catalogue')).toBe(0)
  })

  it('keeps keys of different callers apart', async () => {
    const otherAdmin = await staffSession(server, 'admin')
    expect((await create('shared-key', { code: 'app', name: 'App', kind: 'mobile_app' })).statusCode).toBe(201)
    const other = await create('shared-key', { code: 'app-2', name: 'App 2', kind: 'mobile_app' }, otherAdmin)
    expect(other.statusCode).toBe(201)
    expect(other.headers['idempotent-replayed']).toBeUndefined()
  })

  it('does not store a failed attempt: the retry runs again', async () => {
    const bad = await create('key-after-error', { code: 'kiosk-x', name: 'Kiosk', kind: 'kiosk' })
    expect(bad.statusCode).toBe(400)
    expect((await create('key-after-error', { code: 'kiosk-x', name: 'Kiosk', kind: 'kiosk' })).statusCode).toBe(400)
  })

  it('refuses a malformed key', async () => {
    const res = await create('bad key with spaces', { code: 'web-x', name: 'Web', kind: 'web' })
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe('/headers/idempotency-key')
  })

  it('does the work once for two concurrent requests with one key', async () => {
    const body = { code: 'web-concurrent', name: 'Web', kind: 'web' }
    const results = await Promise.all(Array.from({ length: 8 }, () => create('key-concurrent', body)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(201))
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1)
    expect(await channelCount('web-concurrent')).toBe(1)
  })

  const storedHash = async (key: string) =>
    rowsOf<{ hash: string }>(await server.database.db.execute(sql`select request_hash as hash from idempotency_keys where key = ${key}`))[0]?.hash

  it('keeps an HMAC of the request under the server key, never a plain digest of the body', async () => {
    const key = `key-hmac-${randomBytes(3).toString('hex')}`
    const body = { code: `pos-${key}`, kind: 'web', name: 'Web' }
    expect((await create(key, body)).statusCode).toBe(201)
    const text = `POST /v1/channels\n${JSON.stringify(body)}`
    const stored = await storedHash(key)
    expect(stored).not.toBe(createHash('sha256').update(text).digest('hex'))
    const [secret] = await server.database.db.select({ secret: signingKeys.secret }).from(signingKeys).where(eq(signingKeys.purpose, IDEMPOTENCY_KEY_PURPOSE))
    expect(stored).toBe(createHmac('sha256', Buffer.from(secret!.secret, 'base64url')).update(text).digest('base64url'))
  })

  it('never replays one anonymous client’s answer to another behind the same address and browser, nor refuses it', async () => {
    const issue = async (amount: number) => {
      const issued = await server.app.inject({ method: 'POST', url: '/v1/gift-cards', headers: admin.headers, payload: { amount } })
      expect(issued.statusCode, issued.body).toBe(201)
      const { code, pin } = issued.json<{ code: string; pin: string }>()
      return { code, pin }
    }
    const [mine, theirs] = [await issue(5000), await issue(7000)]
    const sameBrowser = { 'idempotency-key': 'balance-1', 'user-agent': 'Firefox/140.0' }
    const check = (payload: object) => server.app.inject({ method: 'POST', url: '/v1/gift-cards/balance', headers: sameBrowser, remoteAddress: '203.0.113.7', payload })
    const first = await check(mine)
    expect(first.statusCode, first.body).toBe(200)
    const other = await check(theirs)
    expect(other.statusCode, other.body).toBe(200)
    expect(other.headers['idempotent-replayed']).toBeUndefined()
    expect(other.json().balance.amount).toBe(7000)
    const wrong = await check({ code: mine.code, pin: String((Number(mine.pin) + 1) % 1_000_000).padStart(6, '0') })
    expect(wrong.statusCode, wrong.body).toBe(404)
    const retry = await check(mine)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toEqual(first.json())
  })

  it('refuses a retry that changes only a password with a 422, keeping the first one', async () => {
    const staff = await server.app.inject({
      method: 'POST',
      url: '/v1/staff',
      headers: admin.headers,
      payload: { email: `jo.${randomBytes(3).toString('hex')}@test.omnicanal`, displayName: 'Jo', role: 'call_centre_agent', password: 'Garrigue-Tournesol-Abricot-91' },
    })
    expect(staff.statusCode, staff.body).toBe(201)
    const patch = (password: string) =>
      server.app.inject({ method: 'PATCH', url: `/v1/staff/${staff.json().id}`, headers: { ...admin.headers, 'idempotency-key': 'pw-change' }, payload: { password } })
    expect((await patch('Lavande-Olivier-Cigale-37')).statusCode).toBe(200)
    const changed = await patch('Mistral-Calanque-Figuier-58')
    expect(changed.statusCode, changed.body).toBe(422)
    expect(changed.json().type).toBe('https://omnicanal.dev/problems/idempotency-key-reused')
  })

  it('forgets, at migration, the records of every route that mints a credential and only those', async () => {
    const paths = {
      '/v1/auth/staff/login': true,
      '/v1/auth/customers/login': true,
      '/v1/auth/customers/register': true,
      '/v1/auth/anonymous?x=1': true,
      '/v1/staff/usr_1/keys': true,
      '/v1/channels/chn_1/kiosk-devices': true,
      '/v1/webhooks': true,
      '/v1/webhooks/whk_1/rotate-secret': true,
      '/v1/gift-cards': true,
      '/v1/gift-cards/balance': false,
      '/v1/gift-cards/gc_1/disable': false,
      '/v1/staff/usr_1': false,
      '/v1/webhooks/whk_1/deliveries/d_1/retry': false,
      '/v1/channels': false,
    }
    const scope = `migration-${randomBytes(3).toString('hex')}`
    for (const path of Object.keys(paths)) {
      await server.database.db.execute(
        sql`insert into idempotency_keys (scope, key, method, path, request_hash, expires_at) values (${scope}, ${path}, 'POST', ${path}, 'h', now() + interval '1 hour')`,
      )
    }
    await server.database.db.execute(sql.raw(readFileSync(new URL('../../migrations/0009_forget_replayed_secrets.sql', import.meta.url), 'utf8')))
    const kept = rowsOf<{ path: string }>(await server.database.db.execute(sql`select path from idempotency_keys where scope = ${scope} order by path`)).map((r) => r.path)
    expect(kept).toEqual(Object.entries(paths).filter(([, forgotten]) => !forgotten).map(([path]) => path).sort())
  })
})

describe.each(engines)('IDEMPOTENCY_SECRET on %s', (engine) => {
  const secret = 'a-configured-secret-of-at-least-32-characters'
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine, env: { IDEMPOTENCY_SECRET: secret } })
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  it('keys the request HMAC with the configured secret, the same on every node', async () => {
    const body = { code: 'pos-configured', kind: 'web', name: 'Web' }
    const res = await server.app.inject({ method: 'POST', url: '/v1/channels', headers: { ...admin.headers, 'idempotency-key': 'configured' }, payload: body })
    expect(res.statusCode, res.body).toBe(201)
    const [row] = rowsOf<{ hash: string }>(await server.database.db.execute(sql`select request_hash as hash from idempotency_keys where key = 'configured'`))
    expect(row?.hash).toBe(createHmac('sha256', secret).update(`POST /v1/channels\n${JSON.stringify(body)}`).digest('base64url'))
  })
})
