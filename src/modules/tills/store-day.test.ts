import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { staffSession } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'

const EUR = (amount: number) => ({ amount, currency: 'EUR' })
const parisDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)

describe.each(engines)('GET /v1/locations/{id}/day on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)

  it('gives a manager the day: sales by tender and by seller, average basket, pickups waiting, returns received', async () => {
    const { world, server } = shop
    const montpellier = world.stores.montpellier.id
    const manager = await staffSession(server, 'store_manager', [montpellier])
    const product = await stockedProduct(server, world, { prices: [5990, 3000, 2500], onHand: 10, locationIds: [montpellier] })
    const [dress, scarf, belt] = product.variants
    const sell = async (headers: Record<string, string>, variantId: string, payment: Record<string, unknown>) => {
      const cartId = await cartWith(server, headers, world.channels.storeMontpellier.id, [{ variantId, quantity: 1 }], { customerId: world.customer.id })
      const res = await checkout(server, cartId, { fulfilment: { method: 'in_store' }, payments: [payment] }, headers)
      expect(res.statusCode, res.body).toBe(201)
      return res.json<{ id: string; lines: { id: string }[] }>()
    }
    const cashSale = await sell(world.associate.headers, dress!.id, { method: 'cash', tendered: 6000 })
    await sell(manager.headers, scarf!.id, { method: 'card_terminal', terminalReference: 'TPE-1' })
    const returned = await http.post(`/v1/orders/${cashSale.id}/returns`, { lines: [{ orderLineId: cashSale.lines[0]!.id, quantity: 1, reason: 'wrong_size', condition: 'resellable' }], locationId: montpellier }, world.associate.headers)
    expect(returned.statusCode, returned.body).toBe(201)
    const collect = async () => {
      const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: belt!.id, quantity: 1 }])
      const res = await checkout(server, cartId, { fulfilment: { method: 'click_and_collect', pickupLocationId: montpellier }, payments: [card()] }, world.customer.headers)
      expect(res.statusCode, res.body).toBe(201)
      return res.json<{ fulfilments: { id: string }[] }>().fulfilments[0]!.id
    }
    await collect()
    const ready = await collect()
    expect((await http.post(`/v1/fulfilments/${ready}/pick`, {}, world.associate.headers)).statusCode).toBe(200)
    expect((await http.post(`/v1/fulfilments/${ready}/ready`, {}, world.associate.headers)).statusCode).toBe(200)

    const date = parisDate(new Date())
    const res = await http.get(`/v1/locations/${montpellier}/day?date=${date}`, manager.headers)
    expect(res.statusCode, res.body).toBe(200)
    const day = res.json<{ tenders: unknown[]; sellers: unknown[] }>()
    expect(day).toMatchObject({
      locationId: montpellier,
      date,
      timezone: 'Europe/Paris',
      currency: 'EUR',
      orders: { count: 2, total: EUR(8990), averageBasket: EUR(4495) },
      clickAndCollect: { toPrepare: 1, incoming: 0, readyToHandOver: 1 },
      returns: { received: 1, total: EUR(5990), refunds: [{ method: 'cash', count: 1, amount: EUR(5990) }] },
    })
    // Local midnight in Paris is 23:00 or 22:00 UTC the day before.
    expect(new Date(res.json<{ from: string }>().from).getUTCHours()).toBeGreaterThanOrEqual(22)
    expect(day.tenders).toContainEqual({ method: 'cash', count: 1, amount: EUR(5990) })
    expect(day.tenders).toContainEqual({ method: 'card_terminal', count: 1, amount: EUR(3000) })
    expect(day.sellers).toEqual([
      { staffId: world.associate.id, name: 'store_associate', orderCount: 1, total: EUR(5990) },
      { staffId: manager.id, name: 'store_manager', orderCount: 1, total: EUR(3000) },
    ])

    const before = await http.get(`/v1/locations/${montpellier}/day?date=2020-01-15`, world.admin.headers)
    expect(before.json()).toMatchObject({ orders: { count: 0, total: EUR(0), averageBasket: EUR(0) }, sellers: [], returns: { received: 0 } })
  })

  it('refuses associates (403), another store’s manager (404) and a malformed date (400)', async () => {
    const { world, server } = shop
    const montpellier = world.stores.montpellier.id
    const associate = await http.get(`/v1/locations/${montpellier}/day?date=2026-12-07`, world.associate.headers)
    expect(associate.statusCode).toBe(403)
    expect(associate.json().detail).toContain('managers')
    const lyonManager = await staffSession(server, 'store_manager', [world.stores.lyon.id])
    expect((await http.get(`/v1/locations/${montpellier}/day?date=2026-12-07`, lyonManager.headers)).statusCode).toBe(404)
    expect((await http.get(`/v1/locations/${montpellier}/day?date=2026-02-30`, world.admin.headers)).json()).toMatchObject({ status: 400, field: '/query/date' })
    expect((await http.get(`/v1/locations/${montpellier}/day`, world.admin.headers)).json()).toMatchObject({ status: 400, field: '/query/date' })
    expect((await http.get(`/v1/locations/loc_nope/day?date=2026-12-07`, world.admin.headers)).statusCode).toBe(404)
  })
})
