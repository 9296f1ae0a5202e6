/**
 * Events of the inventory module, each scoped to the location it concerns (store staff see their stores' events).
 * Payloads carry ids and quantities; a subscriber that needs more reads through service.ts.
 */
export const INVENTORY_EVENTS = {
  /** { locationId, variants } — one per location of an initial load or import. */
  stockLevelsSet: 'inventory.stock_levels_set',
  /** { locationId, lines: [{ variantId, quantity }], reference } */
  stockReceived: 'inventory.stock_received',
  /** { locationId, variantId, quantity (signed), reason } */
  stockAdjusted: 'inventory.stock_adjusted',
  /** { locationId, lines: [{ variantId, counted, difference }] } */
  stockCounted: 'inventory.stock_counted',
  /** { locationId, variantId, safetyStock } */
  safetyStockChanged: 'inventory.safety_stock_changed',
  /** { reservationId, variantId, locationId, quantity, kind, orderId, fulfilmentId, cartId, expiresAt } */
  stockReserved: 'inventory.stock_reserved',
  /** { reservationId, variantId, locationId, quantity, kind, orderId, fulfilmentId, reason, expired } */
  reservationReleased: 'inventory.reservation_released',
  /** { reservationId, variantId, locationId, quantity, orderId, fulfilmentId } */
  reservationConsumed: 'inventory.reservation_consumed',
  /** { variantId, locationId, quantity, orderId } — a till sale without reservation. */
  stockSold: 'inventory.stock_sold',
  /** { variantId, locationId, quantity, orderId, reason } */
  stockReturned: 'inventory.stock_returned',
  /** { transferId, fromLocationId, toLocationId, lines, orderId, fulfilmentId } — scoped to the source. */
  transferRequested: 'inventory.transfer_requested',
  /** { transferId, fromLocationId, toLocationId, lines } — scoped to the destination, which must receive it. */
  transferShipped: 'inventory.transfer_shipped',
  /** { transferId, fromLocationId, toLocationId, lines: [{ variantId, quantity, receivedQuantity }] } — destination. */
  transferReceived: 'inventory.transfer_received',
  /** { transferId, fromLocationId, toLocationId } — scoped to the source. */
  transferCancelled: 'inventory.transfer_cancelled',
} as const
