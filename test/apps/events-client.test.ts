/**
 * apps/shared/events.ts against the real server: the fetch-based SSE client sends the bearer token, filters by type
 * and location, delivers a click-and-collect order placed for Montpellier, and backs off within its bounds.
 */
import { describe, expect, it } from 'vitest'
import { backoffDelay, openEventStream, streamUrl, type StreamEvent } from '../../apps/shared/events.js'
import { card, httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { engines } from '../harness.js'

describe('the apps’ event stream client', () => {
  const shop = useCommerceWorld(engines[0]!, { listen: true })
  const { call, expectStatus } = httpCalls(() => shop.server)

  it('backs off from about a second up to about thirty, never below the server’s retry', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const delay = backoffDelay(attempt)
      expect(delay).toBeGreaterThanOrEqual(750)
      expect(delay).toBeLessThanOrEqual(37_500)
    }
    expect(backoffDelay(0, 5_000)).toBeGreaterThanOrEqual(3_750)
  })

  it('asks the stream for the given types and location, the types comma-joined in one parameter', () => {
    expect(streamUrl({ baseUrl: 'http://shop.test', types: ['orders.*', 'inventory.stock_reserved'], locationId: 'loc_1' })).toBe('http://shop.test/v1/events/stream?types=orders.*%2Cinventory.stock_reserved&locationId=loc_1')
  })

  it('delivers an order placed for pickup in Montpellier to a Montpellier associate’s filtered stream', async () => {
    const { world } = shop
    const montpellier = world.stores.montpellier.id
    const { token } = world.associate
    const received: StreamEvent[] = []
    const states: boolean[] = []
    const close = openEventStream({ baseUrl: shop.server.url, token: () => token, types: ['orders.order_placed'], locationId: montpellier, onEvent: (event) => received.push(event), onStatus: (connected) => states.push(connected) })
    try {
      await expect.poll(() => states.includes(true), { timeout: 5_000 }).toBe(true)
      const variant = (await stockedProduct(shop.server, world, { onHand: 1, locationIds: [montpellier] })).variants[0]!
      const cart = await expectStatus<{ id: string }>(call('POST', '/v1/carts', world.customer.headers, { channelId: world.channels.web.id, pickupLocationId: montpellier, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
      const order = await expectStatus(call('POST', `/v1/carts/${cart.id}/checkout`, world.customer.headers, { fulfilment: { method: 'click_and_collect', pickupLocationId: montpellier }, payments: [card()] }), 201)
      await expect.poll(() => received.map((event) => event.data.orderId), { timeout: 5_000 }).toContain(order.id)
      expect(received.every((event) => event.type === 'orders.order_placed' && event.locationId === montpellier)).toBe(true)
    } finally {
      close()
    }
  })
})
