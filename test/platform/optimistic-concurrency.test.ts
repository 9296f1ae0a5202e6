/**
 * Optimistic concurrency (platform/concurrency.ts): resources answer their version as an ETag, writes honour
 * If-Match with a 412 when stale, and two writers holding one ETag never both win (on PostgreSQL, where they can race).
 */
import { describe, expect, it } from 'vitest'
import { cartWith, requests, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'
import { inlineComponentRefs } from '../../src/platform/openapi-walk.js'

describe.each(engines)('optimistic concurrency on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)
  const inject = (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    shop.server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })

  it('answers a product with its version as a strong ETag, and refuses a PATCH with a stale If-Match (412, nothing written)', async () => {
    const { admin } = shop.world
    const product = await stockedProduct(shop.server, shop.world)
    const read = await http.get(`/v1/products/${product.id}`, admin.headers)
    const etag = read.headers.etag as string
    expect(etag).toBe(`"${read.json().version}"`)

    const first = await inject('PATCH', `/v1/products/${product.id}`, { ...admin.headers, 'if-match': etag }, { brand: 'Maison Lumière' })
    expect(first.statusCode).toBe(200)
    expect(first.json().version).toBeGreaterThan(read.json().version)
    expect(first.headers.etag).toBe(`"${first.json().version}"`)

    const stale = await inject('PATCH', `/v1/products/${product.id}`, { ...admin.headers, 'if-match': etag }, { brand: 'Autre' })
    expect(stale.statusCode).toBe(412)
    expect(stale.headers['content-type']).toContain('application/problem+json')
    expect(stale.json()).toMatchObject({
      type: 'https://omnicanal.dev/problems/precondition-failed',
      field: '/headers/if-match',
      currentVersion: first.json().version,
    })
    expect((await http.get(`/v1/products/${product.id}`, admin.headers)).json().brand).toBe('Maison Lumière')

    // A weakened tag (a compressing proxy does that) names the same version; `*` and no header set no condition.
    const weak = await inject('PATCH', `/v1/products/${product.id}`, { ...admin.headers, 'if-match': `W/${first.headers.etag}` }, { brand: 'Faible' })
    expect(weak.statusCode).toBe(200)
    expect((await inject('PATCH', `/v1/products/${product.id}`, { ...admin.headers, 'if-match': '*' }, { brand: 'Étoile' })).statusCode).toBe(200)
    expect((await inject('PATCH', `/v1/products/${product.id}`, admin.headers, { brand: 'Sans condition' })).statusCode).toBe(200)
    expect((await inject('PATCH', `/v1/products/${product.id}`, { ...admin.headers, 'if-match': '"not-ours"' }, { brand: 'x' })).statusCode).toBe(412)
  })

  it('checks a variant, a customer, a channel and a location the same way', async () => {
    const { admin, customer, channels, stores } = shop.world
    const product = await stockedProduct(shop.server, shop.world)
    const variant = product.variants[0]!
    const targets: [string, object, string?][] = [
      [`/v1/products/${product.id}/variants/${variant.id}`, { options: { taille: 'M' } }, `/v1/variants/${variant.sku}`],
      [`/v1/customers/${customer.id}`, { firstName: 'Camille' }],
      [`/v1/channels/${channels.catalogue.id}`, { name: 'Catalogue papier' }],
      [`/v1/locations/${stores.warehouse.id}`, { name: 'Entrepôt central' }],
    ]
    for (const [url, change, readAt] of targets) {
      const read = await http.get(readAt ?? url, admin.headers)
      expect(read.headers.etag, url).toBe(`"${read.json().version}"`)
      const written = await inject('PATCH', url, { ...admin.headers, 'if-match': read.headers.etag as string }, change)
      expect(written.statusCode, url).toBe(200)
      const stale = await inject('PATCH', url, { ...admin.headers, 'if-match': read.headers.etag as string }, change)
      expect(stale.statusCode, url).toBe(412)
    }
  })

  it('lets a seller and the shopper edit one cart without losing a write: the second with the same ETag gets 412', async () => {
    const { admin, customer, channels } = shop.world
    const product = await stockedProduct(shop.server, shop.world, { prices: [1990, 2990] })
    const [first, second] = product.variants
    const cartId = await cartWith(shop.server, customer.headers, channels.web.id, [{ variantId: first!.id, quantity: 1 }])
    const read = await http.get(`/v1/carts/${cartId}`, customer.headers)
    const etag = read.headers.etag as string
    expect(etag).toBe(`"${read.json().version}"`)

    const seller = await inject('POST', `/v1/carts/${cartId}/lines`, { ...admin.headers, 'if-match': etag }, { variantId: second!.id })
    expect(seller.statusCode).toBe(201)
    const shopper = await inject('DELETE', `/v1/carts/${cartId}/lines/${read.json().lines[0].id}`, { ...customer.headers, 'if-match': etag })
    expect(shopper.statusCode).toBe(412)
    // The ETag a write answers is the one a read answers next: the shopper retries with it.
    const again = await http.get(`/v1/carts/${cartId}`, customer.headers)
    expect(again.headers.etag).toBe(seller.headers.etag)
    expect(again.json().lines).toHaveLength(2)
    const retried = await inject('DELETE', `/v1/carts/${cartId}/lines/${read.json().lines[0].id}`, {
      ...customer.headers,
      'if-match': again.headers.etag as string,
    })
    expect(retried.statusCode).toBe(200)
  })

  it('replays an idempotent retry with the first answer and its ETag, although the If-Match it carries is stale by then', async () => {
    const { admin } = shop.world
    const product = await stockedProduct(shop.server, shop.world)
    const etag = (await http.get(`/v1/products/${product.id}`, admin.headers)).headers.etag as string
    const headers = { ...admin.headers, 'if-match': etag, 'idempotency-key': `etag-${product.id}` }
    const first = await inject('PATCH', `/v1/products/${product.id}`, headers, { brand: 'Rejouée' })
    const replay = await inject('PATCH', `/v1/products/${product.id}`, headers, { brand: 'Rejouée' })
    expect(first.statusCode).toBe(200)
    expect(replay.statusCode).toBe(200)
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect(replay.headers.etag).toBe(first.headers.etag)
    expect(replay.json()).toEqual(first.json())
  })

  it('declares If-Match and the 412 answer on every route that honours it', async () => {
    const document = inlineComponentRefs(
      (await shop.server.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
        paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; responses: Record<string, unknown> }>>
      }>(),
    )
    const honouring = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.parameters?.some((p) => p.in === 'header' && p.name === 'if-match'))
        .map(([method, operation]) => ({ at: `${method} ${path}`, operation })),
    )
    expect(honouring.map((route) => route.at)).toEqual(
      expect.arrayContaining([
        'patch /v1/products/{id}',
        'patch /v1/carts/{id}',
        'post /v1/carts/{id}/lines',
        'patch /v1/customers/{id}',
        'patch /v1/price-lists/{id}',
        'patch /v1/promotions/{id}',
        'patch /v1/coupons/{code}',
        'patch /v1/webhooks/{id}',
        'put /v1/customer-groups/{code}',
      ]),
    )
    for (const route of honouring) expect(Object.keys(route.operation.responses), route.at).toContain('412')
  })

  it.skipIf(engine === 'pglite')(
    'lets exactly one of two writers holding the same ETag win, on a product and on a cart (PostgreSQL: PGlite has one connection)',
    async () => {
      const { admin, customer, channels } = shop.world
      const product = await stockedProduct(shop.server, shop.world, { prices: [1990, 2990, 3990] })
      for (let round = 0; round < 5; round++) {
        const etag = (await http.get(`/v1/products/${product.id}`, admin.headers)).headers.etag as string
        const answers = await Promise.all(
          ['A', 'B'].map((brand) => inject('PATCH', `/v1/products/${product.id}`, { ...admin.headers, 'if-match': etag }, { brand: `${brand}${round}` })),
        )
        expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 412])
      }
      const cartId = await cartWith(shop.server, customer.headers, channels.web.id, [{ variantId: product.variants[0]!.id, quantity: 1 }])
      const etag = (await http.get(`/v1/carts/${cartId}`, customer.headers)).headers.etag as string
      const answers = await Promise.all([
        inject('POST', `/v1/carts/${cartId}/lines`, { ...admin.headers, 'if-match': etag }, { variantId: product.variants[1]!.id }),
        inject('POST', `/v1/carts/${cartId}/lines`, { ...customer.headers, 'if-match': etag }, { variantId: product.variants[2]!.id }),
      ])
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 412])
      expect((await http.get(`/v1/carts/${cartId}`, customer.headers)).json().lines).toHaveLength(2)
    },
  )
})
