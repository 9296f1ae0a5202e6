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

  const send = (method: 'PUT' | 'POST', url: string, payload: object) => shop.server.app.inject({ method, url, payload, headers: shop.world.admin.headers })
  const byCode = (get: (url: string) => Promise<{ statusCode: number; body: string; json: <T>() => T }>) => async (url: string) => {
    // A group has no id of its own: its code stands in for it, as the list's tiebreaker is the code.
    const res = await get(url)
    const body = res.statusCode === 200 ? res.json<{ items: Record<string, string>[]; nextCursor: string | null }>() : null
    const items = body?.items.map((group) => ({ ...group, id: group.code }))
    return { statusCode: res.statusCode, body: res.body, json: <T,>() => ({ ...body, items }) as T }
  }

  it('walks customer groups and price lists under every sort; without sort, groups by code and lists by priority then code', async () => {
    for (const [i, code] of ['walk-a', 'walk-b', 'walk-c', 'walk-d', 'walk-e', 'walk-f'].entries()) {
      expect((await send('PUT', `/v1/customer-groups/${code}`, { name: i % 2 === 0 ? 'even' : 'odd' })).statusCode).toBe(200)
      const list = await send('POST', '/v1/price-lists', { code: `list-${code}`, name: i < 3 ? 'early' : 'late', priority: i % 3, customerGroupCodes: [code] })
      expect(list.statusCode, list.body).toBe(201)
    }
    const { db } = shop.server.database
    await db.execute(sql`update customer_groups set created_at = case when code < 'walk-d' then ${TIMES[0]}::timestamptz else ${TIMES[1]}::timestamptz end`)
    await db.execute(sql`update price_lists set created_at = case when code < 'list-walk-d' then ${TIMES[0]}::timestamptz else ${TIMES[1]}::timestamptz end`)
    const groups = byCode(get)
    await expectEverySortWalks(groups, '/v1/customer-groups?', ['code', 'name', 'createdAt'], valueOf, { uniqueKeys: ['code'] })
    const codes = (await get('/v1/customer-groups')).json<{ items: { code: string }[] }>().items.map((g) => g.code)
    expect(codes).toEqual([...codes].sort())
    const numeric = (item: Record<string, unknown>, key: string) => item[key] as string | number
    await expectEverySortWalks((url) => get(url), '/v1/price-lists?', ['priority', 'code', 'name', 'createdAt'], numeric, { uniqueKeys: ['code'] })
    const lists = (await get('/v1/price-lists')).json<{ items: { code: string; priority: number }[]; nextCursor: null }>()
    expect(lists.nextCursor).toBeNull()
    expect(lists.items.map((l) => `${l.priority}:${l.code}`)).toEqual(lists.items.map((l) => `${l.priority}:${l.code}`).sort((a, b) => Number(b[0]) - Number(a[0]) || a.localeCompare(b)))
    expect((await get('/v1/price-lists?limit=1&count=true')).json()).toMatchObject({ totalCount: 6 })
  })

  it('adds totalCount only when asked', async () => {
    const all = (await get('/v1/channels?limit=100')).json<{ items: unknown[] }>().items.length
    expect((await get('/v1/channels?limit=1&count=true')).json()).toMatchObject({ totalCount: all })
    expect((await get('/v1/channels?limit=1')).json()).not.toHaveProperty('totalCount')
    expect((await get('/v1/channels?kind=web&count=true')).json().totalCount).toBeLessThan(all)
  })

  type Schema = { $ref?: string; type?: string; pattern?: string; properties?: Record<string, Schema> }
  type Parameter = { $ref?: string; name: string; in: string; schema: Schema }
  type Operation = { operationId: string; parameters?: Parameter[]; responses: Record<string, { content?: Record<string, { schema: Schema }> }> }
  type Document = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> } }
  /** Every GET operation with its parameters read through their shared `$ref`s. */
  async function getOperations() {
    const document = (await shop.server.app.inject({ method: 'GET', url: '/openapi.json' })).json<Document>()
    const parameter = (p: Parameter): Parameter => (p.$ref ? document.components!.parameters![p.$ref.split('/').at(-1)!]! : p)
    const schema = (s: Schema): Schema => (s.$ref ? schema(document.components!.schemas![s.$ref.split('/').at(-1)!]!) : s)
    return Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method]) => method === 'get')
        .map(([, operation]) => {
          const parameters = (operation.parameters ?? []).map(parameter).filter((p) => p.in === 'query')
          const ok = operation.responses['200']?.content?.['application/json']?.schema
          return { at: `GET ${path}`, operationId: operation.operationId, names: parameters.map((p) => p.name), sort: parameters.find((p) => p.name === 'sort'), isList: ok !== undefined && schema(ok).properties?.items?.type === 'array' }
        }),
    )
  }

  it('types sort and count on every paged list of the OpenAPI document', async () => {
    const paged = (await getOperations()).filter((operation) => operation.names.includes('cursor'))
    expect(paged.length).toBeGreaterThanOrEqual(28)
    for (const list of paged) {
      expect(list.names, list.at).toContain('count')
      expect(list.sort?.schema.pattern, list.at).toMatch(/^\^-\?\(/)
    }
  })

  it('pages every list of the OpenAPI document but the whole sets the README names', async () => {
    // getFulfilmentLocations, the fifth, answers { channelId, locations } rather than items.
    const lists = (await getOperations()).filter((operation) => operation.isList)
    expect(lists.filter((list) => !list.names.includes('cursor')).map((list) => list.operationId).sort()).toEqual(['findGiftCards', 'findNearestAvailability', 'listEventTypes', 'listLoyaltyTiers'])
    expect(lists.length).toBeGreaterThanOrEqual(30)
  })
})
