/** Events of the pricing module; not scoped. */
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const PRICING_EVENTS = {
  priceListCreated: 'pricing.price_list_created',
  priceListUpdated: 'pricing.price_list_updated',
  priceListPricesChanged: 'pricing.price_list_prices_changed',
} as const

export const PRICING_EVENT_DEFINITIONS = defineEvents({
  [PRICING_EVENTS.priceListCreated]: { description: 'A price list was created.', payload: payload({ priceListId: S.id(), code: S.text() }) },
  [PRICING_EVENTS.priceListUpdated]: { description: 'Fields of a price list changed.', payload: payload({ priceListId: S.id(), changes: S.changed() }) },
  [PRICING_EVENTS.priceListPricesChanged]: {
    description: 'Prices of a list were set or removed: carts on its channels or groups reprice on their next read.',
    payload: payload({ priceListId: S.id(), variantIds: S.ids('Variants whose price in this list changed') }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof PRICING_EVENT_DEFINITIONS> {}
}
