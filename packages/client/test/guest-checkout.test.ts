/**
 * A web shopper's guest checkout through the generated client against a real server on loopback: an anonymous
 * session, the product read from the catalogue, a cart opened on the web channel, a line added, a declined card
 * surfacing as a ProblemError, then the order placed with the test acquirer's approved card. Every body and answer is
 * typed by the document (a wrong field or path fails `tsc`, not this test).
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { FetchResponse } from 'openapi-fetch'
import { createOmnicanalClient, dataOf, ProblemError } from '@omnicanal/client'
import { card, homeAddress, stockedProduct, useCommerceWorld } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { TEST_CARDS } from '../../../src/modules/orders/service.js'
import type { components, paths } from '../src/openapi.js'

/** The rejection of a call that must fail, or a failure naming what it answered instead. */
async function rejectionOf(call: Promise<unknown>): Promise<ProblemError> {
  const outcome = await call.then(
    (answer) => new Error(`expected a problem, got ${JSON.stringify(answer)}`),
    (error: unknown) => error,
  )
  if (outcome instanceof ProblemError) return outcome
  throw outcome
}

describe('the typed answers', () => {
  it('types a documented problem answer (application/problem+json) as the Problem schema for openapi-fetch callers', () => {
    // openapi-fetch picks answers of any `type/subtype` media type by default: problem+json is typed like JSON.
    type Checkout = FetchResponse<paths['/v1/carts/{id}/checkout']['post'], object, `${string}/${string}`>
    // Both ways: openapi-fetch's Readable<> makes it a structural copy of Problem rather than the same alias.
    expectTypeOf<NonNullable<Checkout['error']>>().toExtend<components['schemas']['Problem']>()
    expectTypeOf<components['schemas']['Problem']>().toExtend<NonNullable<Checkout['error']>>()
    type Declined = paths['/v1/carts/{id}/checkout']['post']['responses'][402]['content']
    expectTypeOf<keyof Declined>().toEqualTypeOf<'application/problem+json'>()
  })
})

describe.each(engines)('a guest checkout through @omnicanal/client on %s', (engine) => {
  const shop = useCommerceWorld(engine, { listen: true })

  it('opens a web cart as an anonymous shopper, surfaces a declined card as a typed problem, then places the order', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [5990], onHand: 3 })
    const sent: { method: string; idempotencyKey: string | null }[] = []
    const recordingFetch = (request: Request) => {
      sent.push({ method: request.method, idempotencyKey: request.headers.get('idempotency-key') })
      return fetch(request)
    }

    const visitor = createOmnicanalClient({ baseUrl: shop.server.url })
    const session = await dataOf(visitor.POST('/v1/auth/anonymous'))
    expect(session.tokenType).toBe('Bearer')
    const api = createOmnicanalClient({ baseUrl: shop.server.url, token: session.token, idempotencyKeys: true, fetch: recordingFetch })

    const shown = await dataOf(api.GET('/v1/products/{id}', { params: { path: { id: product.handle } } }))
    const variant = shown.variants[0]
    if (!variant) throw new Error('the product shows no variant')
    const cart = await dataOf(api.POST('/v1/carts', { body: { channelId: shop.world.channels.web.id } }))
    const filled = await dataOf(api.POST('/v1/carts/{id}/lines', { params: { path: { id: cart.id } }, body: { variantId: variant.id, quantity: 2 } }))
    expect(filled.lines).toHaveLength(1)
    expect(filled.totals.total).toEqual({ amount: 11980, currency: 'EUR' })

    const checkout = { fulfilment: { method: 'ship' as const, shippingAddress: homeAddress() }, contact: { email: 'invite@example.com' } }
    const declined = await rejectionOf(
      api.POST('/v1/carts/{id}/checkout', { params: { path: { id: cart.id } }, body: { ...checkout, payments: [card(TEST_CARDS.declined)] } }),
    )
    expect(declined.status).toBe(402)
    expect(declined.code).toBe('payment-declined')
    expect(declined.problem).toMatchObject({ type: 'https://omnicanal.dev/problems/payment-declined', status: 402, field: '/body/payments/0' })
    expect(declined.problem.requestId).toMatch(/^req_/)

    const expectedTotal = filled.totals.total.amount + shop.server.config.shippingFee
    const order = await dataOf(
      api.POST('/v1/carts/{id}/checkout', { params: { path: { id: cart.id } }, body: { ...checkout, payments: [card()], expectedTotal } }),
    )
    expect(order).toMatchObject({ customerId: null, deviceId: session.deviceId, channel: { kind: 'web' }, contact: { email: 'invite@example.com' } })
    expect(order.totals.total).toEqual({ amount: expectedTotal, currency: 'EUR' })
    expect(order.payments.map((payment) => payment.status)).toEqual(['authorized'])

    // Asked for keys: every mutating call carried a distinct one, reads none.
    const keys = sent.filter((call) => call.method === 'POST').map((call) => call.idempotencyKey)
    expect(keys).toHaveLength(4)
    expect(new Set(keys).size).toBe(4)
    expect(keys.every((key) => typeof key === 'string' && key.length > 0)).toBe(true)
    expect(sent.filter((call) => call.method === 'GET').map((call) => call.idempotencyKey)).toEqual([null])
  })

  it('answers a retried checkout sent with the same Idempotency-Key from the stored answer: one order', async () => {
    const product = await stockedProduct(shop.server, shop.world, { prices: [2590], onHand: 2 })
    const variantId = product.variants[0]?.id ?? ''
    const visitor = createOmnicanalClient({ baseUrl: shop.server.url })
    const session = await dataOf(visitor.POST('/v1/auth/anonymous'))
    // A token obtained after the client was made: the client asks for it before each request.
    const signedIn: { token?: string } = {}
    const api = createOmnicanalClient({ baseUrl: shop.server.url, token: () => signedIn.token })
    const anonymous = await rejectionOf(api.POST('/v1/carts', { body: { channelId: shop.world.channels.web.id } }))
    expect(anonymous.status).toBe(401)
    signedIn.token = session.token
    const cart = await dataOf(api.POST('/v1/carts', { body: { channelId: shop.world.channels.web.id, lines: [{ variantId, quantity: 1 }] } }))
    const send = () =>
      api.POST('/v1/carts/{id}/checkout', {
        params: { path: { id: cart.id } },
        headers: { 'idempotency-key': `checkout-${cart.id}` },
        body: { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, contact: { phone: '+33612345678' }, payments: [card()] },
      })
    const first = await send()
    const retried = await send()
    expect(retried.response.headers.get('idempotent-replayed')).toBe('true')
    expect(first.data?.id).toMatch(/^ord_/)
    expect(retried.data?.id).toBe(first.data?.id)
  })
})
