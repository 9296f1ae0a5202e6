/** Shared by the loyalty tests: orders of a given customer on the web and at the till, and reads of her loyalty. */
import { sql } from 'drizzle-orm'
import { card, cartWith, checkout, homeAddress, type CartWorld } from '../../../test/commerce.js'
import type { TestServer } from '../../../test/harness.js'
import { newId } from '../../platform/ids.js'

type Headers = Record<string, string>
type Lines = { variantId: string; quantity: number }[]

export interface PlacedOrder {
  id: string
  status: string
  lines: { id: string; variantId: string; quantity: number }[]
  fulfilments: { id: string; status: string }[]
  totals: { total: { amount: number }; shipping: { amount: number } }
}

export interface Loyalty {
  balances: { available: number; pending: number; lifetime: number }
  tier: { code: string } | null
  nextTier: { code: string; pointsMissing: number } | null
  vouchers: { couponId: string; code: string; status: string; points: number }[]
}

export interface EntryView {
  id: string
  kind: string
  available: number
  pending: number
  lifetime: number
  orderId: string | null
  returnId: string | null
  note: string | null
}

async function expectCreated<T>(what: string, res: { statusCode: number; body: string; json: () => unknown }): Promise<T> {
  if (res.statusCode !== 201 && res.statusCode !== 200) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`)
  return res.json() as T
}

/** A web order of the customer shipped home, paid by card; delivered when `deliver` (picked, shipped, delivered). */
export async function webOrder(
  server: TestServer,
  world: CartWorld,
  customer: { headers: Headers },
  lines: Lines,
  options: { deliver: boolean },
): Promise<PlacedOrder> {
  const cartId = await cartWith(server, customer.headers, world.channels.web.id, lines)
  const order = await expectCreated<PlacedOrder>(
    'checkout',
    await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress() }, payments: [card()] }, customer.headers),
  )
  if (!options.deliver) return order
  for (const fulfilment of order.fulfilments) {
    for (const [action, payload] of [
      ['pick', {}],
      ['ship', { carrier: 'Colissimo', trackingNumber: `6A${fulfilment.id.slice(-8)}` }],
      ['deliver', {}],
    ] as const) {
      await expectCreated(
        action,
        await server.app.inject({ method: 'POST', url: `/v1/fulfilments/${fulfilment.id}/${action}`, headers: world.admin.headers, payload }),
      )
    }
  }
  return order
}

/** A sale to the customer at the Montpellier till, paid in cash: born collected. */
export async function tillOrder(server: TestServer, world: CartWorld, customerId: string, lines: Lines): Promise<PlacedOrder> {
  const cartId = await cartWith(server, world.associate.headers, world.channels.storeMontpellier.id, lines, { customerId })
  return expectCreated<PlacedOrder>(
    'till checkout',
    await checkout(server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered: 100_000 }] }, world.associate.headers),
  )
}

/** Takes units back at the Montpellier counter (received and refunded at once). */
export async function returnAtCounter(
  server: TestServer,
  world: CartWorld,
  orderId: string,
  lines: { orderLineId: string; quantity: number }[],
): Promise<{ id: string; status: string }> {
  const res = await server.app.inject({
    method: 'POST',
    url: `/v1/orders/${orderId}/returns`,
    headers: world.associate.headers,
    payload: { lines: lines.map((l) => ({ ...l, reason: 'wrong_size' })), locationId: world.stores.montpellier.id },
  })
  return expectCreated('return', res)
}

export async function closeOrder(server: TestServer, world: CartWorld, orderId: string) {
  return server.app.inject({ method: 'POST', url: `/v1/orders/${orderId}/close`, headers: world.admin.headers })
}

export async function loyaltyOf(server: TestServer, customerId: string, headers: Headers): Promise<Loyalty> {
  const res = await server.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/loyalty`, headers })
  if (res.statusCode !== 200) throw new Error(`loyalty read failed: ${res.statusCode} ${res.body}`)
  return res.json<Loyalty>()
}

export async function entriesOf(server: TestServer, customerId: string, headers: Headers): Promise<EntryView[]> {
  const res = await server.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/loyalty/entries?limit=200`, headers })
  if (res.statusCode !== 200) throw new Error(`entries read failed: ${res.statusCode} ${res.body}`)
  return res.json<{ items: EntryView[] }>().items
}

/** An amount_off order promotion (coupon-only unless told), written directly: the promotions API is not under test here. */
export async function voucherPromotion(server: TestServer, amount: number, options: { requiresCoupon?: boolean } = {}): Promise<string> {
  const id = newId('prm')
  const definition = JSON.stringify({ amount, target: { scope: 'order' } })
  await server.database.db.execute(sql`
    insert into promotions (id, name, kind, definition, priority, stacking, requires_coupon)
    values (${id}, ${`Bon fidélité ${amount / 100} €`}, 'amount_off', ${definition}::jsonb, 500, 'combinable', ${options.requiresCoupon ?? true})`)
  return id
}
