/**
 * The programme's rules as pure functions: how many points goods earn, how many a return takes back, which tier a
 * lifetime reaches. No database access here.
 */

export const MINOR_UNITS_PER_UNIT = 100

/**
 * Points for goods paid (minor units, after discounts, shipping excluded): each whole currency unit earns
 * `pointsPerUnit`; cents never add up across orders (49.99 € earns 49 points at 1 per euro).
 */
export function pointsForGoods(goodsPaid: number, pointsPerUnit: number): number {
  if (goodsPaid <= 0 || pointsPerUnit <= 0) return 0
  return Math.floor(goodsPaid / MINOR_UNITS_PER_UNIT) * pointsPerUnit
}

/**
 * Points a return takes back from an order that earned `earned` on `goodsPaid` of goods: the goods refunded so far
 * (this return's and earlier ones') take back their share of what was earned, floor(earned × refunded / goodsPaid),
 * less the share the earlier returns took. Proportional to what was earned, so a rate changed since neither takes
 * back more nor less; the returns of one order add up to what it earned once every unit is back, never more.
 */
export function pointsToReverse(input: { earned: number; goodsPaid: number; goodsRefundedBefore: number; goodsRefunded: number }): number {
  const { earned, goodsPaid } = input
  if (earned <= 0 || goodsPaid <= 0) return 0
  const shareOf = (refunded: number) => Math.floor((earned * Math.min(refunded, goodsPaid)) / goodsPaid)
  return Math.max(0, shareOf(input.goodsRefundedBefore + input.goodsRefunded) - shareOf(input.goodsRefundedBefore))
}

export interface TierThreshold {
  code: string
  threshold: number
}

/** The tier of a lifetime: the highest threshold at or below it (null below the lowest). */
export function tierFor<T extends TierThreshold>(tiers: readonly T[], lifetime: number): T | null {
  let best: T | null = null
  for (const tier of tiers) if (tier.threshold <= lifetime && (best === null || tier.threshold > best.threshold)) best = tier
  return best
}

/** The next tier up from a lifetime (the lowest threshold above it), or null at the top. */
export function nextTierAfter<T extends TierThreshold>(tiers: readonly T[], lifetime: number): T | null {
  let next: T | null = null
  for (const tier of tiers) if (tier.threshold > lifetime && (next === null || tier.threshold < next.threshold)) next = tier
  return next
}

/** What can be taken from a balance that must not go below zero, and what is missing. */
export function takeFrom(balance: number, wanted: number): { taken: number; shortfall: number } {
  const taken = Math.max(0, Math.min(balance, wanted))
  return { taken, shortfall: wanted - taken }
}
