/** Events of the pricing module. */
export const PRICING_EVENTS = {
  priceListCreated: 'pricing.price_list_created',
  priceListUpdated: 'pricing.price_list_updated',
  /** Prices of a list were set or removed: carts on its channels or groups reprice on their next read. */
  priceListPricesChanged: 'pricing.price_list_prices_changed',
} as const
