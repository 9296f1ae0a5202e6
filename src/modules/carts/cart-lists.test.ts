/** GET /v1/carts and /v1/customers/{id}/carts under the list conventions: sort, totalCount, created range, channel. */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { cartWith, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { expectEverySortWalks, walkList } from '../../../test/list-walk.js'

const TIMES = ['2025-05-01T09:00:00.000Z', '2025-05-02T09:00:00.000Z', '2025-05-03T09:00:00.000Z']

describe.each(engines)('GET /v1/carts lists on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const get = (url: string, headers = shop.world.admin.headers) => shop.server.app.inject({ method: 'GET', url, headers })
  const web: string[] = []
  const mobile: string[] = []

  beforeAll(async () => {
    const { server, world } = shop
    const variant = (await stockedProduct(server, world)).variants[0]!
    for (let i = 0; i < 6; i += 1) {
      const onWeb = i % 2 === 0
      const id = await cartWith(server, world.customer.headers, onWeb ? world.channels.web.id : world.channels.mobile.id, [{ variantId: variant.id, quantity: 1 }])
      ;(onWeb ? web : mobile).push(id)
      // Creation times tie by threes, activity times by twos: both sorts meet ties.
      await server.database.db.execute(sql`update carts set created_at = ${TIMES[i % 3]}::timestamptz, updated_at = ${TIMES[i % 2]}::timestamptz where id = ${id}`)
    }
  })

  const valueOf = (item: Record<string, unknown>, key: string) => item[key] as string

  it('walks every sort page by page, ties broken by id, for the shopper and on her 360', async () => {
    await expectEverySortWalks((url) => get(url, shop.world.customer.headers), '/v1/carts?', ['createdAt', 'updatedAt'], valueOf)
    await expectEverySortWalks((url) => get(url), `/v1/customers/${shop.world.customer.id}/carts?`, ['createdAt', 'lastActivityAt'], valueOf, { limit: 50 })
  })

  it('filters by channel and created range [createdFrom, createdTo) with the same names on both lists, and counts when asked', async () => {
    const { channels, customer } = shop.world
    for (const base of ['/v1/carts?', `/v1/customers/${customer.id}/carts?`]) {
      const ids = async (query: string) => (await walkList((url) => get(url, customer.headers), `${base}${query}`, 2)).map((c) => c.id).sort()
      expect(await ids(`channelId=${channels.mobile.id}`)).toEqual([...mobile].sort())
      // Cart i was created at TIMES[i % 3]: web carts are 0, 2, 4 (times 0, 2, 1).
      expect(await ids(`channelId=${channels.web.id}&createdFrom=${TIMES[1]}&createdTo=${TIMES[2]}`)).toEqual([web[2]])
      expect((await get(`${base}channelId=${channels.web.id}&limit=1&count=true`, customer.headers)).json()).toMatchObject({ totalCount: 3 })
      expect((await get(`${base}limit=1`, customer.headers)).json()).not.toHaveProperty('totalCount')
      expect((await get(`${base}createdFrom=${TIMES[2]}&createdTo=${TIMES[1]}`, customer.headers)).json()).toMatchObject({ status: 400, field: '/query/createdTo' })
      expect((await get(`${base}sort=-items`, customer.headers)).json()).toMatchObject({ status: 400, field: '/query/sort' })
    }
  })

  it('never widens what a caller sees with a channel filter', async () => {
    const { channels, otherCustomer, customer } = shop.world
    expect((await get(`/v1/carts?channelId=${channels.web.id}&count=true`, otherCustomer.headers)).json()).toMatchObject({ items: [], totalCount: 0 })
    expect((await get(`/v1/customers/${customer.id}/carts?channelId=${channels.web.id}`, otherCustomer.headers)).statusCode).toBe(404)
  })
})
