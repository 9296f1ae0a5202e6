import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../harness.js'
import { customerSession, seedStores, staffSession } from '../fixtures.js'

describe.each(engines)('smoke on %s', (engine) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ engine })
  })
  afterAll(async () => server?.close())

  it('answers health and readiness', async () => {
    expect((await server.app.inject('/healthz')).json()).toEqual({ status: 'ok' })
    expect((await server.app.inject('/readyz')).json()).toEqual({ status: 'ready', database: engine })
  })

  it('logs staff and customers in', async () => {
    const stores = await seedStores(server.database)
    const manager = await staffSession(server, 'store_manager', [stores.lyon.id])
    const customer = await customerSession(server)
    const me = await server.app.inject({ url: '/v1/customers/me', headers: customer.headers })
    expect(me.statusCode).toBe(200)
    expect(me.json().id).toBe(customer.id)
    const patch = await server.app.inject({ method: 'PATCH', url: `/v1/locations/${stores.montpellier.id}`, headers: manager.headers, payload: { openingHours: [] } })
    expect(patch.statusCode).toBe(404)
  })
})
