/**
 * The cart as shoppers and sellers see it: every line at its current price (the catalogue's, or the price list's
 * that applies to the cart's channel or customer, named on the line), with its availability where the cart will be
 * served, what changed since the shopper last saw it, the promotions it gets (and almost gets, and why not), its
 * coupons, and the totals. Checkout prices with the same function (promotions.ts), so the order charges what the
 * shopper saw; delivery and its discounts are added there, once the cart says how it is served.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { defineHook } from '../../platform/hooks.js'
import { getVariantsByIds, type Localized, type Money, type VariantWithProduct } from '../catalog/service.js'
import { listFulfilmentLocationIds } from '../channels/service.js'
import { getAvailability } from '../inventory/service.js'
import { listActiveLocations } from '../locations/service.js'
import { resolvePrices, STANDARD_VAT_RATE, type ResolvedPrice } from '../pricing/service.js'
import type { CartContext, CartRow } from './carts.js'
import { priceCartPromotions, type CartCouponState } from './promotions.js'
import { cartTotals, EDITABLE_STATUS, lineAvailability, type CartTotals, type LineAvailabilityStatus } from './policies.js'
import { cartLines, carts, type CartStatus } from './schema.js'

export type CartLineRow = typeof cartLines.$inferSelect

export interface CartLineView {
  id: string
  variantId: string
  productId: string
  sku: string
  title: Localized
  options: Record<string, string>
  image: string | null
  quantity: number
  unitPrice: Money
  /** The price list that set unitPrice (open carts), or null for the catalogue price. */
  priceListId: string | null
  lineTotal: Money
  discountTotal: Money
  /** lineTotal − discountTotal. */
  total: Money
  discounts: { promotionId: string; amount: number }[]
  vatRate: number
  availability: { status: LineAvailabilityStatus; available: number }
  addedAt: string
  updatedAt: string
}

export type CartChangeKind = 'price_changed' | 'insufficient_stock' | 'unavailable'

export interface CartChange {
  lineId: string
  variantId: string
  kind: CartChangeKind
  previousPrice?: Money
  currentPrice?: Money
  available?: number
}

export interface CartView {
  id: string
  channelId: string
  customerId: string | null
  deviceId: string | null
  createdByStaffId: string | null
  pickupLocationId: string | null
  status: CartStatus
  orderId: string | null
  currency: string
  lines: CartLineView[]
  changes: CartChange[]
  totals: CartTotals
  promotions: {
    applied: { id: string; name: string; kind: string; level: 'items' | 'order' | 'shipping'; amount: Money }[]
    almost: { id: string; name: string; kind: string; missing: Money }[]
    notApplied: { id: string; name: string; reason: string }[]
  }
  coupons: Pick<CartCouponState, 'code' | 'promotionId' | 'usable' | 'applied' | 'reason'>[]
  version: number
  createdAt: string
  updatedAt: string
}

/** What an order took off one variant's line: its discount total and each promotion's share. */
export interface OrderedLineDiscount {
  discountTotal: number
  discounts: { promotionId: string; amount: number }[]
}

/**
 * Asked when a closed cart that became an order is viewed: orders, which keeps them, answers the order's discounts by
 * variant, so the cart shows what its order got rather than today's promotions.
 */
export const orderedLineDiscounts = defineHook<{ orderId: string }, Map<string, OrderedLineDiscount>>('carts.ordered-line-discounts')

/** The lines of a cart in the order they were added. */
export async function cartLinesOf(tx: Tx, cartId: string): Promise<CartLineRow[]> {
  return tx.select().from(cartLines).where(eq(cartLines.cartId, cartId)).orderBy(asc(cartLines.addedAt), asc(cartLines.id))
}

/** The catalogue entries of the variants by id; staff audience so that off-sale products still show what they were. */
export async function variantsById(tx: Tx, variantIds: readonly string[]): Promise<Map<string, VariantWithProduct>> {
  const variants = await getVariantsByIds(tx, { ids: [...new Set(variantIds)], audience: 'staff' })
  return new Map(variants.map((variant) => [variant.id, variant]))
}

/**
 * The unit price each variant costs this cart now: the one function carts and checkout price lines with, one query
 * for all the cart's variants whatever their number.
 */
export async function currentPrices(tx: Tx, cart: Pick<CartRow, 'channelId' | 'customerId' | 'currency'>, variants: ReadonlyMap<string, VariantWithProduct>): Promise<Map<string, ResolvedPrice>> {
  return resolvePrices(tx, {
    variants: [...variants.values()].map((variant) => ({ id: variant.id, price: variant.price.amount })),
    currency: cart.currency,
    channelId: cart.channelId,
    customerId: cart.customerId,
  })
}

/** True when the catalogue sells the variant now. */
export function isSellable(variant: VariantWithProduct): boolean {
  return variant.product.status === 'active'
}

/**
 * Units available per variant where this cart will be served: its pickup store when chosen, otherwise the channel's
 * fulfilment locations (an empty list meaning every location); inactive locations never count.
 */
export async function availableUnits(tx: Tx, cart: Pick<CartRow, 'channelId' | 'pickupLocationId'>, variantIds: readonly string[]): Promise<Map<string, number>> {
  const units = new Map<string, number>()
  if (variantIds.length === 0) return units
  const chosen = cart.pickupLocationId ? [cart.pickupLocationId] : await listFulfilmentLocationIds(tx, cart.channelId)
  const active = await listActiveLocations(tx, chosen.length > 0 ? chosen : undefined)
  const rows = await getAvailability(tx, { variantIds: [...new Set(variantIds)], locationIds: active.map((location) => location.id) })
  for (const row of rows) units.set(row.variantId, (units.get(row.variantId) ?? 0) + Math.max(0, row.available))
  return units
}

/** Stores the current price (see currentPrices) on every line of the cart whose price changed. */
export async function storeCurrentPrices(tx: Tx, cartId: string): Promise<void> {
  const rows = await cartLinesOf(tx, cartId)
  if (rows.length === 0) return
  const variants = await variantsById(
    tx,
    rows.map((row) => row.variantId),
  )
  const [cart] = await tx.select({ channelId: carts.channelId, customerId: carts.customerId, currency: carts.currency }).from(carts).where(eq(carts.id, cartId))
  if (!cart) return
  const prices = await currentPrices(tx, cart, variants)
  for (const row of rows) {
    const price = prices.get(row.variantId)?.price
    if (price !== undefined && price !== row.unitPrice) await tx.update(cartLines).set({ unitPrice: price, updatedAt: sql`now()` }).where(eq(cartLines.id, row.id))
  }
}

export interface CartViewOptions {
  /** A write: store the current prices and report no price change. */
  acknowledge?: boolean
  /** The cart's lines (in cartLinesOf's order) and their variants, read beforehand for a whole page of carts. */
  preloaded?: { rows: readonly CartLineRow[]; variants: ReadonlyMap<string, VariantWithProduct> }
}

/** Builds the view of a cart; with `acknowledge` (a write), stores the current prices and reports no price change. */
export async function buildCartView(tx: Tx, context: CartContext, options: CartViewOptions = {}): Promise<CartView> {
  const { cart } = context
  const rows = options.preloaded?.rows ?? (await cartLinesOf(tx, cart.id))
  const variantIds = rows.map((row) => row.variantId)
  const variants = options.preloaded?.variants ?? (await variantsById(tx, variantIds))
  const open = cart.status === EDITABLE_STATUS
  const units = await availableUnits(tx, cart, variantIds)
  const prices = open ? await currentPrices(tx, cart, variants) : new Map<string, ResolvedPrice>()
  const changes: CartChange[] = []
  const drafts: { row: CartLineRow; variant: VariantWithProduct; unitPrice: number; priceListId: string | null; status: LineAvailabilityStatus; available: number }[] = []
  for (const row of rows) {
    const variant = variants.get(row.variantId)
    if (!variant) throw new Error(`cart line ${row.id} names a variant the catalogue does not have`)
    // A closed cart shows the prices it was checked out at; an open one the current ones.
    const current = prices.get(row.variantId)
    const unitPrice = open ? (current?.price ?? variant.price.amount) : row.unitPrice
    const available = units.get(row.variantId) ?? 0
    const status = lineAvailability({ quantity: row.quantity, sellable: isSellable(variant), available })
    // Changes are news for the shopper of an open cart; a closed one is history.
    if (open) {
      if (unitPrice !== row.unitPrice && !options.acknowledge) {
        changes.push({ lineId: row.id, variantId: row.variantId, kind: 'price_changed', previousPrice: money(row.unitPrice, cart.currency), currentPrice: money(unitPrice, cart.currency) })
      }
      if (status === 'unavailable') changes.push({ lineId: row.id, variantId: row.variantId, kind: 'unavailable' })
      if (status === 'insufficient') changes.push({ lineId: row.id, variantId: row.variantId, kind: 'insufficient_stock', available })
      if (unitPrice !== row.unitPrice && options.acknowledge) {
        await tx.update(cartLines).set({ unitPrice, updatedAt: sql`now()` }).where(eq(cartLines.id, row.id))
      }
    }
    drafts.push({ row, variant, unitPrice, priceListId: current?.priceListId ?? null, status, available })
  }
  // In an open cart, lines whose product left the catalogue cannot be bought, so they count for nothing; a closed
  // cart is history: it shows the discounts its order got, and promotions are priced on open carts only.
  const counted = drafts.filter((draft) => !open || draft.status !== 'unavailable')
  const priced = open
    ? await priceCartPromotions(tx, {
        cartId: cart.id,
        channel: context.channel,
        customerId: cart.customerId,
        currency: cart.currency,
        lines: counted.map((draft) => ({ variantId: draft.row.variantId, productId: draft.variant.productId, quantity: draft.row.quantity, unitPrice: draft.unitPrice, vatRate: draft.variant.product.vatRate })),
        shippingFee: null,
        shippingVatRate: STANDARD_VAT_RATE,
        now: new Date(),
      })
    : null
  const ordered = !open && cart.orderId ? await orderedLineDiscounts.ask(tx, { orderId: cart.orderId }) : new Map<string, OrderedLineDiscount>()
  const pricedLines = new Map(
    counted.map((draft, index) => {
      const line = priced?.evaluation.lines[index]
      const fromOrder = ordered.get(draft.row.variantId)
      return [draft.row.id, line ? { discount: line.itemDiscount + line.orderDiscount, discounts: line.discounts } : { discount: fromOrder?.discountTotal ?? 0, discounts: fromOrder?.discounts ?? [] }]
    }),
  )
  const lines: CartLineView[] = drafts.map(({ row, variant, unitPrice, priceListId, status, available }) => {
    const pricedLine = pricedLines.get(row.id)
    const discount = pricedLine?.discount ?? 0
    return {
      id: row.id,
      variantId: row.variantId,
      productId: variant.productId,
      sku: variant.sku,
      title: variant.product.title,
      options: variant.options,
      image: variant.product.images[0]?.url ?? null,
      quantity: row.quantity,
      unitPrice: money(unitPrice, cart.currency),
      priceListId: open ? priceListId : null,
      lineTotal: money(unitPrice * row.quantity, cart.currency),
      discountTotal: money(discount, cart.currency),
      total: money(unitPrice * row.quantity - discount, cart.currency),
      discounts: pricedLine?.discounts ?? [],
      vatRate: variant.product.vatRate,
      availability: { status, available },
      addedAt: row.addedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    }
  })
  const evaluation = priced?.evaluation
  return {
    id: cart.id,
    channelId: cart.channelId,
    customerId: cart.customerId,
    deviceId: cart.deviceId,
    createdByStaffId: cart.createdByStaffId,
    pickupLocationId: cart.pickupLocationId,
    status: cart.status,
    orderId: cart.orderId,
    currency: cart.currency,
    lines,
    changes,
    totals: cartTotals(
      counted.map((draft) => {
        return { quantity: draft.row.quantity, unitPrice: draft.unitPrice, vatRate: draft.variant.product.vatRate, discount: pricedLines.get(draft.row.id)?.discount ?? 0 }
      }),
      cart.currency,
    ),
    promotions: {
      applied: (evaluation?.applied ?? []).map((entry) => ({ id: entry.id, name: entry.name, kind: entry.kind, level: entry.level, amount: money(entry.amount, cart.currency) })),
      almost: (evaluation?.almost ?? []).map((entry) => ({ id: entry.id, name: entry.name, kind: entry.kind, missing: money(entry.missing, cart.currency) })),
      notApplied: evaluation?.notApplied ?? [],
    },
    coupons: (priced?.coupons ?? []).map(({ code, promotionId, usable, applied, reason }) => ({ code, promotionId, usable, applied, reason })),
    version: cart.version,
    createdAt: cart.createdAt.toISOString(),
    updatedAt: cart.updatedAt.toISOString(),
  }
}

function money(amount: number, currency: string): Money {
  return { amount, currency }
}
