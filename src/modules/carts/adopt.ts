/**
 * Joining carts when a shopper is identified (login or registration on an anonymous device) or when two customer
 * profiles are merged. The rule, also in the README (Identity resolution):
 * - The joining carts are the device's open anonymous carts (or, in a profile merge, the merged profile's open
 *   self-service carts), most recent first. The surviving cart is the customer's most recent open self-service cart
 *   (one the customer opened, not one staff opened for them).
 * - When the customer has no open self-service cart, the most recent joining cart simply gets the customer (it is
 *   adopted) and becomes the surviving cart for the others.
 * - Joining: every line of the joining cart is added to the surviving cart — same variant → quantities add, capped at
 *   99, one line per variant (the upsert on cart_lines_cart_variant_key) — and the joining cart becomes `merged` with
 *   merged_into_cart_id, keeping its own lines as history (CART_TRANSITIONS: open → merged, and merged is final).
 * - At login the surviving cart takes the device cart's channel: the shopper continues on the device she just logged
 *   in on. Every line of the surviving (or adopted) cart is then re-priced at the current catalogue price, like any
 *   cart write. Availability is not refused here: a shortfall shows on the next read as `insufficient_stock`.
 * - A cart in another currency is never joined into this one; it is only adopted (it keeps its own lines).
 * Carts are locked (FOR UPDATE) before they are read, so a concurrent line write or checkout queues behind the join.
 * Events: carts.cart_merged for each joined cart, carts.cart_updated for an adopted one; at login, a `cart_merged`
 * touchpoint on the customer's timeline.
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { newId } from '../../platform/ids.js'
import { getChannel } from '../channels/service.js'
import { recordTouchpoint } from '../journeys/service.js'
import { moveCartCoupons } from './cart-codes.js'
import { emitCartEvent, type CartRow } from './carts.js'
import { cartNotOpen } from './errors.js'
import { CART_EVENTS } from './events.js'
import { EDITABLE_STATUS, MAX_LINE_QUANTITY, statusesLeadingTo } from './policies.js'
import { cartLines, carts } from './schema.js'
import { cartLinesOf, storeCurrentPrices } from './view.js'

export interface CartJoin {
  /** The cart the customer continues with, or null when there was nothing to join. */
  cartId: string | null
  /** Carts that only changed owner (no customer cart to join). */
  adopted: string[]
  /** Carts whose lines went into another, now `merged`. */
  merged: { cartId: string; intoCartId: string }[]
}

/** Locks the open carts matching `where`, most recent first; the order is also the lock order. */
export async function lockOpenCarts(tx: Tx, where: SQL | undefined, limit?: number): Promise<CartRow[]> {
  const query = tx
    .select()
    .from(carts)
    .where(and(eq(carts.status, EDITABLE_STATUS), where))
    .orderBy(desc(carts.updatedAt), desc(carts.id))
  return (limit ? query.limit(limit) : query).for('update')
}

/** The customer's most recent open self-service cart, locked; carts_customer_status_idx. */
async function lockCustomerCart(tx: Tx, customerId: string): Promise<CartRow | undefined> {
  const [cart] = await lockOpenCarts(tx, and(eq(carts.customerId, customerId), isNull(carts.createdByStaffId)), 1)
  return cart
}

/** Adds every line of `source` to `target` (quantities add, capped) and closes `source` as merged into it. */
async function joinCart(tx: Tx, target: CartRow, source: CartRow): Promise<number> {
  const lines = await cartLinesOf(tx, source.id)
  if (lines.length > 0) {
    // One statement: the sum happens in the row lock of ON CONFLICT, never read and written back from JS.
    await tx
      .insert(cartLines)
      .values(lines.map((line) => ({ id: newId('cli'), cartId: target.id, variantId: line.variantId, quantity: line.quantity, unitPrice: line.unitPrice })))
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.variantId],
        set: { quantity: sql`least(${cartLines.quantity} + excluded.quantity, ${MAX_LINE_QUANTITY})`, updatedAt: sql`now()` },
      })
  }
  const [closed] = await tx
    .update(carts)
    .set({ status: 'merged', mergedIntoCartId: target.id, updatedAt: sql`now()` })
    .where(and(eq(carts.id, source.id), inArray(carts.status, statusesLeadingTo('merged'))))
    .returning({ id: carts.id })
  if (!closed) throw cartNotOpen(source.id, source.status)
  // Codes entered on the joining cart follow its lines.
  await moveCartCoupons(tx, { fromCartId: source.id, toCartId: target.id })
  return lines.length
}

/** Gives an open cart to the customer (guarded on its status), re-priced like any write. */
async function adoptCart(tx: Tx, cart: CartRow, customerId: string): Promise<CartRow> {
  const [adopted] = await tx
    .update(carts)
    .set({ customerId, updatedAt: sql`now()` })
    .where(and(eq(carts.id, cart.id), eq(carts.status, EDITABLE_STATUS)))
    .returning()
  if (!adopted) throw cartNotOpen(cart.id, cart.status)
  await storeCurrentPrices(tx, adopted.id)
  await emitCartEvent(tx, { cart: adopted, channel: await getChannel(tx, adopted.channelId) }, CART_EVENTS.cartUpdated, { changed: ['customerId'] })
  return adopted
}

export interface JoinInput {
  /** The joining carts, locked, most recent first. */
  sources: readonly CartRow[]
  customerId: string
  /** At login: the surviving cart moves to the channel of the most recent joining cart. */
  takeChannel: boolean
  /** The device logging in; null in a profile merge (no touchpoint then). */
  deviceId: string | null
}

/** Applies the rule of the file header to carts already locked; writes events and a touchpoint. */
export async function joinOpenCarts(tx: Tx, input: JoinInput): Promise<CartJoin> {
  const result: CartJoin = { cartId: null, adopted: [], merged: [] }
  const [first, ...rest] = input.sources
  if (!first) return result
  let target = await lockCustomerCart(tx, input.customerId)
  const joining = target ? input.sources : rest
  if (!target) {
    target = await adoptCart(tx, first, input.customerId)
    result.adopted.push(target.id)
  }
  const lineCounts: number[] = []
  for (const source of joining) {
    if (source.currency !== target.currency) {
      result.adopted.push((await adoptCart(tx, source, input.customerId)).id)
      continue
    }
    lineCounts.push(await joinCart(tx, target, source))
    result.merged.push({ cartId: source.id, intoCartId: target.id })
  }
  result.cartId = target.id
  if (result.merged.length === 0) return result
  const channelId = input.takeChannel ? first.channelId : target.channelId
  const [survivor] = await tx.update(carts).set({ channelId, updatedAt: sql`now()` }).where(eq(carts.id, target.id)).returning()
  await storeCurrentPrices(tx, target.id)
  const context = { cart: survivor ?? target, channel: await getChannel(tx, channelId) }
  for (const [index, merge] of result.merged.entries()) {
    await emitCartEvent(tx, context, CART_EVENTS.cartMerged, { mergedCartId: merge.cartId, lineCount: lineCounts[index] ?? 0, channelId })
  }
  // At login the timeline shows the join; a profile merge is recorded in customer_merges instead, and its revert
  // finds the timeline exactly as the merge found it.
  if (input.deviceId === null) return result
  await recordTouchpoint(tx, {
    kind: 'cart_merged',
    customerId: input.customerId,
    deviceId: input.deviceId,
    channelId,
    subjectType: 'cart',
    subjectId: target.id,
    data: { mergedCartIds: result.merged.map((merge) => merge.cartId) },
  })
  return result
}

/**
 * Login or registration on an anonymous device: the device's open anonymous carts join the customer's open cart by
 * the rule of the file header. Safe to call when the device has no cart (nothing happens).
 */
export async function adoptDeviceCarts(tx: Tx, input: { deviceId: string; customerId: string }): Promise<CartJoin> {
  // carts_device_status_idx; a cart staff opened or a customer already owns is not the device's to give.
  const sources = await lockOpenCarts(tx, and(eq(carts.deviceId, input.deviceId), isNull(carts.customerId), isNull(carts.createdByStaffId)))
  return joinOpenCarts(tx, { sources, customerId: input.customerId, takeChannel: true, deviceId: input.deviceId })
}
