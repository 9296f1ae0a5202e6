import { describe, expect, it } from 'vitest'
import { cartWith, checkout, requests, stockedProduct, useCommerceWorld, type OrderAnswer } from '../../../test/commerce.js'
import { staffSession, type Session } from '../../../test/fixtures.js'
import { engines } from '../../../test/harness.js'
import { outboxEvents } from '../../platform/schema.js'
import { inArray } from 'drizzle-orm'

const EUR = (amount: number) => ({ amount, currency: 'EUR' })
const PROBLEMS = 'https://omnicanal.dev/problems/'

describe.each(engines)('till sessions on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)
  const montpellier = () => shop.world.stores.montpellier.id
  let manager: Session | undefined
  const managerOf = async () => (manager ??= await staffSession(shop.server, 'store_manager', [montpellier()]))

  async function tillSale(payments: Record<string, unknown>[], price: number): Promise<OrderAnswer & { lines: { id: string }[] }> {
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [price], onHand: 5, locationIds: [montpellier()] })).variants[0]!
    const cartId = await cartWith(shop.server, shop.world.associate.headers, shop.world.channels.storeMontpellier.id, [{ variantId: variant.id, quantity: 1 }], { customerId: shop.world.customer.id })
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments }, shop.world.associate.headers)
    expect(res.statusCode, res.body).toBe(201)
    return res.json()
  }

  const open = (register: string, float: unknown, headers = shop.world.associate.headers, locationId = montpellier()) =>
    http.post(`/v1/locations/${locationId}/tills/${register}/sessions`, { float }, headers)

  it('opens, sells in cash with change, moves cash, reads an X report, closes with a count and freezes the Z report', async () => {
    const headers = shop.world.associate.headers
    const opened = await open('till-1', EUR(20000))
    expect(opened.statusCode, opened.body).toBe(201)
    const session = opened.json<{ id: string }>()
    expect(session).toMatchObject({ register: 'till-1', status: 'open', float: EUR(20000), locationId: montpellier(), closedAt: null, variance: null })

    const again = await open('till-1', EUR(10000))
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ type: `${PROBLEMS}till-already-open`, field: '/params/register', openSessionId: session.id })

    await tillSale([{ method: 'cash', tendered: 10000 }], 5990) // 4010 change
    const refunded = await tillSale([{ method: 'cash', tendered: 5000 }], 3000) // 2000 change, then handed back
    await tillSale([{ method: 'card_terminal', terminalReference: 'TPE-42' }], 4500)
    const back = await http.post(`/v1/orders/${refunded.id}/returns`, { lines: [{ orderLineId: refunded.lines[0]!.id, quantity: 1, reason: 'changed_mind', condition: 'resellable' }], locationId: montpellier() }, headers)
    expect(back.statusCode, back.body).toBe(201)
    expect(back.json()).toMatchObject({ refunds: [{ method: 'cash', amount: { amount: 3000 } }] })

    const out = await http.post(`/v1/till-sessions/${session.id}/cash-movements`, { direction: 'out', amount: EUR(5000), reason: 'Bank deposit' }, headers)
    expect(out.statusCode, out.body).toBe(201)
    expect(out.json()).toMatchObject({ direction: 'out', amount: EUR(5000), reason: 'Bank deposit', sessionId: session.id })
    expect((await http.post(`/v1/till-sessions/${session.id}/cash-movements`, { direction: 'in', amount: EUR(1000), reason: 'Coins from the bank' }, headers)).statusCode).toBe(201)

    const x = await http.get(`/v1/till-sessions/${session.id}/x-report`, headers)
    expect(x.statusCode, x.body).toBe(200)
    const report = x.json<{ tenders: { method: string }[] }>()
    expect(report).toMatchObject({
      kind: 'x',
      currency: 'EUR',
      // 20000 + 15000 − 6010 + 1000 − 5000 − 3000
      cash: { float: EUR(20000), sales: EUR(8990), tendered: EUR(15000), change: EUR(6010), cashIn: EUR(1000), cashOut: EUR(5000), refunds: EUR(3000), expected: EUR(21990), counted: null, variance: null },
    })
    expect(report.tenders.map((t) => t.method)).toEqual(['card', 'cash', 'card_terminal', 'store_credit', 'gift_card', 'exchange'])
    expect(report.tenders).toContainEqual({ method: 'cash', sales: { count: 2, amount: EUR(8990) }, refunds: { count: 1, amount: EUR(3000) } })
    expect(report.tenders).toContainEqual({ method: 'card_terminal', sales: { count: 1, amount: EUR(4500) }, refunds: { count: 0, amount: EUR(0) } })
    expect((await http.get(`/v1/till-sessions/${session.id}`, headers)).json()).toMatchObject({ status: 'open' })
    const early = await http.get(`/v1/till-sessions/${session.id}/z-report`, headers)
    expect(early.json()).toMatchObject({ status: 409, type: `${PROBLEMS}till-session-open` })

    const closed = await http.post(`/v1/till-sessions/${session.id}/close`, { counted: EUR(21900), note: 'A coin rolled away' }, headers, { 'idempotency-key': `close-${session.id}` })
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({
      session: { status: 'closed', counted: EUR(21900), expected: EUR(21990), variance: EUR(-90), closeNote: 'A coin rolled away' },
      report: { kind: 'z', cash: { expected: EUR(21990), counted: EUR(21900), variance: EUR(-90) } },
    })
    const replay = await http.post(`/v1/till-sessions/${session.id}/close`, { counted: EUR(21900), note: 'A coin rolled away' }, headers, { 'idempotency-key': `close-${session.id}` })
    expect(replay.headers['idempotent-replayed']).toBe('true')
    expect((await http.post(`/v1/till-sessions/${session.id}/close`, { counted: EUR(21990) }, headers)).json()).toMatchObject({ status: 409, type: `${PROBLEMS}illegal-transition` })

    // A sale after the close belongs to no closed session: the Z report stays as it was.
    await tillSale([{ method: 'cash', tendered: 2000 }], 2000)
    const z = await http.get(`/v1/till-sessions/${session.id}/z-report`, await managerOf().then((m) => m.headers))
    expect(z.statusCode).toBe(200)
    expect(z.json()).toEqual(closed.json<{ report: unknown }>().report)
    const late = await http.post(`/v1/till-sessions/${session.id}/cash-movements`, { direction: 'in', amount: EUR(100), reason: 'late' }, headers)
    expect(late.json()).toMatchObject({ status: 409, type: `${PROBLEMS}till-session-closed` })

    const types = (await shop.server.database.db.select().from(outboxEvents).where(inArray(outboxEvents.type, ['tills.session_opened', 'tills.cash_moved', 'tills.session_closed'])).orderBy(outboxEvents.position)).map((e) => e.type)
    expect(types).toEqual(['tills.session_opened', 'tills.cash_moved', 'tills.cash_moved', 'tills.session_closed'])

    const reopened = await open('till-1', EUR(15000))
    expect(reopened.statusCode).toBe(201)
    const register = await http.get(`/v1/locations/${montpellier()}/tills/till-1`, headers)
    expect(register.json()).toMatchObject({ register: 'till-1', openSession: { id: reopened.json<{ id: string }>().id } })
  })

  it('keeps another store’s staff out (404) and the call centre and integrations away (403)', async () => {
    const opened = await open('till-2', EUR(0))
    expect(opened.statusCode, opened.body).toBe(201)
    const id = opened.json<{ id: string }>().id
    const lyon = shop.world.lyonAssociate.headers
    expect((await open('till-3', EUR(0), lyon)).json()).toMatchObject({ status: 404, field: '/params/id' })
    expect((await http.get(`/v1/till-sessions/${id}`, lyon)).statusCode).toBe(404)
    expect((await http.get(`/v1/till-sessions/${id}/x-report`, lyon)).statusCode).toBe(404)
    expect((await http.post(`/v1/till-sessions/${id}/cash-movements`, { direction: 'out', amount: EUR(1), reason: 'x' }, lyon)).statusCode).toBe(404)
    expect((await http.post(`/v1/till-sessions/${id}/close`, { counted: EUR(0) }, lyon)).statusCode).toBe(404)
    expect((await http.get(`/v1/locations/${montpellier()}/tills/till-2`, lyon)).statusCode).toBe(404)
    expect((await http.get(`/v1/till-sessions/${id}`, shop.world.agent.headers)).statusCode).toBe(403)
    expect((await http.get(`/v1/till-sessions/${id}`, shop.world.customer.headers)).statusCode).toBe(403)
    expect((await http.get(`/v1/till-sessions/${id}`, shop.world.admin.headers)).statusCode).toBe(200)
    const lyonTill = await open('till-1', EUR(5000), lyon, shop.world.stores.lyon.id)
    expect(lyonTill.statusCode).toBe(201)
    expect((await open('till-1', EUR(5000), shop.world.admin.headers, shop.world.stores.warehouse.id)).json()).toMatchObject({ status: 400, type: `${PROBLEMS}not-a-store` })
  })

  it('leaves cash out, the close and the X report to the opener, a manager of the store or an admin; any colleague puts cash in', async () => {
    const opened = await open('till-5', EUR(10000))
    expect(opened.statusCode, opened.body).toBe(201)
    const id = opened.json<{ id: string }>().id
    const colleague = (await staffSession(shop.server, 'store_associate', [montpellier()])).headers
    const move = (direction: 'in' | 'out', headers: Record<string, string>) => http.post(`/v1/till-sessions/${id}/cash-movements`, { direction, amount: EUR(500), reason: 'Change' }, headers)
    const refused = { status: 403, type: `${PROBLEMS}forbidden`, field: '/params/id' }
    expect((await move('in', colleague)).statusCode).toBe(201)
    expect((await move('out', colleague)).json()).toMatchObject(refused)
    expect((await http.get(`/v1/till-sessions/${id}/x-report`, colleague)).json()).toMatchObject(refused)
    expect((await http.post(`/v1/till-sessions/${id}/close`, { counted: EUR(0) }, colleague)).json()).toMatchObject(refused)
    expect((await http.get(`/v1/till-sessions/${id}`, colleague)).statusCode).toBe(200)
    expect((await move('out', shop.world.associate.headers)).statusCode).toBe(201)
    const manager = (await managerOf()).headers
    expect((await move('out', manager)).statusCode).toBe(201)
    expect((await http.get(`/v1/till-sessions/${id}/x-report`, manager)).json()).toMatchObject({ kind: 'x', cash: { cashIn: EUR(500), cashOut: EUR(1000) } })
    expect((await http.get(`/v1/till-sessions/${id}/x-report`, shop.world.admin.headers)).statusCode).toBe(200)
    expect((await http.get(`/v1/till-sessions/${id}/x-report`, shop.world.associate.headers)).statusCode).toBe(200)
    const closed = await http.post(`/v1/till-sessions/${id}/close`, { counted: EUR(9500) }, manager)
    expect(closed.statusCode, closed.body).toBe(200)
    expect(closed.json()).toMatchObject({ session: { status: 'closed', variance: EUR(0) } })
  })

  it('refuses bad input with a 400 naming the field', async () => {
    const headers = shop.world.associate.headers
    expect((await open('till-4', { amount: -1, currency: 'EUR' })).json()).toMatchObject({ status: 400, field: '/body/float/amount' })
    expect((await open('till-4', { amount: 1e15, currency: 'EUR' })).json()).toMatchObject({ status: 400, field: '/body/float/amount' })
    expect((await open('till-4', { amount: 1.5, currency: 'EUR' })).json()).toMatchObject({ status: 400, field: '/body/float/amount' })
    expect((await open('till-4', { amount: 100, currency: 'eur' })).json()).toMatchObject({ status: 400, field: '/body/float/currency' })
    expect((await open('Till%201', EUR(100))).json()).toMatchObject({ status: 400, field: '/params/register' })
    const id = (await open('till-4', EUR(100))).json<{ id: string }>().id
    const move = (body: unknown) => http.post(`/v1/till-sessions/${id}/cash-movements`, body, headers)
    expect((await move({ direction: 'out', amount: EUR(100), reason: 'a\u0000b' })).json()).toMatchObject({ status: 400, field: '/body/reason' })
    expect((await move({ direction: 'out', amount: EUR(100), reason: '   ' })).json()).toMatchObject({ status: 400, field: '/body/reason' })
    expect((await move({ direction: 'out', amount: EUR(0), reason: 'nothing' })).json()).toMatchObject({ status: 400, field: '/body/amount/amount' })
    expect((await move({ direction: 'sideways', amount: EUR(100), reason: 'x' })).json()).toMatchObject({ status: 400, field: '/body/direction' })
    expect((await move({ direction: 'in', amount: { amount: 100, currency: 'USD' }, reason: 'dollars' })).json()).toMatchObject({ status: 400, type: `${PROBLEMS}currency-mismatch`, field: '/body/amount/currency' })
    expect((await http.post(`/v1/till-sessions/${id}/close`, { counted: { amount: -5, currency: 'EUR' } }, headers)).json()).toMatchObject({ status: 400, field: '/body/counted/amount' })
    expect((await http.get('/v1/till-sessions/till_nope', headers)).statusCode).toBe(404)
    expect((await http.get('/v1/locations/loc_nope/tills/till-1', shop.world.admin.headers)).statusCode).toBe(404)
  })

  it.skipIf(engine === 'pglite')('lets one of several concurrent opens of a register win; the others get a 409 (PostgreSQL: PGlite has one connection)', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => open('till-9', EUR(1000))))
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409])
    for (const a of answers.filter((r) => r.statusCode === 409)) expect(a.json()).toMatchObject({ type: `${PROBLEMS}till-already-open` })
  })
})
