/**
 * No input answers 5xx: every operation of the live /openapi.json receives malformed JSON, wrong types, unknown
 * fields, NUL bytes and lone surrogates, SQL metacharacters, very long strings and huge numbers, with and without
 * an admin token; then hostile values one field at a time (the others valid) as the admin, a customer and the kiosk
 * device, so a bounded sibling never masks a field and customer and device paths get past 401/403. Generated from the document, so a new route is fuzzed as soon as it exists; ids learnt from earlier
 * answers take the requests past the 404s into the services.
 */
import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { stockedProduct, useCommerceWorld } from '../commerce.js'
import { staffSession, type Session } from '../fixtures.js'
import { engines } from '../harness.js'
import { exceptionStatus, oneFieldVariants } from './openapi-fuzz-fields.js'
import { learn, operationsOf, requestFor, VARIANTS, type FuzzRequest, type Known, type Operation, type Variant } from './openapi-fuzz.js'

interface Failure {
  operation: string
  label: string
  url: string
  payload?: string
  status: number
  body: string
}

describe('the fuzz itself', () => {
  const products: Operation = {
    method: 'GET',
    path: '/v1/products',
    parameters: [
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
      { name: 'minPrice', in: 'query', schema: { type: 'integer', minimum: 0 } },
      { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 } },
      { name: 'createdFrom', in: 'query', schema: { type: 'string', format: 'date-time', maxLength: 35 } },
    ],
    streams: false,
  }

  it('sends a hostile value to one field while its bounded siblings keep valid values', () => {
    const urls = oneFieldVariants(products).map((variant) => requestFor(products, variant, {}).url)
    expect(urls).toContain('/v1/products?minPrice=1e%2B21')
    expect(urls).toContain(`/v1/products?limit=${encodeURIComponent(String(2 ** 63))}`)
    expect(urls).toContain(`/v1/products?q=${encodeURIComponent("' OR 1=1 --%_\\")}`)
    expect(urls).toContain(`/v1/products?createdFrom=${encodeURIComponent('2030-01-01T10:00:00+16:00')}`)
  })

  it('counts an exception as a failure unless it is Node refusing a header character', () => {
    const refused = (() => {
      try {
        httpRequest('http://127.0.0.1:1/', { headers: { 'x-fuzz': 'a\u0000' } })
      } catch (error) {
        return error
      }
    })()
    expect(exceptionStatus(refused)).toBe(0)
    expect(exceptionStatus(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(-1)
    expect(exceptionStatus(new TypeError('Cannot read properties of undefined'))).toBe(-1)
  })
})

describe.each(engines)('every operation of /openapi.json on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })

  /** Real HTTP on its own socket, destroyed once the status line is in: a stream never holds the server open. */
  function statusOverHttp(request: FuzzRequest): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(shop.server.url + request.url, { method: request.method, headers: request.headers, agent: false }, (res) => {
        resolve({ status: res.statusCode ?? 0, body: '' })
        req.destroy()
      })
      req.on('error', reject)
      req.end(request.payload)
    })
  }

  /**
   * The answer's status; -1 for an exception (a crash, a reset socket, a stream error), which counts as a failure. Only
   * Node's refusal of a header value it would never put on the wire (a NUL byte) is no answer at all: status 0.
   */
  async function send(request: FuzzRequest, op: Operation): Promise<{ status: number; body: string }> {
    try {
      if (op.streams) return await statusOverHttp(request)
      const res = await shop.server.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload })
      return { status: res.statusCode, body: res.body }
    } catch (error) {
      return { status: exceptionStatus(error), body: error instanceof Error ? (error.stack ?? String(error)) : String(error) }
    }
  }

  it('answers no 5xx to hostile input', { timeout: 300_000 }, async () => {
    const { server, world } = shop
    await stockedProduct(server, world)
    let admin: Session = world.admin
    const known: Known = { byPath: new Map(), byField: new Map(), protected: new Set([admin.id]) }
    const operations = operationsOf((await server.app.inject({ url: '/openapi.json' })).json())
    expect(operations.length).toBeGreaterThan(100)
    // Sessions are opened and closed last, so every other operation runs with a live admin token.
    const last = (op: Operation) => Number(op.path.startsWith('/v1/auth/')) + Number(op.path.endsWith('/logout'))
    const ordered = [...operations].sort((a, b) => last(a) - last(b))
    const failures: Failure[] = []
    const failed = (status: number) => status >= 500 || status < 0
    // First pass: valid requests only, to learn ids; second pass: every kind of bad input.
    for (const variantsOf of [() => VARIANTS.slice(0, 1), (op: Operation) => [...VARIANTS, ...oneFieldVariants(op)]]) {
      for (const op of ordered) {
        for (const variant of variantsOf(op)) {
          const request = requestFor(op, variant, admin.headers, known)
          const { status, body } = await send(request, op)
          if (status >= 200 && status < 300 && body.startsWith('{')) learn(known, op.path, JSON.parse(body))
          if (failed(status)) failures.push({ operation: `${op.method} ${op.path}`, label: request.label, url: request.url, payload: request.payload?.slice(0, 300), status, body: body.slice(0, 300) })
        }
        // A fuzzed call may have ended the admin's session (disabling, erasure…): carry on with a fresh admin.
        if (last(op) === 0 && (await server.app.inject({ url: '/v1/staff', headers: admin.headers })).statusCode === 401) {
          admin = await staffSession(server, 'admin')
          known.protected.add(admin.id)
        }
      }
    }
    // Then as a customer and as the kiosk device: the valid request, and when it gets past 401/403 the one-field
    // variants. Sessions are not opened or closed here (the admin passes did), so the tokens stay live.
    const identities: [string, Record<string, string>][] = [
      ['customer', world.customer.headers],
      ['kiosk', world.kiosk.headers],
    ]
    for (const [who, headers] of identities) {
      for (const op of ordered.filter((o) => last(o) === 0)) {
        const tried: Variant[] = [VARIANTS[0]!]
        for (let i = 0; i < tried.length; i++) {
          const request = requestFor(op, tried[i]!, headers, known)
          const { status, body } = await send(request, op)
          if (failed(status)) failures.push({ operation: `${op.method} ${op.path}`, label: `${who}: ${request.label}`, url: request.url, payload: request.payload?.slice(0, 300), status, body: body.slice(0, 300) })
          if (i === 0 && status !== 401 && status !== 403) tried.push(...oneFieldVariants(op))
        }
      }
    }
    expect(failures).toEqual([])
  })
})
