/**
 * Wishlists: one per customer, shared by every channel (what she saved on the app shows at the store's tablet).
 * Owns `wishlist_items`.
 *
 * Invariants:
 * - One row per (customer, variant) (primary key): adding is an idempotent upsert that keeps the first addedAt and
 *   channel; removing what is not there is a no-op.
 * - The customer reads and changes her own; staff read with customers:read and change with customers:write plus
 *   carts:manage; anyone else gets the 404 of an unknown customer.
 * - Items show the catalogue as it is now (price, whether it is on sale), never a copy.
 *
 * Events: carts.wishlist_item_added, carts.wishlist_item_removed (touchpoint wishlist_changed), only on a real change.
 */
import { and, desc, eq } from 'drizzle-orm'
import { can, forbidden, type Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { DomainError } from '../../platform/problems.js'
import { channelSummaryOf, type ChannelSummary } from '../../platform/references.js'
import { countWhen, defineListOrder, planList } from '../../platform/list-order.js'
import { getVariantsByIds, type Localized, type Money } from '../catalog/service.js'
import { getChannel, type Channel } from '../channels/service.js'
import { assertCustomerOrStaff, findCustomer, lockLiveCustomer } from '../customers/service.js'
import { recordTouchpoint } from '../journeys/service.js'
import { unknownChannel } from './errors.js'
import { CART_EVENTS } from './events.js'
import { customerNotFound, variantNotFound } from './handoff-errors.js'
import { isShopper } from './policies.js'
import { wishlistItems } from './schema.js'
import { isSellable, variantsById } from './view.js'

export interface WishlistItem {
  variantId: string
  productId: string
  sku: string
  title: Localized
  options: Record<string, string>
  image: string | null
  /** The current catalogue price. */
  price: Money
  /** False once the product is off sale. */
  sellable: boolean
  addedAt: string
  /** Where it was added, when known. */
  channelId: string | null
  channel: ChannelSummary | null
}

type WishlistRow = { variantId: string; channelId: string | null; addedAt: Date }

async function toItems(tx: Tx, rows: readonly WishlistRow[]): Promise<WishlistItem[]> {
  const variants = await variantsById(
    tx,
    rows.map((row) => row.variantId),
  )
  const channels = new Map<string, Channel>()
  const items: WishlistItem[] = []
  for (const row of rows) {
    const variant = variants.get(row.variantId)
    if (!variant) continue
    let channel: Channel | undefined
    if (row.channelId) {
      channel = channels.get(row.channelId) ?? (await getChannel(tx, row.channelId))
      channels.set(channel.id, channel)
    }
    items.push({
      variantId: variant.id,
      productId: variant.productId,
      sku: variant.sku,
      title: variant.product.title,
      options: variant.options,
      image: variant.product.images[0]?.url ?? null,
      price: variant.price,
      sellable: isSellable(variant),
      addedAt: row.addedAt.toISOString(),
      channelId: channel?.id ?? null,
      channel: channel ? channelSummaryOf(channel) : null,
    })
  }
  return items
}

const itemColumns = { variantId: wishlistItems.variantId, channelId: wishlistItems.channelId, addedAt: wishlistItems.addedAt }

/** The customer's wishlist, newest first (at most `limit` items), with current catalogue details; no access check. */
export async function listWishlist(tx: Tx, customerId: string, options: { limit?: number } = {}): Promise<WishlistItem[]> {
  // Uses wishlist_items_customer_idx.
  const rows = await tx
    .select(itemColumns)
    .from(wishlistItems)
    .where(eq(wishlistItems.customerId, customerId))
    .orderBy(desc(wishlistItems.addedAt), desc(wishlistItems.variantId))
    .limit(options.limit ?? 100)
  return toItems(tx, rows)
}

async function assertCustomerExists(tx: Tx, actor: Actor, customerId: string): Promise<void> {
  if (actor.kind === 'customer' && actor.id === customerId) return
  if (!(await findCustomer(tx, customerId))) throw customerNotFound(customerId)
}

/** Throws unless the actor may change this wishlist: the customer, or staff with customers:write and carts:manage. */
function assertMayChangeWishlist(actor: Actor, customerId: string): void {
  assertCustomerOrStaff(actor, customerId, 'customers:write')
  if (!isShopper(actor) && !can(actor, 'carts:manage')) throw forbidden('carts:manage')
}

export const WISHLIST_SORT_KEYS = ['addedAt'] as const
// Newest first; one variant appears once per wishlist, so the variant breaks ties.
const wishlistOrder = defineListOrder<(typeof WISHLIST_SORT_KEYS)[number]>({
  keys: { addedAt: { sql: wishlistItems.addedAt, type: 'time' } },
  tiebreaker: wishlistItems.variantId,
  defaultDescending: true,
  defaultSort: [{ key: 'addedAt', descending: true }],
})

/** One page of the wishlist the actor may read (her own, or any with customers:read), newest first. */
export async function listWishlistPage(tx: Tx, input: { actor: Actor; customerId: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  const { actor, customerId } = input
  if (!((actor.kind === 'customer' && actor.id === customerId) || can(actor, 'customers:read'))) throw customerNotFound(customerId)
  await assertCustomerExists(tx, actor, customerId)
  const plan = planList(wishlistOrder, input)
  const where = eq(wishlistItems.customerId, customerId)
  // A wishlist is small, the customer index finds it.
  const rows = await tx
    .select({ ...itemColumns, cursorKey: plan.cursorKey })
    .from(wishlistItems)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  const items = await toItems(tx, rows.slice(0, input.limit))
  return plan.page(rows, input.limit, (row) => items.find((item) => item.variantId === row.variantId), await countWhen(input.count, tx, wishlistItems, where))
}

async function activeChannelId(tx: Tx, channelId: string | null | undefined): Promise<string | null> {
  if (!channelId) return null
  try {
    if ((await getChannel(tx, channelId)).active) return channelId
  } catch (error) {
    if (!(error instanceof DomainError && error.status === 404)) throw error
  }
  throw unknownChannel(channelId)
}

export interface WishlistChange {
  actor: Actor
  customerId: string
  variantId: string
  /** Where the shopper saved it (web, app, a store's tablet). */
  channelId?: string | null
}

/** Saves the variant to the customer's wishlist (once: saving it again changes nothing) and answers the item. */
export async function addWishlistItem(tx: Tx, input: WishlistChange): Promise<WishlistItem> {
  const { actor, customerId, variantId } = input
  assertMayChangeWishlist(actor, customerId)
  // A profile merged away or erased takes no new item (409); the lock makes a merge or an erasure wait for this one.
  await lockLiveCustomer(tx, { customerId, field: '/params/id' })
  // Shoppers save what is on sale; staff may also save what they see in the back office.
  const [variant] = await getVariantsByIds(tx, { ids: [variantId], audience: isShopper(actor) ? 'public' : 'staff' })
  if (!variant) throw variantNotFound(variantId)
  const channelId = await activeChannelId(tx, input.channelId)
  const [added] = await tx.insert(wishlistItems).values({ customerId, variantId, channelId }).onConflictDoNothing().returning(itemColumns)
  if (added) {
    await emit(tx, CART_EVENTS.wishlistItemAdded, { customerId, variantId, channelId }, { customerId })
    await recordTouchpoint(tx, { kind: 'wishlist_changed', customerId, channelId, subjectType: 'variant', subjectId: variantId, data: { action: 'added' } })
  }
  const row =
    added ??
    (
      await tx
        .select(itemColumns)
        .from(wishlistItems)
        .where(and(eq(wishlistItems.customerId, customerId), eq(wishlistItems.variantId, variantId)))
    )[0]
  const [item] = row ? await toItems(tx, [row]) : []
  if (!item) throw variantNotFound(variantId)
  return item
}

/** Removes the variant from the customer's wishlist; removing one that is not there is a no-op (unknown variant: 404). */
export async function removeWishlistItem(tx: Tx, input: Omit<WishlistChange, 'channelId'>): Promise<void> {
  const { actor, customerId, variantId } = input
  assertMayChangeWishlist(actor, customerId)
  await assertCustomerExists(tx, actor, customerId)
  const [removed] = await tx
    .delete(wishlistItems)
    .where(and(eq(wishlistItems.customerId, customerId), eq(wishlistItems.variantId, variantId)))
    .returning({ channelId: wishlistItems.channelId })
  if (!removed) {
    if ((await variantsById(tx, [variantId])).size === 0) throw variantNotFound(variantId)
    return
  }
  await emit(tx, CART_EVENTS.wishlistItemRemoved, { customerId, variantId }, { customerId })
  await recordTouchpoint(tx, { kind: 'wishlist_changed', customerId, subjectType: 'variant', subjectId: variantId, data: { action: 'removed' } })
}
