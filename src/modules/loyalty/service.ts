/**
 * Loyalty: points earned on paid orders from every channel, pending until the order's return window closes, taken
 * back on return; tiers by lifetime points; rewards exchanged for vouchers usable at web checkout or at the till.
 * The balance and its history are the same on every channel: there is one account per customer and one ledger.
 * Owns `loyalty_settings`, `loyalty_tiers`, `loyalty_accounts`, `loyalty_entries`, `loyalty_rewards`, `loyalty_vouchers`.
 *
 * Invariants:
 * - Balances change only through the ledger (ledger.ts): one INSERT of an entry and one guarded UPDATE of the account
 *   by the same deltas, in the caller's transaction; each balance is the sum of its entries.
 * - Balances never go below zero (guarded UPDATE, CHECK behind it): concurrent redemptions on two channels can never
 *   spend the same points. Steps that must not fail (a return after the points were spent) take what is there and
 *   write the shortfall in the entry's note.
 * - An order earns once and is confirmed once, a return reverses once (unique indexes; repeated calls move nothing).
 * - Points = floor(goods paid / 1 €) × pointsPerUnit, goods paid = subtotal − discounts, shipping excluded; only
 *   orders with a customer earn (policies.ts). Tier = highest threshold ≤ lifetime points.
 * - A customer reads only her own loyalty; staff with customers:read anyone's; others get a 404.
 * Events: loyalty.points_changed, loyalty.tier_changed, loyalty.reward_redeemed, loyalty.settings_updated,
 * loyalty.tier_saved, loyalty.tier_deleted, loyalty.reward_saved, loyalty.reward_deleted.
 */
export {
  adjustLoyaltyPoints,
  getCustomerLoyalty,
  listCustomerVouchers,
  listLoyaltyEntries,
  LOYALTY_ENTRY_SORT_KEYS,
  loyaltySummaryOf,
  type LoyaltyEntryView,
  type LoyaltyVoucher,
} from './account.js'
export { anonymiseCustomerLoyalty, exportCustomerLoyalty } from './customer-data.js'
export { moveLoyalty, restoreLoyalty, type MovedLoyalty } from './customer-merge.js'
export { seedDemoLoyalty } from './demo.js'
export { confirmOrderPoints, dropOrderPoints, earnOrderPoints, onOrderMoved, reduceOrderPoints, reverseReturnPoints, type EarningOrder, type RefundedReturn } from './earning.js'
export { LOYALTY_EVENTS } from './events.js'
export { balancesOf, type Balances } from './ledger.js'
export { nextTierAfter, pointsForGoods, pointsToReverse, tierFor } from './policies.js'
export {
  activeRewardsOf,
  createLoyaltyReward,
  deleteLoyaltyReward,
  getLoyaltyReward,
  listLoyaltyRewards,
  redeemLoyaltyReward,
  updateLoyaltyReward,
  type LoyaltyReward,
  type RedeemedVoucher,
} from './rewards.js'
export { getLoyaltySettings, pointsPerUnitOf, updateLoyaltySettings, type LoyaltySettings } from './settings.js'
export { createLoyaltyTier, deleteLoyaltyTier, listLoyaltyTiers, loyaltyTierOf, loyaltyTiersOf, updateLoyaltyTier, type LoyaltyTier } from './tiers.js'
