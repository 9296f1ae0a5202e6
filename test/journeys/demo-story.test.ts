/**
 * The demo's story, as the README tells it: after the first-start seed, the Montpellier seller logs in, types Léa
 * Garcia's mobile the way she says it (national format, with spaces) and her 360 shows her whole life with Maison
 * Lumière — card, consents, the web cart she left yesterday, orders from several channels, web/app and in-store
 * touchpoints, and the Montpellier stock of what is in her cart; the README's welcome coupon and the points its
 * redemption example spends are there too. Seeded once per engine, as `npm start` does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoShop } from '../../src/demo/seed.js'
import { checkoutPolicyOf } from '../../src/modules/orders/service.js'
import { stockAt } from '../commerce.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

const SELLER = { email: 'vendeuse.montpellier@maison-lumiere.demo', password: 'demo-store' }
const ADMIN = { email: 'admin@maison-lumiere.demo', password: 'demo-admin' }

interface Named {
  id: string
  kind: string
}
interface Overview {
  customer: { id: string; email: string; firstName: string; lastName: string }
  consents: { purpose: string; granted: boolean | null; method: string | null }[]
  loyalty: { cardNumber: string } | null
  carts: { id: string; channel: Named; locationId: string | null; itemCount: number; abandoned: boolean }[]
  orders: { id: string; status: string; channel: Named; attributedLocationId: string | null }[]
  touchpoints: { kind: string; channelId: string | null; locationId: string | null }[]
  stock: { locationId: string; items: { variantId: string; inCarts: number; available: number }[] } | null
}

describe.each(engines)('the demo story on %s', (engine) => {
  let server: TestServer
  let montpellier: string
  let channelKinds: Map<string, string>
  let headers: Record<string, string>

  beforeAll(async () => {
    server = await startTestServer({ engine })
    // What src/main.ts does on a first start with SEED_DEMO (test/journeys/start.test.ts runs that end to end).
    await ensureDemoShop(server.database, { seed: server.config.demoSeed, log: () => {}, policy: checkoutPolicyOf(server.config) })
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: SELLER })
    expect(login.statusCode, login.body).toBe(200)
    headers = { authorization: `Bearer ${login.json<{ token: string }>().token}` }
    const locations = (await server.app.inject({ method: 'GET', url: '/v1/locations', headers })).json<{ items: { id: string; code: string }[] }>()
    montpellier = locations.items.find((l) => l.code === 'store-montpellier')?.id ?? ''
    const channels = (await server.app.inject({ method: 'GET', url: '/v1/channels', headers })).json<{ items: Named[] }>()
    channelKinds = new Map(channels.items.map((c) => [c.id, c.kind]))
  }, 180_000)
  afterAll(async () => server?.close())

  it('finds Léa by the mobile she gives and shows the Montpellier seller every channel of her life', async () => {
    expect(montpellier).not.toBe('')
    const lookup = await server.app.inject({ method: 'GET', url: '/v1/customers/lookup', query: { phone: '06 95 28 17 53' }, headers })
    expect(lookup.statusCode, lookup.body).toBe(200)
    const lea = lookup.json<{ id: string; email: string }>()
    expect(lea.email).toBe('lea.garcia@example.com')

    const res = await server.app.inject({ method: 'GET', url: `/v1/customers/${lea.id}/overview`, headers })
    expect(res.statusCode, res.body).toBe(200)
    const view = res.json<Overview>()
    expect(view.customer).toMatchObject({ id: lea.id, firstName: 'Léa', lastName: 'Garcia' })
    expect(view.loyalty?.cardNumber).toMatch(/^29\d{11}$/)

    const consent = (purpose: string) => view.consents.find((c) => c.purpose === purpose)
    expect(consent('marketing_email')).toMatchObject({ granted: true, method: 'web_form' })
    expect(consent('marketing_sms')).toMatchObject({ granted: true, method: 'in_store' })

    // Yesterday's web cart to collect in Montpellier, left before paying.
    const left = view.carts.find((c) => c.channel.kind === 'web' && c.abandoned)
    expect(left, JSON.stringify(view.carts)).toMatchObject({ locationId: montpellier, itemCount: 2 })

    const orderChannels = new Set(view.orders.map((o) => o.channel.kind))
    expect(orderChannels.size, [...orderChannels].join()).toBeGreaterThanOrEqual(2)
    expect(orderChannels).toContain('web')
    expect(view.orders.some((o) => o.status === 'collected' && o.attributedLocationId === montpellier)).toBe(true)

    const kindOf = (t: { channelId: string | null }) => (t.channelId ? channelKinds.get(t.channelId) : undefined)
    expect(view.touchpoints.some((t) => ['web', 'mobile_app'].includes(kindOf(t) ?? '')), JSON.stringify(view.touchpoints)).toBe(true)
    expect(view.touchpoints.some((t) => t.locationId === montpellier), JSON.stringify(view.touchpoints)).toBe(true)

    // The stock block is the seller's store, and covers every item in her cart with the store's own availability.
    expect(view.stock?.locationId).toBe(montpellier)
    const carted = (view.stock?.items ?? []).filter((i) => i.inCarts > 0)
    expect(carted.length).toBe(left?.itemCount)
    for (const item of carted) {
      expect(item.available, item.variantId).toBe((await stockAt(server, item.variantId, montpellier)).available)
    }
  })

  it('seeds what the README shows: the welcome coupon BIENVENUE10 and points the demo accounts can redeem', async () => {
    const login = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: ADMIN })
    expect(login.statusCode, login.body).toBe(200)
    const admin = { authorization: `Bearer ${login.json<{ token: string }>().token}` }
    const coupon = await server.app.inject({ method: 'GET', url: '/v1/coupons/bienvenue10', headers: admin })
    expect(coupon.statusCode, coupon.body).toBe(200)
    expect(coupon.json()).toMatchObject({ code: 'BIENVENUE10', status: 'active' })
    const promotion = await server.app.inject({ method: 'GET', url: `/v1/promotions/${coupon.json<{ promotionId: string }>().promotionId}`, headers: admin })
    expect(promotion.json()).toMatchObject({ kind: 'percent_off', percent: 1000, requiresCoupon: true, status: 'active' })

    for (const [email, cost] of [
      ['lea.garcia@example.com', 1000],
      ['camille.martin@example.com', 500],
    ] as const) {
      const customer = await server.app.inject({ method: 'GET', url: '/v1/customers/lookup', query: { email }, headers: admin })
      expect(customer.statusCode, customer.body).toBe(200)
      const loyalty = await server.app.inject({ method: 'GET', url: `/v1/customers/${customer.json<{ id: string }>().id}/loyalty`, headers: admin })
      expect(loyalty.statusCode, loyalty.body).toBe(200)
      expect(loyalty.json<{ balances: { available: number } }>().balances.available, email).toBeGreaterThanOrEqual(cost)
    }
  })
})
