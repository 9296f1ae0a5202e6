/**
 * A cart's promotions: the one function the cart view and checkout price a cart with, so that what the shopper saw
 * is what the order charges. It gathers what the pure engine needs (the active rules, the coupons on the cart, the
 * lines' categories, the customer's groups, tier and first order) and lets the engine decide; nothing here depends on
 * the channel except through a rule that names channels, so the same cart and customer price the same everywhere.
 */
import type { Tx } from '../../platform/db.js'
import { defineHook } from '../../platform/hooks.js'
import { categoryIdsOfProducts } from '../catalog/service.js'
import { groupsOfCustomer } from '../customers/service.js'
import { loyaltyTierOf } from '../loyalty/service.js'
import { evaluatePromotions, type PromotionEvaluation, type PromotionRule } from '../pricing/service.js'
import { loadPromotionRules, type CartCoupon } from '../promotions/service.js'
import { listCartCoupons } from './cart-codes.js'

export interface PromotableLine {
  variantId: string
  productId: string
  quantity: number
  /** Tax-inclusive unit price after price lists. */
  unitPrice: number
  vatRate: number
}

export interface CartPromotionsInput {
  /** The cart whose coupons count; null prices lines without coupons. */
  cartId: string | null
  channel: { id: string; kind: string }
  customerId: string | null
  currency: string
  lines: readonly PromotableLine[]
  /** The delivery fee, or null before checkout knows how the cart is served. */
  shippingFee: number | null
  shippingVatRate: number
  now: Date
}

export interface CartCouponState extends CartCoupon {
  /** Its promotion took something off (or promises free delivery) on this cart. */
  applied: boolean
}

export interface CartPromotions {
  evaluation: PromotionEvaluation
  coupons: CartCouponState[]
}

/**
 * Asked only when a rule is for first orders and the cart has a customer: orders, which keeps them, answers whether
 * she has placed an order that was not cancelled. True means this is not her first order.
 */
export const customerHasOrdered = defineHook<{ customerId: string }, boolean>('carts.customer-has-ordered')

/** Whether any rule looks at the customer beyond her id (so the segment queries run only when one does). */
function needsSegment(rules: readonly PromotionRule[]): { groups: boolean; tier: boolean; firstOrder: boolean } {
  const segments = rules.map((rule) => rule.segment).filter((segment) => segment !== undefined)
  return {
    groups: segments.some((segment) => (segment.groupCodes ?? []).length > 0),
    tier: segments.some((segment) => (segment.loyaltyTiers ?? []).length > 0),
    firstOrder: segments.some((segment) => segment.firstOrderOnly === true),
  }
}

/** Prices the lines with the promotions in force for this cart and customer, and says which coupons applied. */
export async function priceCartPromotions(tx: Tx, input: CartPromotionsInput): Promise<CartPromotions> {
  const { customerId, now } = input
  const coupons = input.cartId ? await listCartCoupons(tx, { cartId: input.cartId, customerId, now }) : []
  const couponPromotionIds = coupons.filter((coupon) => coupon.usable).map((coupon) => coupon.promotionId)
  const rules = await loadPromotionRules(tx, { now, customerId, couponPromotionIds })
  const needs = needsSegment(rules)
  const byItems = rules.some((rule) => 'target' in rule && rule.target.scope === 'items' && (rule.target.categoryIds ?? []).length > 0)
  const categories = byItems ? await categoryIdsOfProducts(tx, input.lines.map((line) => line.productId)) : new Map<string, string[]>()
  const evaluation = evaluatePromotions(
    {
      lines: input.lines.map((line) => ({ ...line, categoryIds: categories.get(line.productId) ?? [] })),
      channel: input.channel,
      customer: {
        id: customerId,
        groupCodes: customerId && needs.groups ? await groupsOfCustomer(tx, customerId) : [],
        loyaltyTier: customerId && needs.tier ? await loyaltyTierOf(tx, customerId) : null,
        // A first-order offer needs her identified: a guest could otherwise take it on every order.
        isFirstOrder: customerId !== null && needs.firstOrder && !(await customerHasOrdered.ask(tx, { customerId })),
      },
      shipping: { fee: input.shippingFee, vatRate: input.shippingVatRate },
      now,
      currency: input.currency,
    },
    rules,
  )
  const applied = new Set(evaluation.applied.map((entry) => entry.id))
  return { evaluation, coupons: coupons.map((coupon) => ({ ...coupon, applied: coupon.usable && applied.has(coupon.promotionId) })) }
}
