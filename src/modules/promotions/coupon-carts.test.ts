/**
 * Codes on carts over real HTTP, on every channel: a shopper on the web, a seller at the store till, an agent on the
 * phone; every refusal with its problem and field; the cart's own access rules; codes following a cart at login.
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { cartWith, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { customerSession } from '../../../test/fixtures.js'
import { countRows, insertCoupon, insertPromotion, rawHttp } from './coupon.fixtures.js'

const PROBLEM = 'https://omnicanal.dev/problems/'
type Headers = Record<string, string>

describe.each(engines)('coupons on carts, on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const call = rawHttp(() => shop.server)
  const admin = () => shop.world.admin.headers
  let serial = 0
  const fresh = (stem: string) => `${stem}-${(serial += 1)}${randomBytes(2).toString('hex').toUpperCase()}`

  async function couponFor(values: Record<string, unknown> = {}, promotion: Parameters<typeof insertPromotion>[1] = {}): Promise<{ code: string; promotionId: string }> {
    const promotionId = await insertPromotion(shop.server, promotion)
    const res = await call('POST', '/v1/coupons', admin(), { promotionId, code: fresh('CODE'), ...values })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return { code: res.body.code, promotionId }
  }

  async function cartOn(channel: 'web' | 'storeMontpellier' | 'phone' | 'mobile', headers: Headers, extra: Record<string, unknown> = {}): Promise<string> {
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [5000] })).variants[0]!
    return cartWith(shop.server, headers, shop.world.channels[channel].id, [{ variantId: variant.id, quantity: 2 }], extra)
  }

  const apply = (cartId: string, code: string, headers: Headers) => call('POST', `/v1/carts/${cartId}/coupons`, headers, { code })
  const remove = (cartId: string, code: string, headers: Headers) => call('DELETE', `/v1/carts/${cartId}/coupons/${encodeURIComponent(code)}`, headers)

  it('applies a code on a web cart as typed, once however often, prices it, and takes it off again', async () => {
    const { code, promotionId } = await couponFor()
    const cartId = await cartOn('web', shop.world.customer.headers)
    const first = await apply(cartId, ` ${code.toLowerCase()} `, shop.world.customer.headers)
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body.coupons).toEqual([{ code, promotionId, usable: true, applied: true, reason: null }])
    expect(first.body.promotions.applied).toMatchObject([{ id: promotionId, amount: { amount: 1000 } }])
    expect(first.body.totals.discountTotal).toEqual({ amount: 1000, currency: 'EUR' })
    const twice = await apply(cartId, code, shop.world.customer.headers)
    expect(twice.body.coupons).toHaveLength(1)
    const removed = await remove(cartId, code, shop.world.customer.headers)
    expect(removed.status).toBe(200)
    expect(removed.body.coupons).toEqual([])
    expect(removed.body.promotions.applied).toEqual([])
    expect((await remove(cartId, code, shop.world.customer.headers)).status).toBe(200)
  })

  it('applies at the store till and on the phone, for the customer or a walk-in', async () => {
    const { code } = await couponFor()
    const till = await cartOn('storeMontpellier', shop.world.associate.headers, { customerId: shop.world.customer.id })
    expect((await apply(till, code, shop.world.associate.headers)).body.coupons).toMatchObject([{ code, usable: true, applied: true }])
    const walkIn = await cartOn('storeMontpellier', shop.world.associate.headers)
    expect((await apply(walkIn, code, shop.world.associate.headers)).body.coupons).toMatchObject([{ code, usable: true }])
    const phone = await cartOn('phone', shop.world.agent.headers, { customerId: shop.world.customer.id })
    expect((await apply(phone, code, shop.world.agent.headers)).body.coupons).toMatchObject([{ code, usable: true }])
    expect((await remove(till, code, shop.world.associate.headers)).body.coupons).toEqual([])
  })

  it('follows the cart’s access rules: nobody else’s cart, not another store’s till', async () => {
    const { code } = await couponFor()
    const cartId = await cartOn('web', shop.world.customer.headers)
    const till = await cartOn('storeMontpellier', shop.world.associate.headers)
    expect((await apply(cartId, code, shop.world.otherCustomer.headers)).body).toMatchObject({ status: 404, type: `${PROBLEM}not-found`, title: 'Cart not found', field: '/params/id' })
    expect((await apply(till, code, shop.world.lyonAssociate.headers)).body).toMatchObject({ status: 404, type: `${PROBLEM}not-found`, title: 'Cart not found', field: '/params/id' })
    expect((await remove(cartId, code, shop.world.device.headers)).status).toBe(404)
    expect((await apply(cartId, code, {})).status).toBe(401)
    expect((await apply(cartId, '', shop.world.customer.headers)).body).toMatchObject({ status: 400, field: '/body/code' })
  })

  it('answers the same 404 for an unknown code and for another customer’s voucher', async () => {
    const { code: voucher } = await couponFor({ customerId: shop.world.customer.id, maxUses: 1 })
    const own = await cartOn('web', shop.world.customer.headers)
    expect((await apply(own, voucher, shop.world.customer.headers)).body.coupons).toMatchObject([{ code: voucher, usable: true }])
    const notFound = { status: 404, type: `${PROBLEM}coupon-not-found`, field: '/body/code', detail: 'No coupon you may use has this code.' }
    const others = await cartOn('web', shop.world.otherCustomer.headers)
    const guest = await cartOn('mobile', shop.world.device.headers)
    const walkIn = await cartOn('storeMontpellier', shop.world.associate.headers)
    for (const [cartId, headers] of [
      [others, shop.world.otherCustomer.headers],
      [guest, shop.world.device.headers],
      [walkIn, shop.world.associate.headers],
    ] as const) {
      const refused = await apply(cartId, voucher, headers)
      expect(refused.body).toEqual({ ...notFound, title: 'Coupon not found', instance: expect.any(String), requestId: expect.any(String) })
      const unknown = await apply(cartId, 'NO-SUCH-CODE', headers)
      expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(refused.body).sort())
      expect(unknown.body).toMatchObject(notFound)
    }
    expect((await apply(others, '!!', shop.world.otherCustomer.headers)).body).toMatchObject(notFound)
  })

  it('refuses what can never count, each with its problem on /body/code', async () => {
    const cartId = await cartOn('web', shop.world.customer.headers)
    const promotionId = await insertPromotion(shop.server)
    const past = new Date(Date.now() - 60_000)
    const expired = fresh('EXP')
    await insertCoupon(shop.server, { promotionId, code: expired, expiresAt: past })
    const usedUp = fresh('USED')
    await insertCoupon(shop.server, { promotionId, code: usedUp, maxUses: 1, usedCount: 1 })
    const promotionUsedUp = await couponFor({}, { usageLimit: 1, usedCount: 1 })
    const disabled = await couponFor()
    await call('PATCH', `/v1/coupons/${disabled.code}`, admin(), { status: 'disabled' })
    const archived = await couponFor()
    await shop.server.database.db.execute(sql`update promotions set status = 'archived' where id = ${archived.promotionId}`)
    const ended = await couponFor({}, { startsAt: new Date(Date.now() - 86_400_000), endsAt: past })
    const limited = await couponFor({ perCustomerLimit: 1 })
    await shop.server.database.db.execute(sql`insert into coupon_customer_uses (coupon_id, customer_id, uses) select id, ${shop.world.customer.id}, 1 from coupons where code = ${limited.code}`)
    const promotionLimited = await couponFor({}, { perCustomerLimit: 1 })
    await shop.server.database.db.execute(sql`insert into promotion_customer_uses (promotion_id, customer_id, uses) values (${promotionLimited.promotionId}, ${shop.world.customer.id}, 1)`)
    const cases: [string, string, Record<string, unknown>][] = [
      [expired, 'coupon-expired', { code: expired }],
      [ended.code, 'coupon-expired', { code: ended.code }],
      [usedUp, 'coupon-used-up', { reason: 'used_up' }],
      [promotionUsedUp.code, 'coupon-used-up', { reason: 'used_up' }],
      [disabled.code, 'coupon-disabled', { reason: 'disabled' }],
      [archived.code, 'coupon-disabled', { reason: 'promotion_inactive' }],
      [limited.code, 'coupon-used-up', { reason: 'customer_limit_reached' }],
      [promotionLimited.code, 'coupon-used-up', { reason: 'customer_limit_reached' }],
    ]
    for (const [code, type, data] of cases) {
      const res = await apply(cartId, code, shop.world.customer.headers)
      expect(res.status, code).toBe(409)
      expect(res.body, code).toMatchObject({ type: `${PROBLEM}${type}`, field: '/body/code', ...data })
    }
    // The same per-customer code on a guest cart: her uses cannot be counted, so she must sign in.
    const guest = await cartOn('mobile', shop.world.device.headers)
    expect((await apply(guest, limited.code, shop.world.device.headers)).body).toMatchObject({ status: 409, type: `${PROBLEM}coupon-customer-required`, field: '/body/code' })
    expect((await call('GET', `/v1/carts/${cartId}`, shop.world.customer.headers)).body.coupons).toEqual([])
  })

  it('keeps a code whose offer is paused, not usable until it resumes, and reports a code that stopped counting', async () => {
    const paused = await couponFor({}, { status: 'paused' })
    const cartId = await cartOn('web', shop.world.customer.headers)
    const res = await apply(cartId, paused.code, shop.world.customer.headers)
    expect(res.status).toBe(200)
    expect(res.body.coupons).toEqual([{ code: paused.code, promotionId: paused.promotionId, usable: false, applied: false, reason: 'promotion_inactive' }])
    const live = await couponFor({ maxUses: 1 })
    await apply(cartId, live.code, shop.world.customer.headers)
    await shop.server.database.db.execute(sql`update coupons set used_count = 1 where code = ${live.code}`)
    const view = (await call('GET', `/v1/carts/${cartId}`, shop.world.customer.headers)).body
    expect(view.coupons).toEqual([
      { code: paused.code, promotionId: paused.promotionId, usable: false, applied: false, reason: 'promotion_inactive' },
      { code: live.code, promotionId: live.promotionId, usable: false, applied: false, reason: 'used_up' },
    ])
    expect(view.totals.discountTotal.amount).toBe(0)
    await call('PATCH', `/v1/coupons/${live.code}`, admin(), { status: 'disabled' })
    expect((await call('GET', `/v1/carts/${cartId}`, shop.world.customer.headers)).body.coupons[1]).toMatchObject({ reason: 'disabled' })
  })

  it('carries a device cart’s codes into the customer’s cart at login', async () => {
    const customer = await customerSession(shop.server, { email: `coupon.${randomBytes(4).toString('hex')}@example.com` })
    const customerCart = await cartOn('web', customer.headers)
    const anonymous = await call('POST', '/v1/auth/anonymous', {})
    const device = { authorization: `Bearer ${anonymous.body.token}` }
    const deviceCart = await cartOn('mobile', device)
    const { code, promotionId } = await couponFor()
    await apply(deviceCart, code, device)
    const login = await call('POST', '/v1/auth/customers/login', device, { email: customer.email, password: 'motdepasse-solide' })
    expect(login.status, JSON.stringify(login.body)).toBe(200)
    const joined = (await call('GET', `/v1/carts/${customerCart}`, customer.headers)).body
    expect(joined.coupons).toEqual([{ code, promotionId, usable: true, applied: true, reason: null }])
    expect(await countRows(shop.server, sql`select count(*)::int as n from cart_coupons where cart_id = ${deviceCart}`)).toBe(0)
  })
})
