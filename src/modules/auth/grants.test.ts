import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS, type Permission } from '../../platform/auth.js'
import { seedStores, staffSession, type Session, type Stores } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { createIntegrationKey, createStaffUser } from './service.js'

const ROLES = ['admin', 'store_manager', 'store_associate', 'call_centre_agent', 'integration'] as const
type Role = (typeof ROLES)[number]

// Written out here rather than read from platform/auth.ts, so that a change to the role table shows up as a failure.
const ASSOCIATE: Permission[] = ['events:read', 'customers:read', 'customers:write', 'inventory:read', 'inventory:write', 'carts:manage', 'orders:read', 'orders:manage', 'returns:manage']
const ALL: Permission[] = [...PERMISSIONS]

interface Granter {
  name: string
  /** null: refused at the door (the route needs staff:manage). */
  roles: Role[] | null
  scopes: Permission[] | null
  session: (server: TestServer) => Promise<Session>
}

async function keySession(server: TestServer, scopes: Permission[], ttlHours: number | null = null): Promise<Session> {
  const token = await server.database.transaction(async (tx) => {
    const account = await createStaffUser(tx, { email: `key.${randomBytes(4).toString('hex')}@test.omnicanal`, displayName: 'Key', role: 'integration', grantor: 'system' })
    return (await createIntegrationKey(tx, { staffUserId: account.id, label: 'granter', scopes, ttlHours, grantor: 'system' })).token
  })
  return { id: 'integration', token, headers: { authorization: `Bearer ${token}` } }
}

const GRANTERS: Granter[] = [
  { name: 'an admin', roles: [...ROLES], scopes: ALL, session: (s) => staffSession(s, 'admin') },
  { name: 'a store manager', roles: null, scopes: null, session: (s) => staffSession(s, 'store_manager', [stores.lyon.id]) },
  { name: 'a store associate', roles: null, scopes: null, session: (s) => staffSession(s, 'store_associate', [stores.lyon.id]) },
  { name: 'a call-centre agent', roles: null, scopes: null, session: (s) => staffSession(s, 'call_centre_agent') },
  { name: 'a key holding only staff:manage', roles: ['integration'], scopes: [], session: (s) => keySession(s, ['staff:manage']) },
  {
    name: 'a key holding staff:manage and an associate’s permissions',
    roles: ['store_associate', 'call_centre_agent', 'integration'],
    scopes: ASSOCIATE,
    session: (s) => keySession(s, ['staff:manage', ...ASSOCIATE]),
  },
  {
    name: 'a key holding every scope',
    roles: ['store_manager', 'store_associate', 'call_centre_agent', 'integration'],
    scopes: ALL.filter((p) => p !== 'staff:manage'),
    session: (s) => keySession(s, ALL),
  },
  { name: 'a key without staff:manage', roles: null, scopes: null, session: (s) => keySession(s, ALL.filter((p) => p !== 'staff:manage')) },
]

let stores: Stores

describe.each(engines)('who may grant what, on %s', (engine) => {
  let server: TestServer
  let integrationId: string
  beforeAll(async () => {
    server = await startTestServer({ engine })
    stores = await seedStores(server.database)
    const account = await server.database.transaction((tx) => createStaffUser(tx, { email: 'target@test.omnicanal', displayName: 'Target', role: 'integration', grantor: 'system' }))
    integrationId = account.id
  })
  afterAll(async () => server?.close())

  describe.each(GRANTERS)('$name', (granter) => {
    let session: Session
    beforeAll(async () => {
      session = await granter.session(server)
    })

    it.each(ROLES)('creates a %s account only if it holds the role’s permissions', async (role) => {
      const storeBound = role === 'store_manager' || role === 'store_associate'
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/staff',
        headers: session.headers,
        payload: { email: `${role}.${randomBytes(4).toString('hex')}@test.omnicanal`, displayName: role, role, ...(storeBound ? { locationIds: [stores.lyon.id] } : {}) },
      })
      if (granter.roles?.includes(role)) {
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json().role).toBe(role)
        return
      }
      expect(res.statusCode, res.body).toBe(403)
      if (granter.roles === null) expect(res.json().detail).toContain('staff:manage')
      else expect(res.json()).toMatchObject({ field: '/body/role', type: 'https://omnicanal.dev/problems/forbidden' })
    })

    it.each(ALL)('issues a key with %s only if it holds that scope (and is an admin for admin-only ones)', async (scope) => {
      const res = await server.app.inject({ method: 'POST', url: `/v1/staff/${integrationId}/keys`, headers: session.headers, payload: { label: scope, scopes: [scope] } })
      if (granter.scopes?.includes(scope)) {
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json().token).toMatch(/^oc_/)
        return
      }
      expect(res.statusCode, res.body).toBe(403)
      if (granter.scopes === null) return expect(res.json().detail).toContain('staff:manage')
      const problem = res.json<{ field: string; missing: string[]; adminOnly: string[] }>()
      expect(problem.field).toBe('/body/scopes')
      expect([...problem.missing, ...problem.adminOnly]).toContain(scope)
    })
  })

  describe('the lifetime of a key a key issues', () => {
    const issueKey = (session: Session, payload: object) => server.app.inject({ method: 'POST', url: `/v1/staff/${integrationId}/keys`, headers: session.headers, payload })

    it('gives a key issued by an expiring key no later expiry than its own, and refuses a longer one', async () => {
      const shortLived = await keySession(server, ['staff:manage', 'orders:read'], 1)
      const granted = await issueKey(shortLived, { label: 'minted', scopes: ['orders:read'] })
      expect(granted.statusCode, granted.body).toBe(201)
      const expiresAt = granted.json<{ expiresAt: string | null }>().expiresAt
      expect(expiresAt).not.toBeNull()
      expect(Date.parse(expiresAt!)).toBeLessThanOrEqual(Date.now() + 3_600_000)
      const longer = await issueKey(shortLived, { label: 'minted', scopes: ['orders:read'], expiresInHours: 2 })
      expect(longer.statusCode, longer.body).toBe(403)
      expect(longer.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/key-outlives-grantor', field: '/body/expiresInHours' })
    })

    it('lets an admin issue a key that never expires', async () => {
      const granted = await issueKey(await staffSession(server, 'admin'), { label: 'lasting', scopes: ['orders:read'] })
      expect(granted.statusCode, granted.body).toBe(201)
      expect(granted.json().expiresAt).toBeNull()
    })

    it('refuses a password on an integration account, as at its creation', async () => {
      const res = await server.app.inject({ method: 'PATCH', url: `/v1/staff/${integrationId}`, headers: (await staffSession(server, 'admin')).headers, payload: { password: 'Tournesol-Garrigue-Abricot-91' } })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/password-not-allowed', field: '/body/password' })
    })
  })

  describe('changing accounts more powerful than the caller', () => {
    let limited: Session
    let admin: Session
    beforeAll(async () => {
      limited = await keySession(server, ['staff:manage', ...ASSOCIATE])
      admin = await staffSession(server, 'admin')
    })
    const call = (method: 'PATCH' | 'DELETE', url: string, session: Session, payload?: object) =>
      server.app.inject({ method, url, headers: session.headers, ...(payload ? { payload } : {}) })

    it('refuses to reset an admin’s password, disable an admin or make anyone an admin', async () => {
      const target = await server.database.transaction((tx) => createStaffUser(tx, { email: 'boss@test.omnicanal', displayName: 'Boss', role: 'admin', grantor: 'system' }))
      const reset = await call('PATCH', `/v1/staff/${target.id}`, limited, { password: 'Tournesol-Garrigue-Abricot-91' })
      expect(reset.statusCode, reset.body).toBe(403)
      expect(reset.json()).toMatchObject({ field: '/params/id', adminOnly: ['staff:manage'] })
      expect((await call('PATCH', `/v1/staff/${target.id}`, limited, { disabled: true })).statusCode).toBe(403)
      const associate = await server.database.transaction((tx) =>
        createStaffUser(tx, { email: 'asso@test.omnicanal', displayName: 'Asso', role: 'store_associate', locationIds: [stores.lyon.id], grantor: 'system' }),
      )
      const promote = await call('PATCH', `/v1/staff/${associate.id}`, limited, { role: 'admin' })
      expect(promote.statusCode, promote.body).toBe(403)
      expect(promote.json().field).toBe('/body/role')
      expect((await call('PATCH', `/v1/staff/${associate.id}`, limited, { displayName: 'Asso B.' })).statusCode).toBe(200)
      expect((await call('PATCH', `/v1/staff/${target.id}`, admin, { displayName: 'The Boss' })).statusCode).toBe(200)
    })

    it('revokes only keys whose scopes it could have granted', async () => {
      const keys = await server.database.transaction(async (tx) => ({
        wide: await createIntegrationKey(tx, { staffUserId: integrationId, label: 'wide', scopes: ['credit:adjust'], ttlHours: null, grantor: 'system' }),
        narrow: await createIntegrationKey(tx, { staffUserId: integrationId, label: 'narrow', scopes: ['orders:read'], ttlHours: null, grantor: 'system' }),
      }))
      const wide = await call('DELETE', `/v1/staff/${integrationId}/keys/${keys.wide.id}`, limited)
      expect(wide.statusCode, wide.body).toBe(403)
      expect(wide.json()).toMatchObject({ field: '/params/keyId', missing: ['credit:adjust'] })
      expect((await call('DELETE', `/v1/staff/${integrationId}/keys/${keys.narrow.id}`, limited)).statusCode).toBe(204)
      // The integration account holds keys beyond the limited key's reach: disabling it (which revokes them all) is refused.
      expect((await call('PATCH', `/v1/staff/${integrationId}`, limited, { disabled: true })).statusCode).toBe(403)
      expect((await call('DELETE', `/v1/staff/${integrationId}/keys/${keys.wide.id}`, admin)).statusCode).toBe(204)
    })
  })
})
