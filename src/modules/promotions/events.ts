/** Events of promotions (as the back office defines them); not scoped to a customer or a location. */
export const PROMOTION_EVENTS = {
  /** { promotionId, kind, name, status, requiresCoupon } */
  created: 'promotions.promotion_created',
  /** { promotionId, changes: names of the fields whose value changed, status } — archiving included. */
  updated: 'promotions.promotion_updated',
} as const
