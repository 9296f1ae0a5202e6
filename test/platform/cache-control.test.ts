/**
 * What caches may keep (src/platform/http.ts): an answer to a request carrying a bearer token, and any API write,
 * is `Cache-Control: no-store` (a customer's data must not stay in a shared tablet's disk cache), problems included;
 * public reads keep no such header; a route that set its own Cache-Control keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertPromotion } from '../../src/modules/promotions/coupon.fixtures.js'
import { customerSession, seedStores, staffSession, type Stores } from '../fixtures.js'
import { startTestServer, type TestServer } from '../harness.js'

describe('Cache-Control of API answers', () => {
  let server: TestServer
  let stores: Stores
  beforeAll(async () => {
    server = await startTestServer()
    stores = await seedStores(server.database)
  })
  afterAll(async () => server?.close())

  it('forbids storing what a bearer token read, problems and writes included', async () => {
    const customer = await customerSession(server)
    const me = await server.app.inject({ url: '/v1/customers/me', headers: customer.headers })
    expect(me.statusCode).toBe(200)
    expect(me.headers['cache-control']).toBe('no-store')
    const refused = await server.app.inject({ url: '/v1/customers/me', headers: { authorization: 'Bearer not-a-token' } })
    expect(refused.statusCode).toBe(401)
    expect(refused.headers['cache-control']).toBe('no-store')
    const withToken = await server.app.inject({ url: `/v1/locations/${stores.lyon.id}`, headers: customer.headers })
    expect(withToken.headers['cache-control']).toBe('no-store')
  })

  it('forbids storing a login’s token, and leaves public reads as they were', async () => {
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/anonymous' })
    expect(login.statusCode).toBe(201)
    expect(login.headers['cache-control']).toBe('no-store')
    const publicRead = await server.app.inject({ url: '/v1/locations' })
    expect(publicRead.statusCode).toBe(200)
    expect(publicRead.headers['cache-control']).toBeUndefined()
    expect((await server.app.inject({ url: '/healthz' })).headers['cache-control']).toBeUndefined()
  })

  it('keeps a route’s own Cache-Control', async () => {
    const admin = await staffSession(server, 'admin')
    const promotionId = await insertPromotion(server)
    const created = await server.app.inject({ method: 'POST', url: '/v1/coupons', headers: admin.headers, payload: { promotionId, code: 'CACHE-ME' } })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.headers['cache-control']).toBe('no-store')
    // The coupon's QR says itself how long the browser may keep it.
    const qr = await server.app.inject({ url: '/v1/coupons/CACHE-ME/qr', headers: admin.headers })
    expect(qr.statusCode).toBe(200)
    expect(qr.headers['cache-control']).toBe('private, max-age=3600')
  })
})
