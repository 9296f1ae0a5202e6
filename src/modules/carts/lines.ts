/** Cart lines: adding a variant (by id, SKU or barcode), changing its quantity, removing it. */
import { and, eq, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import { newId } from '../../platform/ids.js'
import { findVariantByCode, type VariantWithProduct } from '../catalog/service.js'
import { emitCartEvent, recordCartTouchpoint, takeCartForWrite, type CartContext } from './carts.js'
import { cartLineNotFound, currencyMismatch, insufficientStock, quantityLimit, unknownVariant, variantNotSellable, variantReferenceRequired } from './errors.js'
import { CART_EVENTS } from './events.js'
import { MAX_LINE_QUANTITY } from './policies.js'
import { cartLines } from './schema.js'
import { availableUnits, buildCartView, isSellable, variantsById, type CartView } from './view.js'

/** A line to add: exactly one of variantId, sku (any case) or barcode (a till scan). */
export interface CartLineInput {
  variantId?: string
  sku?: string
  barcode?: string
  /** 1 when left out (one scan, one item). */
  quantity?: number
}

async function resolveVariant(tx: Tx, input: CartLineInput, at: string): Promise<{ variant: VariantWithProduct; field: string }> {
  const given = (['variantId', 'sku', 'barcode'] as const).filter((key) => input[key] !== undefined)
  const key = given[0]
  if (given.length !== 1 || key === undefined) throw variantReferenceRequired(`${at}/variantId`)
  const reference = input[key] ?? ''
  const field = `${at}/${key}`
  if (key === 'variantId') {
    const variant = (await variantsById(tx, [reference])).get(reference)
    if (!variant) throw unknownVariant(reference, field)
    return { variant, field }
  }
  try {
    const variant = await findVariantByCode(tx, { code: reference, audience: 'staff' })
    // A SKU that happens to spell another item's barcode (or the reverse) is not the item the caller named.
    const matches = key === 'sku' ? variant.sku.toUpperCase() === reference.toUpperCase() : variant.barcode === reference
    if (!matches) throw unknownVariant(reference, field)
    return { variant, field }
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw unknownVariant(reference, field)
    throw error
  }
}

/**
 * Adds the lines to a cart already taken for a write. A variant already in the cart gets the quantity added in one
 * atomic upsert capped at 99; the resulting quantity must be available where the cart is served. `at` is the JSON
 * pointer of each input line (`/body` or `/body/lines/0`).
 */
export async function addLinesToCart(tx: Tx, context: CartContext, inputs: readonly { input: CartLineInput; at: string }[]): Promise<void> {
  const { cart } = context
  for (const { input, at } of inputs) {
    const { variant, field } = await resolveVariant(tx, input, at)
    if (!isSellable(variant)) throw variantNotSellable(variant.id, field)
    if (variant.price.currency !== cart.currency) throw currencyMismatch(variant.id, variant.price.currency, cart.currency, field)
    const quantity = input.quantity ?? 1
    const id = newId('cli')
    // No read-modify-write: the sum happens in the row lock of ON CONFLICT, and the WHERE keeps it within the cap
    // (a refused sum returns no row instead of breaking the CHECK).
    const [line] = await tx
      .insert(cartLines)
      .values({ id, cartId: cart.id, variantId: variant.id, quantity, unitPrice: variant.price.amount })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.variantId],
        set: { quantity: sql`${cartLines.quantity} + excluded.quantity`, unitPrice: sql`excluded.unit_price`, updatedAt: sql`now()` },
        setWhere: sql`${cartLines.quantity} + excluded.quantity <= ${MAX_LINE_QUANTITY}`,
      })
      .returning()
    if (!line) throw quantityLimit(variant.id, MAX_LINE_QUANTITY, `${at}/quantity`)
    const available = (await availableUnits(tx, cart, [variant.id])).get(variant.id) ?? 0
    if (line.quantity > available) throw insufficientStock(variant.id, line.quantity, available, `${at}/quantity`)
    await emitCartEvent(tx, context, CART_EVENTS.lineAdded, { lineId: line.id, variantId: variant.id, quantity, lineQuantity: line.quantity })
  }
}

/** Adds a line (or to a line) of an open cart the actor may use and answers the cart at current prices. */
export async function addCartLine(tx: Tx, input: { cartId: string; actor: Actor | null; line: CartLineInput; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, input)
  await addLinesToCart(tx, context, [{ input: input.line, at: '/body' }])
  await recordCartTouchpoint(tx, context, 'cart_changed', { change: 'line_added', quantity: input.line.quantity ?? 1 })
  return buildCartView(tx, context, { acknowledge: true })
}

/** Sets a line's quantity (1 to 99); raising it needs that many available where the cart is served. */
export async function updateCartLine(tx: Tx, input: { cartId: string; lineId: string; actor: Actor | null; quantity: number; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, input)
  // The cart row is locked by takeCartForWrite, so the quantity read here is the one this update replaces.
  const [current] = await tx.select().from(cartLines).where(and(eq(cartLines.id, input.lineId), eq(cartLines.cartId, context.cart.id)))
  if (!current) throw cartLineNotFound(input.lineId)
  if (input.quantity > current.quantity) {
    const variant = (await variantsById(tx, [current.variantId])).get(current.variantId)
    if (!variant || !isSellable(variant)) throw variantNotSellable(current.variantId, '/params/lineId', current.id)
    const available = (await availableUnits(tx, context.cart, [current.variantId])).get(current.variantId) ?? 0
    if (input.quantity > available) throw insufficientStock(current.variantId, input.quantity, available, '/body/quantity')
  }
  await tx.update(cartLines).set({ quantity: input.quantity, updatedAt: sql`now()` }).where(eq(cartLines.id, current.id))
  await emitCartEvent(tx, context, CART_EVENTS.lineUpdated, { lineId: current.id, variantId: current.variantId, quantity: input.quantity })
  await recordCartTouchpoint(tx, context, 'cart_changed', { change: 'line_updated', variantId: current.variantId, quantity: input.quantity })
  return buildCartView(tx, context, { acknowledge: true })
}

/** Removes a line from an open cart the actor may use and answers the cart. */
export async function removeCartLine(tx: Tx, input: { cartId: string; lineId: string; actor: Actor | null; expectedVersion?: ExpectedVersion }): Promise<CartView> {
  const context = await takeCartForWrite(tx, input)
  const [removed] = await tx
    .delete(cartLines)
    .where(and(eq(cartLines.id, input.lineId), eq(cartLines.cartId, context.cart.id)))
    .returning()
  if (!removed) throw cartLineNotFound(input.lineId)
  await emitCartEvent(tx, context, CART_EVENTS.lineRemoved, { lineId: removed.id, variantId: removed.variantId })
  await recordCartTouchpoint(tx, context, 'cart_changed', { change: 'line_removed', variantId: removed.variantId })
  return buildCartView(tx, context, { acknowledge: true })
}
