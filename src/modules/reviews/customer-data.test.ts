import { describe, expect, it } from 'vitest'
import { cartWith, checkout, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { eq } from 'drizzle-orm'
import { outboxEvents } from '../../platform/schema.js'

type Headers = Record<string, string>
type Item = { id: string; productId: string; customerId: string; rating: number }

describe.each(engines)('reviews across merges, erasure and export on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)
  const admin = () => shop.world.admin.headers
  const product = () => stockedProduct(shop.server, shop.world, { prices: [5990] })

  async function bought(customerId: string, variantId: string): Promise<void> {
    const cartId = await cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId, quantity: 1 }], { customerId })
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 10000 }] }, shop.world.associate.headers)
    expect(res.statusCode, res.body).toBe(201)
  }

  async function reviewed(session: Session, productId: string, rating: number, publish = true): Promise<string> {
    const res = await http.post(`/v1/products/${productId}/reviews`, { rating, title: `Note ${rating}` }, session.headers)
    expect(res.statusCode, res.body).toBe(201)
    const id = res.json<{ id: string }>().id
    if (publish) expect((await http.post(`/v1/reviews/${id}/moderation`, { status: 'published' }, admin())).statusCode).toBe(200)
    return id
  }

  const reviewsOf = async (customerId: string, headers: Headers = admin()) => (await http.get(`/v1/customers/${customerId}/reviews`, headers)).json<{ items: Item[] }>().items
  const aggregate = async (productId: string) => (await http.get(`/v1/products/${productId}/reviews`, {})).json<{ items: Item[]; aggregate: { count: number; averageTenths: number | null } }>()

  it('moves her reviews to the survivor of a merge, keeps the newer of two on one product, and a revert restores both', async () => {
    const survivor = await customerSession(shop.server)
    const merged = await customerSession(shop.server)
    const [shared, only] = [await product(), await product()]
    await bought(survivor.id, shared.variants[0]!.id)
    await bought(merged.id, shared.variants[0]!.id)
    await bought(merged.id, only.variants[0]!.id)
    const older = await reviewed(survivor, shared.id, 2)
    const newer = await reviewed(merged, shared.id, 5)
    const other = await reviewed(merged, only.id, 4)
    expect((await aggregate(shared.id)).aggregate).toMatchObject({ count: 2, averageTenths: 35 })

    const res = await http.post(`/v1/customers/${survivor.id}/merges`, { mergedCustomerId: merged.id }, admin())
    expect(res.statusCode, res.body).toBe(201)
    const mergeId = res.json<{ id: string }>().id
    expect((await reviewsOf(survivor.id)).map((r) => r.id).sort()).toEqual([newer, other].sort())
    expect(await reviewsOf(merged.id)).toEqual([])
    // One review per person and product on the page: the set-aside one no longer counts.
    expect((await aggregate(shared.id)).aggregate).toMatchObject({ count: 1, averageTenths: 50 })
    expect((await http.get(`/v1/reviews/${older}`, admin())).statusCode).toBe(404)
    // She may not review it again: her (moved) review holds the place.
    expect((await http.post(`/v1/products/${shared.id}/reviews`, { rating: 1 }, survivor.headers)).json()).toMatchObject({ status: 409, reviewId: newer })

    const reverted = await http.post(`/v1/customer-merges/${mergeId}/revert`, {}, admin())
    expect(reverted.statusCode, reverted.body).toBe(200)
    expect((await reviewsOf(survivor.id)).map((r) => r.id)).toEqual([older])
    expect((await reviewsOf(merged.id)).map((r) => r.id).sort()).toEqual([newer, other].sort())
    expect((await aggregate(shared.id)).aggregate).toMatchObject({ count: 2, averageTenths: 35 })
  })

  it('keeps the survivor’s review when it is the newer one, and sets the merged profile’s aside', async () => {
    const survivor = await customerSession(shop.server)
    const merged = await customerSession(shop.server)
    const dress = await product()
    await bought(survivor.id, dress.variants[0]!.id)
    await bought(merged.id, dress.variants[0]!.id)
    await reviewed(merged, dress.id, 1)
    const kept = await reviewed(survivor, dress.id, 4)
    expect((await http.post(`/v1/customers/${survivor.id}/merges`, { mergedCustomerId: merged.id }, admin())).statusCode).toBe(201)
    expect((await reviewsOf(survivor.id)).map((r) => r.id)).toEqual([kept])
    expect((await aggregate(dress.id)).aggregate).toMatchObject({ count: 1, averageTenths: 40 })
  })

  it('keeps a published review over a newer pending one across merges A→B and C→B, exports the set-aside ones, and a revert of A→B restores A’s', async () => {
    const [a, b, c] = [await customerSession(shop.server), await customerSession(shop.server), await customerSession(shop.server)]
    const dress = await product()
    for (const who of [a, b, c]) await bought(who.id, dress.variants[0]!.id)
    const fromB = await reviewed(b, dress.id, 2)
    const fromA = await reviewed(a, dress.id, 5, false)
    const merge = async (survivor: Session, merged: Session) => {
      const res = await http.post(`/v1/customers/${survivor.id}/merges`, { mergedCustomerId: merged.id }, admin())
      expect(res.statusCode, res.body).toBe(201)
      return res.json<{ id: string }>().id
    }
    const exportedIds = async (who: Session) => (await http.get(`/v1/customers/${who.id}/export`, admin())).json<{ reviews: { id: string }[] }>().reviews.map((r) => r.id).sort()

    const aIntoB = await merge(b, a)
    // Her published review stays on the page; A's newer pending one is set aside, and her export holds both.
    expect((await reviewsOf(b.id)).map((r) => r.id)).toEqual([fromB])
    expect((await aggregate(dress.id)).aggregate).toMatchObject({ count: 1, averageTenths: 20 })
    expect(await exportedIds(b)).toEqual([fromA, fromB].sort())

    const fromC = await reviewed(c, dress.id, 4)
    await merge(b, c)
    // Both published: the last written (C's) stays.
    expect((await reviewsOf(b.id)).map((r) => r.id)).toEqual([fromC])
    expect(await exportedIds(b)).toEqual([fromA, fromB, fromC].sort())
    // B's published review left the page: an unscoped event with ids only (A's pending one never showed).
    const removed = await shop.server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'reviews.review_removed'))
    const ours = removed.filter((e) => [fromA, fromB, fromC].includes((e.payload as { reviewId: string }).reviewId))
    expect(ours.map((e) => ({ payload: e.payload, customerId: e.customerId }))).toEqual([{ payload: { reviewId: fromB, productId: dress.id, reason: 'merged' }, customerId: null }])

    const reverted = await http.post(`/v1/customer-merges/${aIntoB}/revert`, {}, admin())
    expect(reverted.statusCode, reverted.body).toBe(200)
    expect((await reviewsOf(a.id)).map((r) => r.id)).toEqual([fromA])
    expect((await reviewsOf(b.id)).map((r) => r.id)).toEqual([fromC])
    expect(await exportedIds(b)).toEqual([fromB, fromC].sort())
  })

  it('puts her reviews in her export, and her erasure deletes them and counts them in the summary', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    await bought(buyer.id, dress.variants[0]!.id)
    const id = await reviewed(buyer, dress.id, 3)
    const exported = await http.get(`/v1/customers/${buyer.id}/export`, buyer.headers)
    expect(exported.statusCode, exported.body).toBe(200)
    expect(exported.json()).toMatchObject({ reviews: [{ id, productId: dress.id, rating: 3, title: 'Note 3', status: 'published', purchaseChannel: 'store' }] })

    const erased = await http.post(`/v1/customers/${buyer.id}/erasure`, { reason: 'Demande de la cliente' }, admin())
    expect(erased.statusCode, erased.body).toBe(200)
    expect(erased.json()).toMatchObject({ removed: { reviews: 1 } })
    const removed = await shop.server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'reviews.review_removed'))
    expect(removed.map((e) => e.payload)).toContainEqual({ reviewId: id, productId: dress.id, reason: 'erased' })
    expect((await http.get(`/v1/reviews/${id}`, admin())).statusCode).toBe(404)
    expect(await aggregate(dress.id)).toMatchObject({ items: [], aggregate: { count: 0, averageTenths: null } })
    expect((await http.get(`/v1/customers/${buyer.id}/export`, admin())).json()).toMatchObject({ reviews: [] })
  })
})
