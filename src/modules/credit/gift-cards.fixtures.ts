/** Shared by the gift card tests: a server with the settings they check, a cart world, and request helpers. */
import { afterAll, beforeAll, expect } from 'vitest'
import { cartWith, cartWorld, checkout, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { startTestServer, type TestServer } from '../../../test/harness.js'
import type { Engine } from '../../platform/db.js'

type Headers = Record<string, string>
export interface Issued {
  id: string
  code: string
  pin: string
}
export interface Ledger {
  balance: { amount: number }
  entries: { delta: { amount: number }; reason: string; orderId: string | null; paymentId: string | null }[]
}

/**
 * Registers the suite's hooks (a fresh server on `engine` and its cart world) and returns the helpers of the gift card
 * tests. Read `server` and `world` inside tests and hooks, not at collection.
 */
export function useGiftCardWorld(engine: Engine) {
  let started: { server: TestServer; world: CartWorld } | undefined
  beforeAll(async () => {
    // The balance route is rate-limited like a login; these suites check balances more often than a shopper would.
    // A validity other than the default of 24 months, to see the setting reach the card.
    const server = await startTestServer({
      engine,
      listen: engine === 'postgres',
      env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', GIFT_CARD_VALIDITY_MONTHS: '13' },
    })
    started = { server, world: await cartWorld(server) }
  })
  afterAll(async () => started?.server.close())
  const suite = () => {
    if (!started) throw new Error('the gift card server is not started yet: read it inside a test or hook')
    return started
  }

  const post = (url: string, payload: object, headers: Headers = {}) => suite().server.app.inject({ method: 'POST', url, headers, payload })
  const get = (url: string, headers: Headers) => suite().server.app.inject({ method: 'GET', url, headers })
  async function issue(amount: number, extra: Record<string, unknown> = {}, headers = suite().world.admin.headers): Promise<Issued> {
    const res = await post('/v1/gift-cards', { amount, ...extra }, headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<Issued>()
  }
  const balance = (code: string, pin: string) => post('/v1/gift-cards/balance', { code, pin })
  const ledger = async (id: string) => (await get(`/v1/gift-cards/${id}`, suite().world.admin.headers)).json<Ledger>()
  const giftCard = (c: Issued, amount?: number) => ({ method: 'gift_card', code: c.code, pin: c.pin, ...(amount === undefined ? {} : { amount }) })
  const wrongPin = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0')
  const tillSale = async (price: number, payments: object[], customerId: string | null = suite().world.customer.id) => {
    const { server, world } = suite()
    const variant = (await stockedProduct(server, world, { prices: [price] })).variants[0]!
    const cartId = await cartWith(
      server,
      world.associate.headers,
      world.channels.storeMontpellier.id,
      [{ variantId: variant.id, quantity: 1 }],
      customerId ? { customerId } : {},
    )
    return checkout(
      server,
      cartId,
      { fulfilment: { method: 'in_store' }, payments, ...(customerId ? {} : { contact: { email: 'passant@example.com' } }) },
      world.associate.headers,
    )
  }
  const expectLedgerSums = (l: Ledger) => expect(l.entries.reduce((sum, e) => sum + e.delta.amount, 0)).toBe(l.balance.amount)

  return {
    get server() {
      return suite().server
    },
    get world() {
      return suite().world
    },
    post,
    get,
    issue,
    balance,
    ledger,
    giftCard,
    wrongPin,
    tillSale,
    expectLedgerSums,
  }
}
