/**
 * The flash sale: many shoppers on five channels check out the last units at the same instant, over real HTTP on
 * real PostgreSQL. Exactly as many orders as units, never a unit oversold, a clean 409 for everyone else, and the
 * stock ledger still equal to the levels. PGlite has one connection, so this runs on PostgreSQL only.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { card, cartWith, cartWorld, expectLedgerConsistent, homeAddress, stockAt, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { startTestServer, TEST_DATABASE_URL, type TestServer } from '../../../test/harness.js'
import { SYSTEM_ACTOR } from '../../platform/auth.js'
import { rowsOf } from '../../platform/db.js'
import { expireDueReservations, reserveStock } from '../inventory/service.js'

const SHOPPERS = 200
const UNITS = 10

describe.skipIf(!TEST_DATABASE_URL)('flash sale on postgres (PGlite has a single connection: concurrency is proven on PostgreSQL only)', () => {
  let server: TestServer
  let world: CartWorld
  beforeAll(async () => {
    server = await startTestServer({ engine: 'postgres', listen: true })
    world = await cartWorld(server)
  })
  afterAll(async () => server?.close())

  /** One cart per shopper, spread over web, app, kiosk, phone and a store till, each holding one unit. */
  async function openCarts(variantId: string): Promise<{ cartId: string; headers: Record<string, string>; body: object }[]> {
    const ship = { method: 'ship', shippingAddress: homeAddress() }
    const aisle = { method: 'endless_aisle', shippingAddress: homeAddress() }
    const contact = { email: 'flash@example.com' }
    const seats = [
      { channelId: world.channels.web.id, headers: world.customer.headers, body: { fulfilment: ship, payments: [card()] } },
      { channelId: world.channels.mobile.id, headers: world.device.headers, body: { fulfilment: ship, contact, payments: [card()] } },
      { channelId: world.channels.kioskMontpellier.id, headers: world.otherDevice.headers, body: { fulfilment: aisle, contact, payments: [card()] } },
      { channelId: world.channels.phone.id, headers: world.agent.headers, body: { fulfilment: ship, contact, payments: [card()] } },
      { channelId: world.channels.storeMontpellier.id, headers: world.associate.headers, body: { fulfilment: aisle, contact, payments: [{ method: 'card_terminal', terminalReference: 'TPE' }] } },
    ]
    return Promise.all(
      Array.from({ length: SHOPPERS }, async (_, i) => {
        const seat = seats[i % seats.length]!
        return { cartId: await cartWith(server, seat.headers, seat.channelId, [{ variantId, quantity: 1 }]), headers: seat.headers, body: seat.body }
      }),
    )
  }

  async function rush(carts: { cartId: string; headers: Record<string, string>; body: object }[], midway?: () => Promise<unknown>) {
    let answered = 0
    let midwayRun: Promise<unknown> = Promise.resolve()
    const results = await Promise.all(
      carts.map(async ({ cartId, headers, body }, i) => {
        const res = await fetch(`${server.url}/v1/carts/${cartId}/checkout`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `flash-${cartId}-${i}` },
          body: JSON.stringify(body),
        })
        answered += 1
        if (midway && answered === SHOPPERS / 2) midwayRun = midway()
        return { status: res.status, body: (await res.json()) as { type?: string; available?: number } }
      }),
    )
    await midwayRun
    return results
  }

  async function ordersOf(variantId: string): Promise<number> {
    const [row] = rowsOf<{ n: number }>(await server.database.db.execute(sql`select count(distinct order_id)::int as n from order_lines where variant_id = ${variantId}`))
    return row?.n ?? 0
  }

  it(`sells exactly ${UNITS} units to ${SHOPPERS} simultaneous shoppers and answers the rest 409 insufficient-stock`, async () => {
    const variant = (await stockedProduct(server, world, { onHand: UNITS, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const carts = await openCarts(variant.id)
    const results = await rush(carts)
    const placed = results.filter((r) => r.status === 201)
    const refused = results.filter((r) => r.status === 409)
    expect(placed).toHaveLength(UNITS)
    expect(refused).toHaveLength(SHOPPERS - UNITS)
    for (const r of refused) expect(r.body).toMatchObject({ type: 'https://omnicanal.dev/problems/insufficient-stock', available: 0 })
    expect(await ordersOf(variant.id)).toBe(UNITS)
    expect(await stockAt(server, variant.id, world.stores.warehouse.id)).toMatchObject({ onHand: UNITS, reserved: UNITS, available: 0 })
    expect(await expectLedgerConsistent(server)).toEqual([])
  })

  it('never oversells when holds on part of the stock expire in the middle of the rush', async () => {
    const variant = (await stockedProduct(server, world, { onHand: UNITS, locationIds: [world.stores.warehouse.id] })).variants[0]!
    const carts = await openCarts(variant.id)
    const held = 4
    await server.database.transaction(async (tx) => {
      for (let i = 0; i < held; i++) await reserveStock(tx, { variantId: variant.id, locationId: world.stores.warehouse.id, quantity: 1, kind: 'hold', actor: SYSTEM_ACTOR, expiresAt: new Date(Date.now() + 3_600_000) })
    })
    // Once half the shoppers have an answer, the holds fall due and expire (this call or the server's own job).
    const results = await rush(carts, async () => {
      await server.database.db.execute(sql`update stock_reservations set expires_at = now() - interval '1 second' where variant_id = ${variant.id} and kind = 'hold'`)
      await expireDueReservations(server.database)
    })
    const placed = results.filter((r) => r.status === 201).length
    const [expired] = rowsOf<{ n: number }>(await server.database.db.execute(sql`select count(*)::int as n from stock_reservations where variant_id = ${variant.id} and kind = 'hold' and status = 'expired'`))
    expect(expired?.n).toBe(held)
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.type === 'https://omnicanal.dev/problems/insufficient-stock'))).toBe(true)
    expect(placed).toBeGreaterThanOrEqual(UNITS - held)
    expect(placed).toBeLessThanOrEqual(UNITS)
    expect(await ordersOf(variant.id)).toBe(placed)
    expect(await stockAt(server, variant.id, world.stores.warehouse.id)).toMatchObject({ onHand: UNITS, reserved: placed, available: UNITS - placed })
    expect(await expectLedgerConsistent(server)).toEqual([])
  })
})
