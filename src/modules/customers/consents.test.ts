import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { requests, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines, TEST_DATABASE_URL } from '../../../test/harness.js'
import { consentDecision, createCustomer, hasConsent, recordConsents } from './service.js'

interface State {
  purpose: string
  granted: boolean | null
  since: string | null
  method: string | null
  channelId: string | null
  locationId: string | null
  wording: string | null
}
interface Consents {
  purposes: State[]
  history: { id: string; purpose: string; granted: boolean; method: string; channelId: string | null; locationId: string | null; wording: string | null; actor: { kind: string; id: string | null }; occurredAt: string }[]
  nextCursor: string | null
}

describe.each(engines)('consents on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const { get, post } = requests(() => shop.server)
  const url = (customerId: string) => `/v1/customers/${customerId}/consents`
  // Registration is rate-limited per minute: customers made without an account where a login is not needed.
  const walkIn = () => shop.server.database.transaction(async (tx) => (await createCustomer(tx, { email: `walkin.${randomUUID()}@example.com`, passwordHash: null }))!)
  const decide = (customerId: string, headers: Record<string, string>, ...decisions: object[]) => post(url(customerId), { decisions }, headers)

  it('keeps every decision with when, where and how, while the state follows the latest', async () => {
    const { channels, stores, associate } = shop.world
    const customer = await customerSession(shop.server)
    const given = await decide(customer.id, customer.headers, { purpose: 'marketing_email', granted: true, method: 'web_form', channelId: channels.web.id, wording: 'newsletter-v3' })
    expect(given.statusCode, given.body).toBe(200)
    expect(given.json<{ purposes: State[] }>().purposes.find((p) => p.purpose === 'marketing_email')).toMatchObject({ granted: true, method: 'web_form', channelId: channels.web.id })

    const withdrawn = await decide(customer.id, associate.headers, { purpose: 'marketing_email', granted: false, method: 'in_store', locationId: stores.montpellier.id, wording: 'Retrait oral en caisse' })
    expect(withdrawn.statusCode, withdrawn.body).toBe(200)

    const res = await get(url(customer.id), customer.headers)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Consents>()
    expect(body.purposes.map((p) => p.purpose)).toEqual(['marketing_email', 'marketing_sms', 'marketing_phone', 'marketing_push', 'personalisation'])
    expect(body.purposes[0]).toMatchObject({ granted: false, method: 'in_store', locationId: stores.montpellier.id, channelId: null, wording: 'Retrait oral en caisse' })
    expect(body.purposes[1]).toEqual({ purpose: 'marketing_sms', granted: null, since: null, method: null, channelId: null, locationId: null, wording: null })
    expect(body.history).toMatchObject([
      { purpose: 'marketing_email', granted: false, method: 'in_store', locationId: stores.montpellier.id, actor: { kind: 'staff', id: associate.id } },
      { purpose: 'marketing_email', granted: true, method: 'web_form', channelId: channels.web.id, wording: 'newsletter-v3', actor: { kind: 'customer', id: customer.id } },
    ])
    expect(body.purposes[0]?.since).toBe(body.history[0]?.occurredAt)
    expect(Date.parse(body.history[0]!.occurredAt)).toBeGreaterThanOrEqual(Date.parse(body.history[1]!.occurredAt))

    const first = (await get(`${url(customer.id)}?limit=1`, customer.headers)).json<Consents>()
    expect(first.history.map((h) => h.id)).toEqual([body.history[0]!.id])
    const second = (await get(`${url(customer.id)}?limit=1&cursor=${first.nextCursor}`, customer.headers)).json<Consents>()
    expect(second.history.map((h) => h.id)).toEqual([body.history[1]!.id])
    expect(second.nextCursor).toBeNull()
    // A cursor shaped like one but holding no real time is the cursor's 400, never a failed cast.
    const shaped = Buffer.from(JSON.stringify(['2026-13-45T99:99:99.000000Z', 'cev_x'])).toString('base64url')
    expect((await get(`${url(customer.id)}?cursor=${shaped}`, customer.headers)).json()).toMatchObject({ status: 400, field: '/query/cursor' })
  })

  it('lets a customer neither read nor change another customer’s consents', async () => {
    const { customer: alice, otherCustomer: bob } = shop.world
    await decide(bob.id, bob.headers, { purpose: 'marketing_sms', granted: true, method: 'account_settings' })
    expect((await get(url(bob.id), alice.headers)).statusCode).toBe(404)
    expect((await decide(bob.id, alice.headers, { purpose: 'marketing_sms', granted: false, method: 'account_settings' })).statusCode).toBe(404)
    expect((await get(url(bob.id), shop.world.device.headers)).statusCode).toBe(404)
    expect((await get(url(bob.id), {})).statusCode).toBe(401)
    expect((await get(url('cus_01jd3x5k2v0000000000000000'), shop.world.agent.headers)).statusCode).toBe(404)
    const mine = (await get(url(bob.id), bob.headers)).json<Consents>()
    expect(mine.purposes.find((p) => p.purpose === 'marketing_sms')).toMatchObject({ granted: true })
    expect(mine.history).toHaveLength(1)
  })

  it('records each decision by a method the caller may vouch for', async () => {
    const { stores, associate, lyonAssociate, agent, admin, channels } = shop.world
    const customer = await customerSession(shop.server)
    const cases: [Record<string, string>, object, number, string][] = [
      [customer.headers, { purpose: 'marketing_sms', granted: true, method: 'in_store', locationId: stores.montpellier.id }, 403, '/body/decisions/0/method'],
      [associate.headers, { purpose: 'marketing_sms', granted: true, method: 'in_store' }, 400, '/body/decisions/0/locationId'],
      [associate.headers, { purpose: 'marketing_sms', granted: true, method: 'phone_call', locationId: stores.montpellier.id }, 403, '/body/decisions/0/method'],
      [lyonAssociate.headers, { purpose: 'marketing_sms', granted: true, method: 'in_store', locationId: stores.montpellier.id }, 404, '/body/decisions/0/locationId'],
      [agent.headers, { purpose: 'marketing_sms', granted: true, method: 'web_form' }, 403, '/body/decisions/0/method'],
      [customer.headers, { purpose: 'marketing_sms', granted: true, method: 'web_form', channelId: 'chn_unknown' }, 404, '/body/decisions/0/channelId'],
      [admin.headers, { purpose: 'marketing_sms', granted: true, method: 'admin', locationId: 'loc_unknown' }, 404, '/body/decisions/0/locationId'],
    ]
    for (const [headers, decision, status, field] of cases) {
      const res = await decide(customer.id, headers, decision)
      expect(res.statusCode, `${JSON.stringify(decision)}: ${res.body}`).toBe(status)
      expect(res.json()).toMatchObject({ field })
    }
    const twice = await decide(customer.id, customer.headers, { purpose: 'marketing_sms', granted: true, method: 'web_form' }, { purpose: 'marketing_sms', granted: false, method: 'web_form' })
    expect(twice.statusCode).toBe(400)
    expect(twice.json()).toMatchObject({ field: '/body/decisions/1/purpose' })
    const badMethod = await decide(customer.id, customer.headers, { purpose: 'marketing_sms', granted: true, method: 'carrier_pigeon' })
    expect(badMethod.statusCode).toBe(400)
    expect((await get(url(customer.id), customer.headers)).json<Consents>().history).toEqual([])

    expect((await decide(customer.id, agent.headers, { purpose: 'marketing_phone', granted: true, method: 'phone_call' })).statusCode).toBe(200)
    expect((await decide(customer.id, customer.headers, { purpose: 'marketing_push', granted: true, method: 'kiosk', channelId: channels.kioskMontpellier.id, locationId: stores.montpellier.id })).statusCode).toBe(200)
    const state = (await get(url(customer.id), customer.headers)).json<Consents>()
    expect(state.history.map((h) => [h.purpose, h.method, h.actor.kind])).toEqual([
      ['marketing_push', 'kiosk', 'customer'],
      ['marketing_phone', 'phone_call', 'staff'],
    ])
  })

  it('answers hasConsent from the latest decision; never asked is not granted', async () => {
    const customer = await walkIn()
    const { db } = shop.server.database
    const { admin } = shop.world
    const ask = (purpose: 'marketing_email' | 'personalisation') => hasConsent(db, { customerId: customer.id, purpose })
    expect(await ask('marketing_email')).toBe(false)
    expect(await consentDecision(db, { customerId: customer.id, purpose: 'marketing_email' })).toBeNull()
    await decide(customer.id, admin.headers, { purpose: 'marketing_email', granted: true, method: 'import' })
    expect(await ask('marketing_email')).toBe(true)
    expect(await ask('personalisation')).toBe(false)
    await decide(customer.id, admin.headers, { purpose: 'marketing_email', granted: false, method: 'unsubscribe_link' })
    expect(await ask('marketing_email')).toBe(false)
    expect(await consentDecision(db, { customerId: customer.id, purpose: 'marketing_email' })).toBe(false)
  })

  it('records the consents ticked at registration as the customer’s own, on the form’s channel', async () => {
    const { web } = shop.world.channels
    const email = `inscription.${Date.now()}@example.com`
    const res = await shop.server.app.inject({
      method: 'POST',
      url: '/v1/auth/customers/register',
      payload: {
        email,
        password: 'motdepasse-solide',
        firstName: 'Inès',
        lastName: 'Garnier',
        consents: [
          { purpose: 'marketing_email', granted: true, channelId: web.id, wording: 'newsletter-v3' },
          { purpose: 'personalisation', granted: false, method: 'checkout', channelId: web.id },
        ],
      },
    })
    expect(res.statusCode, res.body).toBe(202)
    const login = await shop.server.app.inject({ method: 'POST', url: '/v1/auth/customers/login', payload: { email, password: 'motdepasse-solide' } })
    const { token, customer } = login.json<{ token: string; customer: { id: string } }>()
    const state = (await get(url(customer.id), { authorization: `Bearer ${token}` })).json<Consents>()
    expect(state.history).toHaveLength(2)
    expect(state.purposes).toMatchObject([
      { purpose: 'marketing_email', granted: true, method: 'web_form', channelId: web.id, wording: 'newsletter-v3' },
      { purpose: 'marketing_sms', granted: null },
      { purpose: 'marketing_phone', granted: null },
      { purpose: 'marketing_push', granted: null },
      { purpose: 'personalisation', granted: false, method: 'checkout' },
    ])
    expect(state.history.every((h) => h.actor.kind === 'customer' && h.actor.id === customer.id)).toBe(true)

    const refused = await shop.server.app.inject({
      method: 'POST',
      url: '/v1/auth/customers/register',
      payload: { email: `x${email}`, password: 'motdepasse-solide', firstName: 'A', lastName: 'B', consents: [{ purpose: 'marketing_email', granted: true, method: 'in_store' }] },
    })
    expect(refused.statusCode).toBe(400)
    const unknownChannel = await shop.server.app.inject({
      method: 'POST',
      url: '/v1/auth/customers/register',
      payload: { email: `y${email}`, password: 'motdepasse-solide', firstName: 'A', lastName: 'B', consents: [{ purpose: 'marketing_email', granted: true, channelId: 'chn_nope' }] },
    })
    expect(unknownChannel.statusCode).toBe(404)
    expect(unknownChannel.json()).toMatchObject({ field: '/body/consents/0/channelId' })
  })

  // Two transactions must overlap for this, which PGlite's single connection cannot do.
  it.skipIf(!TEST_DATABASE_URL || engine === 'pglite')('keeps the newer decision when an older one commits after it', async () => {
    const customer = await walkIn()
    const { database } = shop.server
    const actor = { kind: 'customer' as const, id: customer.id, tokenId: 'test' }
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    let started = () => {}
    const begun = new Promise<void>((resolve) => (started = resolve))
    // The older transaction takes its time (now()) first, then waits while a newer decision commits.
    const older = database.transaction(async (tx) => {
      await tx.execute(sql`select now()`)
      started()
      await gate
      await recordConsents(tx, { actor, customerId: customer.id, decisions: [{ purpose: 'marketing_sms', granted: true, method: 'account_settings' }] })
    })
    await begun
    await database.transaction((tx) => recordConsents(tx, { actor, customerId: customer.id, decisions: [{ purpose: 'marketing_sms', granted: false, method: 'unsubscribe_link' }] }))
    release()
    await older
    const state = (await get(url(customer.id), shop.world.admin.headers)).json<Consents>()
    expect(state.history).toHaveLength(2)
    expect(state.purposes.find((p) => p.purpose === 'marketing_sms')).toMatchObject({ granted: false, method: 'unsubscribe_link' })
  })
})
