/**
 * A customer's open carts on every channel, for the seller serving her (carts:manage and customers:read: she is the
 * seller's customer now, whichever channel the cart was opened on) and for the customer herself (the carts she may
 * use). Anyone else gets the 404 of an unknown customer. Each cart says whether it is abandoned (policies.ts
 * abandonedCartSql, which also filters them) and shows its lines, so that a seller sees them before taking the cart
 * over; a seller serving from a store also sees that store's stock of each line (`availableHere`).
 */
import { and, asc, eq, inArray, isNull, not, sql, type SQL } from 'drizzle-orm'
import { can, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { channelSummaryOf, type ChannelSummary, type LocationSummary } from '../../platform/references.js'
import { countWhen, createdRange, defineListOrder, planList, type ListPage, type ChannelListWindow } from '../../platform/list-order.js'
import { getStaffUser } from '../auth/service.js'
import { getChannel, type Channel } from '../channels/service.js'
import { defaultServingLocation, findCustomer, resolveServingLocation } from '../customers/service.js'
import { getAvailability } from '../inventory/service.js'
import { findLocation } from '../locations/service.js'
import { customerNotFound } from './handoff-errors.js'
import { abandonedCartSql, EDITABLE_STATUS, type CartTotals } from './policies.js'
import { cartLines, carts } from './schema.js'
import { buildCartView, variantsById, type CartLineRow, type CartLineView } from './view.js'

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
  lines: CustomerCartLine[]
  lastActivityAt: string
  abandoned: boolean
  createdAt: string
}

/** A line as the cart view shows it, with the stock of the store the seller serves from (null without one). */
export type CustomerCartLine = CartLineView & { availableHere: number | null }

export interface ListCustomerCartsInput extends ChannelListWindow {
  actor: Actor
  customerId: string
  status: CustomerCartFilter
  /** The store the seller serves from (one of hers); implied for store staff of a single store. */
  locationId?: string
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

/**
 * The store whose stock the lines show: the one named (404 on the field unless it is one of the caller's, as for the
 * customer 360), else a store associate's only store; null for the customer herself and for staff of no single store.
 */
async function servingStore(tx: Tx, actor: Actor, locationId: string | undefined): Promise<string | null> {
  if (locationId === undefined) return defaultServingLocation(actor)
  return resolveServingLocation(tx, { actor, locationId, field: '/query/locationId' })
}

/**
 * The lines of all these carts in one statement (cart_lines_cart_variant_key: its leading cart_id column answers
 * `cart_id = any(…)`), in cartLinesOf's order, grouped by cart; and the catalogue entries of their variants in one more.
 */
async function linesOfCarts(tx: Tx, cartIds: readonly string[]) {
  const rows =
    cartIds.length === 0
      ? []
      : await tx
          .select()
          .from(cartLines)
          .where(inArray(cartLines.cartId, [...cartIds]))
          .orderBy(asc(cartLines.cartId), asc(cartLines.addedAt), asc(cartLines.id))
  const byCart = new Map<string, CartLineRow[]>()
  for (const row of rows) {
    const lines = byCart.get(row.cartId)
    if (lines) lines.push(row)
    else byCart.set(row.cartId, [row])
  }
  const variants = await variantsById(
    tx,
    rows.map((row) => row.variantId),
  )
  return { byCart, variants, variantIds: [...variants.keys()] }
}

/**
 * Units available at the store per variant, in one statement on stock_levels' primary key (variant_id, location_id);
 * a variant the store has never stocked has 0 there.
 */
async function stockAt(tx: Tx, storeId: string | null, variantIds: string[]): Promise<(variantId: string) => number | null> {
  if (storeId === null) return () => null
  const levels = await getAvailability(tx, { variantIds, locationIds: [storeId] })
  const units = new Map(levels.map((level) => [level.variantId, Math.max(0, level.available)]))
  return (variantId) => units.get(variantId) ?? 0
}

/** The customer's open carts, newest first, each with its channel, store, seller, lines, totals and abandonment. */
export async function listCustomerCarts(tx: Tx, input: ListCustomerCartsInput): Promise<ListPage<CustomerCartSummary>> {
  const { actor, customerId } = input
  if (!mayListCarts(actor, customerId)) throw customerNotFound(customerId)
  const self = actor.kind === 'customer'
  if (!self && !(await findCustomer(tx, customerId))) throw customerNotFound(customerId)
  // The customer herself sees no store's stock, whatever she passes: the store is the seller's.
  const storeId = self ? null : await servingStore(tx, actor, input.locationId)
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
  // Two statements for the lines of the whole page and one for the store's stock, whatever the number of carts. Still
  // per cart (as before the lines were listed): buildCartView's availability, prices and promotions, which keep the
  // totals those of the cart itself, and the store and seller look-ups.
  const { byCart, variants, variantIds } = await linesOfCarts(
    tx,
    page.map((row) => row.cart.id),
  )
  const here = await stockAt(tx, storeId, variantIds)
  const channels = new Map<string, Channel>()
  const items: CustomerCartSummary[] = []
  for (const { cart, abandoned } of page) {
    const channel = channels.get(cart.channelId) ?? (await getChannel(tx, cart.channelId))
    channels.set(channel.id, channel)
    const lineRows = byCart.get(cart.id) ?? []
    // Each cart is priced with its own variants only.
    const own = new Map(lineRows.flatMap((row) => variants.get(row.variantId) ?? []).map((variant) => [variant.id, variant]))
    const view = await buildCartView(tx, { cart, channel }, { preloaded: { rows: lineRows, variants: own } })
    const servedAt = channel.locationId ?? cart.pickupLocationId
    const store = servedAt ? await findLocation(tx, servedAt) : undefined
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
      lines: view.lines.map((line) => ({ ...line, availableHere: here(line.variantId) })),
      lastActivityAt: cart.updatedAt.toISOString(),
      abandoned,
      createdAt: cart.createdAt.toISOString(),
    })
  }
  const built = new Map(items.map((item) => [item.id, item]))
  return plan.page(rows, input.limit, (row) => built.get(row.cart.id) as CustomerCartSummary, await countWhen(input.count, tx, carts, and(...filters)))
}
