/**
 * The promotion engine: a pure function from a cart and promotion rules to discounted lines, totals with VAT per
 * rate, and an explanation (applied, almost, not applied and why). No database, no clock: the caller passes `now`.
 *
 * Stacking rule: promotions apply in priority order (lower first, ties by id), each on what the previous left.
 * Every eligible combinable promotion applies, in that order; each exclusive one is priced alone on the undiscounted
 * cart. The best exclusive (largest discount; ties by priority, then id) wins only when it gives strictly more than
 * the combination; the losers are reported `excluded_by_exclusive`. Stacking decides between discounts on the goods
 * only: free delivery always applies once its conditions hold, whatever its stacking, so the winners never depend on
 * the delivery fee and the cart (which does not know the fee yet) shows the discounts checkout will charge. Spend thresholds compare the items subtotal
 * before any discount. Only a rule naming channels depends on the channel: the same cart and customer price the same
 * everywhere otherwise.
 */
import { vatBreakdown } from '../vat.js'
import { effectAmount, effectOf, ineligibility, isAlmost, missingForThreshold } from './rules.js'
import type { NotAppliedReason, PricedLine, PromotionCart, PromotionEffect, PromotionEvaluation, PromotionRule } from './types.js'

interface Applied {
  rule: PromotionRule
  effect: PromotionEffect
  amount: number
}

function byPriority(a: PromotionRule, b: PromotionRule): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** Free delivery on a cart whose delivery fee is not known yet: it applies (for 0 now), so the cart can say so. */
function promisesFreeShipping(rule: PromotionRule, cart: PromotionCart): boolean {
  return rule.kind === 'free_shipping' && cart.shipping.fee === null
}

/** Applies the combinable rules in order, each on what the previous left; those that give nothing are returned apart. */
function combine(cart: PromotionCart, rules: readonly PromotionRule[], lineTotals: readonly number[]): { applied: Applied[]; empty: PromotionRule[] } {
  const remaining = [...lineTotals]
  let shippingLeft = cart.shipping.fee ?? 0
  const applied: Applied[] = []
  const empty: PromotionRule[] = []
  for (const rule of rules) {
    const effect = effectOf(rule, cart, remaining, shippingLeft)
    const amount = effectAmount(effect)
    if (amount === 0 && !promisesFreeShipping(rule, cart)) {
      empty.push(rule)
      continue
    }
    effect.lineDiscounts.forEach((discount, index) => (remaining[index] = (remaining[index] ?? 0) - discount))
    shippingLeft -= effect.shippingDiscount
    applied.push({ rule, effect, amount })
  }
  return { applied, empty }
}

/** Prices the cart with the promotions; totals add up to the cent and VAT is computed on the discounted amounts. */
export function evaluatePromotions(cart: PromotionCart, rules: readonly PromotionRule[]): PromotionEvaluation {
  const lineTotals = cart.lines.map((line) => line.unitPrice * line.quantity)
  const subtotal = lineTotals.reduce((sum, amount) => sum + amount, 0)
  const reasons = new Map<string, NotAppliedReason>()
  const almost: PromotionEvaluation['almost'] = []
  const candidates: PromotionRule[] = []
  const ordered = [...rules].sort(byPriority)
  for (const rule of ordered) {
    const reason = ineligibility(rule, cart)
    const missing = reason ? 0 : missingForThreshold(rule, subtotal)
    if (reason) reasons.set(rule.id, reason)
    else if (missing > 0) {
      reasons.set(rule.id, 'threshold_not_met')
      if (isAlmost(rule, missing)) almost.push({ id: rule.id, name: rule.name, kind: rule.kind, missing })
    } else candidates.push(rule)
  }

  const onGoods = candidates.filter((rule) => rule.kind !== 'free_shipping')
  const combination = combine(
    cart,
    onGoods.filter((rule) => rule.stacking === 'combinable'),
    lineTotals,
  )
  const delivery = combine(
    cart,
    candidates.filter((rule) => rule.kind === 'free_shipping'),
    lineTotals,
  )
  for (const rule of [...combination.empty, ...delivery.empty]) reasons.set(rule.id, 'no_eligible_items')
  const comboAmount = combination.applied.reduce((sum, entry) => sum + entry.amount, 0)
  const exclusives: Applied[] = []
  for (const rule of onGoods.filter((candidate) => candidate.stacking === 'exclusive')) {
    const effect = effectOf(rule, cart, lineTotals, cart.shipping.fee ?? 0)
    const amount = effectAmount(effect)
    if (amount === 0) reasons.set(rule.id, 'no_eligible_items')
    else exclusives.push({ rule, effect, amount })
  }
  // `exclusives` is in priority order, so the first of the largest wins a tie.
  const best = exclusives.reduce<Applied | null>((top, entry) => (top === null || entry.amount > top.amount ? entry : top), null)
  const onGoodsWinners = best && best.amount > comboAmount ? [best] : combination.applied
  const losers = [...combination.applied, ...exclusives].filter((entry) => !onGoodsWinners.includes(entry))
  for (const loser of losers) reasons.set(loser.rule.id, 'excluded_by_exclusive')
  const winners = [...onGoodsWinners, ...delivery.applied].sort((a, b) => byPriority(a.rule, b.rule))

  const lines: PricedLine[] = cart.lines.map((line, index) => {
    let itemDiscount = 0
    let orderDiscount = 0
    const discounts: PricedLine['discounts'] = []
    for (const { rule, effect } of winners) {
      const amount = effect.lineDiscounts[index] ?? 0
      if (amount === 0) continue
      if (effect.level === 'order') orderDiscount += amount
      else itemDiscount += amount
      discounts.push({ promotionId: rule.id, amount })
    }
    const lineTotal = lineTotals[index] ?? 0
    return {
      variantId: line.variantId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      vatRate: line.vatRate,
      lineTotal,
      itemDiscount,
      orderDiscount,
      total: lineTotal - itemDiscount - orderDiscount,
      discounts,
    }
  })
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)
  const shippingDiscount = sum(winners.map((entry) => entry.effect.shippingDiscount))
  const shippingNet = (cart.shipping.fee ?? 0) - shippingDiscount
  const vat = vatBreakdown([
    ...lines.map((line) => ({ amount: line.total, vatRate: line.vatRate })),
    ...(shippingNet > 0 ? [{ amount: shippingNet, vatRate: cart.shipping.vatRate }] : []),
  ])
  return {
    lines,
    totals: {
      subtotal,
      itemDiscount: sum(lines.map((line) => line.itemDiscount)),
      orderDiscount: sum(lines.map((line) => line.orderDiscount)),
      shipping: cart.shipping.fee ?? 0,
      shippingDiscount,
      total: sum(lines.map((line) => line.total)) + shippingNet,
      vat,
    },
    applied: winners.map(({ rule, effect, amount }) => ({ id: rule.id, name: rule.name, kind: rule.kind, level: effect.level, amount })),
    almost,
    notApplied: ordered
      .filter((rule) => reasons.has(rule.id))
      .map((rule) => ({ id: rule.id, name: rule.name, reason: reasons.get(rule.id) ?? 'no_eligible_items' })),
  }
}
