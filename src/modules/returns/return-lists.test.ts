/** GET /v1/returns and /v1/orders/{id}/returns under the list conventions: sort, totalCount, created range, channel. */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { expectEverySortWalks, walkList } from '../../../test/list-walk.js'
import { deliveredWebOrder, line, openReturn } from './returns.fixtures.js'

const TIMES = ['2025-04-01T08:00:00.000Z', '2025-04-02T08:00:00.000Z', '2025-04-03T08:00:00.000Z']

describe.each(engines)('GET /v1/returns lists on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const get = (url: string, headers = shop.world.admin.headers) => shop.server.app.inject({ method: 'GET', url, headers })
  let orderId = ''
  const montpellier: string[] = []
  const lyon: string[] = []

  beforeAll(async () => {
    const { server, world } = shop
    const [dress, scarf] = (await stockedProduct(server, world, { prices: [5990, 3490], onHand: 20 })).variants
    const order = await deliveredWebOrder(server, world, [
      { variantId: dress!.id, quantity: 4 },
      { variantId: scarf!.id, quantity: 4 },
    ])
    orderId = order.id
    // Six one-unit returns, three per store, of two prices: totals and creation times tie.
    for (const [i, lineIndex] of [0, 1, 0, 1, 0, 1].entries()) {
      const atLyon = i % 2 === 1
      const headers = atLyon ? world.lyonAssociate.headers : world.associate.headers
      const locationId = atLyon ? world.stores.lyon.id : world.stores.montpellier.id
      const res = await openReturn(server, order.id, { lines: [line(order.lines[i < 3 ? lineIndex : 1 - lineIndex]!.id, 1)], locationId }, headers)
      if (res.statusCode !== 201) throw new Error(res.body)
      const id = res.json<{ id: string }>().id
      ;(atLyon ? lyon : montpellier).push(id)
      await server.database.db.execute(sql`update returns set created_at = ${TIMES[i % 3]}::timestamptz where id = ${id}`)
    }
  })

  const valueOf = (item: Record<string, unknown>, key: string): string | number =>
    key === 'total' ? (item.totals as { total: { amount: number } }).total.amount : (item[key] as string | number)

  it('walks every sort page by page, ties broken by id, on both lists', async () => {
    await expectEverySortWalks((url) => get(url), '/v1/returns?', ['createdAt', 'total', 'number'], valueOf, { uniqueKeys: ['number'] })
    await expectEverySortWalks((url) => get(url), `/v1/orders/${orderId}/returns?`, ['createdAt', 'total'], valueOf, { runs: 4 })
  })

  it('filters by channel and created range [createdFrom, createdTo), and counts only when asked', async () => {
    const { channels } = shop.world
    const ids = async (query: string) => (await walkList((url) => get(url), `/v1/returns?${query}`, 2)).map((r) => r.id).sort()
    expect(await ids(`channelId=${channels.storeLyon.id}`)).toEqual([...lyon].sort())
    // Returns i = 0…5 were created at TIMES[i % 3]; Lyon took the odd ones (1, 3, 5) at TIMES 1, 0, 2.
    expect(await ids(`channelId=${channels.storeLyon.id}&createdFrom=${TIMES[1]}`)).toEqual([lyon[0], lyon[2]].sort())
    expect(await ids(`createdFrom=${TIMES[0]}&createdTo=${TIMES[1]}`)).toEqual([montpellier[0], lyon[1]].sort())
    expect((await get(`/v1/returns?channelId=${channels.storeMontpellier.id}&limit=1&count=true`)).json()).toMatchObject({ totalCount: 3 })
    expect((await get('/v1/returns?limit=1')).json()).not.toHaveProperty('totalCount')
    expect((await get(`/v1/returns?createdFrom=${TIMES[1]}&createdTo=${TIMES[0]}`)).json()).toMatchObject({ status: 400, field: '/query/createdTo' })
    expect((await get('/v1/returns?sort=total,total')).json()).toMatchObject({ status: 400, field: '/query/sort' })
  })

  it('never widens what a store associate sees with a channel filter', async () => {
    const { channels, lyonAssociate } = shop.world
    expect((await get(`/v1/returns?channelId=${channels.storeMontpellier.id}&count=true`, lyonAssociate.headers)).json()).toMatchObject({ items: [], totalCount: 0 })
    expect((await get(`/v1/returns?count=true`, lyonAssociate.headers)).json()).toMatchObject({ totalCount: 3 })
  })
})
