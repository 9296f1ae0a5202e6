/**
 * One promotion rule against one cart, as pure functions: is it eligible (window, channel, segment, usage, spend
 * threshold), and what discount does it give on what is left of each line and of shipping. Rules see amounts already
 * reduced by the promotions applied before them and never take a line or shipping below zero.
 */
import { allocate, percentOf } from '../allocation.js'
import type { ItemTarget, NotAppliedReason, PromotionCart, PromotionEffect, PromotionLine, PromotionRule } from './types.js'

/** A spend threshold counts as "almost" met when the missing amount is at most 30 % of the threshold. */
export const ALMOST_THRESHOLD_BASIS_POINTS = 3000

/** The first reason the rule cannot apply to this cart whatever its contents, or null. */
export function ineligibility(rule: PromotionRule, cart: PromotionCart): NotAppliedReason | null {
  const now = cart.now.getTime()
  if (rule.startsAt && Date.parse(rule.startsAt) > now) return 'outside_window'
  if (rule.endsAt && Date.parse(rule.endsAt) <= now) return 'outside_window'
  if (rule.channelIds && rule.channelIds.length > 0 && !rule.channelIds.includes(cart.channel.id)) return 'channel_not_eligible'
  const segment = rule.segment
  if (segment) {
    const { customer } = cart
    if (segment.groupCodes && segment.groupCodes.length > 0 && !segment.groupCodes.some((code) => customer.groupCodes.includes(code)))
      return 'segment_not_eligible'
    if (segment.loyaltyTiers && segment.loyaltyTiers.length > 0 && (customer.loyaltyTier === null || !segment.loyaltyTiers.includes(customer.loyaltyTier)))
      return 'segment_not_eligible'
    if (segment.firstOrderOnly && !customer.isFirstOrder) return 'segment_not_eligible'
  }
  if (rule.remainingUses !== undefined && rule.remainingUses !== null && rule.remainingUses <= 0) return 'usage_exhausted'
  return null
}

/** How much the items subtotal lacks to meet the rule's spend threshold (0 when met or when it has none). */
export function missingForThreshold(rule: PromotionRule, subtotal: number): number {
  return rule.minSubtotal ? Math.max(0, rule.minSubtotal - subtotal) : 0
}

/** True when the missing amount is within the documented "almost" distance of the threshold. */
export function isAlmost(rule: PromotionRule, missing: number): boolean {
  return missing > 0 && !!rule.minSubtotal && missing <= percentOf(rule.minSubtotal, ALMOST_THRESHOLD_BASIS_POINTS)
}

/** A line matches a target when its variant, its product or one of its categories is named. */
export function lineMatches(target: ItemTarget, line: PromotionLine): boolean {
  return (
    (target.variantIds ?? []).includes(line.variantId) ||
    (target.productIds ?? []).includes(line.productId) ||
    line.categoryIds.some((categoryId) => (target.categoryIds ?? []).includes(categoryId))
  )
}

/** Spreads `amount` over the lines whose weight is positive; the others get 0. */
function spread(amount: number, weights: readonly number[]): number[] {
  return amount === 0 ? weights.map(() => 0) : allocate(amount, weights)
}

/** Units of the matching lines, priciest first (ties: cart order), each tagged with its line index. */
function unitsOf(lines: readonly PromotionLine[], matches: (line: PromotionLine) => boolean): { index: number; price: number }[] {
  const units = lines.flatMap((line, index) => (matches(line) ? Array.from({ length: line.quantity }, () => ({ index, price: line.unitPrice })) : []))
  return units.sort((a, b) => b.price - a.price || a.index - b.index)
}

/** Per-line sums of a unit-based discount, each capped at what is left of its line. */
function capped(perLine: readonly number[], remaining: readonly number[]): number[] {
  return perLine.map((amount, index) => Math.min(amount, remaining[index] ?? 0))
}

function percentOrAmount(rule: Extract<PromotionRule, { kind: 'percent_off' | 'amount_off' }>, base: number): number {
  return rule.kind === 'percent_off' ? percentOf(base, rule.percent) : Math.min(rule.amount, base)
}

/**
 * The discount the rule gives on what is left (`remaining` per line, `shippingLeft`); line discounts never exceed
 * their line. Percentages round once on the eligible sum, which `allocate` then spreads by amount left.
 */
export function effectOf(rule: PromotionRule, cart: PromotionCart, remaining: readonly number[], shippingLeft: number): PromotionEffect {
  const none = cart.lines.map(() => 0)
  switch (rule.kind) {
    case 'percent_off':
    case 'amount_off': {
      const target = rule.target
      const weights = target.scope === 'order' ? [...remaining] : cart.lines.map((line, index) => (lineMatches(target, line) ? (remaining[index] ?? 0) : 0))
      const base = weights.reduce((sum, weight) => sum + weight, 0)
      return { lineDiscounts: spread(percentOrAmount(rule, base), weights), shippingDiscount: 0, level: target.scope }
    }
    case 'buy_x_get_y': {
      // The cheapest units are the ones given: for every full set of buy + get units, `get` of them.
      const target = rule.target
      const units = unitsOf(cart.lines, (line) => lineMatches(target, line))
      const given = Math.floor(units.length / (rule.buy + rule.get)) * rule.get
      const perLine = [...none]
      for (const unit of units.slice(units.length - given)) perLine[unit.index] = (perLine[unit.index] ?? 0) + unit.price
      return {
        lineDiscounts: capped(
          perLine.map((amount) => percentOf(amount, rule.percent)),
          remaining,
        ),
        shippingDiscount: 0,
        level: 'items',
      }
    }
    case 'bundle_price': {
      // As many full sets as the cart holds, each made of the priciest units left of every product.
      const perProduct = rule.productIds.map((productId) => unitsOf(cart.lines, (line) => line.productId === productId))
      const sets = Math.min(...perProduct.map((units) => units.length))
      const inSets = [...none]
      for (const units of perProduct) for (const unit of units.slice(0, sets)) inSets[unit.index] = (inSets[unit.index] ?? 0) + unit.price
      const weights = capped(inSets, remaining)
      const worth = weights.reduce((sum, weight) => sum + weight, 0)
      const discount = Math.max(0, worth - sets * rule.price)
      return { lineDiscounts: spread(discount, weights), shippingDiscount: 0, level: 'items' }
    }
    case 'free_shipping':
      return { lineDiscounts: none, shippingDiscount: shippingLeft, level: 'shipping' }
  }
}

/** The whole discount of an effect. */
export function effectAmount(effect: PromotionEffect): number {
  return effect.lineDiscounts.reduce((sum, amount) => sum + amount, 0) + effect.shippingDiscount
}
