/** Events of the loyalty module. Balance events are scoped to the customer; voucher codes never travel in events. */
export const LOYALTY_EVENTS = {
  /**
   * { customerId, entryId, kind, availableDelta, pendingDelta, lifetimeDelta, available, pending, lifetime, orderId,
   * returnId, rewardId } — every ledger entry, with the balances it left.
   */
  pointsChanged: 'loyalty.points_changed',
  /** { customerId, from, to } — the tier (code, or null below the lowest threshold) moved with lifetime points. */
  tierChanged: 'loyalty.tier_changed',
  /** { customerId, rewardId, couponId, points } */
  rewardRedeemed: 'loyalty.reward_redeemed',
  /** { pointsPerUnit } */
  settingsUpdated: 'loyalty.settings_updated',
  /** { code, threshold } */
  tierSaved: 'loyalty.tier_saved',
  /** { code } */
  tierDeleted: 'loyalty.tier_deleted',
  /** { rewardId, pointsCost, promotionId, active } */
  rewardSaved: 'loyalty.reward_saved',
  /** { rewardId } */
  rewardDeleted: 'loyalty.reward_deleted',
} as const
