import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { rowsOf } from '../../platform/db.js'
import { closeOrder, entriesOf, loyaltyOf, tillOrder, voucherPromotion, webOrder } from './loyalty.fixtures.js'

describe.each(engines)('a customer’s loyalty through merges, exports and erasure on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    shop.server.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
  const balances = async (customerId: string) => (await loyaltyOf(shop.server, customerId, shop.world.admin.headers)).balances

  it('moves the merged profile’s points and vouchers to the survivor through the ledger, and moves them back on revert', async () => {
    const { server, world } = shop
    const admin = world.admin.headers
    const survivor = await customerSession(server)
    const merged = await customerSession(server)
    const [coat, dress] = (await stockedProduct(server, world, { prices: [62000, 4500] })).variants
    const sale = await tillOrder(server, world, merged.id, [{ variantId: coat!.id, quantity: 1 }])
    expect((await closeOrder(server, world, sale.id)).statusCode).toBe(200)
    const promotionId = await voucherPromotion(server, 1000)
    const rewardId = (await call('POST', '/v1/loyalty/rewards', admin, { name: { fr: 'Bon', en: 'Voucher' }, pointsCost: 500, promotionId })).json().id
    const voucher = (await call('POST', `/v1/customers/${merged.id}/loyalty/redemptions`, merged.headers, { rewardId })).json().voucher
    const open = await webOrder(server, world, merged, [{ variantId: dress!.id, quantity: 1 }], { deliver: true })
    expect(await balances(merged.id)).toEqual({ available: 120, pending: 45, lifetime: 620 })
    expect((await call('POST', `/v1/customers/${survivor.id}/loyalty/adjustments`, admin, { points: 30, note: 'Bienvenue' })).statusCode).toBe(201)

    const merge = await call('POST', `/v1/customers/${survivor.id}/merges`, admin, { mergedCustomerId: merged.id })
    expect(merge.statusCode, merge.body).toBe(201)
    expect(await balances(survivor.id)).toEqual({ available: 150, pending: 45, lifetime: 620 })
    expect(await balances(merged.id)).toEqual({ available: 0, pending: 0, lifetime: 0 })
    expect((await entriesOf(server, survivor.id, admin))[0]).toMatchObject({
      kind: 'adjust',
      available: 120,
      pending: 45,
      lifetime: 620,
      note: `Merged from ${merged.id}`,
    })
    expect((await entriesOf(server, merged.id, admin))[0]).toMatchObject({
      kind: 'adjust',
      available: -120,
      pending: -45,
      lifetime: -620,
      note: `Merged into ${survivor.id}`,
    })
    expect((await loyaltyOf(server, survivor.id, survivor.headers)).vouchers.map((v) => v.code)).toEqual([voucher.code])

    // The merged profile's order now belongs to the survivor: its points are confirmed there.
    expect((await closeOrder(server, world, open.id)).statusCode).toBe(200)
    expect(await balances(survivor.id)).toEqual({ available: 195, pending: 0, lifetime: 665 })

    const reverted = await call('POST', `/v1/customer-merges/${merge.json().id}/revert`, admin)
    expect(reverted.statusCode, reverted.body).toBe(200)
    // What the merge brought, as the order's closing turned it: 45 pending became available.
    expect(await balances(merged.id)).toEqual({ available: 165, pending: 0, lifetime: 665 })
    expect(await balances(survivor.id)).toEqual({ available: 30, pending: 0, lifetime: 0 })
    expect((await loyaltyOf(server, merged.id, admin)).vouchers.map((v) => v.couponId)).toEqual([voucher.couponId])

    // Merged again, the survivor spends the points: the merge can no longer be undone whole.
    const again = await call('POST', `/v1/customers/${survivor.id}/merges`, admin, { mergedCustomerId: merged.id })
    expect(again.statusCode, again.body).toBe(201)
    expect((await call('POST', `/v1/customers/${survivor.id}/loyalty/adjustments`, admin, { points: -100, note: 'Correction' })).statusCode).toBe(201)
    const refused = await call('POST', `/v1/customer-merges/${again.json().id}/revert`, admin)
    expect(refused.json()).toMatchObject({
      status: 409,
      type: expect.stringMatching(/merge-not-revertible$/),
      points: { owed: { available: 165 }, held: { available: 95 } },
    })
    expect(await balances(survivor.id)).toEqual({ available: 95, pending: 0, lifetime: 665 })
  })

  it('exports balances, ledger and vouchers, and keeps the ledger through an erasure with its notes cleared', async () => {
    const { server, world } = shop
    const customer = await customerSession(server)
    const variant = (await stockedProduct(server, world, { prices: [7000] })).variants[0]!
    const sale = await tillOrder(server, world, customer.id, [{ variantId: variant.id, quantity: 1 }])
    expect((await closeOrder(server, world, sale.id)).statusCode).toBe(200)
    expect(
      (await call('POST', `/v1/customers/${customer.id}/loyalty/adjustments`, world.admin.headers, { points: 15, note: 'Geste pour Camille Martin' }))
        .statusCode,
    ).toBe(201)

    const exported = await call('GET', `/v1/customers/${customer.id}/export`, customer.headers)
    expect(exported.statusCode, exported.body).toBe(200)
    const { loyalty } = exported.json()
    expect(loyalty.balances).toEqual({ available: 85, pending: 0, lifetime: 70 })
    expect(loyalty.entries.map((e: { kind: string }) => e.kind)).toEqual(['earn_pending', 'earn_confirmed', 'adjust'])
    expect(loyalty.entries[2]).toMatchObject({ note: 'Geste pour Camille Martin', actor: { kind: 'staff' } })
    expect(loyalty).toMatchObject({ tier: null, vouchers: [] })

    const erased = await call('POST', `/v1/customers/${customer.id}/erasure`, world.admin.headers, { reason: 'Demande écrite' })
    expect(erased.statusCode, erased.body).toBe(200)
    expect(erased.json()).toMatchObject({ kept: { loyaltyEntries: 3 } })
    const rows = rowsOf<{ kind: string; note: string | null }>(
      await server.database.db.execute(sql`select kind, note from loyalty_entries where customer_id = ${customer.id} order by id`),
    )
    expect(rows).toEqual([
      { kind: 'earn_pending', note: null },
      { kind: 'earn_confirmed', note: null },
      { kind: 'adjust', note: null },
    ])
    expect(await balances(customer.id)).toEqual({ available: 85, pending: 0, lifetime: 70 })
  })
})
