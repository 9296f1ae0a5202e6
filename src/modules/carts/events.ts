/**
 * Events of the carts module, scoped to the cart's customer and to its channel's store. Payloads carry ids and
 * quantities, never prices: a subscriber that needs the cart reads it through service.ts.
 */
export const CART_EVENTS = {
  /** { cartId, channelId, customerId, deviceId, createdByStaffId } */
  cartCreated: 'carts.cart_created',
  /** { cartId, changed: string[] } */
  cartUpdated: 'carts.cart_updated',
  /** { cartId, lineId, variantId, quantity (added), lineQuantity (now in the cart) } */
  lineAdded: 'carts.line_added',
  /** { cartId, lineId, variantId, quantity } */
  lineUpdated: 'carts.line_updated',
  /** { cartId, lineId, variantId } */
  lineRemoved: 'carts.line_removed',
  /** { cartId, orderId } */
  cartCheckedOut: 'carts.cart_checked_out',
  /** { cartId, fromChannelId, toChannelId, sellerStaffId, deviceId, via: 'customer_carts' | 'code' } */
  cartHandedOff: 'carts.cart_handed_off',
  /** { customerId, variantId, channelId } (scoped to the customer only) */
  wishlistItemAdded: 'carts.wishlist_item_added',
  /** { customerId, variantId } (scoped to the customer only) */
  wishlistItemRemoved: 'carts.wishlist_item_removed',
  /** { cartId (the surviving cart), mergedCartId, lineCount, channelId } — a cart joined another at login or in a profile merge. */
  cartMerged: 'carts.cart_merged',
} as const
