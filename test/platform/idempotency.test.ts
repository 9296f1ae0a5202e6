import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channels } from '../../src/modules/channels/schema.js'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { staffSession, type Session } from '../fixtures.js'

describe.each(engines)('Idempotency-Key on %s', (engine) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine })
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
})
