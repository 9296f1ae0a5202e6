import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { loyaltyTierOf, loyaltyTiersOf } from './service.js'
import { rowsOf } from '../../platform/db.js'
import { closeOrder, loyaltyOf, voucherPromotion, webOrder } from './loyalty.fixtures.js'

describe.each(engines)('the loyalty programme on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    shop.server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })

  it('keeps its earning rate in settings that only pricing managers read and change', async () => {
    const { world } = shop
    expect((await call('GET', '/v1/loyalty/settings', world.admin.headers)).json()).toMatchObject({ pointsPerUnit: 1, currency: 'EUR' })
    expect((await call('GET', '/v1/loyalty/settings', world.associate.headers)).statusCode).toBe(403)
    expect((await call('PUT', '/v1/loyalty/settings', world.customer.headers, { pointsPerUnit: 5 })).statusCode).toBe(403)
    expect((await call('PUT', '/v1/loyalty/settings', world.admin.headers, { pointsPerUnit: 1001 })).json()).toMatchObject({ status: 400 })
    expect((await call('PUT', '/v1/loyalty/settings', world.admin.headers, { pointsPerUnit: 1 })).json()).toMatchObject({ pointsPerUnit: 1 })
  })

  it('places a customer in the highest tier her lifetime points reach, and tells her what the next one needs', async () => {
    const { server, world } = shop
    const tier = (code: string, threshold: number, headers = world.admin.headers) =>
      call('POST', '/v1/loyalty/tiers', headers, { code, name: { fr: code, en: code }, threshold })
    expect((await tier('membre', 0)).statusCode).toBe(201)
    expect((await tier('argent', 500)).json()).toMatchObject({ code: 'argent', threshold: 500 })
    expect((await tier('or', 1500)).statusCode).toBe(201)
    expect((await tier('bronze', 500)).json()).toMatchObject({ status: 409, type: expect.stringMatching(/tier-threshold-taken$/), field: '/body/threshold' })
    expect((await tier('or', 2000)).json()).toMatchObject({ status: 409, type: expect.stringMatching(/tier-code-taken$/), field: '/body/code' })
    expect((await tier('Platine!', 3000)).statusCode).toBe(400)
    expect((await tier('platine', 3000, world.associate.headers)).statusCode).toBe(403)
    // The tiers are the programme's public face: anyone may read them.
    expect((await call('GET', '/v1/loyalty/tiers')).json().items.map((t: { code: string }) => t.code)).toEqual(['membre', 'argent', 'or'])

    const customer = await customerSession(server)
    expect(await loyaltyOf(server, customer.id, customer.headers)).toMatchObject({ tier: { code: 'membre' }, nextTier: { code: 'argent', pointsMissing: 500 } })
    const coat = (await stockedProduct(server, world, { prices: [62000] })).variants[0]!
    const order = await webOrder(server, world, customer, [{ variantId: coat.id, quantity: 1 }], { deliver: true })
    // Pending points do not count towards a tier: only once kept.
    expect(await loyaltyOf(server, customer.id, customer.headers)).toMatchObject({ balances: { pending: 620, lifetime: 0 }, tier: { code: 'membre' } })
    expect((await closeOrder(server, world, order.id)).statusCode).toBe(200)
    const moved = rowsOf<{ payload: { from: string; to: string } }>(
      await server.database.db.execute(sql`select payload from outbox_events where type = 'loyalty.tier_changed' and customer_id = ${customer.id}`),
    )
    expect(moved.map((e) => e.payload)).toEqual([{ customerId: customer.id, from: 'membre', to: 'argent' }])
    expect(await loyaltyOf(server, customer.id, customer.headers)).toMatchObject({ tier: { code: 'argent' }, nextTier: { code: 'or', pointsMissing: 880 } })
    expect(await loyaltyTierOf(server.database.db, customer.id)).toBe('argent')
    expect(await loyaltyTierOf(server.database.db, null)).toBeNull()
    expect(await loyaltyTiersOf(server.database.db, [customer.id, world.otherCustomer.id])).toEqual(
      new Map([
        [customer.id, 'argent'],
        [world.otherCustomer.id, 'membre'],
      ]),
    )
    expect((await call('PATCH', '/v1/loyalty/tiers/argent', world.admin.headers, { threshold: 700 })).json()).toMatchObject({ code: 'argent', threshold: 700 })
    expect(await loyaltyTierOf(server.database.db, customer.id)).toBe('membre')
    expect((await call('PATCH', '/v1/loyalty/tiers/argent', world.admin.headers, { threshold: 1500 })).json()).toMatchObject({
      status: 409,
      field: '/body/threshold',
    })
    expect((await call('PATCH', '/v1/loyalty/tiers/inconnu', world.admin.headers, { threshold: 10 })).statusCode).toBe(404)
    expect((await call('DELETE', '/v1/loyalty/tiers/membre', world.admin.headers)).statusCode).toBe(204)
    expect(await loyaltyTierOf(server.database.db, customer.id)).toBeNull()
    expect((await call('DELETE', '/v1/loyalty/tiers/membre', world.admin.headers)).statusCode).toBe(404)
    expect((await call('PATCH', '/v1/loyalty/tiers/argent', world.admin.headers, { threshold: 500 })).statusCode).toBe(200)
    expect(await loyaltyOf(server, customer.id, customer.headers)).toMatchObject({ tier: { code: 'argent' } })
  })

  it('keeps a catalogue of rewards: public while offered, managed with pricing:manage', async () => {
    const { server, world } = shop
    const promotionId = await voucherPromotion(server, 1000)
    const body = { name: { fr: 'Bon de 10 €', en: '€10 voucher' }, pointsCost: 500, promotionId }
    expect((await call('POST', '/v1/loyalty/rewards', world.associate.headers, body)).statusCode).toBe(403)
    expect((await call('POST', '/v1/loyalty/rewards', world.admin.headers, { ...body, promotionId: 'prm_missing' })).json()).toMatchObject({
      status: 404,
      field: '/body/promotionId',
    })
    expect((await call('POST', '/v1/loyalty/rewards', world.admin.headers, { ...body, pointsCost: 0 })).statusCode).toBe(400)
    // A voucher must unlock something the customer would not get anyway.
    const forEveryone = await voucherPromotion(server, 500, { requiresCoupon: false })
    expect((await call('POST', '/v1/loyalty/rewards', world.admin.headers, { ...body, promotionId: forEveryone })).json()).toMatchObject({
      status: 409,
      type: expect.stringMatching(/promotion-not-redeemable$/),
      field: '/body/promotionId',
      reason: 'not_coupon_only',
    })
    const created = await call('POST', '/v1/loyalty/rewards', world.admin.headers, body)
    expect(created.statusCode, created.body).toBe(201)
    const reward = created.json()
    expect(reward).toMatchObject({ ...body, voucherValidDays: 90, active: true, id: expect.stringMatching(/^lyr_/) })
    expect((await call('GET', '/v1/loyalty/rewards')).json().items.map((r: { id: string }) => r.id)).toContain(reward.id)
    expect((await call('PATCH', `/v1/loyalty/rewards/${reward.id}`, world.admin.headers, { active: false })).json()).toMatchObject({ active: false })
    expect((await call('GET', '/v1/loyalty/rewards')).json().items.map((r: { id: string }) => r.id)).not.toContain(reward.id)
    expect((await call('GET', `/v1/loyalty/rewards/${reward.id}`)).statusCode).toBe(404)
    expect((await call('GET', `/v1/loyalty/rewards/${reward.id}`, world.admin.headers)).json()).toMatchObject({ active: false })
    expect((await call('GET', '/v1/loyalty/rewards?includeInactive=true')).statusCode).toBe(403)
    expect((await call('GET', '/v1/loyalty/rewards?includeInactive=true', world.admin.headers)).json().items.map((r: { id: string }) => r.id)).toContain(
      reward.id,
    )
    // The retired reward is counted only with includeInactive; a page of one still carries the cursor to the rest.
    const counted = (await call('GET', '/v1/loyalty/rewards?includeInactive=true&count=true&limit=1&sort=-pointsCost', world.admin.headers)).json()
    expect(counted.items).toHaveLength(1)
    expect(counted.totalCount).toBe((await call('GET', '/v1/loyalty/rewards?count=true')).json().totalCount + 1)
    expect((await call('DELETE', `/v1/loyalty/rewards/${reward.id}`, world.admin.headers)).statusCode).toBe(204)
    expect((await call('GET', `/v1/loyalty/rewards/${reward.id}`, world.admin.headers)).statusCode).toBe(404)
  })
})
