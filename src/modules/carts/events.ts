/**
 * Events of the carts module, scoped to the cart's customer and to its channel's store. Payloads carry ids and
 * quantities, never prices: a subscriber that needs the cart reads it through service.ts.
 */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const CART_EVENTS = {
  cartCreated: 'carts.cart_created',
  cartUpdated: 'carts.cart_updated',
  lineAdded: 'carts.line_added',
  lineUpdated: 'carts.line_updated',
  lineRemoved: 'carts.line_removed',
  cartCheckedOut: 'carts.cart_checked_out',
  cartHandedOff: 'carts.cart_handed_off',
  wishlistItemAdded: 'carts.wishlist_item_added',
  wishlistItemRemoved: 'carts.wishlist_item_removed',
  cartMerged: 'carts.cart_merged',
} as const

const SCOPE = ' Scoped to the cart’s customer and its channel’s store.'

export const CART_EVENT_DEFINITIONS = defineEvents({
  [CART_EVENTS.cartCreated]: {
    description: `A cart was opened, by its customer, an anonymous device or a seller for someone.${SCOPE}`,
    payload: payload({
      cartId: S.id(),
      channelId: S.id(),
      customerId: S.nullable(S.id()),
      deviceId: S.nullable(S.id()),
      createdByStaffId: S.nullable(S.id()),
    }),
  },
  [CART_EVENTS.cartUpdated]: {
    description: `Fields of a cart changed (its owner included).${SCOPE}`,
    payload: payload({ cartId: S.id(), changed: S.changed() }),
  },
  [CART_EVENTS.lineAdded]: {
    description: `A variant was put in a cart.${SCOPE}`,
    payload: payload({
      cartId: S.id(),
      lineId: S.id(),
      variantId: S.id(),
      quantity: S.count('How many were added'),
      lineQuantity: S.count('How many the line holds now'),
    }),
  },
  [CART_EVENTS.lineUpdated]: {
    description: `A line's quantity was set.${SCOPE}`,
    payload: payload({ cartId: S.id(), lineId: S.id(), variantId: S.id(), quantity: S.count('The line’s new quantity') }),
  },
  [CART_EVENTS.lineRemoved]: { description: `A line left the cart.${SCOPE}`, payload: payload({ cartId: S.id(), lineId: S.id(), variantId: S.id() }) },
  [CART_EVENTS.cartCheckedOut]: { description: `A cart became an order.${SCOPE}`, payload: payload({ cartId: S.id(), orderId: S.id() }) },
  [CART_EVENTS.cartHandedOff]: {
    description: `A cart moved from one channel to another (a web cart finished in store, a seller's cart sent to a customer).${SCOPE}`,
    payload: payload({
      cartId: S.id(),
      fromChannelId: S.id(),
      toChannelId: S.id(),
      sellerStaffId: S.nullable(S.id()),
      deviceId: S.nullable(S.id()),
      via: Type.Union([Type.Literal('customer_carts'), Type.Literal('code')]),
    }),
  },
  [CART_EVENTS.wishlistItemAdded]: {
    description: 'A customer saved a variant to her wishlist. Scoped to the customer only.',
    payload: payload({ customerId: S.id(), variantId: S.id(), channelId: S.nullable(S.id()) }),
  },
  [CART_EVENTS.wishlistItemRemoved]: {
    description: 'A variant left a wishlist. Scoped to the customer only.',
    payload: payload({ customerId: S.id(), variantId: S.id() }),
  },
  [CART_EVENTS.cartMerged]: {
    description: `A cart joined another at login or in a profile merge; cartId is the surviving cart.${SCOPE}`,
    payload: payload({ cartId: S.id(), mergedCartId: S.id(), lineCount: S.count('Lines brought over'), channelId: S.id() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof CART_EVENT_DEFINITIONS> {}
}
