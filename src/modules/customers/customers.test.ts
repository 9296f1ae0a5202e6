import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { customerSession } from '../../../test/fixtures.js'
import { customerCallers, requests, uniqueEmail, uniqueMobile, type CustomerCallers } from './customers.fixtures.js'
import { addIdentifier } from './service.js'

describe.each(engines)('customers on %s', (engine) => {
  let server: TestServer
  let callers: CustomerCallers
  beforeAll(async () => {
    server = await startTestServer({ engine })
    callers = await customerCallers(server)
  })
  afterAll(async () => server?.close())
  const { get, post, patch } = requests(() => server)

  async function walkIn(overrides: Record<string, unknown> = {}) {
    const mobile = uniqueMobile()
    const body = { firstName: 'Léa', lastName: 'Fabre', email: uniqueEmail('lea'), phone: mobile.national, postalCode: '34000', ...overrides }
    const res = await post('/v1/customers', callers.associate, body)
    expect(res.statusCode, res.body).toBe(201)
    return { ...res.json<{ id: string; email: string | null; phone: string | null }>(), mobile, body }
  }

  describe('POST /v1/customers', () => {
    it('creates a walk-in customer with the phone stored as E.164', async () => {
      const created = await walkIn()
      expect(created.phone).toBe(created.mobile.e164)
      expect(created).toMatchObject({ firstName: 'Léa', hasAccount: false, locale: 'fr' })
    })

    it('refuses a phone that another customer holds, naming the field', async () => {
      const first = await walkIn()
      const res = await post('/v1/customers', callers.agent, { firstName: 'Paul', lastName: 'Roux', phone: `+33 ${first.mobile.e164.slice(3)}` })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/phone-taken', field: '/body/phone' })
    })

    it('refuses an email that another customer holds, whatever its case', async () => {
      const first = await walkIn()
      const res = await post('/v1/customers', callers.agent, { firstName: 'Paul', lastName: 'Roux', email: first.body.email.toUpperCase() })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ field: '/body/email' })
    })

    it('needs an email or a phone, and a valid phone', async () => {
      const none = await post('/v1/customers', callers.associate, { firstName: 'Paul', lastName: 'Roux' })
      expect(none.statusCode).toBe(400)
      const bad = await post('/v1/customers', callers.associate, { firstName: 'Paul', lastName: 'Roux', phone: '12' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ field: '/body/phone' })
    })

    it('is refused to a customer', async () => {
      const res = await post('/v1/customers', callers.shopper, { firstName: 'Paul', lastName: 'Roux', email: uniqueEmail() })
      expect(res.statusCode).toBe(403)
    })
  })

  describe('GET /v1/customers/lookup', () => {
    it('finds a customer by email, phone (national or international), card number, QR token and marketplace id', async () => {
      const created = await walkIn()
      const card = await post(`/v1/customers/${created.id}/loyalty-card`, callers.associate)
      expect(card.statusCode, card.body).toBe(200)
      const { cardNumber, qrToken } = card.json<{ cardNumber: string; qrToken: string }>()
      expect(cardNumber).toMatch(/^29\d{11}$/)
      expect(qrToken).toMatch(/^lqr_[A-Za-z0-9_-]{32}$/)
      await server.database.transaction((tx) => addIdentifier(tx, { customerId: created.id, kind: 'marketplace_buyer', value: 'amazon:A1B2C3', field: '/' }))
      const national = created.mobile.national
      const international = `+33 ${created.mobile.e164.slice(3, 4)} ${created.mobile.e164.slice(4)}`
      const spacedCard = `${cardNumber.slice(0, 4)} ${cardNumber.slice(4)}`
      for (const query of [
        `email=${encodeURIComponent(created.body.email.toUpperCase())}`,
        `phone=${encodeURIComponent(national)}`,
        `phone=${encodeURIComponent(international)}`,
        `loyaltyCard=${encodeURIComponent(spacedCard)}`,
        `qr=${qrToken}`,
        `marketplaceBuyer=${encodeURIComponent('Amazon:A1B2C3')}`,
      ]) {
        const res = await get(`/v1/customers/lookup?${query}`, callers.associate)
        expect(res.statusCode, query).toBe(200)
        expect(res.json().id, query).toBe(created.id)
      }
    })

    it('issues one loyalty card and returns the same one again', async () => {
      const created = await walkIn()
      const first = await post(`/v1/customers/${created.id}/loyalty-card`, callers.agent)
      const again = await post(`/v1/customers/${created.id}/loyalty-card`, callers.agent)
      expect(again.json()).toEqual(first.json())
    })

    it('answers 404 when nobody has the identifier, 400 for an invalid phone or not exactly one identifier', async () => {
      expect((await get(`/v1/customers/lookup?email=${uniqueEmail()}`, callers.associate)).statusCode).toBe(404)
      const bad = await get('/v1/customers/lookup?phone=0612', callers.associate)
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ field: '/query/phone' })
      expect((await get('/v1/customers/lookup', callers.associate)).statusCode).toBe(400)
      expect((await get(`/v1/customers/lookup?email=a@b.fr&phone=0612345678`, callers.associate)).statusCode).toBe(400)
    })

    it('is refused to a customer', async () => {
      const res = await get(`/v1/customers/lookup?email=${encodeURIComponent(callers.shopper.email)}`, callers.shopper)
      expect(res.statusCode).toBe(403)
    })
  })

  describe('registration', () => {
    it('gives a new account its email and phone identifiers', async () => {
      const email = uniqueEmail('inscrite')
      const mobile = uniqueMobile()
      const res = await post('/v1/auth/customers/register', null, {
        email,
        password: 'motdepasse-solide',
        firstName: 'Inès',
        lastName: 'Garnier',
        phone: mobile.e164,
      })
      expect(res.statusCode, res.body).toBe(202)
      const id = (await post('/v1/auth/customers/login', null, { email, password: 'motdepasse-solide' })).json().customer.id
      expect((await get(`/v1/customers/lookup?email=${encodeURIComponent(email)}`, callers.agent)).json().id).toBe(id)
      expect((await get(`/v1/customers/lookup?phone=${encodeURIComponent(mobile.national)}`, callers.agent)).json().id).toBe(id)
    })

    it('opens the account without a phone another customer holds, answering as for a free one (no enumeration)', async () => {
      const first = await walkIn()
      const email = uniqueEmail()
      const res = await post('/v1/auth/customers/register', null, { email, password: 'motdepasse-solide', firstName: 'A', lastName: 'B', phone: first.mobile.e164 })
      expect(res.statusCode, res.body).toBe(202)
      expect(res.json()).toEqual({ status: 'accepted', email })
      expect((await post('/v1/auth/customers/login', null, { email, password: 'motdepasse-solide' })).json().customer.phone).toBeNull()
      expect((await get(`/v1/customers/lookup?phone=${encodeURIComponent(first.mobile.national)}`, callers.agent)).json().id).toBe(first.id)
    })
  })

  describe('PATCH /v1/customers/{id}', () => {
    it('moves the phone identifier with the phone (customer changing their own profile)', async () => {
      const shopper = await customerSession(server)
      const before = uniqueMobile()
      const after = uniqueMobile()
      expect((await patch(`/v1/customers/${shopper.id}`, shopper, { phone: before.national })).statusCode).toBe(200)
      const res = await patch(`/v1/customers/${shopper.id}`, shopper, { phone: after.national, postalCode: '34070' })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ phone: after.e164, postalCode: '34070' })
      expect((await get(`/v1/customers/lookup?phone=${after.e164.replace('+', '%2B')}`, callers.agent)).json().id).toBe(shopper.id)
      expect((await get(`/v1/customers/lookup?phone=${before.e164.replace('+', '%2B')}`, callers.agent)).statusCode).toBe(404)
    })

    it('answers 409 when staff give a customer another customer’s email, and changes nothing', async () => {
      const a = await walkIn()
      const b = await walkIn()
      const res = await patch(`/v1/customers/${b.id}`, callers.associate, { email: a.body.email, firstName: 'Changé' })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/email-taken', field: '/body/email' })
      expect((await get(`/v1/customers/${b.id}`, callers.associate)).json()).toMatchObject({ email: b.body.email, firstName: 'Léa' })
    })

    it('lets a customer neither read nor change another profile (404)', async () => {
      const other = await walkIn()
      expect((await get(`/v1/customers/${other.id}`, callers.shopper)).statusCode).toBe(404)
      expect((await patch(`/v1/customers/${other.id}`, callers.shopper, { firstName: 'Pirate' })).statusCode).toBe(404)
      expect((await post(`/v1/customers/${other.id}/loyalty-card`, callers.shopper)).statusCode).toBe(404)
    })
  })

  describe('GET /v1/customers?q=', () => {
    it('ranks exact identifier matches first, then by similarity, and pages without repeats', async () => {
      const tag = `zq${Math.random().toString(36).slice(2, 7)}`
      const exact = await walkIn({ firstName: 'Zoé', lastName: 'Sans-rapport', email: `${tag}@example.com` })
      const strong = await walkIn({ firstName: 'Camille', lastName: tag })
      const weak = await walkIn({ firstName: 'Camille', lastName: `${tag}ienne-dupont` })
      const res = await get(`/v1/customers?q=${tag}@example.com`, callers.associate)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().items[0].id).toBe(exact.id)
      const byName = (await get(`/v1/customers?q=${tag}`, callers.associate)).json<{ items: { id: string }[] }>().items.map((c) => c.id)
      expect(byName.indexOf(strong.id)).toBeGreaterThanOrEqual(0)
      expect(byName.indexOf(strong.id)).toBeLessThan(byName.indexOf(weak.id))
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = (
          await get(`/v1/customers?q=${tag}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, callers.associate)
        ).json()
        paged.push(...page.items.map((c) => c.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(paged).toEqual(byName)
      // Cursors of the right length but not of this list: the cursor's 400, never a failed cast.
      for (const key of [
        [1, 'abc', 'cus_x'],
        ['x', '0.5', 'cus_x'],
        [0, 0.5, 'cus_x'],
        [1, '0.5', 7],
      ]) {
        const cursor = Buffer.from(JSON.stringify(key)).toString('base64url')
        const res = await get(`/v1/customers?q=${tag}&cursor=${cursor}`, callers.associate)
        expect(res.json(), JSON.stringify(key)).toMatchObject({ status: 400, field: '/query/cursor' })
      }
    })

    it('finds a customer by part of a phone number typed in national format', async () => {
      const created = await walkIn({ lastName: 'Téléphone' })
      const part = created.mobile.national.slice(0, 11)
      const ids = (await get(`/v1/customers?q=${encodeURIComponent(part)}`, callers.agent)).json<{ items: { id: string }[] }>().items.map((c) => c.id)
      expect(ids).toContain(created.id)
    })

    it('ignores accents and case on both sides: Léa, Noël, Valérie find what lea, noel, valerie find', async () => {
      const tag = `zq${Math.random().toString(36).slice(2, 7).replace(/\d/g, 'x')}`
      const accented = await walkIn({ firstName: 'Valérie', lastName: `Noël-${tag}` })
      const plain = await walkIn({ firstName: 'Lea', lastName: `Noel-${tag}` })
      const search = async (q: string) => {
        const res = await get(`/v1/customers?q=${encodeURIComponent(q)}&limit=100`, callers.associate)
        expect(res.statusCode, res.body).toBe(200)
        return res.json<{ items: { id: string }[] }>().items.map((c) => c.id).sort()
      }
      for (const [typed, folded] of [
        ['Léa', 'lea'],
        ['Noël', 'noel'],
        ['Valérie', 'valerie'],
        [`NOËL-${tag.toUpperCase()}`, `noel-${tag}`],
      ] as const) {
        const found = await search(typed)
        expect(found.length, typed).toBeGreaterThan(0)
        expect(found, typed).toEqual(await search(folded))
      }
      expect(await search(`valérie noël-${tag}`)).toContain(accented.id)
      expect(await search(`valerie noel-${tag}`)).toContain(accented.id)
      expect(await search(`Léa Noël-${tag}`)).toContain(plain.id)
      expect(await search(`noël-${tag}`)).toEqual([accented.id, plain.id].sort())
    })

    it('is refused to a customer', async () => {
      expect((await get('/v1/customers?q=martin', callers.shopper)).statusCode).toBe(403)
    })
  })
})
