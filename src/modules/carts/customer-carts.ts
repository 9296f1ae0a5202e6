/**
 * A customer's open carts on every channel, for the seller serving her (carts:manage and customers:read: she is the
 * seller's customer now, whichever channel the cart was opened on) and for the customer herself (the carts she may
 * use). Anyone else gets the 404 of an unknown customer. Each cart says whether it is abandoned (policies.ts
 * abandonedCartSql, which also filters them).
 */
import { and, eq, isNull, not, sql, type SQL } from 'drizzle-orm'
import { can, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { channelSummaryOf, type ChannelSummary, type LocationSummary } from '../../platform/references.js'
import { countWhen, createdRange, defineListOrder, planList, type ListPage, type ChannelListWindow } from '../../platform/list-order.js'
import { getStaffUser } from '../auth/service.js'
import { getChannel, type Channel } from '../channels/service.js'
import { findCustomer } from '../customers/service.js'
import { findLocation } from '../locations/service.js'
import { customerNotFound } from './handoff-errors.js'
import { abandonedCartSql, EDITABLE_STATUS, type CartTotals } from './policies.js'
import { carts } from './schema.js'
import { buildCartView } from './view.js'

export const CUSTOMER_CART_FILTERS = ['open', 'abandoned', 'all'] as const
/** open: active carts; abandoned: idle ones (policies.ts abandonedCartSql); all: both. Closed carts are never listed. */
export type CustomerCartFilter = (typeof CUSTOMER_CART_FILTERS)[number]

export interface CustomerCartSummary {
  id: string
  customerId: string
  deviceId: string | null
  channelId: string
  channel: ChannelSummary
  /** Where the cart is served: the channel's store (store, kiosk), else the click-and-collect store, else null. */
  locationId: string | null
  location: LocationSummary | null
  pickupLocationId: string | null
  sellerStaffId: string | null
  seller: { id: string; displayName: string } | null
  itemCount: number
  totals: CartTotals
  lastActivityAt: string
  abandoned: boolean
  createdAt: string
}

export interface ListCustomerCartsInput extends ChannelListWindow {
  actor: Actor
  customerId: string
  status: CustomerCartFilter
}

export const CUSTOMER_CART_SORT_KEYS = ['createdAt', 'lastActivityAt'] as const
const customerCartOrder = defineListOrder<(typeof CUSTOMER_CART_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: carts.createdAt, type: 'time' }, lastActivityAt: { sql: carts.updatedAt, type: 'time' } },
  tiebreaker: carts.id,
  defaultDescending: true,
})

/** True when the actor may list this customer's carts: herself, or staff serving customers. */
function mayListCarts(actor: Actor, customerId: string): boolean {
  if (actor.kind === 'customer') return actor.id === customerId
  return can(actor, 'carts:manage') && can(actor, 'customers:read')
}

/** The customer's open carts, newest first, each with its channel, store, seller, totals and abandonment. */
export async function listCustomerCarts(tx: Tx, input: ListCustomerCartsInput): Promise<ListPage<CustomerCartSummary>> {
  const { actor, customerId } = input
  if (!mayListCarts(actor, customerId)) throw customerNotFound(customerId)
  const self = actor.kind === 'customer'
  if (!self && !(await findCustomer(tx, customerId))) throw customerNotFound(customerId)
  const plan = planList(customerCartOrder, input)
  // Spelled out: Drizzle leaves columns in a select list unqualified, and the rule's subquery has an id of its own.
  const abandoned = abandonedCartSql({ id: sql`carts.id`, status: sql`carts.status`, updatedAt: sql`carts.updated_at` })
  const filters: (SQL | undefined)[] = [
    eq(carts.customerId, customerId),
    eq(carts.status, EDITABLE_STATUS),
    // The customer sees the carts she may use (not those staff opened for her), as everywhere else.
    self ? isNull(carts.createdByStaffId) : undefined,
    input.status === 'abandoned' ? abandoned : input.status === 'open' ? not(abandoned) : undefined,
    input.channelId ? eq(carts.channelId, input.channelId) : undefined,
    ...createdRange(carts.createdAt, input),
  ]
  // Uses carts_customer_status_idx.
  const rows = await tx
    .select({ cart: carts, abandoned: sql<boolean>`${abandoned}`.mapWith(Boolean), cursorKey: plan.cursorKey })
    .from(carts)
    .where(and(...filters, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  const page = rows.slice(0, input.limit)
  const channels = new Map<string, Channel>()
  const items: CustomerCartSummary[] = []
  for (const { cart, abandoned } of page) {
    const channel = channels.get(cart.channelId) ?? (await getChannel(tx, cart.channelId))
    channels.set(channel.id, channel)
    const view = await buildCartView(tx, { cart, channel })
    const storeId = channel.locationId ?? cart.pickupLocationId
    const store = storeId ? await findLocation(tx, storeId) : undefined
    const seller = cart.sellerStaffId ? await getStaffUser(tx, cart.sellerStaffId) : null
    items.push({
      id: cart.id,
      customerId,
      deviceId: cart.deviceId,
      channelId: channel.id,
      channel: channelSummaryOf(channel),
      locationId: store?.id ?? null,
      location: store ? { id: store.id, code: store.code, name: store.name } : null,
      pickupLocationId: cart.pickupLocationId,
      sellerStaffId: cart.sellerStaffId,
      seller: seller ? { id: seller.id, displayName: seller.displayName } : null,
      itemCount: view.totals.itemCount,
      totals: view.totals,
      lastActivityAt: cart.updatedAt.toISOString(),
      abandoned,
      createdAt: cart.createdAt.toISOString(),
    })
  }
  const built = new Map(items.map((item) => [item.id, item]))
  return plan.page(rows, input.limit, (row) => built.get(row.cart.id) as CustomerCartSummary, await countWhen(input.count, tx, carts, and(...filters)))
}
