/**
 * Both signature schemes, checked by the maintained verifiers integrators use: Stripe's `constructEvent` for the
 * default scheme and the `standardwebhooks` package for Standard Webhooks, on real deliveries that the running server
 * POSTs to a loopback receiver, through a secret rotation and a change of scheme.
 */
import Stripe from 'stripe'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffSession, type Session } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { webhookSubscriptions } from './schema.js'
import type { WebhookWithSecret } from './service.js'
import { startReceiver, waitFor, type Received, type Receiver } from './webhooks.fixtures.js'

const stripe = new Stripe('sk_test_offline_only')

interface Envelope {
  id: string
  type: string
  occurredAt: string
  data: Record<string, unknown>
}

describe.each(engines)('webhook signatures under the real verifiers on %s', (engine) => {
  let server: TestServer
  let admin: Session
  const receivers: Receiver[] = []

  beforeAll(async () => {
    server = await startTestServer({ engine, listen: true })
    admin = await staffSession(server, 'admin')
  })
  afterAll(async () => {
    await server?.close()
    await Promise.all(receivers.map((r) => r.close()))
  })

  const call = async (method: 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) =>
    server.app.inject({ method, url, headers: admin.headers, ...(payload && { payload }) })
  /** A receiver subscribed to subscription events, which the next call of `announce` produces for real. */
  const listen = async (signatureScheme?: 'stripe' | 'standard-webhooks') => {
    const receiver = await startReceiver()
    receivers.push(receiver)
    const res = await call('POST', '/v1/webhooks', {
      url: receiver.url,
      eventTypes: ['webhooks.subscription_created'],
      ...(signatureScheme && { signatureScheme }),
    })
    expect(res.statusCode, res.body).toBe(201)
    return { receiver, hook: res.json<WebhookWithSecret>() }
  }
  /** Creates another subscription: a real `webhooks.subscription_created` event, which every listener receives. */
  const announce = async () => {
    const res = await call('POST', '/v1/webhooks', { url: 'https://example.com/hooks', eventTypes: ['orders.*'] })
    expect(res.statusCode, res.body).toBe(201)
    return res.json<WebhookWithSecret>().id
  }
  const deliveryAbout = (receiver: Receiver, webhookId: string) =>
    waitFor(`the delivery announcing ${webhookId}`, () =>
      receiver.received.find((r) => (JSON.parse(r.body.toString('utf8')) as Envelope).data.webhookId === webhookId),
    )
  const standardHeaders = (received: Received) => ({
    'webhook-id': String(received.headers['webhook-id']),
    'webhook-timestamp': String(received.headers['webhook-timestamp']),
    'webhook-signature': String(received.headers['webhook-signature']),
  })

  it('signs the default scheme so that stripe.webhooks.constructEvent accepts it, and refuses a changed byte', async () => {
    const { receiver, hook } = await listen()
    expect(hook.signatureScheme).toBe('stripe')
    const announced = await announce()
    const received = await deliveryAbout(receiver, announced)
    const body = received.body.toString('utf8')
    const header = String(received.headers['omnicanal-signature'])
    const event = stripe.webhooks.constructEvent(body, header, hook.secret) as unknown as Envelope
    expect(event).toMatchObject({
      id: received.headers['omnicanal-event-id'],
      type: 'webhooks.subscription_created',
      data: { webhookId: announced, signatureScheme: 'stripe' },
    })
    expect(received.headers['webhook-signature']).toBeUndefined()
    expect(() => stripe.webhooks.constructEvent(body.replace(announced, `${announced}x`), header, hook.secret)).toThrow()
  })

  it('signs Standard Webhooks so that the standardwebhooks package accepts it, with the event id as webhook-id', async () => {
    const { receiver, hook } = await listen('standard-webhooks')
    expect(hook).toMatchObject({ signatureScheme: 'standard-webhooks', secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+={0,2}$/) })
    const announced = await announce()
    const received = await deliveryAbout(receiver, announced)
    const event = new StandardWebhook(hook.secret).verify(received.body.toString('utf8'), standardHeaders(received)) as Envelope
    expect(event).toMatchObject({ id: received.headers['webhook-id'], type: 'webhooks.subscription_created', data: { webhookId: announced } })
    expect(received.headers['omnicanal-event-id']).toBe(event.id)
    expect(received.headers['omnicanal-signature']).toBeUndefined()
    const other = await listen('standard-webhooks')
    expect(() => new StandardWebhook(other.hook.secret).verify(received.body.toString('utf8'), standardHeaders(received))).toThrow()
  })

  it('keeps signing with the old secret too after a rotation, under both schemes and both verifiers', async () => {
    const stripeSide = await listen('stripe')
    const standardSide = await listen('standard-webhooks')
    const rotated = await Promise.all(
      [stripeSide, standardSide].map(async ({ hook }) => {
        const res = await call('POST', `/v1/webhooks/${hook.id}/rotate-secret?previousSecretValidHours=24`)
        expect(res.statusCode, res.body).toBe(200)
        return res.json<WebhookWithSecret>().secret
      }),
    )
    const announced = await announce()
    const [stripeReceived, standardReceived] = await Promise.all([
      deliveryAbout(stripeSide.receiver, announced),
      deliveryAbout(standardSide.receiver, announced),
    ])
    for (const secret of [stripeSide.hook.secret, rotated[0]!]) {
      expect(stripe.webhooks.constructEvent(stripeReceived.body.toString('utf8'), String(stripeReceived.headers['omnicanal-signature']), secret)).toMatchObject(
        { data: { webhookId: announced } },
      )
    }
    for (const secret of [standardSide.hook.secret, rotated[1]!]) {
      expect(new StandardWebhook(secret).verify(standardReceived.body.toString('utf8'), standardHeaders(standardReceived))).toMatchObject({
        data: { webhookId: announced },
      })
    }
  })

  it('switches a subscription’s scheme, and asks a secret from before Standard Webhooks to be rotated first', async () => {
    const { receiver, hook } = await listen('stripe')
    const switched = await call('PATCH', `/v1/webhooks/${hook.id}`, { signatureScheme: 'standard-webhooks' })
    expect(switched.statusCode, switched.body).toBe(200)
    expect(switched.json()).toMatchObject({ signatureScheme: 'standard-webhooks' })
    const announced = await announce()
    const received = await deliveryAbout(receiver, announced)
    expect(new StandardWebhook(hook.secret).verify(received.body.toString('utf8'), standardHeaders(received))).toMatchObject({ data: { webhookId: announced } })

    // A base64url secret, as issued before: Standard Webhooks verifiers cannot decode it.
    const legacyId = `whk_legacy_${engine}`
    await server.database.db
      .insert(webhookSubscriptions)
      .values({ id: legacyId, url: 'https://example.com/legacy', eventTypes: ['orders.*'], secret: 'whsec_Zm9v-YmFy_Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9v' })
    const refused = await call('PATCH', `/v1/webhooks/${legacyId}`, { signatureScheme: 'standard-webhooks' })
    expect(refused.statusCode, refused.body).toBe(409)
    expect(refused.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/webhook-secret-needs-rotation', field: '/body/signatureScheme' })
    expect((await call('POST', `/v1/webhooks/${legacyId}/rotate-secret?previousSecretValidHours=0`)).statusCode).toBe(200)
    expect((await call('PATCH', `/v1/webhooks/${legacyId}`, { signatureScheme: 'standard-webhooks' })).statusCode).toBe(200)
  })
})
