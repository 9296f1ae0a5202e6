import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cartWith, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { registerAndLogIn } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import type { Actor } from '../../platform/auth.js'
import { rowsOf } from '../../platform/db.js'
import { uniqueMobile } from './customers.fixtures.js'
import { eraseCustomer } from './gdpr.js'
import { mergeCustomers } from './merge.js'

type Headers = Record<string, string>
type Answer = { statusCode: number; body: string; json: <T = Record<string, unknown>>() => T }
const problem = (code: string) => `https://omnicanal.dev/problems/${code}`
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe.each(engines)('profiles merged away or erased, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const { post, patch, get } = requests(() => shop.server)
  const put = (url: string, payload: object, headers: Headers) => shop.server.app.inject({ method: 'PUT', url, headers, payload })
  const adminActor = (): Actor => ({ kind: 'staff', id: shop.world.admin.id, tokenId: 'test', role: 'admin', locationIds: [] })
  const query = async <T>(statement: ReturnType<typeof sql>) => rowsOf<T>(await shop.server.database.db.execute(statement))

  /** A walk-in profile made at the Montpellier till, with a surname of its own; returns its id and surname. */
  async function walkIn(firstName: string): Promise<{ id: string; surname: string }> {
    const surname = `Nom${randomBytes(3).toString('hex')}`
    const res = await post('/v1/customers', { firstName, lastName: surname, phone: uniqueMobile().national }, shop.world.associate.headers)
    expect(res.statusCode, res.body).toBe(201)
    return { id: res.json<{ id: string }>().id, surname }
  }

  /** Every write that names a customer, each expected to be refused with `code` on its field. */
  async function expectNoNewData(id: string, code: 'customer-erased' | 'customer-merged') {
    const { world } = shop
    const variant = (await stockedProduct(shop.server, world)).variants[0]!.id
    const refused = (res: Answer, field: string) => expect(res.json(), res.body).toMatchObject({ status: 409, type: problem(code), field })
    refused(
      await patch(`/v1/customers/${id}`, { firstName: 'Nouveau', email: `new.${randomBytes(3).toString('hex')}@example.com` }, world.admin.headers),
      '/params/id',
    )
    refused(await post(`/v1/customers/${id}/loyalty-card`, {}, world.admin.headers), '/params/id')
    refused(
      await post(`/v1/customers/${id}/consents`, { decisions: [{ purpose: 'marketing_email', granted: true, method: 'admin' }] }, world.admin.headers),
      '/params/id',
    )
    refused(await put(`/v1/customers/${id}/wishlist/items/${variant}`, {}, world.admin.headers), '/params/id')
    const visit = { kind: 'store_visit', customerId: id, locationId: world.stores.montpellier.id }
    refused(await post('/v1/touchpoints', { entries: [visit] }, world.associate.headers), '/body/entries/0/customerId')
    refused(await post('/v1/carts', { channelId: world.channels.storeMontpellier.id, customerId: id }, world.associate.headers), '/body/customerId')
    const walkInCart = await cartWith(shop.server, world.associate.headers, world.channels.storeMontpellier.id, [])
    refused(await patch(`/v1/carts/${walkInCart}`, { customerId: id }, world.associate.headers), '/body/customerId')
    // Nothing of it was written.
    expect(await query(sql`select count(*)::int as n from customer_identifiers where customer_id = ${id}`)).toEqual([{ n: 0 }])
    expect(await query(sql`select count(*)::int as n from customer_consent_events where customer_id = ${id}`)).toEqual([{ n: 0 }])
    expect(await query(sql`select count(*)::int as n from wishlist_items where customer_id = ${id}`)).toEqual([{ n: 0 }])
    expect(await query(sql`select count(*)::int as n from carts where customer_id = ${id}`)).toEqual([{ n: 0 }])
    expect(await query(sql`select count(*)::int as n from touchpoints where customer_id = ${id} and kind = 'store_visit'`)).toEqual([{ n: 0 }])
  }

  it('takes nothing new about an erased profile: no profile change, card, consent, wishlist item, touchpoint or cart', async () => {
    const { id } = await walkIn('Anaïs')
    expect((await post(`/v1/customers/${id}/erasure`, { reason: 'ticket 12' }, shop.world.admin.headers)).statusCode).toBe(200)
    await expectNoNewData(id, 'customer-erased')
    expect((await get(`/v1/customers/${id}`, shop.world.admin.headers)).json()).toMatchObject({ firstName: null, email: null, phone: null })
  })

  it('takes nothing new about a profile merged into another: everything goes to the survivor', async () => {
    const [survivor, merged] = [await walkIn('Inès'), await walkIn('Inès')]
    expect((await post(`/v1/customers/${survivor.id}/merges`, { mergedCustomerId: merged.id }, shop.world.admin.headers)).statusCode).toBe(201)
    await expectNoNewData(merged.id, 'customer-merged')
    expect((await patch(`/v1/customers/${merged.id}`, { firstName: 'X' }, shop.world.admin.headers)).json()).toMatchObject({ mergedIntoId: survivor.id })
  })

  it('takes the reason typed for a merge out of the audit trail with the person', async () => {
    const [zoe, card] = [await walkIn('Zoé'), await walkIn('Zoé')]
    const reason = `Même cliente : Zoé ${zoe.surname}, carte et compte`
    expect((await post(`/v1/customers/${zoe.id}/merges`, { mergedCustomerId: card.id, reason }, shop.world.admin.headers)).statusCode).toBe(201)
    expect((await post(`/v1/customers/${zoe.id}/erasure`, { reason: 'ticket 13' }, shop.world.admin.headers)).statusCode).toBe(200)
    for (const id of [zoe.id, card.id]) {
      const log = await get(`/v1/customers/${id}/access-log`, shop.world.admin.headers)
      expect(log.json<{ items: { action: string }[] }>().items.find((e) => e.action === 'merge')).toMatchObject({ details: { reason: null } })
      expect(log.body).not.toContain(zoe.surname)
    }
  })

  // Two transactions must overlap for these, which PGlite's single connection cannot do. Each holds one open, sends
  // the other request, gives it time to reach the lock and commits; whether it reached it or not, the outcome holds.
  it.skipIf(engine === 'pglite')('also erases a profile merged into hers while the erasure waited for her', async () => {
    const [person, card] = [await walkIn('Lou'), await walkIn('Lou')]
    let erasure: Promise<Answer> | undefined
    await shop.server.database.transaction(async (tx) => {
      await mergeCustomers(tx, { actor: adminActor(), survivorId: person.id, mergedId: card.id })
      erasure = post(`/v1/customers/${person.id}/erasure`, { reason: 'ticket 14' }, shop.world.admin.headers)
      await pause(300)
    })
    const res = await erasure!
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json<{ erasedProfiles: string[] }>().erasedProfiles.sort()).toEqual([person.id, card.id].sort())
    expect(await query(sql`select first_name, erased_at is not null as erased from customers where id = ${card.id}`)).toEqual([
      { first_name: null, erased: true },
    ])
  })

  it.skipIf(engine === 'pglite')('lets a revert and an erasure of the survivor queue one behind the other rather than deadlock', async () => {
    const [survivor, merged] = [await walkIn('Léa'), await walkIn('Léa')]
    const mergeId = (await post(`/v1/customers/${survivor.id}/merges`, { mergedCustomerId: merged.id }, shop.world.admin.headers)).json<{ id: string }>().id
    let revert: Promise<Answer> | undefined
    await shop.server.database.transaction(async (tx) => {
      // What an erasure of the survivor does first and last: lock her row, then rewrite the merges naming her.
      await tx.execute(sql`select id from customers where id = ${survivor.id} for update`)
      revert = post(`/v1/customer-merges/${mergeId}/revert`, {}, shop.world.admin.headers)
      await pause(300)
      await tx.execute(sql`update customer_merges set moved = moved where id = ${mergeId}`)
    })
    const res = await revert!
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ id: mergeId, revertedAt: expect.any(String) })
  })

  it.skipIf(engine === 'pglite')('never gives a token to a profile erased while the login checked its password', async () => {
    const email = `race.${randomBytes(3).toString('hex')}@example.com`
    const password = 'mot-de-passe-solide'
    const customerId = (await registerAndLogIn(shop.server, { email, password, firstName: 'Noé', lastName: 'Blanc' })).id
    let login: Promise<Answer> | undefined
    await shop.server.database.transaction(async (tx) => {
      await eraseCustomer(tx, { actor: adminActor(), customerId, reason: 'ticket 15' })
      login = post('/v1/auth/customers/login', { email, password }, {})
      await pause(300)
    })
    const res = await login!
    expect(res.statusCode, res.body).toBe(401)
    expect(await query(sql`select count(*)::int as n from access_tokens where subject_id = ${customerId} and revoked_at is null`)).toEqual([{ n: 0 }])
  })
})
