/**
 * Times a client sends reach SQL as instants, never as their own text: an offset PostgreSQL refuses (past ±15:59) is
 * still a valid instant and answers 200; a time outside years 1–9999 is a 400 naming the field; and whatever still
 * slips through is a 400 `invalid-time` (tested with the other data exceptions in unstorable-text.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { customerSession, type Session } from '../fixtures.js'
import { engines, startTestServer, type TestServer } from '../harness.js'

describe.each(engines)('request times on %s', (engine) => {
  let server: TestServer
  let customer: Session
  beforeAll(async () => {
    server = await startTestServer({ engine })
    customer = await customerSession(server)
  })
  afterAll(async () => server?.close())

  const get = (url: string) => server.app.inject({ url, headers: customer.headers })

  it('reads offsets past ±15:59 as the instants they are, on every created-date range and the timeline', async () => {
    for (const url of [
      '/v1/orders?createdFrom=2025-01-01T00:00:00%2B16:00',
      '/v1/orders?createdTo=2025-01-01T00:00:00-23:59',
      '/v1/carts?createdTo=2025-01-01T00:00:00-20:00',
      `/v1/customers/${customer.id}/carts?createdFrom=2025-01-01T00:00:00%2B23:00`,
      `/v1/customers/${customer.id}/timeline?until=2030-01-01T00:00:00-18:00`,
      `/v1/customers/${customer.id}/timeline?since=2020-01-01T00:00:00%2B19:00&until=2030-01-01T00:00:00-18:00`,
    ]) {
      const res = await get(url)
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
    }
  })

  it('still compares the instants: a range that is empty once the offsets are applied is refused', async () => {
    // 01:00+16:00 is 09:00Z the day before, earlier than 00:00Z: createdTo precedes createdFrom.
    const res = await get('/v1/orders?createdFrom=2025-01-01T00:00:00Z&createdTo=2025-01-01T01:00:00%2B16:00')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ field: '/query/createdTo' })
    const timeline = await get(`/v1/customers/${customer.id}/timeline?since=2025-01-01T00:00:00Z&until=2025-01-01T01:00:00%2B16:00`)
    expect(timeline.statusCode).toBe(400)
  })

  it('refuses a time outside years 1–9999 with a 400 on its field, never a 500', async () => {
    for (const [url, field] of [
      ['/v1/orders?createdFrom=0000-06-01T00:00:00Z', '/query/createdFrom'],
      ['/v1/carts?createdTo=0001-01-01T00:00:00%2B01:00', '/query/createdTo'],
      ['/v1/orders?createdTo=9999-12-31T23:00:00-02:00', '/query/createdTo'],
      [`/v1/customers/${customer.id}/timeline?since=0000-01-01T00:00:00Z`, '/query/since'],
    ] as const) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.json(), url).toMatchObject({ type: 'https://omnicanal.dev/problems/invalid-time', field })
    }
  })
})
