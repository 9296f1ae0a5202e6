import { describe, expect, it } from 'vitest'
import { useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { voucherPromotion } from './loyalty.fixtures.js'

describe.each(engines)('the promotion behind a loyalty reward on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const call = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    shop.server.app.inject({ method, url, headers: shop.world.admin.headers, ...(payload ? { payload } : {}) })

  it('stays coupon-only, unlimited and in force while an active reward sells vouchers for it', async () => {
    const promotionId = await voucherPromotion(shop.server, 1000)
    const created = await call('POST', '/v1/loyalty/rewards', { name: { fr: 'Bon de 10 €', en: '€10 voucher' }, pointsCost: 500, promotionId })
    expect(created.statusCode, created.body).toBe(201)
    const reward = created.json<{ id: string }>()
    const refusals: [object, string][] = [
      [{ requiresCoupon: false }, '/body/requiresCoupon'],
      [{ usageLimit: 100 }, '/body/usageLimit'],
      [{ perCustomerLimit: 1 }, '/body/perCustomerLimit'],
      [{ status: 'paused' }, '/body/status'],
    ]
    for (const [changes, field] of refusals) {
      const res = await call('PATCH', `/v1/promotions/${promotionId}`, changes)
      expect(res.statusCode, res.body).toBe(409)
      expect(res.json()).toMatchObject({ type: expect.stringMatching(/promotion-backs-rewards$/), field, rewardIds: [reward.id] })
    }
    expect((await call('DELETE', `/v1/promotions/${promotionId}`)).statusCode).toBe(409)
    // A change that leaves the vouchers worth what was paid goes through.
    expect((await call('PATCH', `/v1/promotions/${promotionId}`, { name: 'Bon fidélité 10 € (hiver)' })).statusCode).toBe(200)
    // Once the reward is no longer sold, the promotion is the back office's again.
    expect((await call('PATCH', `/v1/loyalty/rewards/${reward.id}`, { active: false })).statusCode).toBe(200)
    expect((await call('DELETE', `/v1/promotions/${promotionId}`)).json()).toMatchObject({ status: 'archived' })
  })
})
