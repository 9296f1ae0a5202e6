import { randomBytes, scryptSync } from 'node:crypto'
import { hash } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedStores, staffSession, type Session, type Stores } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { DUMMY_PASSWORD_HASH, needsRehash, verifyPassword } from '../../platform/passwords.js'
import { createStaffUser } from './service.js'

const STRONG = 'Garrigue-Tournesol-Abricot-91'
const ARGON2ID = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/

/** A hash as the earlier code wrote it: scrypt N=2^14, r=8, p=1. */
function legacyScryptHash(password: string): string {
  const salt = randomBytes(16)
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 16384, r: 8, p: 1 })
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
}

describe.each(engines)('credentials on %s', (engine) => {
  let server: TestServer
  let stores: Stores
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ engine, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } })
    stores = await seedStores(server.database)
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => server?.close())

  type Method = 'POST' | 'PATCH'
  const call = (method: Method, url: string, payload?: object, headers: Record<string, string> = {}, remoteAddress = '198.51.100.1') =>
    server.app.inject({ method, url, headers, remoteAddress, ...(payload ? { payload } : {}) })
  const query = async <T>(statement: ReturnType<typeof sql>) => rowsOf<T>(await server.database.db.execute(statement))
  const email = (tag: string) => `${tag}.${randomBytes(4).toString('hex')}@example.com`
  const register = (body: object, headers: Record<string, string> = {}, remoteAddress?: string) => call('POST', '/v1/auth/customers/register', body, headers, remoteAddress)
  const login = (address: string, password: string) => call('POST', '/v1/auth/customers/login', { email: address, password })

  describe('Idempotency-Key', () => {
    it('never gives two clients, nor two retries, the same anonymous device token', async () => {
      const key = { 'idempotency-key': 'same-key-for-everyone' }
      const first = await call('POST', '/v1/auth/anonymous', undefined, { ...key, 'user-agent': 'Phone A' }, '198.51.100.10')
      const second = await call('POST', '/v1/auth/anonymous', undefined, { ...key, 'user-agent': 'Phone B' }, '198.51.100.11')
      const retry = await call('POST', '/v1/auth/anonymous', undefined, { ...key, 'user-agent': 'Phone A' }, '198.51.100.10')
      for (const res of [first, second, retry]) expect(res.statusCode, res.body).toBe(201)
      const tokens = new Set([first, second, retry].map((res) => res.json<{ token: string }>().token))
      expect(tokens.size).toBe(3)
      expect(new Set([first, second, retry].map((res) => res.json<{ deviceId: string }>().deviceId)).size).toBe(3)
    })

    it('keeps anonymous callers’ keys apart, and replays a caller’s own retry', async () => {
      const key = { 'idempotency-key': `reg-${randomBytes(4).toString('hex')}` }
      const mine = { email: email('mine'), password: STRONG, firstName: 'Inès', lastName: 'Roux' }
      const first = await register(mine, { ...key, 'user-agent': 'Laptop' }, '198.51.100.20')
      const other = await register({ ...mine, email: email('other') }, { ...key, 'user-agent': 'Laptop' }, '198.51.100.21')
      const retry = await register(mine, { ...key, 'user-agent': 'Laptop' }, '198.51.100.20')
      expect(first.statusCode, first.body).toBe(202)
      expect(other.statusCode, other.body).toBe(202)
      expect(other.headers['idempotent-replayed']).toBeUndefined()
      expect(other.json().email).toMatch(/^other\./)
      expect((await login(other.json().email, STRONG)).statusCode).toBe(200)
      expect(retry.statusCode).toBe(202)
      expect(retry.headers['idempotent-replayed']).toBe('true')
    })

    it('never replays an API key: a retried issuance is a 409 without it, and no record holds it', async () => {
      const account = await server.database.transaction((tx) => createStaffUser(tx, { email: email('erp'), displayName: 'ERP', role: 'integration', grantor: 'system' }))
      const headers = { ...admin.headers, 'idempotency-key': `key-${randomBytes(4).toString('hex')}` }
      const body = { label: 'ERP', scopes: ['catalog:write'] }
      const issued = await call('POST', `/v1/staff/${account.id}/keys`, body, headers)
      expect(issued.statusCode, issued.body).toBe(201)
      const token = issued.json<{ token: string }>().token
      const retry = await call('POST', `/v1/staff/${account.id}/keys`, body, headers)
      expect(retry.statusCode).toBe(409)
      expect(retry.json().type).toBe('https://omnicanal.dev/problems/already-done')
      expect(retry.body).not.toContain(token)
      const keys = await query<{ n: number }>(sql`select count(*)::int as n from access_tokens where subject_id = ${account.id}`)
      expect(keys[0]?.n).toBe(1)
      const stored = await query<{ n: number }>(sql`select count(*)::int as n from idempotency_keys where response_body::text like ${`%${token}%`}`)
      expect(stored[0]?.n).toBe(0)
    })

    it('stores no token, key or password of any credential-minting request it was sent a key for', async () => {
      const channel = await call('POST', '/v1/channels', { code: `kiosk-${randomBytes(3).toString('hex')}`, name: 'Borne', kind: 'kiosk', locationId: stores.lyon.id }, admin.headers)
      expect(channel.statusCode, channel.body).toBe(201)
      const address = email('keys')
      const answers = [
        await register({ email: address, password: STRONG, firstName: 'Noé', lastName: 'Blanc' }, { 'idempotency-key': 'k-register' }),
        await call('POST', '/v1/auth/customers/login', { email: address, password: STRONG }, { 'idempotency-key': 'k-login' }),
        await call('POST', '/v1/auth/staff/login', { email: 'nobody@test.omnicanal', password: STRONG }, { 'idempotency-key': 'k-staff-login' }),
        await call('POST', '/v1/auth/anonymous', undefined, { 'idempotency-key': 'k-anonymous' }),
        await call('POST', `/v1/channels/${channel.json().id}/kiosk-devices`, undefined, { ...admin.headers, 'idempotency-key': 'k-kiosk' }),
        await call('POST', '/v1/staff', { email: email('staff'), displayName: 'Jo', role: 'call_centre_agent', password: STRONG }, { ...admin.headers, 'idempotency-key': 'k-staff' }),
      ]
      expect(answers.map((a) => a.statusCode)).toEqual([202, 200, 401, 201, 201, 201])
      const secrets = answers.map((a) => a.json<{ token?: string }>().token).filter((t): t is string => typeof t === 'string')
      expect(secrets).toHaveLength(3)
      const records = await query<{ body: string | null; hash: string }>(sql`select response_body::text as body, request_hash as hash from idempotency_keys`)
      for (const record of records) {
        for (const secret of [...secrets, STRONG]) expect(record.body ?? '').not.toContain(secret)
      }
      const kioskRetry = await call('POST', `/v1/channels/${channel.json().id}/kiosk-devices`, undefined, { ...admin.headers, 'idempotency-key': 'k-kiosk' })
      expect(kioskRetry.statusCode).toBe(409)
      expect(kioskRetry.body).not.toContain(answers[4]!.json().token)
      // The stored request hash covers the password (under the server's key): the same key with another one is a 422.
      const again = await call('POST', '/v1/staff', { email: answers[5]!.json().email, displayName: 'Jo', role: 'call_centre_agent', password: `${STRONG}-x` }, { ...admin.headers, 'idempotency-key': 'k-staff' })
      expect(again.statusCode, again.body).toBe(422)
    })
  })

  describe('password strength', () => {
    it.each(['12345678', 'password', 'aaaaaaaa', 'azertyuiop', 'motdepasse'])('refuses %s at registration with a weak-password problem', async (password) => {
      const res = await register({ email: email('weak'), password, firstName: 'Inès', lastName: 'Roux' })
      expect(res.statusCode, res.body).toBe(400)
      const problem = res.json<{ type: string; field: string; detail: string; suggestions: string[] }>()
      expect(problem).toMatchObject({ type: 'https://omnicanal.dev/problems/weak-password', field: '/body/password' })
      expect(problem.detail).toMatch(/too easy to guess/)
      expect(problem.suggestions.length).toBeGreaterThan(0)
    })

    it('refuses a password made of the account’s own name and email', async () => {
      const res = await register({ email: 'gwendoline.kerbrat@example.com', password: 'gwendolinekerbrat', firstName: 'Gwendoline', lastName: 'Kerbrat' })
      expect(res.statusCode, res.body).toBe(400)
      expect(res.json().type).toBe('https://omnicanal.dev/problems/weak-password')
    })

    it('holds staff to the same rule, at creation and when a password is set', async () => {
      const created = await call('POST', '/v1/staff', { email: email('staff'), displayName: 'Jo', role: 'call_centre_agent', password: 'password1' }, admin.headers)
      expect(created.statusCode, created.body).toBe(400)
      expect(created.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/weak-password', field: '/body/password' })
      const ok = await call('POST', '/v1/staff', { email: email('staff'), displayName: 'Jo', role: 'call_centre_agent', password: STRONG }, admin.headers)
      expect(ok.statusCode, ok.body).toBe(201)
      const reset = await call('PATCH', `/v1/staff/${ok.json().id}`, { password: '12345678' }, admin.headers)
      expect(reset.statusCode, reset.body).toBe(400)
      expect(reset.json().type).toBe('https://omnicanal.dev/problems/weak-password')
    })
  })

  describe('registration of an email that has an account', () => {
    it('answers exactly as for a new email, and neither logs in nor changes the account', async () => {
      const owner = email('owner')
      const fresh = await register({ email: owner, password: STRONG, firstName: 'Léa', lastName: 'Garcia' })
      const [before] = await query<{ id: string; password_hash: string; first_name: string }>(sql`select id, password_hash, first_name from customers where email = ${owner}`)
      const tokensBefore = await query<{ n: number }>(sql`select count(*)::int as n from access_tokens where subject_id = ${before!.id}`)
      const again = await register({ email: owner.toUpperCase(), password: 'Intrus-Cactus-Ventoux-77', firstName: 'Mallory', lastName: 'Intrus' })
      expect(again.statusCode).toBe(fresh.statusCode)
      expect(again.statusCode).toBe(202)
      expect(Object.keys(again.json()).sort()).toEqual(Object.keys(fresh.json()).sort())
      expect(again.json().status).toBe(fresh.json().status)
      expect(again.body).not.toMatch(/token|already/i)
      const [after] = await query<{ id: string; password_hash: string; first_name: string }>(sql`select id, password_hash, first_name from customers where email = ${owner}`)
      expect(after).toEqual(before)
      const tokensAfter = await query<{ n: number }>(sql`select count(*)::int as n from access_tokens where subject_id = ${before!.id}`)
      expect(tokensAfter).toEqual(tokensBefore)
      expect((await login(owner, 'Intrus-Cactus-Ventoux-77')).statusCode).toBe(401)
      expect((await login(owner, STRONG)).statusCode).toBe(200)
    })
    it('never sets a password on a profile known without one (a walk-in): same answer, nothing claimed', async () => {
      const address = email('walkin')
      const walkIn = await call('POST', '/v1/customers', { email: address, firstName: 'Jeanne', lastName: 'Vidal' }, admin.headers)
      expect(walkIn.statusCode, walkIn.body).toBe(201)
      const fresh = await register({ email: email('fresh'), password: STRONG, firstName: 'Jeanne', lastName: 'Vidal' })
      const claim = await register({ email: address, password: STRONG, firstName: 'Mallory', lastName: 'Intrus' })
      expect(claim.statusCode, claim.body).toBe(202)
      expect(Object.keys(claim.json()).sort()).toEqual(Object.keys(fresh.json()).sort())
      expect((await login(address, STRONG)).statusCode).toBe(401)
      const rows = await query<{ id: string; password_hash: string | null; first_name: string }>(sql`select id, password_hash, first_name from customers where email = ${address}`)
      expect(rows).toEqual([{ id: walkIn.json().id, password_hash: null, first_name: 'Jeanne' }])
    })

    it('answers the same for a phone another customer holds, and opens the account without it', async () => {
      const phone = `+336${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`
      const holder = await call('POST', '/v1/customers', { email: email('holder'), phone, firstName: 'Paul', lastName: 'Roche' }, admin.headers)
      expect(holder.statusCode, holder.body).toBe(201)
      const address = email('phone')
      const res = await register({ email: address, phone, password: STRONG, firstName: 'Mallory', lastName: 'Intrus' })
      expect(res.statusCode, res.body).toBe(202)
      expect(res.json()).toEqual({ status: 'accepted', email: address })
      const session = await login(address, STRONG)
      expect(session.statusCode, session.body).toBe(200)
      expect(session.json().customer.phone).toBeNull()
      const holders = await query<{ customer_id: string }>(sql`select customer_id from customer_identifiers where kind = 'phone' and value = ${phone}`)
      expect(holders).toEqual([{ customer_id: holder.json().id }])
    })

    it('answers the same for an email kept only by a merged-away profile, and writes nothing', async () => {
      const survivor = await call('POST', '/v1/customers', { email: email('survivor'), firstName: 'Anne', lastName: 'Morel' }, admin.headers)
      const loserEmail = email('merged')
      const loser = await call('POST', '/v1/customers', { email: loserEmail, firstName: 'Anne', lastName: 'Morel' }, admin.headers)
      const merged = await call('POST', `/v1/customers/${survivor.json().id}/merges`, { mergedCustomerId: loser.json().id }, admin.headers)
      expect(merged.statusCode, merged.body).toBe(201)
      expect(await query(sql`select id from customers where email = ${loserEmail}`)).toEqual([])
      const res = await register({ email: loserEmail, password: STRONG, firstName: 'Mallory', lastName: 'Intrus' })
      expect(res.statusCode, res.body).toBe(202)
      expect(res.json()).toEqual({ status: 'accepted', email: loserEmail })
      expect(await query(sql`select id from customers where email = ${loserEmail}`)).toEqual([])
      expect((await login(loserEmail, STRONG)).statusCode).toBe(401)
    })
  })

  describe('passwords at rest', () => {
    it('hashes new passwords with argon2id at OWASP’s parameters', async () => {
      const address = email('argon')
      await register({ email: address, password: STRONG, firstName: 'Noé', lastName: 'Blanc' })
      const [row] = await query<{ password_hash: string }>(sql`select password_hash from customers where email = ${address}`)
      expect(row?.password_hash).toMatch(ARGON2ID)
    })

    it('logs in a customer with an older scrypt hash and replaces it with argon2id', async () => {
      const address = email('legacy')
      await register({ email: address, password: STRONG, firstName: 'Noé', lastName: 'Blanc' })
      await server.database.db.execute(sql`update customers set password_hash = ${legacyScryptHash(STRONG)} where email = ${address}`)
      expect((await login(address, 'Wrong-Password-Entirely-42')).statusCode).toBe(401)
      const [untouched] = await query<{ password_hash: string }>(sql`select password_hash from customers where email = ${address}`)
      expect(untouched?.password_hash.startsWith('scrypt$')).toBe(true)
      expect((await login(address, STRONG)).statusCode).toBe(200)
      const [row] = await query<{ password_hash: string }>(sql`select password_hash from customers where email = ${address}`)
      expect(row?.password_hash).toMatch(ARGON2ID)
      expect((await login(address, STRONG)).statusCode).toBe(200)
    })

    it('logs in staff with an older scrypt hash and replaces it with argon2id', async () => {
      const address = email('staff-legacy')
      const user = await server.database.transaction((tx) =>
        createStaffUser(tx, { email: address, displayName: 'Ancien', role: 'store_associate', locationIds: [stores.lyon.id], passwordHash: legacyScryptHash(STRONG), grantor: 'system' }),
      )
      expect((await call('POST', '/v1/auth/staff/login', { email: address, password: STRONG })).statusCode).toBe(200)
      const [row] = await query<{ password_hash: string }>(sql`select password_hash from staff_users where id = ${user.id}`)
      expect(row?.password_hash).toMatch(ARGON2ID)
    })

    it('rehashes weaker hashes and other algorithms, never a stronger argon2id one', () => {
      const tail = '$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA'
      expect(needsRehash(`$argon2id$v=19$m=19456,t=2,p=1${tail}`)).toBe(false)
      expect(needsRehash(`$argon2id$v=19$m=65536,t=3,p=4${tail}`)).toBe(false)
      expect(needsRehash(`$argon2id$v=19$m=19456,t=4,p=1${tail}`)).toBe(false)
      expect(needsRehash(`$argon2id$v=19$m=4096,t=3,p=1${tail}`)).toBe(true)
      expect(needsRehash(`$argon2id$v=19$m=65536,t=1,p=1${tail}`)).toBe(true)
      expect(needsRehash(`$argon2id$v=16$m=19456,t=2,p=1${tail}`)).toBe(true)
      expect(needsRehash(`$argon2i$v=19$m=65536,t=3,p=1${tail}`)).toBe(true)
      expect(needsRehash(legacyScryptHash(STRONG))).toBe(true)
    })

    it('keeps a stronger argon2id hash at login', async () => {
      const address = email('strong')
      await register({ email: address, password: STRONG, firstName: 'Noé', lastName: 'Blanc' })
      const stronger = await hash(STRONG.normalize('NFKC'), { memoryCost: 32768, timeCost: 3, parallelism: 1 })
      await server.database.db.execute(sql`update customers set password_hash = ${stronger} where email = ${address}`)
      expect((await login(address, STRONG)).statusCode).toBe(200)
      const [row] = await query<{ password_hash: string }>(sql`select password_hash from customers where email = ${address}`)
      expect(row?.password_hash).toBe(stronger)
    })

    it.skipIf(engine === 'pglite')('logs in twice at once on an older scrypt hash: both succeed (PostgreSQL only: PGlite runs one connection)', async () => {
      const address = email('race')
      await register({ email: address, password: STRONG, firstName: 'Noé', lastName: 'Blanc' })
      await server.database.db.execute(sql`update customers set password_hash = ${legacyScryptHash(STRONG)} where email = ${address}`)
      const answers = await Promise.all([login(address, STRONG), login(address, STRONG), login(address, STRONG)])
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200])
      const [row] = await query<{ password_hash: string }>(sql`select password_hash from customers where email = ${address}`)
      expect(row?.password_hash).toMatch(ARGON2ID)
    })

    it('checks unknown accounts against an argon2id hash at the current parameters', async () => {
      expect(DUMMY_PASSWORD_HASH).toMatch(ARGON2ID)
      expect(needsRehash(DUMMY_PASSWORD_HASH)).toBe(false)
      expect(await verifyPassword(STRONG, DUMMY_PASSWORD_HASH)).toBe(false)
    })
  })
})
