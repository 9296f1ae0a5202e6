/** GET /v1/orders under the list conventions: sort with keyset cursors, totalCount, created range and channel. */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { expectEverySortWalks, walkList } from '../../../test/list-walk.js'

const TIMES = ['2025-03-01T10:00:00.000Z', '2025-03-02T10:00:00.000Z', '2025-03-03T10:00:00.000Z']

describe.each(engines)('GET /v1/orders lists on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const get = (url: string, headers = shop.world.admin.headers) => shop.server.app.inject({ method: 'GET', url, headers })
  let webOrders: string[] = []

  beforeAll(async () => {
    const { server, world } = shop
    const [cheap, dear] = (await stockedProduct(server, world, { prices: [1500, 5990] })).variants
    const placed: string[] = []
    for (const [variant, quantity] of [[cheap, 1], [dear, 1], [cheap, 1], [dear, 1], [cheap, 2]] as const) {
      const cartId = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: variant!.id, quantity }])
      const res = await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, world.customer.headers)
      placed.push(res.json<{ id: string }>().id)
    }
    webOrders = [...placed]
    for (const variant of [cheap, dear]) {
      const cartId = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant!.id, quantity: 1 }])
      const res = await checkout(server, cartId, { fulfilment: { method: 'in_store' }, contact: { email: 'comptoir@example.com' }, payments: [card()] }, world.associate.headers)
      placed.push(res.json<{ id: string }>().id)
    }
    // Three placing times for seven orders: every time is shared, so the id tiebreaker is exercised.
    for (const [i, id] of placed.entries()) await server.database.db.execute(sql`update orders set placed_at = ${TIMES[i % 3]}::timestamptz where id = ${id}`)
  })

  const valueOf = (item: Record<string, unknown>, key: string): string | number => {
    if (key === 'total') return (item.totals as { total: { amount: number } }).total.amount
    return item[key] as string | number
  }

  it('walks every sort page by page without skipping or repeating, ties broken by id', async () => {
    await expectEverySortWalks((url) => get(url), '/v1/orders?', ['placedAt', 'total', 'number'], valueOf, { uniqueKeys: ['number'] })
  })

  it('refuses an unknown or repeated sort key and a cursor made for another sort, naming the field', async () => {
    expect((await get('/v1/orders?sort=-email')).json()).toMatchObject({ status: 400, field: '/query/sort' })
    expect((await get('/v1/orders?sort=total,-total')).json()).toMatchObject({ status: 400, field: '/query/sort', type: 'https://omnicanal.dev/problems/invalid-sort' })
    const first = (await get('/v1/orders?sort=-total&limit=2')).json<{ nextCursor: string }>()
    expect((await get(`/v1/orders?sort=total&cursor=${first.nextCursor}`)).json()).toMatchObject({ status: 400, field: '/query/cursor', type: 'https://omnicanal.dev/problems/cursor-sort-mismatch' })
    expect((await get(`/v1/orders?cursor=${first.nextCursor}`)).json()).toMatchObject({ status: 400, field: '/query/cursor' })
    expect((await get(`/v1/orders?sort=-total&cursor=${first.nextCursor}`)).statusCode).toBe(200)
  })

  it('counts what the filters match only when asked', async () => {
    const plain = (await get(`/v1/orders?channelId=${shop.world.channels.web.id}&limit=2`)).json()
    expect(plain).not.toHaveProperty('totalCount')
    const counted = (await get(`/v1/orders?channelId=${shop.world.channels.web.id}&limit=2&count=true`)).json()
    expect(counted).toMatchObject({ totalCount: 5 })
    expect(counted.items).toHaveLength(2)
    expect((await get(`/v1/orders?channelId=${shop.world.channels.storeMontpellier.id}&createdFrom=${TIMES[1]}&count=true`)).json()).toMatchObject({ totalCount: 1 })
  })

  it('filters by created range [createdFrom, createdTo) on placedAt and by channel', async () => {
    const ids = async (query: string) => (await walkList((url) => get(url), `/v1/orders?${query}`, 3)).map((o) => o.id).sort()
    const web = shop.world.channels.web.id
    expect(await ids(`channelId=${web}`)).toEqual([...webOrders].sort())
    // webOrders[i] was placed at TIMES[i % 3]: from the second time (inclusive) to the third (exclusive) leaves 1 and 4.
    expect(await ids(`channelId=${web}&createdFrom=${TIMES[1]}&createdTo=${TIMES[2]}`)).toEqual([webOrders[1], webOrders[4]].sort())
    expect(await ids(`createdFrom=${TIMES[1]}&createdTo=${TIMES[1]}`)).toEqual([])
    expect((await get(`/v1/orders?createdFrom=${TIMES[2]}&createdTo=${TIMES[0]}`)).json()).toMatchObject({ status: 400, field: '/query/createdTo' })
    expect((await get('/v1/orders?createdFrom=yesterday')).json()).toMatchObject({ status: 400, field: '/query/createdFrom' })
    expect((await get('/v1/orders?createdTo=0000-01-01T00:00:00Z')).json()).toMatchObject({ status: 400, field: '/query/createdTo' })
  })

  it('never widens what a caller sees: a customer her own orders, an associate her stores', async () => {
    const { world } = shop
    const store = world.channels.storeMontpellier.id
    expect((await get(`/v1/orders?channelId=${store}&count=true`, world.customer.headers)).json()).toMatchObject({ items: [], totalCount: 0 })
    expect((await get(`/v1/orders?count=true`, world.otherCustomer.headers)).json()).toMatchObject({ items: [], totalCount: 0 })
    expect((await get(`/v1/orders?channelId=${store}&count=true`, world.lyonAssociate.headers)).json()).toMatchObject({ items: [], totalCount: 0 })
    expect((await get(`/v1/orders?channelId=${store}&count=true`, world.associate.headers)).json()).toMatchObject({ totalCount: 2 })
  })
})
