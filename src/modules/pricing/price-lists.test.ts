import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'

const problem = (code: string) => `https://omnicanal.dev/problems/${code}`
type Line = { variantId: string; unitPrice: { amount: number }; priceListId: string | null }

describe.each(engines)('price lists and customer groups, on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const { post, patch, get, del } = requests(() => shop.server)
  const put = (url: string, payload: unknown, headers: Record<string, string>) =>
    shop.server.app.inject({ method: 'PUT', url, headers, payload: payload as object })
  const admin = () => shop.world.admin.headers

  async function priceList(body: Record<string, unknown>, prices: { variantId?: string; sku?: string; price: number }[]): Promise<string> {
    const created = await post('/v1/price-lists', body, admin())
    expect(created.statusCode, created.body).toBe(201)
    const id = created.json<{ id: string }>().id
    const set = await put(`/v1/price-lists/${id}/prices`, { prices }, admin())
    expect(set.statusCode, set.body).toBe(200)
    return id
  }
  const cartLines = async (cartId: string, headers: Record<string, string>) =>
    (await get(`/v1/carts/${cartId}`, headers)).json<{ lines: Line[]; totals: { total: { amount: number } } }>()
  let serial = 0
  const code = (stem: string) => `${stem}-${(serial += 1)}`

  describe('customer groups', () => {
    it('creates, renames and lists groups, and adds and removes members idempotently', async () => {
      expect((await put('/v1/customer-groups/vip', { name: 'VIP' }, admin())).json()).toMatchObject({ code: 'vip', name: 'VIP', memberCount: 0 })
      expect((await put('/v1/customer-groups/vip', { name: 'Clients VIP' }, admin())).json()).toMatchObject({ code: 'vip', name: 'Clients VIP' })
      const member = `/v1/customer-groups/vip/members/${shop.world.customer.id}`
      expect((await put(member, undefined, admin())).json()).toEqual({ code: 'vip', customerId: shop.world.customer.id })
      expect((await put(member, undefined, admin())).statusCode).toBe(200)
      const groups = (await get('/v1/customer-groups', admin())).json<{ items: { code: string; memberCount: number }[] }>()
      expect(groups.items.find((group) => group.code === 'vip')).toMatchObject({ memberCount: 1 })
      expect((await del(member, admin())).statusCode).toBe(204)
      expect((await del(member, admin())).json()).toMatchObject({ status: 404, field: '/params/customerId' })
    })

    it('refuses unknown groups and customers, bad codes, and staff without pricing:manage', async () => {
      expect((await put(`/v1/customer-groups/nobody/members/${shop.world.customer.id}`, undefined, admin())).json()).toMatchObject({
        status: 404,
        field: '/params/code',
      })
      await put('/v1/customer-groups/b2b', { name: 'B2B' }, admin())
      expect((await put('/v1/customer-groups/b2b/members/cus_unknown', undefined, admin())).json()).toMatchObject({ status: 404, field: '/params/customerId' })
      expect((await put('/v1/customer-groups/Not%20A%20Code', { name: 'x' }, admin())).statusCode).toBe(400)
      expect((await put('/v1/customer-groups/b2b', { name: 'B2B' }, shop.world.associate.headers)).statusCode).toBe(403)
      expect((await get('/v1/customer-groups', shop.world.customer.headers)).statusCode).toBe(403)
    })
  })

  describe('managing price lists', () => {
    it('refuses a list that names nobody, unknown channels or groups, a reversed window and a taken code', async () => {
      expect((await post('/v1/price-lists', { code: code('none'), name: 'x' }, admin())).json()).toMatchObject({
        status: 400,
        type: problem('price-list-scope-required'),
      })
      expect((await post('/v1/price-lists', { code: code('chn'), name: 'x', channelIds: ['chn_nope'] }, admin())).json()).toMatchObject({
        status: 400,
        type: problem('unknown-channel'),
        field: '/body/channelIds/0',
      })
      expect((await post('/v1/price-lists', { code: code('grp'), name: 'x', customerGroupCodes: ['ghosts'] }, admin())).json()).toMatchObject({
        status: 400,
        type: problem('unknown-customer-group'),
        field: '/body/customerGroupCodes/0',
      })
      const window = { startsAt: '2026-12-10T00:00:00.000Z', endsAt: '2026-12-01T00:00:00.000Z' }
      expect(
        (await post('/v1/price-lists', { code: code('win'), name: 'x', channelIds: [shop.world.channels.marketplace.id], ...window }, admin())).json(),
      ).toMatchObject({ status: 400, field: '/body/endsAt' })
      const taken = code('taken')
      expect(
        (await post('/v1/price-lists', { code: taken, name: 'x', channelIds: [shop.world.channels.marketplace.id], active: false }, admin())).statusCode,
      ).toBe(201)
      expect((await post('/v1/price-lists', { code: taken, name: 'y', channelIds: [shop.world.channels.marketplace.id] }, admin())).json()).toMatchObject({
        status: 409,
        type: problem('price-list-code-taken'),
      })
      expect(
        (await post('/v1/price-lists', { code: code('staff'), name: 'x', channelIds: [shop.world.channels.marketplace.id] }, shop.world.associate.headers))
          .statusCode,
      ).toBe(403)
    })

    it('sets prices by SKU or variant id, refuses unknown and duplicate variants, and removes a price', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 2590] })
      const [a, b] = product.variants
      const id = await priceList({ code: code('set'), name: 'Set', channelIds: [shop.world.channels.marketplace.id], active: false }, [
        { sku: a!.sku.toLowerCase(), price: 4990 },
        { variantId: b!.id, price: 1990 },
      ])
      const list = (await get(`/v1/price-lists/${id}`, admin())).json()
      expect(list).toMatchObject({ priceCount: 2, active: false })
      expect(list.prices).toEqual(
        expect.arrayContaining([
          { variantId: a!.id, price: 4990 },
          { variantId: b!.id, price: 1990 },
        ]),
      )
      expect((await put(`/v1/price-lists/${id}/prices`, { prices: [{ sku: 'NOPE-1', price: 1 }] }, admin())).json()).toMatchObject({
        status: 400,
        type: problem('unknown-variant'),
        field: '/body/prices/0/sku',
      })
      expect(
        (
          await put(
            `/v1/price-lists/${id}/prices`,
            {
              prices: [
                { variantId: a!.id, price: 1 },
                { sku: a!.sku, price: 2 },
              ],
            },
            admin(),
          )
        ).json(),
      ).toMatchObject({ status: 400, type: problem('duplicate-variant'), field: '/body/prices/1' })
      expect((await put(`/v1/price-lists/${id}/prices`, { prices: [{ variantId: a!.id, sku: a!.sku, price: 1 }] }, admin())).json()).toMatchObject({
        status: 400,
        field: '/body/prices/0/variantId',
      })
      expect((await put(`/v1/price-lists/${id}/prices`, { prices: [{ variantId: a!.id, price: -1 }] }, admin())).statusCode).toBe(400)
      expect((await del(`/v1/price-lists/${id}/prices/${b!.id}`, admin())).statusCode).toBe(204)
      expect((await del(`/v1/price-lists/${id}/prices/${b!.id}`, admin())).json()).toMatchObject({ status: 404, field: '/params/variantId' })
      expect((await get(`/v1/price-lists/${id}`, admin())).json().prices).toEqual([{ variantId: a!.id, price: 4990 }])
      expect((await get('/v1/price-lists/prl_nope', admin())).statusCode).toBe(404)
      // Its remaining price was keyed in euros: the currency cannot change under it.
      expect((await patch(`/v1/price-lists/${id}`, { currency: 'CHF' }, admin())).json()).toMatchObject({ status: 409, type: problem('price-list-currency-locked'), field: '/body/currency' })
    })
  })

  describe('pricing carts and checkouts', () => {
    it('prices a marketplace cart and its order at the marketplace list, other channels at the catalogue price', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 2590] })
      const [a, b] = product.variants
      const listId = await priceList({ code: code('mkp'), name: 'Marketplace', channelIds: [shop.world.channels.marketplace.id] }, [
        { variantId: a!.id, price: 6490 },
      ])
      const lines = [
        { variantId: a!.id, quantity: 2 },
        { variantId: b!.id, quantity: 1 },
      ]
      const marketplaceCart = await cartWith(shop.server, admin(), shop.world.channels.marketplace.id, lines)
      expect((await cartLines(marketplaceCart, admin())).lines.map((line) => [line.unitPrice.amount, line.priceListId])).toEqual([
        [6490, listId],
        [2590, null],
      ])
      const webCart = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, lines)
      const web = await cartLines(webCart, shop.world.customer.headers)
      expect(web.lines.map((line) => [line.unitPrice.amount, line.priceListId])).toEqual([
        [5990, null],
        [2590, null],
      ])
      const order = await checkout(
        shop.server,
        marketplaceCart,
        { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()], contact: { email: 'buyer@marketplace.example' } },
        admin(),
      )
      expect(order.statusCode, order.body).toBe(201)
      expect(order.json()).toMatchObject({ totals: { subtotal: { amount: 2 * 6490 + 2590 } } })
      expect(order.json().lines.map((line: { unitPrice: { amount: number } }) => line.unitPrice.amount)).toEqual([6490, 2590])
    })

    it('prices a staff member’s cart and order at the staff list on every channel, and other customers at the catalogue price', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990] })
      const variantId = product.variants[0]!.id
      const group = code('staff')
      await put(`/v1/customer-groups/${group}`, { name: 'Personnel' }, admin())
      await put(`/v1/customer-groups/${group}/members/${shop.world.customer.id}`, undefined, admin())
      const listId = await priceList({ code: code('staff'), name: 'Personnel', customerGroupCodes: [group] }, [{ variantId, price: 4193 }])
      const staffCart = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId, quantity: 1 }])
      expect((await cartLines(staffCart, shop.world.customer.headers)).lines[0]).toMatchObject({ unitPrice: { amount: 4193 }, priceListId: listId })
      const otherCart = await cartWith(shop.server, shop.world.otherCustomer.headers, shop.world.channels.web.id, [{ variantId, quantity: 1 }])
      expect((await cartLines(otherCart, shop.world.otherCustomer.headers)).lines[0]).toMatchObject({ unitPrice: { amount: 5990 }, priceListId: null })
      const order = await checkout(
        shop.server,
        staffCart,
        { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] },
        shop.world.customer.headers,
      )
      expect(order.statusCode, order.body).toBe(201)
      expect(order.json()).toMatchObject({ totals: { subtotal: { amount: 4193 } } })
      await del(`/v1/customer-groups/${group}/members/${shop.world.customer.id}`, admin())
    })

    it('ignores an expired list and a deactivated one, and says the price changed', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990] })
      const variantId = product.variants[0]!.id
      const marketplace = [shop.world.channels.marketplace.id]
      await priceList(
        { code: code('old'), name: 'Old', channelIds: marketplace, startsAt: '2025-01-01T00:00:00.000Z', endsAt: '2025-02-01T00:00:00.000Z', priority: 50 },
        [{ variantId, price: 1000 }],
      )
      const listId = await priceList({ code: code('live'), name: 'Live', channelIds: marketplace }, [{ variantId, price: 4990 }])
      const cartId = await cartWith(shop.server, admin(), shop.world.channels.marketplace.id, [{ variantId, quantity: 1 }])
      expect((await cartLines(cartId, admin())).lines[0]).toMatchObject({ unitPrice: { amount: 4990 }, priceListId: listId })
      expect((await patch(`/v1/price-lists/${listId}`, { active: false }, admin())).json()).toMatchObject({ active: false })
      const after = (await get(`/v1/carts/${cartId}`, admin())).json()
      expect(after.lines[0]).toMatchObject({ unitPrice: { amount: 5990 }, priceListId: null })
      expect(after.changes).toEqual([
        expect.objectContaining({ kind: 'price_changed', previousPrice: { amount: 4990, currency: 'EUR' }, currentPrice: { amount: 5990, currency: 'EUR' } }),
      ])
    })

    it('lets the highest priority win, then the lowest price', async () => {
      const product = await stockedProduct(shop.server, shop.world, { prices: [5990, 3990] })
      const [a, b] = product.variants
      const marketplace = [shop.world.channels.marketplace.id]
      await priceList({ code: code('low'), name: 'Low', channelIds: marketplace, priority: 1 }, [
        { variantId: a!.id, price: 3000 },
        { variantId: b!.id, price: 2500 },
      ])
      const high = await priceList({ code: code('high'), name: 'High', channelIds: marketplace, priority: 5 }, [{ variantId: a!.id, price: 4500 }])
      const cheaper = await priceList({ code: code('cheaper'), name: 'Cheaper', channelIds: marketplace, priority: 5 }, [{ variantId: a!.id, price: 4400 }])
      const cartId = await cartWith(shop.server, admin(), shop.world.channels.marketplace.id, [
        { variantId: a!.id, quantity: 1 },
        { variantId: b!.id, quantity: 1 },
      ])
      const lines = (await cartLines(cartId, admin())).lines
      expect(lines[0]).toMatchObject({ unitPrice: { amount: 4400 }, priceListId: cheaper })
      expect(lines[1]).toMatchObject({ unitPrice: { amount: 2500 } })
      await patch(`/v1/price-lists/${cheaper}`, { priority: 4 }, admin())
      expect((await cartLines(cartId, admin())).lines[0]).toMatchObject({ unitPrice: { amount: 4500 }, priceListId: high })
    })
  })
})
