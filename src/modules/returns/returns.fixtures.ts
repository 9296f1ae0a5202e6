/** Shared by the returns tests: orders that were handed over (a delivered web order, a till sale) and return calls. */
import { card, cartWith, checkout, homeAddress, type CartWorld } from '../../../test/commerce.js'
import type { TestServer } from '../../../test/harness.js'

type Headers = Record<string, string>

export interface OrderLineView {
  id: string
  variantId: string
  quantity: number
  returnedQuantity: number
}

export interface PlacedOrder {
  id: string
  channelId: string
  lines: OrderLineView[]
  fulfilments: { id: string }[]
  totals: { total: { amount: number }; shipping: { amount: number } }
}

async function step(server: TestServer, fulfilmentId: string, action: string, headers: Headers, payload: object = {}): Promise<void> {
  const res = await server.app.inject({ method: 'POST', url: `/v1/fulfilments/${fulfilmentId}/${action}`, headers, payload })
  if (res.statusCode !== 200) throw new Error(`${action} failed: ${res.statusCode} ${res.body}`)
}

/** A web order of the customer, shipped home by card and delivered (each fulfilment picked, shipped, delivered). */
export async function deliveredWebOrder(
  server: TestServer,
  world: CartWorld,
  lines: { variantId: string; quantity: number }[],
  headers: Headers = world.customer.headers,
): Promise<PlacedOrder> {
  const cartId = await cartWith(server, headers, world.channels.web.id, lines)
  const res = await checkout(server, cartId, { fulfilment: { method: 'ship', shippingAddress: homeAddress('34070') }, payments: [card()] }, headers)
  if (res.statusCode !== 201) throw new Error(`checkout failed: ${res.statusCode} ${res.body}`)
  const order = res.json<PlacedOrder>()
  for (const fulfilment of order.fulfilments) {
    await step(server, fulfilment.id, 'pick', world.admin.headers)
    await step(server, fulfilment.id, 'ship', world.admin.headers, { carrier: 'Colissimo', trackingNumber: `6A${fulfilment.id.slice(-8)}` })
    await step(server, fulfilment.id, 'deliver', world.admin.headers)
  }
  return order
}

/** A sale at the Montpellier till, taken from the shelf and paid with `payment`: for the customer, or a walk-in guest. */
export async function tillSale(
  server: TestServer,
  world: CartWorld,
  lines: { variantId: string; quantity: number }[],
  payment: Record<string, unknown>,
  options: { guest?: boolean } = {},
): Promise<PlacedOrder> {
  const cartId = await cartWith(
    server,
    world.associate.headers,
    world.channels.storeMontpellier.id,
    lines,
    options.guest ? {} : { customerId: world.customer.id },
  )
  const contact = options.guest ? { contact: { email: 'passant@example.com' } } : {}
  const res = await checkout(server, cartId, { fulfilment: { method: 'in_store' }, payments: [payment], ...contact }, world.associate.headers)
  if (res.statusCode !== 201) throw new Error(`till checkout failed: ${res.statusCode} ${res.body}`)
  return res.json<PlacedOrder>()
}

/** POST /v1/orders/{id}/returns. */
export function openReturn(server: TestServer, orderId: string, body: Record<string, unknown>, headers: Headers, extra: Headers = {}) {
  return server.app.inject({ method: 'POST', url: `/v1/orders/${orderId}/returns`, headers: { ...headers, ...extra }, payload: body })
}

/** One return line body. */
export const line = (orderLineId: string, quantity = 1, extra: Record<string, unknown> = {}) => ({ orderLineId, quantity, reason: 'wrong_size', ...extra })

/** The customer's store credit balance, read over HTTP as the customer. */
export async function creditBalance(server: TestServer, customer: { id: string; headers: Headers }): Promise<number> {
  const res = await server.app.inject({ method: 'GET', url: `/v1/customers/${customer.id}/store-credit`, headers: customer.headers })
  if (res.statusCode !== 200) throw new Error(`store credit read failed: ${res.statusCode} ${res.body}`)
  return res.json<{ balance: { amount: number } }>().balance.amount
}
