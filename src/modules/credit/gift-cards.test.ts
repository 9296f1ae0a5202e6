import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { card, cartWith, checkout, stockedProduct } from '../../../test/commerce.js'
import { engines } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { PIN_ATTEMPTS } from './gift-card-pins.js'
import { useGiftCardWorld, type Ledger } from './gift-cards.fixtures.js'
import { giftCards } from './schema.js'

describe.each(engines)('gift cards on %s', (engine) => {
  const shop = useGiftCardWorld(engine)
  const { post, get, issue, balance, ledger, giftCard, tillSale, expectLedgerSums } = shop

  it('is issued once with its PIN, spent in part on the web, then to zero at a store till, its ledger adding up', async () => {
    const issued = await issue(10000, { customerId: shop.world.customer.id })
    expect(issued).toMatchObject({
      id: expect.stringMatching(/^gft_/),
      code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{16}$/),
      pin: expect.stringMatching(/^[0-9]{6}$/),
      balance: { amount: 10000, currency: 'EUR' },
    })
    const validForDays = (new Date(String((issued as unknown as { expiresAt: string }).expiresAt)).getTime() - Date.now()) / 86_400_000
    expect(validForDays).toBeGreaterThan(13 * 30)
    expect(validForDays).toBeLessThan(13 * 31 + 1)
    const events = await shop.server.database.db.select().from(outboxEvents).where(eq(outboxEvents.type, 'credit.gift_card_issued'))
    const mine = events.find((e) => (e.payload as { giftCardId?: string }).giftCardId === issued.id)
    expect(mine?.customerId).toBe(shop.world.customer.id)
    expect(JSON.stringify(mine?.payload)).not.toContain(issued.code)
    expect(JSON.stringify(mine?.payload)).not.toContain(issued.pin)

    const typed = `${issued.code.slice(0, 4).toLowerCase()}-${issued.code.slice(4, 8)} ${issued.code.slice(8)}`
    expect((await balance(typed, issued.pin)).json()).toEqual({ balance: { amount: 10000, currency: 'EUR' }, expiresAt: expect.any(String), status: 'active' })

    const dress = (await stockedProduct(shop.server, shop.world, { prices: [5990] })).variants[0]!
    const webCart = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: dress.id, quantity: 1 }])
    const web = await checkout(
      shop.server,
      webCart,
      {
        fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.lyon.id },
        payments: [giftCard(issued, 3000), { ...card(), amount: 2990 }],
      },
      shop.world.customer.headers,
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

    const lookup = (await get(`/v1/gift-cards?code=${issued.code.toLowerCase()}`, shop.world.admin.headers)).json()
    expect(lookup.items).toMatchObject([{ id: issued.id, balance: { amount: 0 }, status: 'active' }])
    const own = await get(`/v1/customers/${shop.world.customer.id}/gift-cards`, shop.world.customer.headers)
    expect(own.json().items.map((c: { id: string }) => c.id)).toContain(issued.id)
    expect(own.body).not.toContain(issued.pin)
    // A page of one at a time, counted, walks the same cards newest first as the default page holds.
    const everyCard = own.json<{ items: { id: string }[]; nextCursor: string | null }>()
    expect(everyCard.nextCursor).toBeNull()
    const walked: string[] = []
    for (let cursor: string | null = '', first = true; first || cursor !== null; first = false) {
      const page: { items: { id: string }[]; nextCursor: string | null } = (await get(`/v1/customers/${shop.world.customer.id}/gift-cards?limit=1&count=true${cursor ? `&cursor=${cursor}` : ''}`, shop.world.customer.headers)).json()
      // totalCount on the first page only: beside a cursor it would count what the caller was not shown.
      if (first) expect(page).toMatchObject({ totalCount: everyCard.items.length })
      else expect(page).not.toHaveProperty('totalCount')
      walked.push(...page.items.map((c: { id: string }) => c.id))
      cursor = page.nextCursor
    }
    expect(walked).toEqual(everyCard.items.map((c) => c.id))
    expect((await get(`/v1/customers/${shop.world.customer.id}/gift-cards?sort=-pin`, shop.world.customer.headers)).statusCode).toBe(400)
    expect((await get(`/v1/customers/${shop.world.customer.id}/gift-cards`, shop.world.otherCustomer.headers)).statusCode).toBe(404)
    expect((await get(`/v1/gift-cards/${issued.id}`, shop.world.customer.headers)).statusCode).toBe(403)
    expect((await post('/v1/gift-cards', { amount: 1000 }, shop.world.customer.headers)).statusCode).toBe(403)
  })

  it('issues once per Idempotency-Key without keeping the PIN for a replay', async () => {
    const headers = { ...shop.world.admin.headers, 'idempotency-key': `gift-${Date.now()}-${Math.random()}` }
    const first = await shop.server.app.inject({ method: 'POST', url: '/v1/gift-cards', payload: { amount: 1500 }, headers })
    expect(first.statusCode, first.body).toBe(201)
    const again = await shop.server.app.inject({ method: 'POST', url: '/v1/gift-cards', payload: { amount: 1500 }, headers })
    expect(again.json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/already-done' })
    const stored = await shop.server.database.db.execute(
      sql`select response_body::text as body from idempotency_keys where key = ${headers['idempotency-key']}`,
    )
    expect(JSON.stringify(stored)).not.toContain(first.json<{ pin: string }>().pin)
  })

  it('leaves the gift card untouched when a card in the same checkout is declined', async () => {
    const issued = await issue(5000)
    const res = await tillSale(6000, [giftCard(issued, 2000), { ...card('4000000000000002'), amount: 4000 }])
    expect(res.statusCode).toBe(402)
    expect((await ledger(issued.id)).balance.amount).toBe(5000)
  })

  it('refuses an expired or disabled card, and answers bad input with a 400', async () => {
    const issued = await issue(3000)
    await shop.server.database.db
      .update(giftCards)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(eq(giftCards.id, issued.id))
    expect((await balance(issued.code, issued.pin)).json()).toMatchObject({ status: 'expired', balance: { amount: 3000 } })
    expect((await tillSale(1000, [giftCard(issued)])).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/gift-card-expired' })
    const other = await issue(3000)
    expect((await post(`/v1/gift-cards/${other.id}/disable`, {}, shop.world.associate.headers)).statusCode).toBe(403)
    expect((await post(`/v1/gift-cards/${other.id}/disable`, {}, shop.world.admin.headers)).json()).toMatchObject({ status: 'disabled' })
    expect((await tillSale(1000, [giftCard(other)])).json()).toMatchObject({ status: 409, type: 'https://omnicanal.dev/problems/gift-card-disabled' })
    // A card is money: store staff do not mint it (sold through checkout in a later slice).
    expect((await post('/v1/gift-cards', { amount: 1000 }, shop.world.associate.headers)).statusCode).toBe(403)
    expect((await post('/v1/gift-cards', { amount: 0 }, shop.world.admin.headers)).statusCode).toBe(400)
    expect((await post('/v1/gift-cards', { amount: 100, expiresAt: '2001-01-01T00:00:00Z' }, shop.world.admin.headers)).json()).toMatchObject({
      status: 400,
      field: '/body/expiresAt',
    })
    expect((await balance(issued.code, '12ab')).statusCode).toBe(400)
  })

  it('lets an admin adjust a card between zero and its issued amount', async () => {
    const issued = await issue(3000)
    const adjust = (amount: number, headers = shop.world.admin.headers) =>
      post(`/v1/gift-cards/${issued.id}/adjustments`, { amount, note: 'Correction' }, headers)
    expect((await adjust(100)).json()).toMatchObject({
      status: 409,
      type: 'https://omnicanal.dev/problems/gift-card-adjustment-out-of-range',
      balance: 3000,
      initialAmount: 3000,
    })
    expect((await adjust(-500, shop.world.associate.headers)).statusCode).toBe(403)
    const adjusted = (await adjust(-500)).json<Ledger>()
    expect(adjusted.balance.amount).toBe(2500)
    expectLedgerSums(adjusted)
    expect((await post('/v1/gift-cards/gft_unknown/adjustments', { amount: -1, note: 'x' }, shop.world.admin.headers)).statusCode).toBe(404)
  })

  it('credits a returned item back to the card, reverses a cancelled order, and refunds an expired card as store credit', async () => {
    const issued = await issue(8000)
    const sale = (await tillSale(3000, [giftCard(issued)])).json()
    const ret = await post(
      `/v1/orders/${sale.id}/returns`,
      { lines: [{ orderLineId: sale.lines[0].id, quantity: 1, reason: 'wrong_size' }], locationId: shop.world.stores.montpellier.id },
      shop.world.associate.headers,
    )
    expect(ret.statusCode, ret.body).toBe(201)
    expect(ret.json().refunds).toMatchObject([{ method: 'gift_card', amount: { amount: 3000 } }])
    expect((await ledger(issued.id)).balance.amount).toBe(8000)

    const dress = (await stockedProduct(shop.server, shop.world, { prices: [2500] })).variants[0]!
    const webCart = await cartWith(shop.server, shop.world.customer.headers, shop.world.channels.web.id, [{ variantId: dress.id, quantity: 1 }])
    const web = (
      await checkout(
        shop.server,
        webCart,
        { fulfilment: { method: 'click_and_collect', pickupLocationId: shop.world.stores.lyon.id }, payments: [giftCard(issued)] },
        shop.world.customer.headers,
      )
    ).json()
    expect((await ledger(issued.id)).balance.amount).toBe(5500)
    expect((await post(`/v1/orders/${web.id}/cancel`, { reason: 'changed_mind' }, shop.world.customer.headers)).statusCode).toBe(200)
    const afterCancel = await ledger(issued.id)
    expect(afterCancel.balance.amount).toBe(8000)
    expect(afterCancel.entries.map((e) => e.reason)).toEqual(['issue', 'spend', 'refund', 'spend', 'spend_reversal'])
    expectLedgerSums(afterCancel)

    const credit = async () => (await get(`/v1/customers/${shop.world.customer.id}/store-credit`, shop.world.customer.headers)).json().balance.amount as number
    const sold = (await tillSale(2000, [giftCard(issued)])).json()
    await shop.server.database.db
      .update(giftCards)
      .set({ expiresAt: sql`now() - interval '1 day'` })
      .where(eq(giftCards.id, issued.id))
    const before = await credit()
    const late = await post(
      `/v1/orders/${sold.id}/returns`,
      { lines: [{ orderLineId: sold.lines[0].id, quantity: 1, reason: 'wrong_size' }], locationId: shop.world.stores.montpellier.id },
      shop.world.associate.headers,
    )
    expect(late.json().refunds).toMatchObject([{ method: 'store_credit', amount: { amount: 2000 } }])
    expect(await credit()).toBe(before + 2000)
    expect((await ledger(issued.id)).balance.amount).toBe(6000)
  })

  // Twice as many checkouts as wrong PINs lock a card: right PINs in flight are never counted as failures.
  it.skipIf(engine === 'pglite')('lets exactly the affordable share of concurrent checkouts spend one card, never below zero, none locked', async () => {
    const issued = await issue(4000)
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [1500], onHand: 50 })).variants[0]!
    const carts = await Promise.all(
      Array.from({ length: 2 * PIN_ATTEMPTS }, () =>
        cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }]),
      ),
    )
    const body = JSON.stringify({ fulfilment: { method: 'in_store' }, contact: { email: 'passant@example.com' }, payments: [giftCard(issued)] })
    const results = await Promise.all(
      carts.map(async (id) => {
        const res = await fetch(`${shop.server.url}/v1/carts/${id}/checkout`, {
          method: 'POST',
          headers: { ...shop.world.associate.headers, 'content-type': 'application/json' },
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
