import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../../../test/harness.js'
import { createChannel } from '../channels/service.js'

describe('guessing coupon codes on a cart', () => {
  let server: TestServer
  beforeAll(async () => {
    // Six code attempts a minute per client address (six times a login limit of 1).
    server = await startTestServer({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1' } })
  })
  afterAll(async () => server.close())

  it('answers unknown codes 404 on /body/code, then slows the client down with a 429 problem', async () => {
    const channel = await server.database.transaction((tx) => createChannel(tx, { code: 'web', name: 'Web', kind: 'web', locationId: null, active: true }))
    const session = (await server.app.inject({ method: 'POST', url: '/v1/auth/anonymous' })).json<{ token: string }>()
    const headers = { authorization: `Bearer ${session.token}` }
    const cart = await server.app.inject({ method: 'POST', url: '/v1/carts', headers, payload: { channelId: channel.id } })
    expect(cart.statusCode, cart.body).toBe(201)
    const attempt = (code: string) => server.app.inject({ method: 'POST', url: `/v1/carts/${cart.json().id}/coupons`, headers, payload: { code } })
    for (let i = 0; i < 6; i++) {
      const res = await attempt(`GUESS${i}XYZ`)
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ field: '/body/code' })
    }
    const slowed = await attempt('GUESS6XYZ')
    expect(slowed.statusCode).toBe(429)
    expect(slowed.headers['content-type']).toContain('application/problem+json')
  })
})
