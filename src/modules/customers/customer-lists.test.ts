/** GET /v1/customers (search) under the list conventions: sort, totalCount, created range. */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { expectEverySortWalks, walkList } from '../../../test/list-walk.js'

const TIMES = ['2025-06-01T09:00:00.000Z', '2025-06-02T09:00:00.000Z', '2025-06-03T09:00:00.000Z']
const LAST_NAMES = ['Aubert', 'Blanc', 'Aubert', 'Carre', 'Blanc', 'Aubert']

describe.each(engines)('GET /v1/customers search on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const get = (url: string, headers = shop.world.admin.headers) => shop.server.app.inject({ method: 'GET', url, headers })
  const created: string[] = []

  beforeAll(async () => {
    const { server, world } = shop
    for (const [i, lastName] of LAST_NAMES.entries()) {
      const res = await server.app.inject({ method: 'POST', url: '/v1/customers', headers: world.admin.headers, payload: { firstName: 'Zephyrine', lastName, email: `zephyrine.${i}.${engine}@example.com` } })
      if (res.statusCode !== 201) throw new Error(res.body)
      const id = res.json<{ id: string }>().id
      created.push(id)
      await server.database.db.execute(sql`update customers set created_at = ${TIMES[i % 3]}::timestamptz where id = ${id}`)
    }
  })

  const valueOf = (item: Record<string, unknown>, key: string) => item[key] as string

  it('walks every sort page by page, ties broken by id', async () => {
    await expectEverySortWalks((url) => get(url), '/v1/customers?q=zephyrine', ['createdAt', 'lastName'], valueOf)
  })

  it('filters by created range [createdFrom, createdTo), counts when asked, and keeps relevance as the default order', async () => {
    const ids = async (query: string) => (await walkList((url) => get(url), `/v1/customers?q=zephyrine&${query}`, 2)).map((c) => c.id).sort()
    expect(await ids(`createdFrom=${TIMES[1]}&createdTo=${TIMES[2]}`)).toEqual([created[1], created[4]].sort())
    expect(await ids(`createdFrom=${TIMES[2]}&sort=lastName`)).toEqual([created[2], created[5]].sort())
    expect((await get('/v1/customers?q=zephyrine&limit=1&count=true')).json()).toMatchObject({ totalCount: 6 })
    expect((await get(`/v1/customers?q=zephyrine&limit=1&count=true&createdTo=${TIMES[1]}`)).json()).toMatchObject({ totalCount: 2 })
    expect((await get('/v1/customers?q=zephyrine&limit=1')).json()).not.toHaveProperty('totalCount')
    const relevance = (await get('/v1/customers?q=zephyrine&limit=2')).json<{ nextCursor: string }>()
    expect((await get(`/v1/customers?q=zephyrine&sort=createdAt&cursor=${relevance.nextCursor}`)).json()).toMatchObject({ status: 400, field: '/query/cursor' })
    expect((await get(`/v1/customers?q=zephyrine&createdFrom=${TIMES[2]}&createdTo=${TIMES[0]}`)).json()).toMatchObject({ status: 400, field: '/query/createdTo' })
    expect((await get('/v1/customers?q=zephyrine&sort=email')).json()).toMatchObject({ status: 400, field: '/query/sort' })
  })
})
