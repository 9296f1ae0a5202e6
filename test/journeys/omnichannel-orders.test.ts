/**
 * Journeys through the documented API over real HTTP (loopback), on both engines: a click-and-collect order, a web
 * order shipped from the nearest store, and an endless-aisle order taken on a store kiosk.
 */
import { describe, expect, it } from 'vitest'
import { card, httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'

describe.each(engines)('omnichannel order journeys on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })

  const { call, expectStatus } = httpCalls(() => shop.server)

  it('click-and-collect: ordered on the web, prepared and handed over in Montpellier against the pickup code', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [shop.world.stores.montpellier.id] })).variants[0]!
    const cart = await expectStatus(call('POST', '/v1/carts', shop.world.customer.headers, { channelId: shop.world.channels.web.id, pickupLocationId: shop.world.stores.montpellier.id, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const order = await expectStatus(call('POST', `/v1/carts/${cart.id}/checkout`, { ...shop.world.customer.headers, 'idempotency-key': `cc-${cart.id}` }, { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.montpellier.id }, payments: [card()] }), 201)
    const [fulfilment] = order.fulfilments
    expect(fulfilment).toMatchObject({ method: 'click_and_collect', status: 'allocated', sourceLocationId: shop.world.stores.montpellier.id })
    const queue = await expectStatus(call('GET', `/v1/locations/${shop.world.stores.montpellier.id}/work`, shop.world.associate.headers), 200)
    expect(JSON.stringify(queue)).toContain(fulfilment!.id)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/pick`, shop.world.associate.headers), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ready`, shop.world.associate.headers), 200)
    const collected = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/collect`, shop.world.associate.headers, { pickupCode: fulfilment!.pickupCode }), 200)
    expect(collected).toMatchObject({ status: 'collected', attributedLocationId: shop.world.stores.montpellier.id })
    const seen = await expectStatus(call('GET', `/v1/orders/${order.id}`, shop.world.customer.headers), 200)
    expect(seen).toMatchObject({ status: 'collected', fulfilments: [{ status: 'collected' }] })
  })

  it('ship-from-store: the warehouse is out, the store nearest the customer ships the web order', async () => {
    await expectStatus(
      call('PUT', '/v1/postal-codes', shop.world.admin.headers, {
        items: [
          { country: 'FR', postalCode: '69003', latitude: 45.7597, longitude: 4.8513 },
          { country: 'FR', postalCode: '34000', latitude: 43.6108, longitude: 3.8767 },
        ],
      }),
      200,
    )
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 1, locationIds: [shop.world.stores.paris.id, shop.world.stores.lyon.id, shop.world.stores.montpellier.id] })).variants[0]!
    const cart = await expectStatus(call('POST', '/v1/carts', shop.world.customer.headers, { channelId: shop.world.channels.web.id, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const address = { name: 'Camille Martin', line1: '10 cours Lafayette', postalCode: '69003', city: 'Lyon', country: 'FR' }
    const order = await expectStatus(call('POST', `/v1/carts/${cart.id}/checkout`, shop.world.customer.headers, { fulfilment: { method: 'ship', shippingAddress: address }, payments: [card()] }), 201)
    const [fulfilment] = order.fulfilments
    expect(fulfilment).toMatchObject({ method: 'ship_from_store', sourceLocationId: shop.world.stores.lyon.id })
    expect(fulfilment!.routingReason).toMatch(/km/)
    const toPick = await expectStatus(call('GET', `/v1/locations/${shop.world.stores.lyon.id}/work`, shop.world.lyonAssociate.headers), 200)
    expect(JSON.stringify(toPick)).toContain(fulfilment!.id)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/pick`, shop.world.lyonAssociate.headers), 200)
    const shipped = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ship`, shop.world.lyonAssociate.headers, { carrier: 'Colissimo', trackingNumber: '6A0001' }), 200)
    expect(shipped).toMatchObject({ status: 'shipped', fulfilments: [{ status: 'shipped', carrier: 'Colissimo' }], payments: [{ status: 'captured' }] })
    const delivered = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/deliver`, shop.world.lyonAssociate.headers), 200)
    expect(delivered.status).toBe('delivered')
  })

  it('endless aisle: a kiosk in the Montpellier store sells what its shelf lacks, delivered to the store', async () => {
    const variant = (await stockedProduct(shop.server, shop.world, { onHand: 3, locationIds: [shop.world.stores.warehouse.id] })).variants[0]!
    const cart = await expectStatus(call('POST', '/v1/carts', shop.world.device.headers, { channelId: shop.world.channels.kioskMontpellier.id, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const order = await expectStatus(
      call('POST', `/v1/carts/${cart.id}/checkout`, shop.world.device.headers, { fulfilment: { method: 'endless_aisle', pickupLocationId: shop.world.stores.montpellier.id }, contact: { email: 'borne@example.com', firstName: 'Inès' }, payments: [card()] }),
      201,
    )
    const [fulfilment] = order.fulfilments
    expect(order).toMatchObject({ channel: { kind: 'kiosk' }, attributedLocationId: shop.world.stores.montpellier.id, attributionReason: 'placed_in_store' })
    expect(fulfilment).toMatchObject({ method: 'endless_aisle', sourceLocationId: shop.world.stores.warehouse.id })
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/pick`, shop.world.admin.headers), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ship`, shop.world.admin.headers, { carrier: 'Navette', trackingNumber: 'ORL-MTP-9' }), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ready`, shop.world.associate.headers), 200)
    const collected = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/collect`, shop.world.associate.headers, { pickupCode: fulfilment!.pickupCode }), 200)
    expect(collected.status).toBe('collected')
  })
})
