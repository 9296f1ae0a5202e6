/**
 * One price everywhere: the same cart contents for the same customer cost the same on the web, the app, a kiosk, the
 * store till and the phone — promotions of every kind included — unless a rule names a channel. Over real HTTP.
 */
import { describe, expect, it } from 'vitest'
import { card, homeAddress, httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'

type Headers = Record<string, string>
interface Money {
  amount: number
}
interface PricedAnswer {
  id: string
  lines: { variantId: string; unitPrice: Money; discountTotal: Money; total: Money }[]
  totals: { subtotal: Money; total: Money; vat: { rate: number; amount: Money }[]; discountTotal?: Money; discount?: Money; shipping?: Money }
  promotions?: { applied: { id: string; amount: Money }[] }
}

describe.each(engines)('the same cart costs the same on every channel on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })
  const { call, expectStatus } = httpCalls(() => shop.server)

  it('prices web, app, kiosk, store till and phone carts identically, and the orders they become, except where a rule names a channel', async () => {
    const { world } = shop
    const dress = await stockedProduct(shop.server, world, { prices: [7990, 8490] })
    const tee = await stockedProduct(shop.server, world, { prices: [1990] })
    const book = await stockedProduct(shop.server, world, { prices: [1055], vatRate: 550 })
    const admin = world.admin.headers
    const rules = [
      { name: 'Robes −20 %', priority: 10, stacking: 'combinable', kind: 'percent_off', percent: 2000, target: { scope: 'items', productIds: [dress.id] } },
      { name: '3 t-shirts pour le prix de 2', priority: 20, stacking: 'combinable', kind: 'buy_x_get_y', buy: 2, get: 1, percent: 10000, target: { scope: 'items', productIds: [tee.id] } },
      { name: 'Robe + livre : 60 €', priority: 30, stacking: 'combinable', kind: 'bundle_price', productIds: [dress.id, book.id], price: 6000 },
      { name: '−10 € dès 200 €', priority: 40, stacking: 'combinable', kind: 'amount_off', amount: 1000, target: { scope: 'order' }, minSubtotal: 20000 },
      { name: 'Livraison offerte dès 100 €', priority: 50, stacking: 'combinable', kind: 'free_shipping', minSubtotal: 10000 },
      { name: 'Appli : −5 € en plus', priority: 60, stacking: 'combinable', kind: 'amount_off', amount: 500, target: { scope: 'order' }, channelIds: [world.channels.mobile.id] },
    ]
    const created: string[] = []
    for (const rule of rules) created.push((await expectStatus<{ id: string }>(call('POST', '/v1/promotions', admin, rule), 201)).id)
    const appOnly = created[5]

    const lines = [
      { variantId: dress.variants[0]!.id, quantity: 1 },
      { variantId: dress.variants[1]!.id, quantity: 1 },
      { variantId: tee.variants[0]!.id, quantity: 3 },
      { variantId: book.variants[0]!.id, quantity: 1 },
    ]
    const customer = world.customer
    const staffFor = { customerId: customer.id }
    const openers: { channel: string; channelId: string; headers: Headers; extra: Record<string, unknown> }[] = [
      { channel: 'web', channelId: world.channels.web.id, headers: customer.headers, extra: {} },
      { channel: 'app', channelId: world.channels.mobile.id, headers: customer.headers, extra: {} },
      { channel: 'kiosk', channelId: world.channels.kioskMontpellier.id, headers: world.associate.headers, extra: staffFor },
      { channel: 'store', channelId: world.channels.storeMontpellier.id, headers: world.associate.headers, extra: staffFor },
      { channel: 'phone', channelId: world.channels.phone.id, headers: world.agent.headers, extra: staffFor },
    ]
    const carts = new Map<string, PricedAnswer>()
    const orders = new Map<string, PricedAnswer>()
    for (const opener of openers) {
      const cart = await expectStatus<PricedAnswer>(call('POST', '/v1/carts', opener.headers, { channelId: opener.channelId, lines, ...opener.extra }), 201)
      carts.set(opener.channel, await expectStatus<PricedAnswer>(call('GET', `/v1/carts/${cart.id}`, opener.headers), 200))
      const body = { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }
      orders.set(opener.channel, await expectStatus<PricedAnswer>(call('POST', `/v1/carts/${cart.id}/checkout`, opener.headers, body), 201))
    }

    const web = carts.get('web')!
    // Every kind applies on the web: the dresses −20 %, a third tee free, one dress and the book as a 60 € bundle on
    // what is left of them, −10 € on the order, free delivery. The app-only rule does not.
    expect(web.totals.subtotal.amount).toBe(7990 + 8490 + 3 * 1990 + 1055)
    expect(web.promotions?.applied.map((entry) => entry.id)).toEqual(created.slice(0, 5))
    for (const channel of ['kiosk', 'store', 'phone']) {
      const cart = carts.get(channel)!
      expect(cart.lines, channel).toEqual(web.lines.map((l) => expect.objectContaining({ variantId: l.variantId, unitPrice: l.unitPrice, discountTotal: l.discountTotal, total: l.total })))
      expect(cart.totals, channel).toEqual(web.totals)
      expect(orders.get(channel)!.totals, channel).toEqual(orders.get('web')!.totals)
      expect(orders.get(channel)!.lines.map((l) => l.total), channel).toEqual(orders.get('web')!.lines.map((l) => l.total))
    }
    // The app names itself in one rule: it pays exactly that rule's 5 € less, nothing else differs.
    const app = carts.get('app')!
    expect(app.totals.total.amount).toBe(web.totals.total.amount - 500)
    expect(app.promotions?.applied.map((entry) => entry.id)).toEqual([...created.slice(0, 5), appOnly])
    expect(orders.get('app')!.totals.total.amount).toBe(orders.get('web')!.totals.total.amount - 500)
    expect(orders.get('web')!.totals.shipping?.amount).toBe(0)
  })
})
