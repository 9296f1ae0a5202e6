import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../src/platform/db.js'
import { customerSession, registerAndLogIn, seedStores, staffSession, type Session, type Stores } from '../fixtures.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

describe.each(engines)('roles and tokens on %s', (engine) => {
  let server: TestServer
  let stores: Stores
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine })
    stores = await seedStores(server.database)
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, session?: { headers: Record<string, string> }, payload?: object) =>
    server.app.inject({ method, url, headers: session?.headers ?? {}, ...(payload ? { payload } : {}) })

  it('lets a customer read only their own profile, with 404 for another', async () => {
    const alice = await customerSession(server)
    const bob = await customerSession(server)
    expect((await inject('GET', `/v1/customers/${alice.id}`, alice)).statusCode).toBe(200)
    const probe = await inject('GET', `/v1/customers/${bob.id}`, alice)
    expect(probe.statusCode).toBe(404)
    expect(probe.json().type).toBe('https://omnicanal.dev/problems/not-found')
    const associate = await staffSession(server, 'store_associate', [stores.lyon.id])
    expect((await inject('GET', `/v1/customers/${bob.id}`, associate)).statusCode).toBe(200)
  })

  it('keeps a Lyon manager out of Montpellier and inside their own rights', async () => {
    const lyonManager = await staffSession(server, 'store_manager', [stores.lyon.id])
    const hours = { openingHours: [{ day: 'sun', opens: '11:00', closes: '18:00' }] }
    expect((await inject('PATCH', `/v1/locations/${stores.montpellier.id}`, lyonManager, hours)).statusCode).toBe(404)
    const own = await inject('PATCH', `/v1/locations/${stores.lyon.id}`, lyonManager, hours)
    expect(own.statusCode).toBe(200)
    expect(own.json().openingHours).toEqual(hours.openingHours)
    expect((await inject('PATCH', `/v1/locations/${stores.lyon.id}`, lyonManager, { name: 'Renamed' })).statusCode).toBe(403)
    expect((await inject('PATCH', `/v1/locations/${stores.montpellier.id}`, admin, { name: 'Montpellier Polygone' })).statusCode).toBe(200)
  })

  it('refuses writes to callers without the permission, and to anonymous callers', async () => {
    const associate = await staffSession(server, 'store_associate', [stores.montpellier.id])
    const customer = await customerSession(server)
    const channel = { code: 'web-shop', name: 'Web', kind: 'web' }
    expect((await inject('POST', '/v1/channels', undefined, channel)).statusCode).toBe(401)
    expect((await inject('POST', '/v1/channels', associate, channel)).statusCode).toBe(403)
    expect((await inject('POST', '/v1/channels', customer, channel)).statusCode).toBe(403)
    expect((await inject('POST', '/v1/channels', admin, channel)).statusCode).toBe(201)
  })

  it('refuses a revoked token after logout', async () => {
    const customer = await customerSession(server)
    expect((await inject('POST', '/v1/auth/logout', customer)).statusCode).toBe(204)
    const after = await inject('GET', '/v1/customers/me', customer)
    expect(after.statusCode).toBe(401)
    expect(after.json().type).toBe('https://omnicanal.dev/problems/unauthenticated')
  })

  it('refuses a garbage token instead of treating the caller as anonymous', async () => {
    expect((await inject('GET', '/v1/locations', { headers: { authorization: 'Bearer oc_forged' } })).statusCode).toBe(401)
    expect((await inject('GET', '/v1/locations', { headers: { authorization: 'Basic abc' } })).statusCode).toBe(401)
  })

  it('revokes every token of a disabled staff user and refuses their login', async () => {
    const manager = await staffSession(server, 'store_manager', [stores.paris.id])
    expect((await inject('PATCH', `/v1/staff/${manager.id}`, admin, { disabled: true })).statusCode).toBe(200)
    expect((await inject('PATCH', `/v1/locations/${stores.paris.id}`, manager, { openingHours: [] })).statusCode).toBe(401)
    const staff = (await inject('GET', `/v1/staff/${manager.id}`, admin)).json()
    const login = await inject('POST', '/v1/auth/staff/login', undefined, { email: staff.email, password: 'correct horse battery' })
    expect(login.statusCode).toBe(401)
  })

  it('limits an integration key to its scopes and honours its revocation', async () => {
    const account = await inject('POST', '/v1/staff', admin, { email: 'erp@maison.test', displayName: 'ERP', role: 'integration' })
    expect(account.statusCode).toBe(201)
    const key = await inject('POST', `/v1/staff/${account.json().id}/keys`, admin, { label: 'ERP sync', scopes: ['channels:write'] })
    expect(key.statusCode).toBe(201)
    const erp = { headers: { authorization: `Bearer ${key.json().token}` } }
    expect((await inject('POST', '/v1/channels', erp, { code: 'erp-phone', name: 'Phone', kind: 'phone' })).statusCode).toBe(201)
    const location = { code: 'x', name: 'X', kind: 'warehouse', address: { line1: 'a', postalCode: '75001', city: 'Paris', country: 'FR' }, coordinates: { latitude: 48, longitude: 2 } }
    expect((await inject('POST', '/v1/locations', erp, location)).statusCode).toBe(403)
    expect((await inject('GET', '/v1/staff', erp)).statusCode).toBe(403)
    expect((await inject('DELETE', `/v1/staff/${account.json().id}/keys/${key.json().id}`, admin)).statusCode).toBe(204)
    expect((await inject('POST', '/v1/channels', erp, { code: 'erp-phone-2', name: 'Phone', kind: 'phone' })).statusCode).toBe(401)
  })

  it('binds store roles to locations', async () => {
    const missing = await inject('POST', '/v1/staff', admin, { email: 'v@maison.test', displayName: 'V', role: 'store_associate', password: 'Vignoble-Cerisier-58' })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().field).toBe('/body/locationIds')
    const unknown = await inject('POST', '/v1/staff', admin, { email: 'v@maison.test', displayName: 'V', role: 'store_associate', password: 'Vignoble-Cerisier-58', locationIds: ['loc_nope'] })
    expect(unknown.statusCode).toBe(400)
  })

  it('answers a wrong password and an unknown email the same way', async () => {
    const customer = await customerSession(server)
    const wrong = await inject('POST', '/v1/auth/customers/login', undefined, { email: customer.email, password: 'not-the-password' })
    const unknown = await inject('POST', '/v1/auth/customers/login', undefined, { email: 'nobody@example.com', password: 'not-the-password' })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json().type).toBe(unknown.json().type)
    expect(wrong.json().detail).toBe(unknown.json().detail)
  })

  it('gives anonymous shoppers a device token that later joins their account', async () => {
    const device = await inject('POST', '/v1/auth/anonymous')
    expect(device.statusCode).toBe(201)
    const { token, deviceId } = device.json()
    expect(deviceId).toMatch(/^dev_/)
    const customer = await registerAndLogIn(server, { email: 'device.owner@example.com', password: 'motdepasse-solide', firstName: 'Léa', lastName: 'Roux' }, { authorization: `Bearer ${token}` })
    const result = await server.database.db.execute(sql`select customer_id from devices where id = ${deviceId}`)
    expect(rowsOf<{ customer_id: string }>(result)[0]?.customer_id).toBe(customer.id)
  })
})

describe('login rate limiting', () => {
  it('answers 429 problems after too many login attempts', async () => {
    const server = await startTestServer({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } })
    try {
      const attempt = () => server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: { email: 'x@y.fr', password: 'nope' } })
      const statuses = []
      for (let i = 0; i < 5; i++) statuses.push((await attempt()).statusCode)
      expect(statuses).toEqual([401, 401, 401, 429, 429])
      const limited = await attempt()
      expect(limited.json().type).toBe('https://omnicanal.dev/problems/rate-limited')
    } finally {
      await server.close()
    }
  })
})
