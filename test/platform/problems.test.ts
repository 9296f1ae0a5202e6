import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { staffSession, type Session } from '../fixtures.js'

describe.each(engines)('problem+json answers on %s', (engine) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine, env: { BODY_LIMIT_BYTES: '2048' } })
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  const post = (payload: string, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: '/v1/channels', headers: { ...admin.headers, 'content-type': 'application/json', ...headers }, payload })

  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number, type: string) {
    expect(res.statusCode).toBe(status)
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/)
    const body = res.json()
    expect(body.type).toBe(`https://omnicanal.dev/problems/${type}`)
    expect(body.status).toBe(status)
    expect(typeof body.title).toBe('string')
    expect(body.requestId).toMatch(/^req_/)
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/)
    return body
  }

  it('refuses malformed JSON with a 400 problem', async () => {
    expectProblem(await post('{"code": "web", '), 400, 'bad-request')
  })

  it('refuses unknown fields and names the field', async () => {
    const body = expectProblem(await post(JSON.stringify({ code: 'web', name: 'Web', kind: 'web', colour: 'red' })), 400, 'validation-failed')
    expect(body.field).toBe('/body/colour')
  })

  it('refuses wrong types without coercing them', async () => {
    const body = expectProblem(await post(JSON.stringify({ code: 'web', name: 42, kind: 'web' })), 400, 'validation-failed')
    expect(body.field).toBe('/body/name')
  })

  it('names a missing required field', async () => {
    const body = expectProblem(await post(JSON.stringify({ code: 'web', kind: 'web' })), 400, 'validation-failed')
    expect(body.field).toBe('/body/name')
  })

  it('refuses an oversize body with a 413 problem', async () => {
    expectProblem(await post(JSON.stringify({ code: 'web', name: 'x'.repeat(4096), kind: 'web' })), 413, 'payload-too-large')
  })

  it('refuses a body that is not JSON', async () => {
    expectProblem(await post('code=web', { 'content-type': 'text/plain' }), 415, 'unsupported-media-type')
  })

  it('answers unknown routes with a 404 problem', async () => {
    expectProblem(await server.app.inject({ url: '/v1/nothing-here' }), 404, 'not-found')
  })

  it('refuses a tampered cursor with a 400 problem on the cursor', async () => {
    const body = expectProblem(await server.app.inject({ url: '/v1/channels?cursor=not-a-cursor' }), 400, 'invalid-cursor')
    expect(body.field).toBe('/query/cursor')
  })

  it('keeps working after bad input: nothing was lost', async () => {
    const ok = await post(JSON.stringify({ code: 'web', name: 'Site web', kind: 'web' }))
    expect(ok.statusCode).toBe(201)
    const list = await server.app.inject({ url: '/v1/channels' })
    expect(list.json().items.map((c: { code: string }) => c.code)).toEqual(['web'])
  })

  it('sends security headers and a request id', async () => {
    const res = await server.app.inject({ url: '/healthz' })
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-request-id']).toMatch(/^req_/)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })
})
