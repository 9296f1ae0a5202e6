/**
 * No input answers 5xx: every operation of the live /openapi.json receives malformed JSON, wrong types, unknown
 * fields, NUL bytes and lone surrogates, SQL metacharacters, very long strings and huge numbers, with and without
 * an admin token. Generated from the document, so a new route is fuzzed as soon as it exists.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffSession, type Session } from '../fixtures.js'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { operationsOf, requestFor, VARIANTS, type FuzzRequest } from './openapi-fuzz.js'

interface Failure {
  operation: string
  label: string
  url: string
  payload?: string
  status: number
  body: string
}

describe.each(engines)('every operation of /openapi.json on %s', (engine) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine, listen: true })
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  /** Real HTTP on its own socket, destroyed once the status line is in: a stream never holds the server open. */
  function statusOverHttp(request: FuzzRequest): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(server.url + request.url, { method: request.method, headers: request.headers, agent: false }, (res) => {
        resolve({ status: res.statusCode ?? 0, body: '' })
        req.destroy()
      })
      req.on('error', reject)
      req.end(request.payload)
    })
  }

  async function send(request: FuzzRequest, streams: boolean): Promise<{ status: number; body: string }> {
    try {
      if (streams) return await statusOverHttp(request)
      const res = await server.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload })
      return { status: res.statusCode, body: res.body }
    } catch (error) {
      // light-my-request refuses some headers (a NUL byte) as Node's HTTP parser would: the server never sees them.
      return { status: 0, body: String(error) }
    }
  }

  it('answers no 5xx to hostile input', { timeout: 120_000 }, async () => {
    const document = (await server.app.inject({ url: '/openapi.json' })).json()
    const operations = operationsOf(document)
    expect(operations.length).toBeGreaterThan(100)
    const failures: Failure[] = []
    // Operations that end the caller's own session run last so the others are tried with a live token.
    const ordered = [...operations].sort((a, b) => Number(/logout|revoke/.test(a.path)) - Number(/logout|revoke/.test(b.path)))
    for (const op of ordered) {
      const started = Date.now()
      for (const variant of VARIANTS) {
        const request = requestFor(op, variant, admin.headers)
        const { status, body } = await send(request, op.streams)
        if (process.env.FUZZ_DEBUG && variant.label === 'valid values') console.log('VALID', op.method, op.path, status, body.slice(0, 150))
        if (status >= 500) failures.push({ operation: `${op.method} ${op.path}`, label: request.label, url: request.url, payload: request.payload?.slice(0, 300), status, body: body.slice(0, 300) })
      }
      // A fuzzed call may have ended the admin's session (logout, disabling…): carry on with a fresh one.
      const probe = await server.app.inject({ url: '/v1/staff', headers: admin.headers })
      if (process.env.FUZZ_DEBUG) console.log(op.method, op.path, Date.now() - started, probe.statusCode)
      if (probe.statusCode === 401 && op !== ordered.at(-1)) admin = await staffSession(server, 'admin')
    }
    expect(failures).toEqual([])
  })
})
