import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { catalogCallers, productBody, requests, type CatalogCallers } from './catalog.fixtures.js'

describe.each(engines)('products on %s', (engine) => {
  let server: TestServer
  let callers: CatalogCallers
  beforeAll(async () => {
    server = await startTestServer({ engine })
    callers = await catalogCallers(server)
  })
  afterAll(async () => server?.close())
  const { post, patch, get } = requests(
    () => server,
    () => callers.admin.headers,
  )

  describe('POST /v1/products', () => {
    it('creates a product with its variants and answers money as { amount, currency }', async () => {
      const body = productBody()
      const res = await post('/v1/products', body)
      expect(res.statusCode).toBe(201)
      const product = res.json()
      expect(product.id).toMatch(/^prod_/)
      expect(product).toMatchObject({
        handle: body.handle,
        status: 'active',
        title: body.title,
        brand: 'Maison Lumière',
        vatRate: 2000,
        images: body.images,
        categoryIds: [],
      })
      expect(product.variants).toHaveLength(2)
      expect(product.variants[0]).toMatchObject({
        sku: body.variants[0]?.sku,
        position: 0,
        price: { amount: 5990, currency: 'EUR' },
        compareAtPrice: { amount: 7990, currency: 'EUR' },
        options: { taille: 'S' },
      })
      expect(product.variants[1]).toMatchObject({ position: 1, price: { amount: 5990, currency: 'EUR' }, compareAtPrice: null })
      expect(product.variants[0].id).toMatch(/^var_/)
      const events = await server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'catalog.product_created'))
      expect(events.some((event) => event.payload && (event.payload as { productId?: string }).productId === product.id)).toBe(true)
    })

    it('makes a handle from the French title, and a distinct one when it is taken', async () => {
      const body: Record<string, unknown> = productBody({ title: { fr: 'Pull marin à rayures', en: 'Striped sailor jumper' }, variants: [] })
      delete body.handle
      const first = await post('/v1/products', body)
      const second = await post('/v1/products', { ...body, status: 'draft' })
      expect(first.json().handle).toBe('pull-marin-a-rayures')
      expect(second.statusCode).toBe(201)
      expect(second.json().handle).toMatch(/^pull-marin-a-rayures-[a-z0-9]{6}$/)
      const listed = (await get('/v1/products?q=marin&status=draft', callers.admin.headers)).json()
      expect(listed.items[0]).toMatchObject({ id: second.json().id, price: null })
    })

    it('refuses a barcode with a wrong check digit with a 400 naming the field', async () => {
      const body = productBody()
      const good = body.variants[1]?.barcode ?? ''
      const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10)
      const res = await post('/v1/products', { ...body, variants: [body.variants[0], { ...body.variants[1], barcode: bad }] })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/invalid-barcode', field: '/body/variants/1/barcode' })
    })

    it('refuses a SKU already used, in any case, with a 409 and writes nothing', async () => {
      const first = productBody()
      expect((await post('/v1/products', first)).statusCode).toBe(201)
      const second = productBody()
      const clash = { ...second.variants[0], sku: first.variants[1]?.sku.toLowerCase() }
      const res = await post('/v1/products', { ...second, variants: [second.variants[1], clash] })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/sku-taken', field: '/body/variants/1/sku' })
      expect((await get(`/v1/products/${second.handle}`, callers.admin.headers)).statusCode).toBe(404)
    })

    it('refuses a barcode already used, and a SKU repeated within the request, with 409s', async () => {
      const first = productBody()
      await post('/v1/products', first)
      const second = productBody()
      const taken = await post('/v1/products', { ...second, variants: [{ ...second.variants[0], barcode: first.variants[0]?.barcode }] })
      expect(taken.statusCode).toBe(409)
      expect(taken.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/barcode-taken', field: '/body/variants/0/barcode' })
      const repeated = await post('/v1/products', { ...second, variants: [second.variants[0], { ...second.variants[1], sku: second.variants[0]?.sku }] })
      expect(repeated.statusCode).toBe(409)
      expect(repeated.json().field).toBe('/body/variants/1/sku')
    })

    it('refuses a handle already used with a 409', async () => {
      const body = productBody()
      await post('/v1/products', body)
      const res = await post('/v1/products', productBody({ handle: body.handle }))
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/handle-taken', field: '/body/handle' })
    })

    it('refuses unknown fields, unknown categories, bad VAT rates and compare-at prices below the price', async () => {
      const unknownField = await post('/v1/products', { ...productBody(), colour: 'bleu' })
      expect(unknownField.statusCode).toBe(400)
      expect(unknownField.json().field).toBe('/body/colour')
      const unknownCategory = await post('/v1/products', productBody({ categoryIds: ['nope'] }))
      expect(unknownCategory.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/unknown-category', field: '/body/categoryIds/0' })
      const vat = await post('/v1/products', productBody({ vatRate: 1960 }))
      expect(vat.statusCode).toBe(400)
      expect(vat.json().field).toBe('/body/vatRate')
      const body = productBody()
      const cheap = await post('/v1/products', { ...body, variants: [{ ...body.variants[0], compareAtPrice: { amount: 100 } }] })
      expect(cheap.json()).toMatchObject({
        status: 400,
        type: 'https://omnicanal.dev/problems/invalid-compare-at-price',
        field: '/body/variants/0/compareAtPrice',
      })
      const negative = await post('/v1/products', { ...body, variants: [{ ...body.variants[0], price: { amount: -1 } }] })
      expect(negative.json()).toMatchObject({ status: 400, field: '/body/variants/0/price/amount' })
    })

    it('is refused to anonymous callers (401), customers, associates and integrations without the scope (403)', async () => {
      expect((await post('/v1/products', productBody(), {})).statusCode).toBe(401)
      for (const headers of [callers.customer.headers, callers.associate.headers, callers.readOnlyIntegration.headers]) {
        const res = await post('/v1/products', productBody(), headers)
        expect(res.statusCode).toBe(403)
        expect(res.json().type).toBe('https://omnicanal.dev/problems/forbidden')
      }
      expect((await post('/v1/products', productBody(), callers.integration.headers)).statusCode).toBe(201)
    })

    it('replays a retried create with the same Idempotency-Key instead of creating twice', async () => {
      const body = productBody()
      const headers = { ...callers.admin.headers, 'idempotency-key': `create-${body.handle}` }
      const first = await post('/v1/products', body, headers)
      const second = await post('/v1/products', body, headers)
      expect(first.statusCode).toBe(201)
      expect(second.statusCode).toBe(201)
      expect(second.headers['idempotent-replayed']).toBe('true')
      expect(second.json()).toEqual(first.json())
    })
  })

  describe('GET, PATCH and DELETE /v1/products/{id}', () => {
    it('reads a product by id or by handle', async () => {
      const created = (await post('/v1/products', productBody())).json()
      expect((await get(`/v1/products/${created.id}`)).json()).toEqual(created)
      expect((await get(`/v1/products/${created.handle}`)).json().id).toBe(created.id)
      const missing = await get('/v1/products/prod_nope')
      expect(missing.statusCode).toBe(404)
      expect(missing.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/not-found', field: '/params/id' })
    })

    it('hides drafts from the public but shows them to staff', async () => {
      const draft = (await post('/v1/products', productBody({ status: 'draft' }))).json()
      expect((await get(`/v1/products/${draft.id}`)).statusCode).toBe(404)
      expect((await get(`/v1/products/${draft.id}`, callers.customer.headers)).statusCode).toBe(404)
      expect((await get(`/v1/products/${draft.id}`, callers.associate.headers)).json().status).toBe('draft')
    })

    it('changes fields and replaces categories; a taken handle is a 409', async () => {
      const category = (await post('/v1/categories', { code: 'femme-robes', name: { fr: 'Robes', en: 'Dresses' } })).json()
      const other = (await post('/v1/products', productBody())).json()
      const created = (await post('/v1/products', productBody())).json()
      const res = await patch(`/v1/products/${created.handle}`, {
        title: { fr: 'Robe d’été', en: 'Summer dress' },
        categoryIds: [category.code],
        vatRate: 1000,
      })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ id: created.id, title: { fr: 'Robe d’été', en: 'Summer dress' }, categoryIds: [category.id], vatRate: 1000 })
      expect(res.json().variants).toHaveLength(2)
      const taken = await patch(`/v1/products/${created.id}`, { handle: other.handle })
      expect(taken.statusCode).toBe(409)
      expect(taken.json().type).toBe('https://omnicanal.dev/problems/handle-taken')
      expect((await patch(`/v1/products/${created.id}`, {})).statusCode).toBe(400)
      expect((await patch(`/v1/products/${created.id}`, { brand: 'X' }, callers.customer.headers)).statusCode).toBe(403)
    })

    it('archives on DELETE: hidden from the public, kept for staff, twice is harmless', async () => {
      const created = (await post('/v1/products', productBody())).json()
      const archived = await server.app.inject({ method: 'DELETE', url: `/v1/products/${created.id}`, headers: callers.admin.headers })
      expect(archived.statusCode).toBe(200)
      expect(archived.json().status).toBe('archived')
      expect((await server.app.inject({ method: 'DELETE', url: `/v1/products/${created.id}`, headers: callers.admin.headers })).json().status).toBe('archived')
      expect((await get(`/v1/products/${created.id}`)).statusCode).toBe(404)
      expect((await get(`/v1/variants/${created.variants[0].sku}`)).statusCode).toBe(404)
      expect((await get(`/v1/variants/${created.variants[0].sku}`, callers.associate.headers)).json().product.status).toBe('archived')
      const publicList = (await get('/v1/products?limit=200')).json()
      expect(publicList.items.map((item: { id: string }) => item.id)).not.toContain(created.id)
      const staffList = (await get('/v1/products?status=archived&limit=200', callers.admin.headers)).json()
      expect(staffList.items.map((item: { id: string }) => item.id)).toContain(created.id)
      expect((await get('/v1/products?status=archived')).statusCode).toBe(403)
      const events = await server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'catalog.product_archived'))
      expect(events.filter((event) => (event.payload as { productId?: string }).productId === created.id)).toHaveLength(1)
    })
  })

  it('documents every catalogue route in the OpenAPI description', async () => {
    const spec = (await get('/openapi.json')).json()
    for (const path of [
      '/v1/products',
      '/v1/products/{id}',
      '/v1/products/{id}/variants',
      '/v1/products/{id}/variants/{variantId}',
      '/v1/variants/{skuOrBarcode}',
      '/v1/categories',
      '/v1/categories/{id}',
    ]) {
      expect(spec.paths[path], path).toBeDefined()
    }
  })
})
