/**
 * The list conventions on lists other than the four commerce resources: every sort walks without skipping or
 * repeating, totalCount comes only when asked, and every list's `sort` is typed in the OpenAPI document.
 */
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'
import { expectEverySortWalks } from '../list-walk.js'

const TIMES = ['2025-07-01T09:00:00.000Z', '2025-07-02T09:00:00.000Z']

describe.each(engines)('list conventions on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const get = (url: string) => shop.server.app.inject({ method: 'GET', url, headers: shop.world.admin.headers })

  beforeAll(async () => {
    const { db } = shop.server.database
    for (const onHand of [3, 5]) await stockedProduct(shop.server, shop.world, { onHand, prices: [1000, 2000] })
    // Two creation times shared by every row: the id tiebreaker decides within each.
    await db.execute(sql`update staff_users set created_at = case when right(id, 1) < 'h' then ${TIMES[0]}::timestamptz else ${TIMES[1]}::timestamptz end`)
    await db.execute(sql`update channels set created_at = case when right(id, 1) < 'h' then ${TIMES[0]}::timestamptz else ${TIMES[1]}::timestamptz end`)
  })

  const valueOf = (item: Record<string, unknown>, key: string) => item[key] as string

  it('walks staff users and channels under every sort, in creation order by default', async () => {
    await expectEverySortWalks((url) => get(url), '/v1/staff?', ['createdAt', 'email', 'displayName'], valueOf, { uniqueKeys: ['email', 'displayName'] })
    await expectEverySortWalks((url) => get(url), '/v1/channels?', ['createdAt', 'name', 'code'], valueOf, { uniqueKeys: ['name', 'code'] })
    const ids = (await get('/v1/channels?limit=100')).json<{ items: { id: string }[] }>().items.map((c) => c.id)
    expect(ids).toEqual([...ids].sort())
  })

  it('walks stock levels under every sort, a (location, variant) pair breaking ties', async () => {
    // A level has no id of its own: the pair stands in for it, as the list's tiebreaker is that pair.
    const levels = async (url: string) => {
      const res = await get(url)
      const body = res.statusCode === 200 ? res.json<{ items: Record<string, string>[]; nextCursor: string | null }>() : null
      const items = body?.items.map((level) => ({ ...level, id: `${level.locationId}|${level.variantId}` }))
      return { statusCode: res.statusCode, body: res.body, json: <T,>() => ({ ...body, items }) as T }
    }
    await expectEverySortWalks(levels, '/v1/inventory/levels?', ['onHand', 'reserved', 'updatedAt'], (item, key) => item[key] as string | number)
  })

  it('adds totalCount only when asked', async () => {
    const all = (await get('/v1/channels?limit=100')).json<{ items: unknown[] }>().items.length
    expect((await get('/v1/channels?limit=1&count=true')).json()).toMatchObject({ totalCount: all })
    expect((await get('/v1/channels?limit=1')).json()).not.toHaveProperty('totalCount')
    expect((await get('/v1/channels?kind=web&count=true')).json().totalCount).toBeLessThan(all)
  })

  it('types sort and count on every paged list of the OpenAPI document', async () => {
    const document = (await shop.server.app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: { pattern?: string } }[]; responses: Record<string, unknown> }>> }>()
    const paged = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.parameters?.some((p) => p.name === 'cursor' && p.in === 'query'))
        .map(([method, operation]) => ({ at: `${method} ${path}`, names: (operation.parameters ?? []).map((p) => p.name), sort: operation.parameters?.find((p) => p.name === 'sort') })),
    )
    expect(paged.length).toBeGreaterThanOrEqual(24)
    for (const list of paged) {
      expect(list.names, list.at).toContain('count')
      expect(list.sort?.schema.pattern, list.at).toMatch(/^\^-\?\(/)
    }
  })
})
