import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { catalogCallers, requests, type CatalogCallers } from './catalog.fixtures.js'

describe.each(engines)('GET and POST /v1/categories on %s', (engine) => {
  let server: TestServer
  let callers: CatalogCallers
  beforeAll(async () => {
    server = await startTestServer({ engine })
    callers = await catalogCallers(server)
  })
  afterAll(async () => server?.close())
  const { post, get } = requests(
    () => server,
    () => callers.admin.headers,
  )

  describe('categories', () => {
    it('builds a two-level tree readable by id or code', async () => {
      const root = await post('/v1/categories', { code: 'femme', name: { fr: 'Femme', en: 'Women' } })
      expect(root.statusCode).toBe(201)
      expect(root.json()).toMatchObject({ code: 'femme', parentId: null, name: { fr: 'Femme', en: 'Women' } })
      const child = await post('/v1/categories', { code: 'femme-robes', name: { fr: 'Robes', en: 'Dresses' }, parentId: 'femme' })
      expect(child.json()).toMatchObject({ parentId: root.json().id })
      const tooDeep = await post('/v1/categories', { code: 'femme-robes-longues', name: { fr: 'Longues', en: 'Long' }, parentId: child.json().id })
      expect(tooDeep.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/category-too-deep', field: '/body/parentId' })
      const taken = await post('/v1/categories', { code: 'femme', name: { fr: 'Femme', en: 'Women' } })
      expect(taken.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/category-code-taken' })
      const detail = await get('/v1/categories/femme')
      expect(detail.json()).toMatchObject({ id: root.json().id, children: [{ code: 'femme-robes' }] })
      const children = await get(`/v1/categories?parent=${root.json().id}`)
      expect(children.json().items.map((c: { code: string }) => c.code)).toEqual(['femme-robes'])
      expect((await get('/v1/categories/nope')).statusCode).toBe(404)
      expect((await post('/v1/categories', { code: 'x', name: { fr: 'X', en: 'X' } }, callers.customer.headers)).statusCode).toBe(403)
    })
  })
})
