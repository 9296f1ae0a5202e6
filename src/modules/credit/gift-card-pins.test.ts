/** A gift card's PIN: wrong ones counted and locking the card, on the balance route and at checkout alike. */
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { engines } from '../../../test/harness.js'
import { PIN_ATTEMPTS, unlockGiftCard } from './gift-card-pins.js'
import { useGiftCardWorld } from './gift-cards.fixtures.js'
import { giftCards } from './schema.js'

describe.each(engines)('gift card PINs on %s', (engine) => {
  const shop = useGiftCardWorld(engine)
  const { get, issue, balance, ledger, giftCard, wrongPin, tillSale } = shop

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
    const [row] = await shop.server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row?.pinFailures).toBe(2)
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
    const [reset] = await shop.server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(reset?.pinFailures).toBe(0)
    for (let i = 0; i < 5; i += 1) expect((await balance(issued.code, wrongPin(issued.pin))).statusCode).toBe(404)
    expect((await balance(issued.code, issued.pin)).json()).toMatchObject({ status: 423, type: 'https://omnicanal.dev/problems/gift-card-locked' })
    expect((await tillSale(1000, [giftCard(issued)])).statusCode).toBe(423)
    expect((await get(`/v1/gift-cards/${issued.id}`, shop.world.admin.headers)).json().lockedUntil).toEqual(expect.any(String))
    await shop.server.database.db
      .update(giftCards)
      .set({ lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(giftCards.id, issued.id))
    expect((await balance(issued.code, issued.pin)).json().balance.amount).toBe(3000)
    const [cleared] = await shop.server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(cleared).toMatchObject({ pinFailures: 0, lockedUntil: null })
  })

  it('resets the count when the right PIN follows four wrong ones', async () => {
    const issued = await issue(3000)
    for (let i = 0; i < PIN_ATTEMPTS - 1; i += 1) expect((await balance(issued.code, wrongPin(issued.pin))).statusCode).toBe(404)
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
    for (let i = 0; i < PIN_ATTEMPTS - 1; i += 1) expect((await balance(issued.code, wrongPin(issued.pin))).statusCode).toBe(404)
    const [row] = await shop.server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
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
    await shop.server.database.db
      .update(giftCards)
      .set({ lockedUntil: sql`now() - interval '1 minute'` })
      .where(eq(giftCards.id, issued.id))
    expect((await balance(issued.code, issued.pin)).statusCode).toBe(200)
  })

  it.skipIf(engine === 'pglite')('answers every one of 30 concurrent right PINs on one card, none locked', async () => {
    const issued = await issue(3000)
    const results = await Promise.all(Array.from({ length: 30 }, () => balance(issued.code, issued.pin)))
    expect(results.map((r) => r.statusCode)).toEqual(Array.from({ length: 30 }, () => 200))
    const [row] = await shop.server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row).toMatchObject({ pinFailures: 0, lockedUntil: null })
  })

  it('checks a PIN again in the spend unless this request’s admission proved that very PIN for that card', async () => {
    const issued = await issue(5000)
    const other = await issue(5000)
    const unlock = (pin: string, proven?: Map<string, string>) =>
      shop.server.database.db.transaction((tx) => unlockGiftCard(tx, { code: issued.code, pin, field: '/body/payments/0' }, proven))
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
    const [row] = await shop.server.database.db.select().from(giftCards).where(eq(giftCards.id, issued.id))
    expect(row?.pinFailures).toBe(0)
    expect((await ledger(issued.id)).balance.amount).toBe(3000)
  })
})
