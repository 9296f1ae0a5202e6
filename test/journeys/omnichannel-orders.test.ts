/**
 * Journeys through the documented API over real HTTP (loopback), on both engines: a click-and-collect order, a web
 * order shipped from the nearest store, and an endless-aisle order taken on a store kiosk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cartWorld, stockedProduct, type CartWorld } from '../commerce.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

type Json = Record<string, unknown> & { [key: string]: never | unknown }
type Headers = Record<string, string>

const CARD = { method: 'card', card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2035 } }

describe.each(engines)('omnichannel order journeys on %s', (engine) => {
  let server: TestServer
  let world: CartWorld
  beforeAll(async () => {
    server = await startTestServer({ engine, listen: true })
    world = await cartWorld(server)
  })
  afterAll(async () => server?.close())

  async function call(method: string, path: string, headers: Headers, body?: unknown): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${server.url}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: res.status, json: (await res.json()) as Json }
  }
  const expectStatus = async (pending: Promise<{ status: number; json: Json }>, status: number) => {
    const res = await pending
    expect(res.status, JSON.stringify(res.json)).toBe(status)
    return res.json as never as { id: string; status: string; fulfilments: { id: string; status: string; method: string; sourceLocationId: string; pickupCode: string | null; routingReason: string }[]; [key: string]: unknown }
  }

  it('click-and-collect: ordered on the web, prepared and handed over in Montpellier against the pickup code', async () => {
    const variant = (await stockedProduct(server, world, { onHand: 2, locationIds: [world.stores.montpellier.id] })).variants[0]!
    const cart = await expectStatus(call('POST', '/v1/carts', world.customer.headers, { channelId: world.channels.web.id, pickupLocationId: world.stores.montpellier.id, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const order = await expectStatus(call('POST', `/v1/carts/${cart.id}/checkout`, { ...world.customer.headers, 'idempotency-key': `cc-${cart.id}` }, { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.montpellier.id }, payments: [CARD] }), 201)
    const [fulfilment] = order.fulfilments
    expect(fulfilment).toMatchObject({ method: 'click_and_collect', status: 'allocated', sourceLocationId: world.stores.montpellier.id })
    const queue = await expectStatus(call('GET', `/v1/locations/${world.stores.montpellier.id}/work`, world.associate.headers), 200)
    expect(JSON.stringify(queue)).toContain(fulfilment!.id)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/pick`, world.associate.headers), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ready`, world.associate.headers), 200)
    const collected = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/collect`, world.associate.headers, { pickupCode: fulfilment!.pickupCode }), 200)
    expect(collected).toMatchObject({ status: 'collected', attributedLocationId: world.stores.montpellier.id })
    const seen = await expectStatus(call('GET', `/v1/orders/${order.id}`, world.customer.headers), 200)
    expect(seen).toMatchObject({ status: 'collected', fulfilments: [{ status: 'collected' }] })
  })

  it('ship-from-store: the warehouse is out, the store nearest the customer ships the web order', async () => {
    await expectStatus(
      call('PUT', '/v1/postal-codes', world.admin.headers, {
        items: [
          { country: 'FR', postalCode: '69003', latitude: 45.7597, longitude: 4.8513 },
          { country: 'FR', postalCode: '34000', latitude: 43.6108, longitude: 3.8767 },
        ],
      }),
      200,
    )
    const variant = (await stockedProduct(server, world, { onHand: 1, locationIds: [world.stores.paris.id, world.stores.lyon.id, world.stores.montpellier.id] })).variants[0]!
    const cart = await expectStatus(call('POST', '/v1/carts', world.customer.headers, { channelId: world.channels.web.id, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const address = { name: 'Camille Martin', line1: '10 cours Lafayette', postalCode: '69003', city: 'Lyon', country: 'FR' }
    const order = await expectStatus(call('POST', `/v1/carts/${cart.id}/checkout`, world.customer.headers, { fulfilment: { method: 'ship', shippingAddress: address }, payments: [CARD] }), 201)
    const [fulfilment] = order.fulfilments
    expect(fulfilment).toMatchObject({ method: 'ship_from_store', sourceLocationId: world.stores.lyon.id })
    expect(fulfilment!.routingReason).toMatch(/km/)
    const toPick = await expectStatus(call('GET', `/v1/locations/${world.stores.lyon.id}/work`, world.lyonAssociate.headers), 200)
    expect(JSON.stringify(toPick)).toContain(fulfilment!.id)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/pick`, world.lyonAssociate.headers), 200)
    const shipped = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ship`, world.lyonAssociate.headers, { carrier: 'Colissimo', trackingNumber: '6A0001' }), 200)
    expect(shipped).toMatchObject({ status: 'shipped', fulfilments: [{ status: 'shipped', carrier: 'Colissimo' }], payments: [{ status: 'captured' }] })
    const delivered = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/deliver`, world.lyonAssociate.headers), 200)
    expect(delivered.status).toBe('delivered')
  })

  it('endless aisle: a kiosk in the Montpellier store sells what its shelf lacks, delivered to the store', async () => {
    const variant = (await stockedProduct(server, world, { onHand: 3, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const cart = await expectStatus(call('POST', '/v1/carts', world.device.headers, { channelId: world.channels.kioskMontpellier.id, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const order = await expectStatus(
      call('POST', `/v1/carts/${cart.id}/checkout`, world.device.headers, { fulfilment: { method: 'endless_aisle', pickupLocationId: world.stores.montpellier.id }, contact: { email: 'borne@example.com', firstName: 'Inès' }, payments: [CARD] }),
      201,
    )
    const [fulfilment] = order.fulfilments
    expect(order).toMatchObject({ placedChannelKind: 'kiosk', attributedLocationId: world.stores.montpellier.id, attributionReason: 'placed_in_store' })
    expect(fulfilment).toMatchObject({ method: 'endless_aisle', sourceLocationId: world.stores.warehouse.id })
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/pick`, world.admin.headers), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ship`, world.admin.headers, { carrier: 'Navette', trackingNumber: 'ORL-MTP-9' }), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/ready`, world.associate.headers), 200)
    const collected = await expectStatus(call('POST', `/v1/fulfilments/${fulfilment!.id}/collect`, world.associate.headers, { pickupCode: fulfilment!.pickupCode }), 200)
    expect(collected.status).toBe('collected')
  })
})
