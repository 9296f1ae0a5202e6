/**
 * Webhook targets with WEBHOOK_ALLOW_PRIVATE_TARGETS off (production's default): loopback, private, link-local and
 * metadata addresses are refused at registration, and a delivery whose target resolves to one is never sent.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffSession, type Session } from '../../../test/fixtures.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { emitTestEvent } from '../../../test/outbox.js'
import { webhookSubscriptions } from './schema.js'
import type { Delivery } from './service.js'

describe.each(engines)('webhook targets on %s without private targets', (engine) => {
  let server: TestServer
  let admin: Session
  let received = 0
  const receiver = createServer((req, res) => {
    received += 1
    res.end()
  })
  let port = 0

  beforeAll(async () => {
    server = await startTestServer({ engine, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_MAX_ATTEMPTS: '1' } })
    admin = await staffSession(server, 'admin')
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    port = (receiver.address() as AddressInfo).port
  })
  afterAll(async () => {
    await server?.close()
    await new Promise((resolve) => receiver.close(resolve))
  })

  const subscribe = (url: string) => server.app.inject({ method: 'POST', url: '/v1/webhooks', headers: admin.headers, payload: { url, eventTypes: ['test.*'] } })

  it('refuses loopback, private, link-local, metadata and IPv6 loopback targets, and a name resolving to loopback', async () => {
    const refused = [
      'http://127.0.0.1/hooks',
      'http://10.1.2.3/hooks',
      'https://192.168.0.10/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/hooks',
      'http://[fd00::1]/hooks',
      'http://0.0.0.0/hooks',
      `http://localhost:${port}/hooks`,
    ]
    for (const url of refused) {
      const res = await subscribe(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json(), url).toMatchObject({ type: 'https://omnicanal.dev/problems/invalid-webhook-url', field: '/body/url' })
    }
    const created = await subscribe('https://93.184.216.34/hooks')
    expect(created.statusCode, created.body).toBe(201)
    const moved = await server.app.inject({ method: 'PATCH', url: `/v1/webhooks/${created.json().id}`, headers: admin.headers, payload: { url: 'http://172.16.0.1/hooks' } })
    expect(moved.json()).toMatchObject({ status: 400, type: 'https://omnicanal.dev/problems/invalid-webhook-url', field: '/body/url' })
    await server.app.inject({ method: 'DELETE', url: `/v1/webhooks/${created.json().id}`, headers: admin.headers })
  })

  it('never sends a delivery whose target resolves to a private address by then, and records why the attempt failed', async () => {
    // As if DNS had changed since registration: the rows name a loopback receiver that answers 200 to anyone.
    const urls = [`http://127.0.0.1:${port}/hooks`, `http://localhost:${port}/hooks`]
    for (const [index, url] of urls.entries()) {
      await server.database.db.insert(webhookSubscriptions).values({ id: `whk_private${index}`, url, eventTypes: ['test.private'], secret: 'whsec_test' })
    }
    const eventId = await server.database.transaction((tx) => emitTestEvent(tx, 'test.private', { n: 1 }))
    for (const [index] of urls.entries()) {
      const deadline = Date.now() + 45_000
      let failed: Delivery | undefined
      while (!failed) {
        const res = await server.app.inject({ url: `/v1/webhooks/whk_private${index}/deliveries`, headers: admin.headers })
        failed = res.json<{ items: Delivery[] }>().items.find((d) => d.eventId === eventId && d.status === 'failed')
        if (!failed && Date.now() > deadline) throw new Error('the delivery never failed')
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      expect(failed.attempts).toEqual([expect.objectContaining({ attempt: 1, statusCode: null, error: expect.stringContaining('not sent: the target address is refused') })])
    }
    expect(received).toBe(0)
  })
})
