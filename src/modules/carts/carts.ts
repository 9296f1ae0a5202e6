/** Carts as rows: loading one the caller may use, taking it for a write, listing them, and the event scope. */
import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import type { EventPayloads } from '../../platform/event-types.js'
import type { CART_EVENTS } from './events.js'
import { countWhen, createdRange, defineListOrder, emptyPage, planList, type ChannelListWindow } from '../../platform/list-order.js'
import { getChannel, listChannels, type Channel } from '../channels/service.js'
import { recordTouchpoint } from '../journeys/service.js'
import { cartNotFound, cartNotOpen } from './errors.js'
import { currentKioskSession, isKioskDevice, touchKioskSession } from './kiosk-sessions.js'
import { EDITABLE_STATUS, mayUseCart } from './policies.js'
import { carts, type CartStatus } from './schema.js'

export type CartRow = typeof carts.$inferSelect

export interface CartContext {
  cart: CartRow
  channel: Channel
}

export interface CartSummary {
  id: string
  channelId: string
  customerId: string | null
  deviceId: string | null
  createdByStaffId: string | null
  pickupLocationId: string | null
  status: CartStatus
  orderId: string | null
  currency: string
  itemCount: number
  createdAt: string
  updatedAt: string
}

/** The cart and its channel when the actor may use it; any other case (unknown id included) is the same 404. */
export async function findUsableCart(tx: Tx, input: { cartId: string; actor: Actor | null }): Promise<CartContext> {
  const [cart] = await tx.select().from(carts).where(eq(carts.id, input.cartId)).limit(1)
  if (!cart) throw cartNotFound(input.cartId)
  const channel = await getChannel(tx, cart.channelId)
  if (!mayUseCart(input.actor, cart, channel, await currentKioskSession(tx, input.actor))) throw cartNotFound(input.cartId)
  return { cart, channel }
}

/**
 * The cart and its channel as they are now that the caller holds the row lock, when the actor may still use it: a
 * handoff, a claim or a login that committed while the caller waited may have moved it out of their reach (404).
 */
export async function recheckUsableCart(tx: Tx, input: { cart: CartRow; actor: Actor | null; channel: Channel }): Promise<CartContext> {
  const channel = input.cart.channelId === input.channel.id ? input.channel : await getChannel(tx, input.cart.channelId)
  if (!mayUseCart(input.actor, input.cart, channel, await currentKioskSession(tx, input.actor))) throw cartNotFound(input.cart.id)
  return { cart: input.cart, channel }
}

/**
 * Takes a usable, open cart for a write: the guarded UPDATE both checks the status and row-locks the cart, so that
 * writers of one cart queue behind each other and behind a checkout (which locks it FOR UPDATE) instead of adding
 * a line to a cart that is being turned into an order. Who may use it is checked again on the row the UPDATE took.
 * The same UPDATE compares the version with the request's If-Match (412 when stale) and, through the trigger, raises it:
 * every write of a cart (its lines and coupons too) goes through here.
 */
export async function takeCartForWrite(tx: Tx, input: { cartId: string; actor: Actor | null; expectedVersion?: ExpectedVersion }): Promise<CartContext> {
  const { cart, channel } = await findUsableCart(tx, input)
  const [taken] = await tx
    .update(carts)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(carts.id, cart.id), eq(carts.status, EDITABLE_STATUS), versionCondition(carts.version, input.expectedVersion)))
    .returning()
  if (!taken) {
    const [current] = await tx.select({ status: carts.status, version: carts.version }).from(carts).where(eq(carts.id, cart.id))
    if (current?.status === EDITABLE_STATUS) throw preconditionFailed('cart', current.version)
    throw cartNotOpen(cart.id, current?.status ?? cart.status)
  }
  const usable = await recheckUsableCart(tx, { cart: taken, actor: input.actor, channel })
  // A cart write is a kiosk's activity (reading is not): its session goes on.
  if (isKioskDevice(input.actor)) await touchKioskSession(tx, input.actor)
  return usable
}

/** Puts a write of the cart on its owner's timeline (customer, or the anonymous device), at its channel's store. */
export async function recordCartTouchpoint(tx: Tx, context: CartContext, kind: 'cart_created' | 'cart_changed', data: Record<string, unknown>): Promise<void> {
  const { cart, channel } = context
  await recordTouchpoint(tx, { kind, customerId: cart.customerId, deviceId: cart.deviceId, channelId: channel.id, locationId: channel.locationId, subjectType: 'cart', subjectId: cart.id, data })
}

type CartEventType = Exclude<(typeof CART_EVENTS)[keyof typeof CART_EVENTS], 'carts.wishlist_item_added' | 'carts.wishlist_item_removed'>

/** Writes a carts.* event about this cart (its id added to `payload`), scoped to the cart's customer and its channel's store. */
export async function emitCartEvent<T extends CartEventType>(tx: Tx, context: CartContext, type: T, payload: Omit<EventPayloads[T], 'cartId'>): Promise<void> {
  // TypeScript cannot see that adding cartId back to Omit<P, 'cartId'> gives P again.
  const full = { cartId: context.cart.id, ...payload } as EventPayloads[T]
  await emit(tx, type, full, { customerId: context.cart.customerId, locationId: context.channel.locationId })
}

async function allChannelIds(tx: Tx, filter: { kind?: Channel['kind']; locationId?: string }): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const page = await listChannels(tx, { ...filter, cursor, limit: 200 })
    ids.push(...page.items.map((channel) => channel.id))
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  return ids
}

/** The channels whose carts the actor may list: null for all of them. */
async function listableChannelIds(tx: Tx, actor: Actor): Promise<string[] | null> {
  if (actor.kind === 'integration' || (actor.kind === 'staff' && actor.role === 'admin')) return null
  if (actor.kind !== 'staff') return []
  if (actor.role === 'call_centre_agent') return [...(await allChannelIds(tx, { kind: 'phone' })), ...(await allChannelIds(tx, { kind: 'catalogue' }))]
  const ids: string[] = []
  for (const locationId of actor.locationIds) {
    for (const kind of ['store', 'kiosk'] as const) ids.push(...(await allChannelIds(tx, { kind, locationId })))
  }
  return ids
}

const cartColumns = {
  id: carts.id,
  channelId: carts.channelId,
  customerId: carts.customerId,
  deviceId: carts.deviceId,
  kioskSessionId: carts.kioskSessionId,
  createdByStaffId: carts.createdByStaffId,
  pickupLocationId: carts.pickupLocationId,
  status: carts.status,
  orderId: carts.orderId,
  mergedIntoCartId: carts.mergedIntoCartId,
  sellerStaffId: carts.sellerStaffId,
  handoffCode: carts.handoffCode,
  handoffCodeExpiresAt: carts.handoffCodeExpiresAt,
  currency: carts.currency,
  version: carts.version,
  createdAt: carts.createdAt,
  updatedAt: carts.updatedAt,
}

export interface ListCartsInput extends ChannelListWindow {
  actor: Actor
  customerId?: string
  status?: CartStatus
}

export const CART_SORT_KEYS = ['createdAt', 'updatedAt'] as const
const cartListOrder = defineListOrder<(typeof CART_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: carts.createdAt, type: 'time' }, updatedAt: { sql: carts.updatedAt, type: 'time' } },
  tiebreaker: carts.id,
  defaultDescending: true,
})

function toSummary(row: CartRow & { itemCount: number }): CartSummary {
  return {
    id: row.id,
    channelId: row.channelId,
    customerId: row.customerId,
    deviceId: row.deviceId,
    createdByStaffId: row.createdByStaffId,
    pickupLocationId: row.pickupLocationId,
    status: row.status,
    orderId: row.orderId,
    currency: row.currency,
    itemCount: Number(row.itemCount),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/**
 * The caller's carts, newest first: a shopper's own (customer or device), or for staff the carts of the channels
 * they sell on, filtered by customer, channel and status. Shoppers' lists use carts_customer_status_idx or
 * carts_device_status_idx.
 */
export async function listCarts(tx: Tx, input: ListCartsInput) {
  const { actor } = input
  const plan = planList(cartListOrder, input)
  const filters: (SQL | undefined)[] = [
    input.channelId ? eq(carts.channelId, input.channelId) : undefined,
    input.status ? eq(carts.status, input.status) : undefined,
    ...createdRange(carts.createdAt, input),
  ]
  if (actor.kind === 'customer') filters.push(eq(carts.customerId, actor.id), isNull(carts.createdByStaffId))
  else if (actor.kind === 'device') {
    // A shared kiosk lists only what its current passer-by opened; between two, nothing.
    const session = isKioskDevice(actor) ? await currentKioskSession(tx, actor) : null
    if (isKioskDevice(actor) && session === null) return emptyPage(input.count)
    filters.push(eq(carts.deviceId, actor.id), isNull(carts.customerId), isNull(carts.createdByStaffId), session ? eq(carts.kioskSessionId, session) : undefined)
  }
  else {
    const channelIds = await listableChannelIds(tx, actor)
    if (channelIds !== null && channelIds.length === 0) return emptyPage(input.count)
    filters.push(channelIds ? inArray(carts.channelId, channelIds) : undefined, input.customerId ? eq(carts.customerId, input.customerId) : undefined)
  }
  const rows = await tx
    // Spelled out: in a select list Drizzle writes bare column names, and cart_id = id would compare cart_lines with itself.
    .select({ ...cartColumns, itemCount: sql<number>`(select coalesce(sum(l.quantity), 0)::int from cart_lines l where l.cart_id = carts.id)`, cursorKey: plan.cursorKey })
    .from(carts)
    .where(and(...filters, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  return plan.page(rows, input.limit, toSummary, await countWhen(input.count, tx, carts, and(...filters)))
}
