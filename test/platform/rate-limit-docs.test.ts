/**
 * A 429 is documented only where the server can answer one: on routes with `config.rateLimit`. A route that declares
 * it by hand without a limit is refused when registered, and the public event catalogue (no limit) documents none.
 */
import type { RouteOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkRouteDocumented } from '../../src/platform/openapi-operations.js'
import { startTestServer, type TestServer } from '../harness.js'

type Operation = { responses: Record<string, unknown> }

describe('rate-limit documentation', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ engine: 'pglite' })
  })
  afterAll(async () => server?.close())

  it('refuses to register a route that declares a 429 without a rate limit', () => {
    const route = (response: object, config: object) => ({ method: 'GET', url: '/v1/probe', handler: () => null, schema: { operationId: 'probeRoute', security: [], response }, config }) as unknown as RouteOptions
    expect(() => checkRouteDocumented(route({ 200: {}, 429: {} }, {}))).toThrow(/declares a 429 but has no config.rateLimit/)
    expect(() => checkRouteDocumented(route({ 200: {}, 429: {} }, { rateLimit: { max: 5, timeWindow: '1 minute' } }))).not.toThrow()
    expect(() => checkRouteDocumented(route({ 200: {} }, {}))).not.toThrow()
  })

  it('documents 429 on the limited logins and not on the event catalogue or staff lists', async () => {
    const document = (await server.app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, Record<string, Operation>> }>()
    const responses = (path: string, method: string) => Object.keys(document.paths[path]?.[method]?.responses ?? {})
    expect(responses('/v1/event-types', 'get')).not.toContain('429')
    expect(responses('/v1/staff', 'get')).not.toContain('429')
    expect(responses('/v1/auth/anonymous', 'post')).not.toContain('429')
    expect(responses('/v1/auth/staff/login', 'post')).toContain('429')
    expect(responses('/v1/auth/customers/register', 'post')).toContain('429')
  })
})
