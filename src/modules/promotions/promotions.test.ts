import { and, eq, sql } from 'drizzle-orm'
import { Value } from 'typebox/value'
import { beforeAll, describe, expect, it } from 'vitest'
import { httpCalls, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { PromotionRule } from '../pricing/service.js'
import { promotionCustomerUses, promotions } from './schema.js'
import { loadPromotionRules } from './service.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`
type Body = Record<string, unknown>
interface Promotion {
  id: string
  name: string
  kind: string
  status: string
  usedCount: number
  version: number
  [field: string]: unknown
}

describe.each(engines)('promotions on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const { call, expectStatus } = httpCalls(() => shop.server)
  const admin = () => shop.world.admin.headers
  const db = () => shop.server.database.db
  let dresses: string
  let kidsDresses: string
  let product: { id: string; variantIds: string[] }
  let serial = 0
  const named = (stem: string) => `${stem} ${(serial += 1)}`

  const sale = (extra: Body = {}): Body => ({
    name: named('Soldes −20 % sur les robes'),
    kind: 'percent_off',
    percent: 2000,
    target: { scope: 'items', categoryIds: [dresses, kidsDresses] },
    priority: 10,
    stacking: 'combinable',
    ...extra,
  })
  const create = (body: Body) => expectStatus<Promotion>(call('POST', '/v1/promotions', admin(), body), 201)
  const refused = async (method: string, path: string, body: Body | undefined, status: number) => expectStatus<Body>(call(method, path, admin(), body), status)
  const eventsOf = async (promotionId: string) =>
    (await db().select().from(outboxEvents).where(sql`${outboxEvents.payload}->>'promotionId' = ${promotionId}`).orderBy(outboxEvents.position)).map((e) => ({
      type: e.type,
      payload: e.payload as Record<string, unknown>,
    }))

  beforeAll(async () => {
    const category = (code: string, parentId?: string) =>
      expectStatus<{ id: string }>(call('POST', '/v1/categories', admin(), { code, name: { fr: code, en: code }, ...(parentId ? { parentId } : {}) }), 201)
    const women = await category('femme')
    const kids = await category('enfant')
    dresses = (await category('femme-robes', women.id)).id
    kidsDresses = (await category('enfant-robes', kids.id)).id
    const stocked = await stockedProduct(shop.server, shop.world, { prices: [5990, 6990] })
    product = { id: stocked.id, variantIds: stocked.variants.map((variant) => variant.id) }
  })

  describe('creating and reading', () => {
    it('creates a promotion of every kind, with its shared fields as given and the defaults filled in', async () => {
      const other = await stockedProduct(shop.server, shop.world)
      const app = shop.world.channels.mobile.id
      const bodies: Body[] = [
        sale({ description: 'Soldes d’été', startsAt: '2026-06-24T06:00:00.000Z', endsAt: '2026-07-21T22:00:00.000Z' }),
        { name: named('Livraison offerte dès 60 €'), kind: 'free_shipping', minSubtotal: 6000, priority: 100, stacking: 'combinable' },
        { name: named('3 pour 2'), kind: 'buy_x_get_y', buy: 2, get: 1, percent: 10000, target: { scope: 'items', productIds: [product.id] }, priority: 20, stacking: 'combinable' },
        { name: named('Appli : −5 € dès 50 €'), kind: 'amount_off', amount: 500, target: { scope: 'order' }, minSubtotal: 5000, channelIds: [app], priority: 50, stacking: 'combinable' },
        { name: named('Duo'), kind: 'bundle_price', productIds: [product.id, other.id], price: 9900, priority: 30, stacking: 'exclusive', usageLimit: 100, perCustomerLimit: 2 },
        { name: named('Bienvenue'), kind: 'percent_off', percent: 1000, target: { scope: 'order' }, segment: { firstOrderOnly: true }, requiresCoupon: true, stacking: 'exclusive', priority: 60, status: 'paused' },
      ]
      for (const body of bodies) {
        const created = await create(body)
        expect(created).toMatchObject({ ...body, id: expect.stringMatching(/^prm_/), usedCount: 0, status: body.status ?? 'active' })
        expect(await expectStatus(call('GET', `/v1/promotions/${created.id}`, admin()), 200)).toEqual(created)
        expect(await eventsOf(created.id)).toEqual([
          { type: 'promotions.promotion_created', payload: { promotionId: created.id, kind: body.kind, name: body.name, status: created.status, requiresCoupon: body.requiresCoupon ?? false } },
        ])
      }
      const free = await create({ name: named('Livraison'), kind: 'free_shipping', priority: 1, stacking: 'combinable' })
      expect(free).toMatchObject({ channelIds: [], segment: {}, startsAt: null, endsAt: null, minSubtotal: null, description: null, usageLimit: null, perCustomerLimit: null, requiresCoupon: false })
      expect((await refused('GET', '/v1/promotions/prm_nope', undefined, 404)).field).toBe('/params/id')
    })

    it('refuses a reference to nothing with a 400 naming the list entry at fault', async () => {
      const cases: [Body, string, string][] = [
        [sale({ target: { scope: 'items', categoryIds: [dresses, 'cat_nope'] } }), '/body/target/categoryIds/1', 'unknown-category'],
        [sale({ target: { scope: 'items', categoryIds: ['femme-robes'] } }), '/body/target/categoryIds/0', 'unknown-category'],
        [sale({ target: { scope: 'items', variantIds: [product.variantIds[0], 'var_nope'] } }), '/body/target/variantIds/1', 'unknown-variant'],
        [sale({ target: { scope: 'items', productIds: ['prod_nope'] } }), '/body/target/productIds/0', 'unknown-product'],
        [sale({ channelIds: [shop.world.channels.web.id, 'chn_nope'] }), '/body/channelIds/1', 'unknown-channel'],
        [sale({ segment: { groupCodes: ['ghosts'] } }), '/body/segment/groupCodes/0', 'unknown-customer-group'],
        [{ name: 'Duo', kind: 'bundle_price', productIds: [product.id, 'prod_nope'], price: 1, priority: 1, stacking: 'combinable' }, '/body/productIds/1', 'unknown-product'],
        [sale({ startsAt: '2026-07-01T00:00:00.000Z', endsAt: '2026-07-01T00:00:00.000Z' }), '/body/endsAt', 'invalid-window'],
      ]
      for (const [body, field, code] of cases) expect(await refused('POST', '/v1/promotions', body, 400)).toMatchObject({ field, type: problem(code) })
    })

    it('validates each kind against the engine’s own rule schema', async () => {
      const invalid = async (body: Body) => (await refused('POST', '/v1/promotions', body, 400)).field
      expect(await invalid(sale({ percent: undefined }))).toBe('/body/percent')
      expect(await invalid(sale({ percent: 10_001 }))).toBe('/body/percent')
      expect(await invalid(sale({ buy: 2 }))).toBe('/body/buy')
      expect(await invalid(sale({ remainingUses: 3 }))).toBe('/body/remainingUses')
      expect(await invalid(sale({ usageLimit: 0 }))).toBe('/body/usageLimit')
      expect(await invalid(sale({ status: 'archived' }))).toBe('/body/status')
      // ajv reports an unknown tag on the union itself (problems.ts does not map the discriminator keyword to its tag).
      expect((await refused('POST', '/v1/promotions', sale({ kind: 'mystery' }), 400)).detail).toMatch(/kind/)
      expect(await invalid({ name: 'x', kind: 'buy_x_get_y', buy: 2, get: 1, percent: 10000, target: { scope: 'order' }, priority: 1, stacking: 'combinable' })).toBe('/body/target/scope')
      expect(await invalid(sale({ target: { scope: 'items', categoryIds: [''] } }))).toBe('/body/target/categoryIds/0')
    })
  })

  describe('changing', () => {
    it('changes the fields sent, keeps the others and emits the names of those that changed', async () => {
      const created = await create(sale({ endsAt: '2026-07-21T22:00:00.000Z' }))
      const path = `/v1/promotions/${created.id}`
      const changed = await expectStatus<Promotion>(call('PATCH', path, admin(), { name: 'Soldes −30 % sur les robes', percent: 3000, priority: 10, endsAt: null }), 200)
      expect(changed).toMatchObject({ ...created, name: 'Soldes −30 % sur les robes', percent: 3000, endsAt: null, version: created.version + 1, updatedAt: expect.any(String) })
      expect(await expectStatus(call('PATCH', path, admin(), { kind: 'percent_off', percent: 3000 }), 200)).toEqual(changed)
      const updates = (await eventsOf(created.id)).filter((e) => e.type === 'promotions.promotion_updated')
      expect(updates).toEqual([{ type: 'promotions.promotion_updated', payload: { promotionId: created.id, changes: ['name', 'percent', 'endsAt'], status: 'active' } }])
    })

    it('never changes the kind, nor takes a field of another kind or a reference to nothing', async () => {
      const created = await create(sale())
      const path = `/v1/promotions/${created.id}`
      expect(await refused('PATCH', path, { kind: 'amount_off', amount: 500 }, 400)).toMatchObject({ type: problem('promotion-kind-immutable'), field: '/body/kind' })
      expect(await refused('PATCH', path, { buy: 2 }, 400)).toMatchObject({ type: problem('promotion-field-invalid'), field: '/body/buy' })
      expect(await refused('PATCH', path, { target: { scope: 'items', categoryIds: ['cat_nope'] } }, 400)).toMatchObject({ field: '/body/target/categoryIds/0' })
      expect(await refused('PATCH', path, { startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2026-01-01T00:00:00.000Z' }, 400)).toMatchObject({ field: '/body/endsAt' })
      expect(await refused('PATCH', path, {}, 400)).toMatchObject({ type: problem('validation-failed') })
      const bogo = await create({ name: named('2+1'), kind: 'buy_x_get_y', buy: 2, get: 1, percent: 10000, target: { scope: 'items', categoryIds: [dresses] }, priority: 1, stacking: 'combinable' })
      expect(await refused('PATCH', `/v1/promotions/${bogo.id}`, { target: { scope: 'order' } }, 400)).toMatchObject({ field: '/body/target/scope' })
      expect(await expectStatus(call('GET', path, admin()), 200)).toEqual(created)
    })

    it('refuses a usage limit below the uses already counted', async () => {
      const created = await create(sale({ usageLimit: 10 }))
      await db().update(promotions).set({ usedCount: 5 }).where(eq(promotions.id, created.id))
      const path = `/v1/promotions/${created.id}`
      expect(await refused('PATCH', path, { usageLimit: 4 }, 409)).toMatchObject({ type: problem('usage-limit-below-used'), field: '/body/usageLimit', usedCount: 5, usageLimit: 4 })
      expect(await expectStatus(call('PATCH', path, admin(), { usageLimit: 5 }), 200)).toMatchObject({ usageLimit: 5, usedCount: 5 })
      expect(await expectStatus(call('PATCH', path, admin(), { usageLimit: null }), 200)).toMatchObject({ usageLimit: null })
    })

    it('pauses, resumes and archives (DELETE); an archived promotion stays as it was', async () => {
      const created = await create(sale())
      const path = `/v1/promotions/${created.id}`
      expect(await expectStatus(call('PATCH', path, admin(), { status: 'paused' }), 200)).toMatchObject({ status: 'paused' })
      expect(await expectStatus(call('PATCH', path, admin(), { status: 'active' }), 200)).toMatchObject({ status: 'active' })
      const archived = await expectStatus<Promotion>(call('DELETE', path, admin()), 200)
      expect(archived).toMatchObject({ id: created.id, status: 'archived', name: created.name })
      expect(await expectStatus(call('DELETE', path, admin()), 200)).toEqual(archived)
      expect(await refused('PATCH', path, { status: 'active' }, 409)).toMatchObject({ type: problem('promotion-archived') })
      expect(await refused('PATCH', path, { name: 'Encore' }, 409)).toMatchObject({ type: problem('promotion-archived') })
      expect(await expectStatus(call('GET', path, admin()), 200)).toEqual(archived)
      expect((await eventsOf(created.id)).map((e) => e.payload.status)).toEqual(['active', 'paused', 'active', 'archived'])
      expect((await refused('DELETE', '/v1/promotions/prm_nope', undefined, 404)).field).toBe('/params/id')
    })

    it('replays a creation sent twice with the same Idempotency-Key', async () => {
      const body = sale()
      const key = { 'idempotency-key': `promo-${engine}-${serial}` }
      const first = await expectStatus<Promotion>(call('POST', '/v1/promotions', { ...admin(), ...key }, body), 201)
      expect(await expectStatus(call('POST', '/v1/promotions', { ...admin(), ...key }, body), 201)).toEqual(first)
      const listed = await expectStatus<{ items: Promotion[] }>(call('GET', `/v1/promotions?q=${encodeURIComponent(String(body.name))}`, admin()), 200)
      expect(listed.items.map((p) => p.id)).toEqual([first.id])
    })
  })

  it('is for pricing:manage only: store staff, the call centre and customers get 403, anonymous callers 401', async () => {
    const created = await create(sale())
    const { associate, agent, customer } = shop.world
    for (const headers of [associate.headers, agent.headers, customer.headers, shop.world.device.headers, {}]) {
      const status = Object.keys(headers).length === 0 ? 401 : 403
      expect((await call('GET', '/v1/promotions', headers)).status).toBe(status)
      expect((await call('GET', `/v1/promotions/${created.id}`, headers)).status).toBe(status)
      expect((await call('POST', '/v1/promotions', headers, sale())).status).toBe(status)
      expect((await call('PATCH', `/v1/promotions/${created.id}`, headers, { status: 'paused' })).status).toBe(status)
      expect((await call('DELETE', `/v1/promotions/${created.id}`, headers)).status).toBe(status)
    }
    expect(await expectStatus(call('GET', `/v1/promotions/${created.id}`, admin()), 200)).toMatchObject({ status: 'active' })
  })

  it('finds a promotion by part of its name, accents and case ignored on both sides', async () => {
    const tag = `Accents${serial}`
    const summer = await create(sale({ name: `Soldes d'été ${tag}` }))
    const ids = async (q: string) => (await expectStatus<{ items: Promotion[] }>(call('GET', `/v1/promotions?q=${encodeURIComponent(q)}`, admin()), 200)).items.map((p) => p.id)
    expect(await ids(`d'ete ${tag.toLowerCase()}`)).toEqual([summer.id])
    expect(await ids(`D'ÉTÉ ${tag.toUpperCase()}`)).toEqual([summer.id])
  })

  it('lists newest first with filters, walking every page with the cursor', async () => {
    const tag = `Filtre${serial}`
    const { web, mobile } = shop.world.channels
    const everywhere = await create(sale({ name: `${tag} partout` }))
    const webOnly = await create(sale({ name: `${tag} web`, channelIds: [web.id], startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-02-01T00:00:00.000Z' }))
    const appOnly = await create({ name: `${tag} appli`, kind: 'free_shipping', channelIds: [mobile.id], priority: 1, stacking: 'combinable', status: 'paused' })
    const later = await create(sale({ name: `${tag} plus tard`, startsAt: '2027-01-01T00:00:00.000Z' }))
    const ids = async (query: string) => (await expectStatus<{ items: Promotion[] }>(call('GET', `/v1/promotions?q=${tag.toLowerCase()}${query}`, admin()), 200)).items.map((p) => p.id)
    expect(await ids('')).toEqual([later.id, appOnly.id, webOnly.id, everywhere.id])
    expect(await ids('&status=paused')).toEqual([appOnly.id])
    expect(await ids('&kind=free_shipping')).toEqual([appOnly.id])
    expect(await ids(`&channelId=${mobile.id}`)).toEqual([later.id, appOnly.id, everywhere.id])
    expect(await ids(`&channelId=${web.id}`)).toEqual([later.id, webOnly.id, everywhere.id])
    expect(await ids('&activeAt=2026-01-15T12:00:00.000Z')).toEqual([appOnly.id, webOnly.id, everywhere.id])
    expect(await ids('&activeAt=2026-03-01T00:00:00.000Z')).toEqual([appOnly.id, everywhere.id])
    expect((await expectStatus<{ items: Promotion[] }>(call('GET', `/v1/promotions?q=${encodeURIComponent(`${tag}%`)}`, admin()), 200)).items).toEqual([])

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Promotion[]; nextCursor: string | null } = await expectStatus(call('GET', `/v1/promotions?q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, admin()), 200)
      expect(page.items.length).toBeLessThanOrEqual(3)
      seen.push(...page.items.map((p) => p.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([later.id, appOnly.id, webOnly.id, everywhere.id])
    expect(await refused('GET', '/v1/promotions?cursor=nonsense', undefined, 400)).toMatchObject({ field: '/query/cursor' })
  })

  describe('loading the rules for a cart', () => {
    const now = new Date('2026-07-01T12:00:00.000Z')
    const load = async (input: { customerId?: string | null; couponPromotionIds?: string[]; at?: Date }, only: readonly string[]) =>
      (await loadPromotionRules(db(), { now: input.at ?? now, customerId: input.customerId ?? null, couponPromotionIds: input.couponPromotionIds ?? [] })).filter((rule) =>
        only.includes(rule.id),
      )

    it('loads the live promotions only, as engine rules, whatever their channel or segment', async () => {
      const live = await create(sale({ channelIds: [shop.world.channels.web.id], segment: { firstOrderOnly: true }, startsAt: '2026-06-01T00:00:00.000Z', endsAt: '2026-07-01T12:00:01.000Z' }))
      const startsNow = await create(sale({ startsAt: now.toISOString() }))
      const ended = await create(sale({ endsAt: now.toISOString() }))
      const notYet = await create(sale({ startsAt: '2026-07-01T12:00:01.000Z' }))
      const paused = await create(sale({ status: 'paused' }))
      const archived = await create(sale())
      await call('DELETE', `/v1/promotions/${archived.id}`, admin())
      const coupon = await create({ name: named('Bienvenue'), kind: 'percent_off', percent: 1000, target: { scope: 'order' }, requiresCoupon: true, priority: 60, stacking: 'exclusive' })
      const all = [live, startsNow, ended, notYet, paused, archived, coupon].map((p) => p.id)

      const rules = await load({}, all)
      expect(rules.map((rule) => rule.id).sort()).toEqual([live.id, startsNow.id].sort())
      const rule = rules.find((r) => r.id === live.id)
      expect(rule).toEqual({
        id: live.id,
        name: live.name,
        kind: 'percent_off',
        percent: 2000,
        target: { scope: 'items', categoryIds: [dresses, kidsDresses] },
        priority: 10,
        stacking: 'combinable',
        startsAt: '2026-06-01T00:00:00.000Z',
        endsAt: '2026-07-01T12:00:01.000Z',
        channelIds: [shop.world.channels.web.id],
        segment: { firstOrderOnly: true },
        minSubtotal: null,
        remainingUses: null,
      })
      for (const loaded of rules) expect(Value.Check(PromotionRule, loaded)).toBe(true)
      expect((await load({ couponPromotionIds: [coupon.id, 'prm_other'] }, all)).map((r) => r.id)).toContain(coupon.id)
      expect((await load({ at: new Date('2026-07-01T12:00:01.000Z') }, all)).map((r) => r.id).sort()).toEqual([startsNow.id, notYet.id].sort())
    })

    it('counts the uses left: overall, per customer, none for a guest where customers are limited', async () => {
      const customer = shop.world.customer.id
      const other = shop.world.otherCustomer.id
      const overall = await create(sale({ usageLimit: 10 }))
      const perCustomer = await create(sale({ perCustomerLimit: 2 }))
      const both = await create(sale({ usageLimit: 10, perCustomerLimit: 3 }))
      const unlimited = await create(sale())
      await db().update(promotions).set({ usedCount: 8 }).where(eq(promotions.id, overall.id))
      await db().update(promotions).set({ usedCount: 9 }).where(eq(promotions.id, both.id))
      await db()
        .insert(promotionCustomerUses)
        .values([
          { promotionId: perCustomer.id, customerId: customer, uses: 1 },
          { promotionId: both.id, customerId: customer, uses: 0 },
          { promotionId: perCustomer.id, customerId: other, uses: 2 },
        ])
      const ids = [overall, perCustomer, both, unlimited].map((p) => p.id)
      const remaining = async (customerId: string | null) =>
        Object.fromEntries((await load({ customerId }, ids)).map((rule) => [ids.indexOf(rule.id), rule.remainingUses]))
      expect(await remaining(customer)).toEqual({ 0: 2, 1: 1, 2: 1, 3: null })
      expect(await remaining(other)).toEqual({ 0: 2, 1: 0, 2: 1, 3: null })
      expect(await remaining(null)).toEqual({ 0: 2, 1: 0, 2: 0, 3: null })
      await db().update(promotions).set({ usedCount: 10 }).where(eq(promotions.id, both.id))
      await db()
        .update(promotionCustomerUses)
        .set({ uses: 3 })
        .where(and(eq(promotionCustomerUses.promotionId, both.id), eq(promotionCustomerUses.customerId, customer)))
      expect((await remaining(customer))[2]).toBe(0)
    })
  })
})
