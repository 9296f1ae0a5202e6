import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, cartWorld, checkout, homeAddress, requests, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { registerAndLogIn } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import type { Product } from '../catalog/service.js'
import { recordTouchpoint } from '../journeys/service.js'
import { uniqueMobile } from './customers.fixtures.js'
import { recordConsents } from './service.js'

type Headers = Record<string, string>
const PASSWORD = 'motdepasse-solide'
const problem = (code: string) => `https://omnicanal.dev/problems/${code}`
/** What each table holds for the two profiles: row key → owner. A key appearing twice would be a duplicate. */
const TABLES = {
  orders: 'id',
  returns: 'id',
  carts: 'id',
  touchpoints: 'id',
  devices: 'id',
  customer_consent_events: 'id',
  store_credit_entries: 'id',
  gift_cards: 'id',
  customer_identifiers: "kind || ':' || value",
} as const

describe.each(engines)('customer identity merges, on %s', (engine) => {
  let server: TestServer
  let world: CartWorld
  let product: Product
  beforeAll(async () => {
    server = await startTestServer({ engine, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } })
    world = await cartWorld(server)
    product = await stockedProduct(server, world, { prices: [5990, 2990] })
  })
  afterAll(async () => server?.close())
  const { post, get } = requests(() => server)
  const variant = (index: number) => product.variants[index]!.id
  const query = async <T>(statement: ReturnType<typeof sql>) => rowsOf<T>(await server.database.db.execute(statement))
  const merge = (survivorId: string, mergedCustomerId: string, headers: Headers = world.admin.headers) => post(`/v1/customers/${survivorId}/merges`, { mergedCustomerId }, headers)

  async function walkIn(): Promise<{ id: string; phone: string }> {
    const res = await post('/v1/customers', { firstName: 'Camille', lastName: 'Martin', phone: uniqueMobile().national }, world.associate.headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: string; phone: string }>()
  }

  /** A customer account opened on an anonymous device (so the device is linked), with a login token. */
  async function account(): Promise<{ id: string; email: string; headers: Headers; deviceId: string }> {
    const device = (await post('/v1/auth/anonymous', {}, {})).json<{ token: string; deviceId: string }>()
    const email = `merge.${randomBytes(4).toString('hex')}@example.com`
    const session = await registerAndLogIn(server, { email, password: PASSWORD, firstName: 'Camille', lastName: 'Martin', postalCode: '34000' }, { authorization: `Bearer ${device.token}` })
    return { id: session.id, email, headers: session.headers, deviceId: device.deviceId }
  }

  async function tillOrder(customerId: string): Promise<{ id: string; lines: { id: string }[] }> {
    const cartId = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant(1), quantity: 1 }], { customerId })
    const res = await checkout(server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 5000 }] }, world.associate.headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  /** A profile with a row of every kind: carts (open, till, checked out), an order and its return, credit, timeline, consents, wishlist. */
  async function populate(customer: { id: string; headers?: Headers }): Promise<void> {
    if (customer.headers) await cartWith(server, customer.headers, world.channels.web.id, [{ variantId: variant(0), quantity: 2 }])
    await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant(0), quantity: 1 }], { customerId: customer.id })
    const order = await tillOrder(customer.id)
    const ret = await post(`/v1/orders/${order.id}/returns`, { lines: [{ orderLineId: order.lines[0]!.id, quantity: 1, reason: 'wrong_size' }], locationId: world.stores.montpellier.id, refundMethod: 'store_credit' }, world.associate.headers)
    expect(ret.statusCode, ret.body).toBe(201)
    await server.database.transaction(async (tx) => {
      await recordTouchpoint(tx, { kind: 'store_visit', customerId: customer.id, locationId: world.stores.montpellier.id })
      await tx.execute(sql`insert into wishlist_items (customer_id, variant_id) values (${customer.id}, ${variant(0)})`)
    })
  }

  async function owners(ids: readonly string[]): Promise<Record<string, Record<string, string>>> {
    const result: Record<string, Record<string, string>> = {}
    for (const [table, key] of Object.entries(TABLES)) {
      const rows = await query<{ key: string; customer_id: string }>(
        sql`select ${sql.raw(key)} as key, customer_id from ${sql.raw(table)} where customer_id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)}) order by 1`,
      )
      expect(new Set(rows.map((row) => row.key)).size, `${table} keys are unique`).toBe(rows.length)
      result[table] = Object.fromEntries(rows.map((row) => [row.key, row.customer_id]))
    }
    return result
  }

  const everyOwner = (snapshot: Record<string, Record<string, string>>) => new Set(Object.values(snapshot).flatMap((rows) => Object.values(rows)))
  const keysOf = (snapshot: Record<string, Record<string, string>>) => Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, Object.keys(rows).sort()]))
  const balance = async (customerId: string) => (await get(`/v1/customers/${customerId}/store-credit`, world.admin.headers)).json<{ balance: { amount: number } }>().balance.amount
  const consents = (customerId: string) => query<{ purpose: string; granted: boolean }>(sql`select purpose, granted from customer_consents where customer_id = ${customerId} order by purpose`)
  const wishlist = (customerId: string) => query<{ variant_id: string }>(sql`select variant_id from wishlist_items where customer_id = ${customerId} order by variant_id`)

  async function decide(customerId: string, purpose: 'marketing_email' | 'marketing_sms' | 'personalisation', granted: boolean): Promise<void> {
    const actor = { kind: 'staff' as const, id: world.admin.id, tokenId: 'test', role: 'admin' as const, locationIds: [] }
    await server.database.transaction((tx) => recordConsents(tx, { actor, customerId, decisions: [{ purpose, granted, method: 'admin' }] }))
  }

  it('moves every order, cart, return, credit, timeline entry and identifier exactly once, lets the survivor log in, and reverts exactly', async () => {
    const survivor = await walkIn()
    const merged = await account()
    await populate(survivor)
    await populate(merged)
    await server.database.transaction((tx) => tx.execute(sql`insert into wishlist_items (customer_id, variant_id) values (${merged.id}, ${variant(1)})`))
    await decide(survivor.id, 'marketing_email', false)
    await decide(survivor.id, 'marketing_sms', true)
    await decide(merged.id, 'marketing_email', true)
    await decide(merged.id, 'personalisation', true)
    const giftCard = await post('/v1/gift-cards', { amount: 5000, customerId: merged.id }, world.admin.headers)
    expect(giftCard.statusCode, giftCard.body).toBe(201)
    const group = (code: string) => `${code}-${randomBytes(3).toString('hex')}`
    const [vip, staff] = [group('vip'), group('staff')]
    for (const code of [vip, staff]) expect((await server.app.inject({ method: 'PUT', url: `/v1/customer-groups/${code}`, payload: { name: code }, headers: world.admin.headers })).statusCode).toBe(200)
    const join = (code: string, customerId: string) => server.app.inject({ method: 'PUT', url: `/v1/customer-groups/${code}/members/${customerId}`, headers: world.admin.headers })
    for (const [code, customerId] of [[vip, survivor.id], [vip, merged.id], [staff, merged.id]] as const) expect((await join(code, customerId)).statusCode).toBeLessThan(300)
    const groupsOf = async (customerId: string) =>
      (await query<{ group_code: string }>(sql`select group_code from customer_group_members where customer_id = ${customerId} and group_code in (${vip}, ${staff}) order by group_code`)).map((row) => row.group_code)
    const before = await owners([survivor.id, merged.id])
    const creditBefore = { survivor: await balance(survivor.id), merged: await balance(merged.id) }
    expect(creditBefore.merged).toBe(2990)

    const res = await merge(survivor.id, merged.id)
    expect(res.statusCode, res.body).toBe(201)
    const record = res.json<{ id: string; moved: Record<string, unknown> }>()
    expect(record).toMatchObject({ survivorId: survivor.id, mergedId: merged.id, trigger: 'admin', revertedAt: null, actor: { kind: 'staff', id: world.admin.id } })
    expect(record.moved).toMatchObject({ orders: 1, returns: 1, devices: 1, giftCards: 1, groups: 2, storeCredit: { amount: 2990 }, wishlistItems: 2, filledFields: ['email', 'postalCode', 'password'] })
    expect(await groupsOf(survivor.id)).toEqual([staff, vip].sort())
    expect(await groupsOf(merged.id)).toEqual([])

    const after = await owners([survivor.id, merged.id])
    expect(keysOf(after)).toEqual(keysOf(before))
    expect(everyOwner(after)).toEqual(new Set([survivor.id]))
    expect(await balance(survivor.id)).toBe(creditBefore.survivor + 2990)
    expect(await balance(merged.id)).toBe(0)
    expect(await consents(survivor.id)).toEqual([
      { purpose: 'marketing_email', granted: true },
      { purpose: 'marketing_sms', granted: true },
      { purpose: 'personalisation', granted: true },
    ])
    expect(await wishlist(survivor.id)).toEqual([{ variant_id: variant(0) }, { variant_id: variant(1) }].sort((a, b) => a.variant_id.localeCompare(b.variant_id)))

    expect((await get('/v1/customers/me', merged.headers)).statusCode).toBe(401)
    expect((await get(`/v1/customers/${merged.id}`, world.admin.headers)).json()).toMatchObject({ mergedIntoId: survivor.id, email: null })
    const login = await post('/v1/auth/customers/login', { email: merged.email, password: PASSWORD }, {})
    expect(login.statusCode, login.body).toBe(200)
    expect(login.json()).toMatchObject({ customer: { id: survivor.id, email: merged.email, phone: survivor.phone, hasAccount: true, mergedIntoId: null } })
    const orders = await get('/v1/orders?limit=50', { authorization: `Bearer ${login.json<{ token: string }>().token}` })
    expect(orders.json<{ items: unknown[] }>().items).toHaveLength(2)

    const reverted = await post(`/v1/customer-merges/${record.id}/revert`, {}, world.admin.headers)
    expect(reverted.statusCode, reverted.body).toBe(200)
    expect(reverted.json()).toMatchObject({ id: record.id, revertedBy: { kind: 'staff', id: world.admin.id } })
    expect(await owners([survivor.id, merged.id])).toEqual(before)
    expect(await groupsOf(survivor.id)).toEqual([vip])
    expect(await groupsOf(merged.id)).toEqual([staff, vip].sort())
    expect(await balance(survivor.id)).toBe(creditBefore.survivor)
    expect(await balance(merged.id)).toBe(2990)
    expect(await consents(survivor.id)).toEqual([
      { purpose: 'marketing_email', granted: false },
      { purpose: 'marketing_sms', granted: true },
    ])
    expect(await consents(merged.id)).toEqual([
      { purpose: 'marketing_email', granted: true },
      { purpose: 'personalisation', granted: true },
    ])
    expect((await wishlist(merged.id)).length).toBe(2)
    expect(await wishlist(survivor.id)).toEqual([{ variant_id: variant(0) }])
    expect((await get(`/v1/customers/${survivor.id}`, world.admin.headers)).json()).toMatchObject({ email: null, postalCode: null, hasAccount: false, phone: survivor.phone })
    expect((await get(`/v1/customers/${merged.id}`, world.admin.headers)).json()).toMatchObject({ email: merged.email, mergedIntoId: null, hasAccount: true })
    const again = await post('/v1/auth/customers/login', { email: merged.email, password: PASSWORD }, {})
    expect(again.json()).toMatchObject({ customer: { id: merged.id } })
    expect((await post(`/v1/customer-merges/${record.id}/revert`, {}, world.admin.headers)).json()).toMatchObject({ status: 409, type: problem('merge-already-reverted') })
    const listed = (await get(`/v1/customers/${merged.id}/merges`, world.admin.headers)).json<{ items: { id: string; revertedAt: string | null }[] }>()
    expect(listed.items).toEqual([expect.objectContaining({ id: record.id, revertedAt: expect.any(String) })])
  })

  it('joins the merged profile’s open cart into the survivor’s (quantities add, one line per variant)', async () => {
    const survivor = await account()
    const merged = await account()
    const kept = await cartWith(server, survivor.headers, world.channels.web.id, [{ variantId: variant(0), quantity: 1 }])
    const joined = await cartWith(server, merged.headers, world.channels.mobile.id, [{ variantId: variant(0), quantity: 2 }, { variantId: variant(1), quantity: 1 }])
    expect((await merge(survivor.id, merged.id)).json()).toMatchObject({ moved: { carts: 1, mergedCarts: 1 } })
    const cart = (await get(`/v1/carts/${kept}`, survivor.headers)).json<{ channelId: string; lines: { variantId: string; quantity: number }[] }>()
    expect(cart.channelId).toBe(world.channels.web.id)
    expect(cart.lines.map((line) => [line.variantId, line.quantity])).toEqual([
      [variant(0), 3],
      [variant(1), 1],
    ])
    expect(await query(sql`select status, merged_into_cart_id, customer_id from carts where id = ${joined}`)).toEqual([{ status: 'merged', merged_into_cart_id: kept, customer_id: survivor.id }])
  })

  it('refuses a merge with itself, of unknown profiles, and of a profile already merged, naming the field', async () => {
    const [a, b, c] = [await walkIn(), await walkIn(), await walkIn()]
    expect((await merge(a.id, a.id)).json()).toMatchObject({ status: 400, field: '/body/mergedCustomerId' })
    expect((await merge(a.id, 'cus_nope')).json()).toMatchObject({ status: 400, field: '/body/mergedCustomerId' })
    expect((await merge('cus_nope', a.id)).json()).toMatchObject({ status: 404, field: '/params/id' })
    expect((await post(`/v1/customers/${a.id}/merges`, { mergedCustomerId: b.id, extra: 1 }, world.admin.headers)).statusCode).toBe(400)
    expect((await merge(a.id, b.id)).statusCode).toBe(201)
    expect((await merge(a.id, b.id)).json()).toMatchObject({ status: 409, type: problem('customer-merged'), field: '/body/mergedCustomerId' })
    expect((await merge(b.id, c.id)).json()).toMatchObject({ status: 409, type: problem('customer-merged'), field: '/params/id' })
    expect((await post('/v1/customer-merges/merge_nope/revert', {}, world.admin.headers)).json()).toMatchObject({ status: 404, field: '/params/mergeId' })
  })

  it('refuses a revert that cannot be whole: credit spent, or the survivor merged away since', async () => {
    const [survivor, merged, third] = [await walkIn(), await walkIn(), await walkIn()]
    await post(`/v1/customers/${merged.id}/store-credit/adjustments`, { amount: 2000, note: 'Geste commercial' }, world.admin.headers)
    const first = (await merge(survivor.id, merged.id)).json<{ id: string }>()
    await post(`/v1/customers/${survivor.id}/store-credit/adjustments`, { amount: -500, note: 'Dépensé' }, world.admin.headers)
    const spent = await post(`/v1/customer-merges/${first.id}/revert`, {}, world.admin.headers)
    expect(spent.json()).toMatchObject({ status: 409, type: problem('merge-not-revertible'), balance: 1500, amount: 2000 })
    expect((await get(`/v1/customers/${merged.id}`, world.admin.headers)).json()).toMatchObject({ mergedIntoId: survivor.id })
    await post(`/v1/customers/${survivor.id}/store-credit/adjustments`, { amount: 500, note: 'Correction' }, world.admin.headers)
    expect((await merge(third.id, survivor.id)).statusCode).toBe(201)
    const away = await post(`/v1/customer-merges/${first.id}/revert`, {}, world.admin.headers)
    expect(away.json()).toMatchObject({ status: 409, type: problem('merge-not-revertible') })
  })

  it('is refused to customers and store staff', async () => {
    const [a, b] = [await walkIn(), await walkIn()]
    const shopper = await account()
    expect((await merge(a.id, b.id, world.associate.headers)).statusCode).toBe(403)
    expect((await merge(a.id, b.id, shopper.headers)).statusCode).toBe(403)
    expect((await merge(shopper.id, b.id, shopper.headers)).statusCode).toBe(403)
    expect((await get(`/v1/customers/${a.id}/merges`, world.agent.headers)).statusCode).toBe(403)
    expect((await merge(a.id, b.id, {})).statusCode).toBe(401)
    expect((await get(`/v1/customers/${a.id}/merges`, world.admin.headers)).json()).toEqual({ items: [], nextCursor: null })
  })

  it('gives a guest order carrying a known email or phone to that customer, keeping its contact (a typed phone stored as E.164)', async () => {
    const known = await account()
    const device = (await post('/v1/auth/anonymous', {}, {})).json<{ token: string }>()
    const deviceHeaders = { authorization: `Bearer ${device.token}` }
    const cartId = await cartWith(server, deviceHeaders, world.channels.web.id, [{ variantId: variant(0), quantity: 1 }])
    const contact = { email: known.email.toUpperCase(), firstName: 'Cam' }
    const res = await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()], contact }, deviceHeaders)
    expect(res.statusCode, res.body).toBe(201)
    // The guest never learns whose account the email named (nor that there is one): no id in its answers.
    expect(res.json()).toMatchObject({ customerId: null, contact: { email: contact.email, firstName: 'Cam', phone: null } })
    const orderId = res.json<{ id: string }>().id
    expect((await get(`/v1/orders/${orderId}`, deviceHeaders)).json()).toMatchObject({ id: orderId, customerId: null })
    expect(JSON.stringify((await get('/v1/orders', deviceHeaders)).json())).not.toContain(known.id)
    const mine = (await get('/v1/orders?limit=50', known.headers)).json<{ items: { id: string; customerId: string }[] }>()
    expect(mine.items.find((order) => order.id === orderId)).toMatchObject({ customerId: known.id })
    expect((await get(`/v1/orders/${orderId}`, world.admin.headers)).json()).toMatchObject({ customerId: known.id })

    const walker = await walkIn()
    const tillCart = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant(1), quantity: 1 }])
    const national = `0${walker.phone.slice(3)}`
    const sale = await checkout(server, tillCart, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 3000 }], contact: { phone: national } }, world.associate.headers)
    expect(sale.json()).toMatchObject({ customerId: walker.id, contact: { phone: walker.phone } })
  })

  it.skipIf(engine !== 'postgres')('lets exactly one of concurrent merges of one pair succeed, in either direction, every row once', async () => {
    for (const directions of [['ab', 'ab', 'ab'], ['ab', 'ba', 'ab', 'ba']]) {
      const a = await account()
      const b = await account()
      await populate(a)
      await populate(b)
      const before = await owners([a.id, b.id])
      const answers = await Promise.all(directions.map((direction) => (direction === 'ab' ? merge(a.id, b.id) : merge(b.id, a.id))))
      const statuses = answers.map((answer) => answer.statusCode).sort()
      expect(statuses, answers.map((answer) => answer.body).join('\n')).toEqual([201, ...directions.slice(1).map(() => 409)])
      const winner = answers.find((answer) => answer.statusCode === 201)!.json<{ survivorId: string }>()
      const after = await owners([a.id, b.id])
      expect(keysOf(after)).toEqual(keysOf(before))
      expect(everyOwner(after)).toEqual(new Set([winner.survivorId]))
      expect(await query(sql`select count(*)::int as live from customer_merges where merged_id in (${a.id}, ${b.id}) and reverted_at is null`)).toEqual([{ live: 1 }])
    }
  })
})
