import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, homeAddress, requests, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { customerSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'

const PROBLEMS = 'https://omnicanal.dev/problems/'
type View = { id: string; orderId: string; verifiedPurchase: boolean; reviewer: string; moderation: { by: { kind: string; id: string | null } } | null }

describe.each(engines)('verified purchases and reviewer names on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)
  const product = () => stockedProduct(shop.server, shop.world, { prices: [5990] })
  const review = (productId: string, body: unknown, session: Session) => http.post(`/v1/products/${productId}/reviews`, body, session.headers)
  const publish = (id: string) => http.post(`/v1/reviews/${id}/moderation`, { status: 'published' }, shop.world.admin.headers)

  async function webOrder(session: Session, variantId: string): Promise<string> {
    const cartId = await cartWith(shop.server, session.headers, shop.world.channels.web.id, [{ variantId, quantity: 1 }])
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, session.headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: string }>().id
  }

  const cancel = async (orderId: string, session: Session) => expect((await http.post(`/v1/orders/${orderId}/cancel`, { reason: 'Changé d’avis' }, session.headers)).statusCode).toBe(200)

  it('refuses an order placed but not paid as a purchase', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    const cartId = await cartWith(shop.server, buyer.headers, shop.world.channels.web.id, [{ variantId: dress.variants[0]!.id, quantity: 1 }])
    const order = await checkout(shop.server, cartId, { fulfilment: { method: 'reserve_in_store', pickupLocationId: shop.world.stores.montpellier.id }, payments: [] }, buyer.headers)
    expect(order.json()).toMatchObject({ status: 'placed' })
    expect((await review(dress.id, { rating: 5 }, buyer)).json()).toMatchObject({ status: 403, type: `${PROBLEMS}purchase-required` })
  })

  it('re-points a review to her other paid order when its order is cancelled, and marks it unverified without one', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    const first = await webOrder(buyer, dress.variants[0]!.id)
    const second = await webOrder(buyer, dress.variants[0]!.id)
    const created = (await review(dress.id, { rating: 4 }, buyer)).json<View>()
    expect(created).toMatchObject({ orderId: second, verifiedPurchase: true })
    expect((await publish(created.id)).statusCode).toBe(200)

    await cancel(second, buyer)
    expect((await http.get(`/v1/reviews/${created.id}`, buyer.headers)).json()).toMatchObject({ orderId: first, verifiedPurchase: true })
    await cancel(first, buyer)
    expect((await http.get(`/v1/reviews/${created.id}`, buyer.headers)).json()).toMatchObject({ orderId: first, verifiedPurchase: false })
    expect((await http.get(`/v1/products/${dress.id}/reviews`, {})).json()).toMatchObject({ items: [{ id: created.id, verifiedPurchase: false }] })
  })

  it('answers 404 for a product not on sale that she did not buy, never a 403', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    const drafted = await http.patch(`/v1/products/${dress.id}`, { status: 'draft' }, shop.world.admin.headers)
    expect(drafted.statusCode, drafted.body).toBe(200)
    const res = await review(dress.id, { rating: 5 }, buyer)
    expect(res.json()).toMatchObject({ status: 404, type: `${PROBLEMS}not-found`, field: '/params/id' })
  })

  it('stores her public name with the review (first word and initial), which a later profile change leaves', async () => {
    const buyer = await customerSession(shop.server)
    const renamed = await http.patch(`/v1/customers/${buyer.id}`, { firstName: 'Léa Garcia', lastName: 'Garcia' }, buyer.headers)
    expect(renamed.statusCode, renamed.body).toBe(200)
    const dress = await product()
    await webOrder(buyer, dress.variants[0]!.id)
    const created = (await review(dress.id, { rating: 5 }, buyer)).json<View>()
    expect(created.reviewer).toBe('Léa G.')
    expect((await publish(created.id)).statusCode).toBe(200)
    expect((await http.patch(`/v1/customers/${buyer.id}`, { firstName: 'Léa-Rose Garcia Lopez', lastName: 'Lopez' }, buyer.headers)).statusCode).toBe(200)
    expect((await http.get(`/v1/products/${dress.id}/reviews`, {})).json()).toMatchObject({ items: [{ id: created.id, reviewer: 'Léa G.' }] })
    // Her edit takes her name again, and goes back to moderation with it.
    expect((await http.patch(`/v1/reviews/${created.id}`, { rating: 4 }, buyer.headers)).json()).toMatchObject({ reviewer: 'Léa-Rose L.', status: 'pending' })
  })

  it('shows her that staff decided, not which member of staff', async () => {
    const buyer = await customerSession(shop.server)
    const dress = await product()
    await webOrder(buyer, dress.variants[0]!.id)
    const created = (await review(dress.id, { rating: 5 }, buyer)).json<View>()
    expect((await publish(created.id)).json()).toMatchObject({ moderation: { by: { kind: 'staff', id: shop.world.admin.id } } })
    expect((await http.get(`/v1/reviews/${created.id}`, buyer.headers)).json()).toMatchObject({ moderation: { by: { kind: 'staff', id: null } } })
    const mine = (await http.get(`/v1/customers/${buyer.id}/reviews`, buyer.headers)).json<{ items: View[] }>().items
    expect(mine[0]?.moderation?.by.id).toBeNull()
    expect((await http.get(`/v1/reviews/${created.id}`, shop.world.admin.headers)).json()).toMatchObject({ moderation: { by: { id: shop.world.admin.id } } })
  })
})
