/** What the orders module needs of a cart: its lines at current prices under a lock, and closing it. */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { getChannel, type Channel } from '../channels/service.js'
import { emitCartEvent, findUsableCart, recheckUsableCart } from './carts.js'
import { cartEmpty, cartNotFound, cartNotOpen, variantNotSellable } from './errors.js'
import { CART_EVENTS } from './events.js'
import { EDITABLE_STATUS, statusesLeadingTo } from './policies.js'
import { cartLines, carts } from './schema.js'
import { cartLinesOf, currentPrices, isSellable, storeCurrentPrices, variantsById } from './view.js'

export interface CheckoutCartLine {
  lineId: string
  variantId: string
  sku: string
  productId: string
  title: { fr: string; en: string }
  options: Record<string, string>
  quantity: number
  unitPrice: number
  /** The price list that set unitPrice, or null for the catalogue price. */
  priceListId: string | null
  vatRate: number
}

export interface CheckoutCart {
  id: string
  channelId: string
  customerId: string | null
  deviceId: string | null
  /** The kiosk session that opened or claimed the cart (a kiosk's order is tagged with it). */
  kioskSessionId: string | null
  createdByStaffId: string | null
  pickupLocationId: string | null
  currency: string
  lines: CheckoutCartLine[]
}

/**
 * Locks the open cart (SELECT … FOR UPDATE) after checking the actor may use it (404 otherwise); 409 `cart-not-open`
 * when checked out, 409 `cart-empty` without lines, 409 `variant-not-sellable` (with the lineId) when a product
 * left the catalogue; unitPrice is the current price (a price list's when one applies to the cart, see currentPrices).
 */
export async function loadCartForCheckout(tx: Tx, input: { cartId: string; actor: Actor | null }): Promise<CheckoutCart> {
  const usable = await findUsableCart(tx, input)
  // The lock makes concurrent line writes (which take the row first) wait for this checkout, then find it closed.
  const [cart] = await tx.select().from(carts).where(eq(carts.id, input.cartId)).for('update')
  if (!cart) throw cartNotFound(input.cartId)
  await recheckUsableCart(tx, { cart, actor: input.actor, channel: usable.channel })
  if (cart.status !== EDITABLE_STATUS) throw cartNotOpen(cart.id, cart.status)
  const rows = await cartLinesOf(tx, cart.id)
  if (rows.length === 0) throw cartEmpty(cart.id)
  const variants = await variantsById(
    tx,
    rows.map((row) => row.variantId),
  )
  const prices = await currentPrices(tx, cart, variants)
  const lines = rows.map((row): CheckoutCartLine => {
    const variant = variants.get(row.variantId)
    if (!variant || !isSellable(variant)) throw variantNotSellable(row.variantId, undefined, row.id)
    return {
      lineId: row.id,
      variantId: row.variantId,
      sku: variant.sku,
      productId: variant.productId,
      title: variant.product.title,
      options: variant.options,
      quantity: row.quantity,
      unitPrice: prices.get(row.variantId)?.price ?? variant.price.amount,
      priceListId: prices.get(row.variantId)?.priceListId ?? null,
      vatRate: variant.product.vatRate,
    }
  })
  return {
    id: cart.id,
    channelId: cart.channelId,
    customerId: cart.customerId,
    deviceId: cart.deviceId,
    kioskSessionId: cart.kioskSessionId,
    createdByStaffId: cart.createdByStaffId,
    pickupLocationId: cart.pickupLocationId,
    currency: cart.currency,
    lines,
  }
}

/** open → checked_out with the order id, guarded on status; emits carts.cart_checked_out. */
export async function closeCart(tx: Tx, input: { cartId: string; orderId: string; checkedOut?: CheckoutCart; channel?: Channel }): Promise<void> {
  const [closed] = await tx
    .update(carts)
    .set({ status: 'checked_out', orderId: input.orderId, updatedAt: sql`now()` })
    .where(and(eq(carts.id, input.cartId), inArray(carts.status, statusesLeadingTo('checked_out'))))
    .returning()
  if (!closed) {
    const [current] = await tx.select({ status: carts.status }).from(carts).where(eq(carts.id, input.cartId))
    throw current ? cartNotOpen(input.cartId, current.status) : cartNotFound(input.cartId, '/body/cartId')
  }
  // The closed cart keeps the prices the order was placed at: those just loaded for the checkout (under this
  // transaction's lock, so still current) when the caller passes them, else read again.
  if (input.checkedOut?.id === closed.id) await storePrices(tx, closed.id, input.checkedOut.lines)
  else await storeCurrentPrices(tx, closed.id)
  const channel = input.channel?.id === closed.channelId ? input.channel : await getChannel(tx, closed.channelId)
  await emitCartEvent(tx, { cart: closed, channel }, CART_EVENTS.cartCheckedOut, { orderId: input.orderId })
}

/** One statement whatever the number of lines: each line takes its price, only where it differs. */
async function storePrices(tx: Tx, cartId: string, lines: readonly CheckoutCartLine[]): Promise<void> {
  if (lines.length === 0) return
  const price = sql`(case ${cartLines.id} ${sql.join(
    lines.map((line) => sql`when ${line.lineId} then ${line.unitPrice}::int`),
    sql` `,
  )} else ${cartLines.unitPrice} end)`
  await tx
    .update(cartLines)
    .set({ unitPrice: price, updatedAt: sql`now()` })
    .where(and(eq(cartLines.cartId, cartId), sql`${cartLines.unitPrice} <> ${price}`))
}
