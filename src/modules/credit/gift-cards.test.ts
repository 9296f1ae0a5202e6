import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, cartWorld, checkout, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { engines, startTestServer, type TestServer } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { PIN_ATTEMPTS, unlockGiftCard } from './gift-card-pins.js'
import { giftCards } from './schema.js'

type Headers = Record<string, string>
interface Issued {
  id: string
  code: string
  pin: string
}
interface Ledger {
  balance: { amount: number }
  entries: { delta: { amount: number }; reason: string; orderId: string | null; paymentId: string | null }[]
}

describe.each(engines)('gift cards on %s', (engine) => {
  let server: TestServer
  let world: CartWorld
  beforeAll(async () => {
    // The balance route is rate-limited like a login; this suite checks balances more often than a shopper would.
    // A validity other than the default of 24 months, to see the setting reach the card.
    server = await startTestServer({ engine, listen: engine === 'postgres', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000', GIFT_CARD_VALIDITY_MONTHS: '13' } })
    world = await cartWorld(server)
  })
  afterAll(async () => server?.close())

  const post = (url: string, payload: object, headers: Headers = {}) => server.app.inject({ method: 'POST', url, headers, payload })
  const get = (url: string, headers: Headers) => server.app.inject({ method: 'GET', url, headers })
  async function issue(amount: number, extra: Record<string, unknown> = {}, headers = world.admin.headers): Promise<Issued> {
    const res = await post('/v1/gift-cards', { amount, ...extra }, headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json<Issued>()
  }
  const balance = (code: string, pin: string) => post('/v1/gift-cards/balance', { code, pin })
  const ledger = async (id: string) => (await get(`/v1/gift-cards/${id}`, world.admin.headers)).json<Ledger>()
  const giftCard = (c: Issued, amount?: number) => ({ method: 'gift_card', code: c.code, pin: c.pin, ...(amount === undefined ? {} : { amount }) })
  const wrongPin = (pin: string) => String((Number(pin) + 1) % 1_000_000).padStart(6, '0')
  const tillSale = async (price: number, payments: object[], customerId: string | null = world.customer.id) => {
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

  it('is issued once with its PIN, spent in part on the web, then to zero at a store till, its ledger adding up', async () => {
    const issued = await issue(10000, { customerId: world.customer.id })
    expect(issued).toMatchObject({
      id: expect.stringMatching(/^gft_/),
      code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{16}$/),
      pin: expect.stringMatching(/^[0-9]{6}$/),
      balance: { amount: 10000, currency: 'EUR' },
    })
    const validForDays = (new Date(String((issued as unknown as { expiresAt: string }).expiresAt)).getTime() - Date.now()) / 86_400_000
    expect(validForDays).toBeGreaterThan(13 * 30)
    expect(validForDays).toBeLessThan(13 * 31 + 1)
    const events = await server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'credit.gift_card_issued'))
    const mine = events.find((e) => (e.payload as { giftCardId?: string }).giftCardId === issued.id)
    expect(mine?.customerId).toBe(world.customer.id)
    expect(JSON.stringify(mine?.payload)).not.toContain(issued.code)
    expect(JSON.stringify(mine?.payload)).not.toContain(issued.pin)

    const typed = `${issued.code.slice(0, 4).toLowerCase()}-${issued.code.slice(4, 8)} ${issued.code.slice(8)}`
    expect((await balance(typed, issued.pin)).json()).toEqual({ balance: { amount: 10000, currency: 'EUR' }, expiresAt: expect.any(String), status: 'active' })

    const dress = (await stockedProduct(server, world, { prices: [5990] })).variants[0]!
    const webCart = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: dress.id, quantity: 1 }])
    const web = await checkout(
      server,
      webCart,
      { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.lyon.id }, payments: [giftCard(issued, 3000), { ...card(), amount: 2990 }] },
      world.customer.headers,
    )
    expect(web.statusCode, web.body).toBe(201)
    expect(web.json().payments.map((p: { method: string; status: string }) => [p.method, p.status])).toEqual([
      ['gift_card', 'captured'],
      ['card', 'authorized'],
    ])
    expect((await balance(issued.code, issued.pin)).json().balance.amount).toBe(7000)

    const till = await tillSale(7000, [giftCard(issued)], null)
    expect(till.statusCode, till.body).toBe(201)
    expect(till.json().payments).toMatchObject([{ method: 'gift_card', status: 'captured', capturedAmount: { amount: 7000 } }])
    const l = await ledger(issued.id)
    expect(l.balance.amount).toBe(0)
    expect(l.entries.map((e) => [e.reason, e.delta.amount])).toEqual([
      ['issue', 10000],
      ['spend', -3000],
      ['spend', -7000],
    ])
    expect(l.entries[2]).toMatchObject({ orderId: till.json().id, paymentId: till.json().payments[0].id })
    expectLedgerSums(l)
    expect((await tillSale(100, [giftCard(issued)])).json()).toMatchObject({
      status: 409,
      type: 'https://omnicanal.dev/problems/gift-card-insufficient',
      balance: 0,
      requested: 100,
      field: '/body/payments/0',
    })

    const lookup = (await get(`/v1/gift-cards?code=${issued.code.toLowerCase()}`, world.admin.headers)).json()
    expect(lookup.items).toMatchObject([{ id: issued.id, balance: { amount: 0 }, status: 'active' }])
    const own = await get(`/v1/customers/${world.customer.id}/gift-cards`, world.customer.headers)
    expect(own.json().items.map((c: { id: string }) => c.id)).toContain(issued.id)
    expect(own.body).not.toContain(issued.pin)
    // A page of one at a time, counted, walks the same cards newest first as the default page holds.
    const everyCard = own.json<{ items: { id: string }[]; nextCursor: string | null }>()
    expect(everyCard.nextCursor).toBeNull()
    const walked: string[] = []
    for (let cursor: string | null = '', first = true; first || cursor !== null; first = false) {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await get(`/v1/customers/${world.customer.id}/gift-cards?limit=1&count=true${cursor ? `&cursor=${cursor}` : ''}`, world.customer.headers)).json()
      expect(page).toMatchObject({ totalCount: everyCard.items.length })
      walked.push(...page.items.map((c: { id: string }) => c.id))
      cursor = page.nextCursor
    }
    expect(walked).toEqual(everyCard.items.map((c) => c.id))
    expect((await get(`/v1/customers/${world.customer.id}/gift-cards?sort=-pin`, world.customer.headers)).statusCode).toBe(400)
    expect((await get(`/v1/customers/${world.customer.id}/gift-cards`, world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await get(`/v1/gift-cards/${issued.id}`, world.customer.headers)).statusCode).toBe(403)
    expect((await post('/v1/gift-cards', { amount: 1000 }, world.customer.headers)).statusCode).toBe(403)
  })

  it('issues once per Idempotency-Key without keeping the PIN for a replay', async () => {
    const headers = { ...world.admin.headers, 'idempotency-key': `gift-${Date.now()}-${Math.random()}` }
    const first = await server.app.inject({ method: 'POST', url: '/v1/gift-cards', payload: { amount: 1500 }, headers })
    expect(first.statusCode, first.body).toBe(201)
    const again = await server.app.inject({ method: 'POST', url: '/v1/gift-cards', payload: { amount: 1500 }, headers })
    expect(again.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/already-done' })
    const stored = await server.database.db.execute(sql`select response_body::text as body from idempotency_keys where key = ${headers['idempotency-key']}`)
    expect(JSON.stringify(stored)).not.toContain(first.json<{ pin: string }>().pin)
  })

  it('leaves the gift card untouched when a card in the same checkout is declined', async () => {
    const issued = await issue(5000)
    const res = await tillSale(6000, [giftCard(issued, 2000), { ...card('4000000000000002'), amount: 4000 }])
    expect(res.statusCode).toBe(402)
    expect((await ledger(issued.id)).balance.amount).toBe(5000)
  })

  it('answers an unknown code like a wrong PIN, locks the card after five wrong PINs, and counts wrong PINs at checkout too', async () => {
    const issued = await issue(3000)
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined })
    const unknown = await balance('ZZZZZZZZZZZZZZZZ', issued.pin)
    const wrong = await balance(issued.code, wrongPin(issued.pin))
    expect(unknown.statusCode).toBe(404)
    expect(strip(wrong.json())).toEqual(strip(unknown.json()))
    expect(wrong.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/gift-card-invalid' })
    // A wrong PIN at a till rolls the sale back but is still counted.
    expect((await tillSale(1000, [giftCard({ ...issued, pin: wrongPin(issued.pin) })])).statusCode).toBe(404)
    const [row] = await server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row?.pinFailures).toBe(2)
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
    const [reset] = await server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(reset?.pinFailures).toBe(0)
    for (let i = 0; i < 5; i += 1) expect((await balance(issued.code, wrongPin(issued.pin))).statusCode).toBe(404)
    expect((await balance(issued.code, issued.pin)).json()).toMatchObject({ status: 423, type: 'https://omnicanal.dev/problems/gift-card-locked' })
    expect((await tillSale(1000, [giftCard(issued)])).statusCode).toBe(423)
    expect((await get(`/v1/gift-cards/${issued.id}`, world.admin.headers)).json().lockedUntil).toEqual(expect.any(String))
    await server.database.db
      .update(giftCards)
      .set({ lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(giftCards.id, issued.id))
    expect((await balance(issued.code, issued.pin)).json().balance.amount).toBe(3000)
    const [cleared] = await server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(cleared).toMatchObject({ pinFailures: 0, lockedUntil: null })
  })

  it('resets the count when the right PIN follows four wrong ones', async () => {
    const issued = await issue(3000)
    for (let i = 0; i < PIN_ATTEMPTS - 1; i += 1) expect((await balance(issued.code, wrongPin(issued.pin))).statusCode).toBe(404)
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
    for (let i = 0; i < PIN_ATTEMPTS - 1; i += 1) expect((await balance(issued.code, wrongPin(issued.pin))).statusCode).toBe(404)
    const [row] = await server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row).toMatchObject({ pinFailures: PIN_ATTEMPTS - 1, lockedUntil: null })
  })

  it('counts a right PIN in a checkout that fails for another reason as no failure', async () => {
    const issued = await issue(1000)
    for (let i = 0; i < PIN_ATTEMPTS + 2; i += 1) expect((await tillSale(2000, [giftCard(issued)])).statusCode).toBe(409)
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
  })

  it('admits at most PIN_ATTEMPTS of 30 concurrent wrong PINs on one card; the rest answer 423 before any PIN is checked', async () => {
    const issued = await issue(3000)
    const results = await Promise.all(Array.from({ length: 30 }, () => balance(issued.code, wrongPin(issued.pin))))
    const codes = results.map((r) => r.statusCode)
    expect(codes.filter((c) => c === 404)).toHaveLength(PIN_ATTEMPTS)
    expect(codes.filter((c) => c === 423)).toHaveLength(30 - PIN_ATTEMPTS)
    expect(results.find((r) => r.statusCode === 423)?.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/gift-card-locked', field: '/body' })
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(423)
    await server.database.db
      .update(giftCards)
      .set({ lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(giftCards.id, issued.id))
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
  })

  it.skipIf(engine === 'pglite')('answers every one of 30 concurrent right PINs on one card, none locked', async () => {
    const issued = await issue(3000)
    const results = await Promise.all(Array.from({ length: 30 }, () => balance(issued.code, issued.pin)))
    expect(results.map((r) => r.statusCode)).toEqual(Array.from({ length: 30 }, () => 200))
    const [row] = await server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row).toMatchObject({ pinFailures: 0, lockedUntil: null })
  })

  it('checks a PIN again in the spend unless this request’s admission proved that very PIN for that card', async () => {
    const issued = await issue(5000)
    const other = await issue(5000)
    const unlock = (pin: string, proven?: Map<string, string>) =>
      server.database.db.transaction((tx) => unlockGiftCard(tx, { code: issued.code, pin, field: '/body/payments/0' }, proven))
    const wrong = wrongPin(issued.pin)
    // No admission, or one that proved another PIN or another card: the spend hashes and refuses.
    await expect(unlock(wrong)).rejects.toMatchObject({ code: 'gift-card-invalid' })
    await expect(unlock(wrong, new Map([[issued.code, issued.pin]]))).rejects.toMatchObject({ code: 'gift-card-invalid' })
    await expect(unlock(wrong, new Map([[other.code, wrong]]))).rejects.toMatchObject({ code: 'gift-card-invalid' })
    // What admission proved is taken as proven, not hashed a second time under the checkout's locks (a proof naming a
    // PIN the hash would refuse makes that observable; only admitGiftCardPins ever makes a proof).
    await expect(unlock(wrong, new Map([[issued.code, wrong]]))).resolves.toMatchObject({ id: issued.id })
    await expect(unlock(issued.pin)).resolves.toMatchObject({ id: issued.id })
  })

  it('tests one PIN per card and request: the same card twice with two PINs is one attempt, and refused', async () => {
    const issued = await issue(3000)
    const res = await tillSale(2000, [giftCard(issued, 1000), giftCard({ ...issued, pin: wrongPin(issued.pin) }, 1000)])
    expect(res.json()).toMatchObject({ status: 404, field: '/body/payments/1' })
    const [row] = await server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row?.pinFailures).toBe(0)
    expect((await ledger(issued.id)).balance.amount).toBe(3000)
  })

  it('refuses an expired or disabled card, and answers bad input with a 400', async () => {
    const issued = await issue(3000)
    await server.database.db
      .update(giftCards)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(eq(giftCards.id, issued.id))
    expect((await balance(issued.code, issued.pin)).json()).toMatchObject({ status: 'expired', balance: { amount: 3000 } })
    expect((await tillSale(1000, [giftCard(issued)])).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/gift-card-expired' })
    const other = await issue(3000)
    expect((await post(`/v1/gift-cards/${other.id}/disable`, {}, world.associate.headers)).statusCode).toBe(403)
    expect((await post(`/v1/gift-cards/${other.id}/disable`, {}, world.admin.headers)).json()).toMatchObject({ status: 'disabled' })
    expect((await tillSale(1000, [giftCard(other)])).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/gift-card-disabled' })
    // A card is money: store staff do not mint it (sold through checkout in a later slice).
    expect((await post('/v1/gift-cards', { amount: 1000 }, world.associate.headers)).statusCode).toBe(403)
    expect((await post('/v1/gift-cards', { amount: 0 }, world.admin.headers)).statusCode).toBe(400)
    expect((await post('/v1/gift-cards', { amount: 100, expiresAt: '2001-01-01T00:00:00Z' }, world.admin.headers)).json()).toMatchObject({
      status: 400,
      field: '/body/expiresAt',
    })
    expect((await balance(issued.code, '12ab')).statusCode).toBe(400)
  })

  it('lets an admin adjust a card between zero and its issued amount', async () => {
    const issued = await issue(3000)
    const adjust = (amount: number, headers = world.admin.headers) => post(`/v1/gift-cards/${issued.id}/adjustments`, { amount, note: 'Correction' }, headers)
    expect((await adjust(100)).json()).toMatchObject({
      status: 409,
      type: 'https://omnicanal.dev/problems/gift-card-adjustment-out-of-range',
      balance: 3000,
      initialAmount: 3000,
    })
    expect((await adjust(-500, world.associate.headers)).statusCode).toBe(403)
    const adjusted = (await adjust(-500)).json<Ledger>()
    expect(adjusted.balance.amount).toBe(2500)
    expectLedgerSums(adjusted)
    expect((await post('/v1/gift-cards/gft_unknown/adjustments', { amount: -1, note: 'x' }, world.admin.headers)).statusCode).toBe(404)
  })

  it('credits a returned item back to the card, reverses a cancelled order, and refunds an expired card as store credit', async () => {
    const issued = await issue(8000)
    const sale = (await tillSale(3000, [giftCard(issued)])).json()
    const ret = await post(
      `/v1/orders/${sale.id}/returns`,
      { lines: [{ orderLineId: sale.lines[0].id, quantity: 1, reason: 'wrong_size' }], locationId: world.stores.montpellier.id },
      world.associate.headers,
    )
    expect(ret.statusCode, ret.body).toBe(201)
    expect(ret.json().refunds).toMatchObject([{ method: 'gift_card', amount: { amount: 3000 } }])
    expect((await ledger(issued.id)).balance.amount).toBe(8000)

    const dress = (await stockedProduct(server, world, { prices: [2500] })).variants[0]!
    const webCart = await cartWith(server, world.customer.headers, world.channels.web.id, [{ variantId: dress.id, quantity: 1 }])
    const web = (
      await checkout(
        server,
        webCart,
        { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.lyon.id }, payments: [giftCard(issued)] },
        world.customer.headers,
      )
    ).json()
    expect((await ledger(issued.id)).balance.amount).toBe(5500)
    expect((await post(`/v1/orders/${web.id}/cancel`, { reason: 'changed_mind' }, world.customer.headers)).statusCode).toBe(200)
    const afterCancel = await ledger(issued.id)
    expect(afterCancel.balance.amount).toBe(8000)
    expect(afterCancel.entries.map((e) => e.reason)).toEqual(['issue', 'spend', 'refund', 'spend', 'spend_reversal'])
    expectLedgerSums(afterCancel)

    const credit = async () => (await get(`/v1/customers/${world.customer.id}/store-credit`, world.customer.headers)).json().balance.amount as number
    const sold = (await tillSale(2000, [giftCard(issued)])).json()
    await server.database.db
      .update(giftCards)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(eq(giftCards.id, issued.id))
    const before = await credit()
    const late = await post(
      `/v1/orders/${sold.id}/returns`,
      { lines: [{ orderLineId: sold.lines[0].id, quantity: 1, reason: 'wrong_size' }], locationId: world.stores.montpellier.id },
      world.associate.headers,
    )
    expect(late.json().refunds).toMatchObject([{ method: 'store_credit', amount: { amount: 2000 } }])
    expect(await credit()).toBe(before + 2000)
    expect((await ledger(issued.id)).balance.amount).toBe(6000)
  })

  // Twice as many checkouts as wrong PINs lock a card: right PINs in flight are never counted as failures.
  it.skipIf(engine === 'pglite')('lets exactly the affordable share of concurrent checkouts spend one card, never below zero, none locked', async () => {
    const issued = await issue(4000)
    const variant = (await stockedProduct(server, world, { prices: [1500], onHand: 50 })).variants[0]!
    const carts = await Promise.all(
      Array.from({ length: 2 * PIN_ATTEMPTS }, () => cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }])),
    )
    const body = JSON.stringify({ fulfilment: { method: 'in_store' }, contact: { email: 'passant@example.com' }, payments: [giftCard(issued)] })
    const results = await Promise.all(
      carts.map(async (id) => {
        const res = await fetch(`${server.url}/v1/carts/${id}/checkout`, {
          method: 'POST',
          headers: { ...world.associate.headers, 'content-type': 'application/json' },
          body,
        })
        return { status: res.status, body: (await res.json()) as { type?: string } }
      }),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(2)
    const refused = results.filter((r) => r.status !== 201)
    expect(refused).toHaveLength(2 * PIN_ATTEMPTS - 2)
    expect(refused.every((r) => r.status === 409 && r.body.type === 'https://omnicanal.dev/problems/gift-card-insufficient')).toBe(true)
    const l = await ledger(issued.id)
    expect(l.balance.amount).toBe(1000)
    expect(l.entries.filter((e) => e.reason === 'spend')).toHaveLength(2)
    expectLedgerSums(l)
  })
})
