/**
 * Pricing: the price a cart pays, how tax-inclusive prices break down into VAT, how amounts are rounded and split,
 * and the promotion engine, defined once for carts, orders and returns.
 * Owns `price_lists` and `price_list_prices` (price-lists.ts; resolution in resolve.ts).
 * Rounding, the only rules there are (all amounts integer minor units, tax included; rates in basis points):
 * - VAT per rate on the sum of the amounts at that rate: `vat = round_half_up(gross × rate / (10000 + rate))`,
 *   `net = gross − vat`, so a breakdown always adds up to its total to the cent.
 * - A percentage of an amount: `percentOf(amount, bp) = round_half_up(amount × bp / 10000)` (allocation.ts).
 * - Splitting an amount (an order discount over lines): `allocate(amount, weights)` by largest remainder, ties to
 *   the lowest index, so the parts always add up to the amount and none exceeds its weight.
 * Half up means away from zero for negative amounts; no floating point ever touches money.
 * Price lists: the catalogue price everywhere, unless an active list in its window names the cart's channel or one
 * of its customer's groups; the highest priority wins, then the lowest price.
 * Promotions (promotions/): pure functions over a cart; carts/promotions.ts feeds them for the cart view and checkout.
 * Events: pricing.price_list_created, pricing.price_list_updated, pricing.price_list_prices_changed.
 */
export { allocate, percentOf } from './allocation.js'
export { createPriceList, getPriceList, listPriceLists, PRICE_LIST_SORT_KEYS, removeListPrice, setListPrices, updatePriceList, type ListPriceInput, type PriceList, type PriceListFields, type PriceListWithPrices } from './price-lists.js'
export { resolvePrices, type PriceResolutionInput, type ResolvedPrice } from './resolve.js'
export { evaluatePromotions } from './promotions/evaluate.js'
export { ALMOST_THRESHOLD_BASIS_POINTS } from './promotions/rules.js'
export { PromotionRule, PromotionTarget, type PromotionCart, type PromotionEvaluation, type PromotionKind, type PromotionLine, type NotAppliedReason } from './promotions/types.js'
export { STANDARD_VAT_RATE, vatBreakdown, type VatLine } from './vat.js'

export interface Money {
  amount: number
  currency: string
}
