/**
 * Carts: server-side carts for every channel, owned by a customer, an anonymous device, or opened by staff (a seller
 * at the till, a phone agent) on a customer's behalf or for a walk-in. Owns `carts`, `cart_lines` and `cart_coupons`
 * (the codes entered on a cart, cart-coupons.ts and cart-codes.ts; promotions' coupon rules check and count them).
 *
 * Invariants:
 * - Deny by default: shoppers use only the carts they opened (same customer or device) and open them on the web,
 *   mobile app and kiosk channels; staff with carts:manage use the carts of channels they sell on (store staff: the
 *   store and kiosk channels of their stores; the call centre: phone and catalogue; admins and integrations: all).
 *   A cart the caller may not use answers 404, exactly like an unknown id.
 * - One line per variant (UNIQUE (cart_id, variant_id)); adding a variant again adds to its quantity in one atomic
 *   upsert, capped at 99 per line (guarded upsert, CHECK 1..99 as the last line of defence).
 * - A line's quantity never exceeds what is available where the cart is served (its pickup store, otherwise the
 *   channel's fulfilment locations) at the time of the write; a later shortage is reported on reading.
 * - Reading re-prices and re-checks but never writes: the view shows current catalogue prices and lists what
 *   changed since the shopper last saw the cart (price_changed, insufficient_stock, unavailable). Any write (add,
 *   change or remove a line, change the pickup store or the customer) stores the current price on every line,
 *   which acknowledges the price changes.
 * - Only an open cart changes; lifecycle moves follow CART_TRANSITIONS (policies.ts) through guarded UPDATEs. Every
 *   write first takes the cart row (guarded UPDATE), so writers of one cart and its checkout queue behind each other.
 * - Totals are tax-inclusive with the VAT per rate from pricing's vatBreakdown (policies.ts cartTotals), on the
 *   amounts after promotions. Promotions and coupons are priced by one function, priceCartPromotions
 *   (promotions.ts), for the cart view and for checkout alike; the view explains what applied, almost applied and
 *   why not, and never writes.
 *
 * Events (scoped to the cart's customer and its channel's store): carts.cart_created, carts.cart_updated,
 * carts.line_added, carts.line_updated, carts.line_removed, carts.cart_checked_out, carts.cart_merged (adopt.ts: an
 * anonymous cart joining the customer's open cart at login, or carts joining in a profile merge),
 * promotions.coupon_applied and promotions.coupon_removed (cart-coupons.ts; the event names are promotions').
 */
import { eq, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { ExpectedVersion } from '../../platform/concurrency.js'
import { isForeignKeyViolation, type Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { DomainError } from '../../platform/problems.js'
import { getChannel, type Channel } from '../channels/service.js'
import { assertLiveCustomer, lockCustomer } from '../customers/service.js'
import { findLocation } from '../locations/service.js'
import { emitCartEvent, recordCartTouchpoint, takeCartForWrite, findUsableCart } from './carts.js'
import { channelNotAllowed, customerNotSettable, invalidPickupLocation, unknownChannel, unknownCustomer } from './errors.js'
import { CART_EVENTS } from './events.js'
import { addLinesToCart, type CartLineInput } from './lines.js'
import { channelRefusal, isShopper } from './policies.js'
import { isKioskDevice, openKioskSession } from './kiosk-sessions.js'
import { carts } from './schema.js'
import { buildCartView, type CartView } from './view.js'

export { adoptDeviceCarts, type CartJoin } from './adopt.js'
export { listCartCoupons, redeemOrderPromotions } from './cart-codes.js'
export { CART_SORT_KEYS, listCarts, type CartSummary, type ListCartsInput } from './carts.js'
export { takeCartForWrite, type CartContext } from './carts.js'
export { buildCartView, orderedLineDiscounts, type OrderedLineDiscount } from './view.js'
export { moveCustomerCarts, moveWishlist, restoreCustomerCarts, restoreWishlist, type MovedCarts, type WishlistRow } from './customer-merge.js'
export { eraseCustomerCarts, exportCustomerCarts, exportCustomerWishlist, listCustomerWantedVariants, summariseCustomerCarts, type CustomerCartOverview, type WantedVariant } from './customer-data.js'
export { closeCart, loadCartForCheckout, type CheckoutCart, type CheckoutCartLine } from './checkout.js'
export { addCartLine, removeCartLine, updateCartLine, type CartLineInput } from './lines.js'
export { CART_TRANSITIONS, cartTotals, type CartTotals } from './policies.js'
export { customerHasOrdered, priceCartPromotions, type CartCouponState, type CartPromotions, type CartPromotionsInput, type PromotableLine } from './promotions.js'
export { Cart as CartViewSchema } from './view-schemas.js'
export { CART_STATUSES, type CartStatus } from './schema.js'
export type { CartChange, CartLineView, CartView } from './view.js'
// Handoff across channels and devices, wishlists (their headers hold their invariants and events).
export { CUSTOMER_CART_FILTERS, CUSTOMER_CART_SORT_KEYS, listCustomerCarts, type CustomerCartFilter, type CustomerCartSummary } from './customer-carts.js'
export { claimCart, createHandoffCode, handOffCart, type HandedOffCart, type HandoffCode } from './handoff.js'
export { ABANDONED_AFTER_MINUTES } from './policies.js'
export {
  currentKioskSession,
  endKioskSession,
  endKioskSessionAtCheckout,
  isKioskDevice,
  KIOSK_RECEIPT_GRACE_MINUTES,
  KIOSK_SESSION_IDLE_MINUTES,
  KIOSK_SESSION_MAX_MINUTES,
  kioskIdempotencyScope,
  kioskOrderSession,
  startKioskSession,
  type KioskSession,
} from './kiosk-sessions.js'
export { createShareLink, openShareLink, type ShareLink } from './share-links.js'
export { addWishlistItem, listWishlist, listWishlistPage, removeWishlistItem, WISHLIST_SORT_KEYS, type WishlistItem } from './wishlist.js'

async function activeChannel(tx: Tx, channelId: string): Promise<Channel> {
  try {
    const channel = await getChannel(tx, channelId)
    if (channel.active) return channel
  } catch (error) {
    if (!(error instanceof DomainError && error.status === 404)) throw error
  }
  throw unknownChannel(channelId)
}

/**
 * The customer a cart is opened for or given to must be live: 400 unknown-customer for an unknown id, 409 when the
 * profile was merged away or erased. The row stays locked (customers' lockCustomer), so a merge or an erasure of her
 * waits for this cart and then moves or erases it.
 */
async function checkCartCustomer(tx: Tx, customerId: string | null | undefined): Promise<void> {
  if (!customerId) return
  const row = await lockCustomer(tx, customerId)
  if (!row) throw unknownCustomer(customerId)
  assertLiveCustomer(row, '/body/customerId')
}

async function checkPickupLocation(tx: Tx, locationId: string | null | undefined): Promise<void> {
  if (!locationId) return
  const location = await findLocation(tx, locationId)
  if (location?.kind !== 'store' || !location.active) throw invalidPickupLocation(locationId)
}

export interface CreateCartInput {
  actor: Actor
  channelId: string
  /** Staff only: the customer the cart is for (store walk-ins may have none). */
  customerId?: string | null
  pickupLocationId?: string | null
  lines?: CartLineInput[]
}

/** Opens a cart on a channel the actor may sell or shop on, with its first lines, and answers the priced cart. */
export async function createCart(tx: Tx, input: CreateCartInput): Promise<CartView> {
  const { actor } = input
  const channel = await activeChannel(tx, input.channelId)
  const refusal = channelRefusal(actor, channel)
  if (refusal) throw channelNotAllowed(channel.id, refusal)
  if (isShopper(actor) && input.customerId != null && !(actor.kind === 'customer' && input.customerId === actor.id)) throw customerNotSettable()
  await checkPickupLocation(tx, input.pickupLocationId)
  const owner = isShopper(actor)
    ? { customerId: actor.kind === 'customer' ? actor.id : null, deviceId: actor.kind === 'device' ? actor.id : null, createdByStaffId: null }
    : { customerId: input.customerId ?? null, deviceId: null, createdByStaffId: actor.id }
  // A shared kiosk's cart belongs to the passer-by's session (started by this first write when none is open).
  const kioskSessionId = isKioskDevice(actor) ? await openKioskSession(tx, actor) : null
  await checkCartCustomer(tx, owner.customerId)
  let cart: typeof carts.$inferSelect | undefined
  try {
    ;[cart] = await tx
      .insert(carts)
      .values({ id: newId('cart'), channelId: channel.id, ...owner, kioskSessionId, pickupLocationId: input.pickupLocationId ?? null })
      .returning()
  } catch (error) {
    if (owner.customerId && isForeignKeyViolation(error)) throw unknownCustomer(owner.customerId)
    throw error
  }
  if (!cart) throw new Error('cart insert returned nothing')
  const context = { cart, channel }
  await emitCartEvent(tx, context, CART_EVENTS.cartCreated, { channelId: channel.id, ...owner })
  await recordCartTouchpoint(tx, context, 'cart_created', { createdByStaffId: owner.createdByStaffId, lineCount: input.lines?.length ?? 0 })
  await addLinesToCart(
    tx,
    context,
    (input.lines ?? []).map((line, index) => ({ input: line, at: `/body/lines/${index}` })),
  )
  return buildCartView(tx, context, { acknowledge: true })
}

/** The cart the actor may use, at current prices, with what changed since the last write; never writes. */
export async function getCart(tx: Tx, input: { cartId: string; actor: Actor | null }): Promise<CartView> {
  return buildCartView(tx, await findUsableCart(tx, input))
}

export interface UpdateCartInput {
  cartId: string
  actor: Actor | null
  /** From If-Match: 412 when the cart moved past it. */
  expectedVersion?: ExpectedVersion
  /** A store for click-and-collect; null clears it. */
  pickupLocationId?: string | null
  /** Staff only. */
  customerId?: string | null
}

/** Changes the pickup store (and, for staff, the customer) of an open cart; acknowledges the current prices. */
export async function updateCart(tx: Tx, input: UpdateCartInput): Promise<CartView> {
  if (input.customerId !== undefined && (!input.actor || isShopper(input.actor))) throw customerNotSettable()
  const context = await takeCartForWrite(tx, input)
  await checkPickupLocation(tx, input.pickupLocationId)
  await checkCartCustomer(tx, input.customerId)
  const changes = {
    ...(input.pickupLocationId !== undefined && { pickupLocationId: input.pickupLocationId }),
    ...(input.customerId !== undefined && { customerId: input.customerId }),
  }
  let updated: typeof carts.$inferSelect | undefined
  try {
    ;[updated] = await tx
      .update(carts)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(carts.id, context.cart.id))
      .returning()
  } catch (error) {
    if (input.customerId && isForeignKeyViolation(error)) throw unknownCustomer(input.customerId)
    throw error
  }
  if (!updated) throw new Error('cart update returned nothing')
  const next = { cart: updated, channel: context.channel }
  await emitCartEvent(tx, next, CART_EVENTS.cartUpdated, { changed: Object.keys(changes) })
  return buildCartView(tx, next, { acknowledge: true })
}
