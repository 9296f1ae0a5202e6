/**
 * Text PostgreSQL cannot store (a NUL character, a lone UTF-16 surrogate) is refused at the HTTP boundary with a 400
 * naming the field, on public and staff routes alike, before authentication or any handler reads it; what still
 * reaches the database and is refused there (SQLSTATE 22021, 22P05, 22003) is a 400, never a 500.
 */
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleError } from '../../src/platform/problems.js'
import { staffSession, type Session } from '../fixtures.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

const json = { 'content-type': 'application/json' }

describe.each(engines)('unstorable text on %s', (engine) => {
  let server: TestServer
  let admin: Session
  let channelId: string
  beforeAll(async () => {
    server = await startTestServer({ engine })
    admin = await staffSession(server, 'admin')
    const created = await server.app.inject({ method: 'POST', url: '/v1/channels', headers: admin.headers, payload: { code: 'web', name: 'Web', kind: 'web' } })
    channelId = created.json().id
  })
  afterAll(async () => server?.close())

  function expectRefused(res: { statusCode: number; json: () => Record<string, unknown> }, field: string) {
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/validation-failed', status: 400, field })
  }

  it('refuses a NUL byte in a public query string, naming the parameter', async () => {
    expectRefused(await server.app.inject({ url: '/v1/products?q=%00' }), '/query/q')
    expectRefused(await server.app.inject({ url: '/v1/inventory/availability?sku=ABC%00' }), '/query/sku')
  })

  it('refuses a NUL byte in a path parameter', async () => {
    expectRefused(await server.app.inject({ url: '/v1/variants/SKU%00X' }), '/params/skuOrBarcode')
  })

  it('refuses a NUL byte in a staff search', async () => {
    expectRefused(await server.app.inject({ url: '/v1/customers?q=mar%00tin', headers: admin.headers }), '/query/q')
  })

  it('refuses \\u0000 in a JSON string and leaves the row as it was', async () => {
    const res = await server.app.inject({ method: 'PATCH', url: `/v1/channels/${channelId}`, headers: { ...admin.headers, ...json }, payload: '{"name": "Web\\u0000shop"}' })
    expectRefused(res, '/body/name')
    const channel = await server.app.inject({ url: `/v1/channels/${channelId}`, headers: admin.headers })
    expect(channel.json().name).toBe('Web')
  })

  it('refuses a lone surrogate in a JSON string, in a nested field or an object key', async () => {
    const patch = (payload: string) => server.app.inject({ method: 'PATCH', url: `/v1/channels/${channelId}`, headers: { ...admin.headers, ...json }, payload })
    expectRefused(await patch('{"name": "Web \\ud800"}'), '/body/name')
    expectRefused(await patch('{"name": "\\udc00"}'), '/body/name')
    const register = await server.app.inject({
      method: 'POST',
      url: '/v1/auth/customers/register',
      headers: json,
      payload: '{"email": "a@example.com", "password": "x-Long-enough-9", "firstName": "A", "lastName": "B", "consents": [{"purpose": "marketing_email", "granted": true, "wording": "ok\\u0000"}]}',
    })
    expectRefused(register, '/body/consents/0/wording')
    expectRefused(await patch('{"na\\u0000me": "Web"}'), '/body')
  })

  it('refuses a body nested deeper than the checks reach, with NUL or a lone surrogate at the bottom, as a 400', async () => {
    const deep = (bottom: string) => `${'{"a":'.repeat(100)}"${bottom}"${'}'.repeat(100)}`
    for (const bottom of ['x\\u0000', '\\ud800']) {
      for (const url of [`/v1/channels/${channelId}`, '/v1/touchpoints']) {
        const method = url === '/v1/touchpoints' ? 'POST' : 'PATCH'
        const res = await server.app.inject({ method, url, headers: { ...admin.headers, ...json }, payload: `{"entries": [{"kind": "search", "query": ${deep(bottom)}}]}` })
        expect(res.statusCode, `${method} ${url} ${bottom}`).toBe(400)
        expect(res.json().detail).toMatch(/deeper than \d+ levels/)
        expect(res.json().field).toMatch(/^\/body\/entries\/0\/query(\/a)+$/)
      }
    }
  })

  it('accepts well-formed text beyond the BMP (a surrogate pair)', async () => {
    const res = await server.app.inject({ method: 'PATCH', url: `/v1/channels/${channelId}`, headers: { ...admin.headers, ...json }, payload: '{"name": "Web \\ud83d\\udecd"}' })
    expect(res.statusCode).toBe(200)
    expect(res.json().name).toBe('Web 🛍')
  })

  it('refuses a NUL byte in a header before authentication reads it', async () => {
    const res = await server.app.inject({ url: '/v1/staff', headers: { authorization: `${admin.headers.authorization}\u0000` } })
    expectRefused(res, '/headers/authorization')
  })
})

describe('database data exceptions', () => {
  const app = Fastify({ logger: false })
  beforeAll(async () => {
    app.setErrorHandler(handleError)
    app.get('/fail/:state', async (request) => {
      throw Object.assign(new Error('refused by the database'), { code: (request.params as { state: string }).state })
    })
    await app.ready()
  })
  afterAll(async () => app.close())

  it.each([
    ['22021', 'invalid-text'],
    ['22P05', 'invalid-text'],
    ['22003', 'amount-out-of-range'],
    ['22P02', 'invalid-value'],
    ['22007', 'invalid-time'],
    ['22008', 'invalid-time'],
    ['22009', 'invalid-time'],
  ])('answers SQLSTATE %s with a 400 %s problem, not a 500', async (state, type) => {
    const res = await app.inject({ url: `/fail/${state}` })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ type: `https://omnicanal.dev/problems/${type}`, status: 400 })
  })

  it('still answers an unexpected database error with a 500', async () => {
    expect((await app.inject({ url: '/fail/XX000' })).statusCode).toBe(500)
  })
})
