/**
 * Events of the inventory module, each scoped to the location it concerns (store staff see their stores' events).
 * Payloads carry ids and quantities; a subscriber that needs more reads through service.ts.
 */
import { Type } from 'typebox'
import { defineEvents, EventSchemas as S, payload, type PayloadsOf } from '../../platform/event-types.js'

export const INVENTORY_EVENTS = {
  stockLevelsSet: 'inventory.stock_levels_set',
  stockReceived: 'inventory.stock_received',
  stockAdjusted: 'inventory.stock_adjusted',
  stockCounted: 'inventory.stock_counted',
  safetyStockChanged: 'inventory.safety_stock_changed',
  stockReserved: 'inventory.stock_reserved',
  reservationReleased: 'inventory.reservation_released',
  reservationConsumed: 'inventory.reservation_consumed',
  stockSold: 'inventory.stock_sold',
  stockReturned: 'inventory.stock_returned',
  transferRequested: 'inventory.transfer_requested',
  transferShipped: 'inventory.transfer_shipped',
  transferReceived: 'inventory.transfer_received',
  transferCancelled: 'inventory.transfer_cancelled',
} as const

const SCOPE = ' Scoped to the location.'
const quantity = (description?: string) => S.count(description)
const Lines = Type.Array(payload({ variantId: S.id(), quantity: quantity() }), { maxItems: 1000 })
const TransferLines = Type.Array(
  payload({ variantId: S.id(), quantity: quantity('Requested'), receivedQuantity: S.nullable(quantity('Received, once received')) }),
  {
    maxItems: 1000,
  },
)
const Left = {
  onHand: quantity('On hand at the location after the change'),
  available: quantity('On hand minus reserved after the change'),
}
const Reservation = {
  reservationId: S.id(),
  variantId: S.id(),
  locationId: S.id(),
  quantity: quantity(),
  kind: Type.Union([Type.Literal('checkout'), Type.Literal('order'), Type.Literal('reserve_in_store'), Type.Literal('hold'), Type.Literal('transfer')]),
  orderId: S.nullable(S.id()),
  fulfilmentId: S.nullable(S.id()),
}

export const INVENTORY_EVENT_DEFINITIONS = defineEvents({
  [INVENTORY_EVENTS.stockLevelsSet]: {
    description: `On-hand quantities were loaded or imported: one event per location, with how many variants it set.${SCOPE}`,
    payload: payload({ locationId: S.id(), variants: S.count() }),
  },
  [INVENTORY_EVENTS.stockReceived]: {
    description: `Goods came in at a location.${SCOPE}`,
    payload: payload({ locationId: S.id(), lines: Lines, reference: S.nullable(S.text('Delivery note or purchase order')) }),
  },
  [INVENTORY_EVENTS.stockAdjusted]: {
    description: `On hand changed by a signed quantity (damage, theft, found goods), with the level it left.${SCOPE}`,
    payload: payload({ locationId: S.id(), variantId: S.id(), quantity: S.delta('Signed change of on hand'), reason: S.text(), ...Left }),
  },
  [INVENTORY_EVENTS.stockCounted]: {
    description: `A physical count set on hand.${SCOPE}`,
    payload: payload({
      locationId: S.id(),
      lines: Type.Array(payload({ variantId: S.id(), counted: quantity(), difference: S.delta('Counted minus what was on hand') }), { maxItems: 1000 }),
    }),
  },
  [INVENTORY_EVENTS.safetyStockChanged]: {
    description: `The quantity kept back from online sale changed.${SCOPE}`,
    payload: payload({ locationId: S.id(), variantId: S.id(), safetyStock: quantity() }),
  },
  [INVENTORY_EVENTS.stockReserved]: {
    description: `Stock was reserved (a checkout, an order, a reserve-in-store, a transfer).${SCOPE}`,
    payload: payload({ ...Reservation, cartId: S.nullable(S.id()), expiresAt: S.nullable(S.time()) }),
  },
  [INVENTORY_EVENTS.reservationReleased]: {
    description: `A reservation ended without a sale (cancelled, or expired when expired is true).${SCOPE}`,
    payload: payload({ ...Reservation, reason: S.nullable(S.text()), expired: Type.Boolean() }),
  },
  [INVENTORY_EVENTS.reservationConsumed]: {
    description: `A reservation became a sale: the goods left the shelf.${SCOPE}`,
    payload: payload({
      reservationId: S.id(),
      variantId: S.id(),
      locationId: S.id(),
      quantity: quantity(),
      orderId: S.nullable(S.id()),
      fulfilmentId: S.nullable(S.id()),
    }),
  },
  [INVENTORY_EVENTS.stockSold]: {
    description: `A till sale took goods off the shelf without a reservation, with the level it left.${SCOPE}`,
    payload: payload({ variantId: S.id(), locationId: S.id(), quantity: quantity(), orderId: S.id(), ...Left }),
  },
  [INVENTORY_EVENTS.stockReturned]: {
    description: `A resellable return went back on hand at the receiving location.${SCOPE}`,
    payload: payload({ variantId: S.id(), locationId: S.id(), quantity: quantity(), orderId: S.id(), reason: S.text() }),
  },
  [INVENTORY_EVENTS.transferRequested]: {
    description: 'A transfer between locations was requested. Scoped to the source, which must ship it.',
    payload: payload({
      transferId: S.id(),
      fromLocationId: S.id(),
      toLocationId: S.id(),
      lines: TransferLines,
      orderId: S.nullable(S.id()),
      fulfilmentId: S.nullable(S.id()),
    }),
  },
  [INVENTORY_EVENTS.transferShipped]: {
    description: 'A transfer left its source. Scoped to the destination, which must receive it.',
    payload: payload({ transferId: S.id(), fromLocationId: S.id(), toLocationId: S.id(), lines: TransferLines }),
  },
  [INVENTORY_EVENTS.transferReceived]: {
    description: 'A transfer arrived. Scoped to the destination.',
    payload: payload({ transferId: S.id(), fromLocationId: S.id(), toLocationId: S.id(), lines: TransferLines }),
  },
  [INVENTORY_EVENTS.transferCancelled]: {
    description: 'A transfer was cancelled. Scoped to the source.',
    payload: payload({ transferId: S.id(), fromLocationId: S.id(), toLocationId: S.id() }),
  },
})

declare module '../../platform/event-types.js' {
  interface EventPayloads extends PayloadsOf<typeof INVENTORY_EVENT_DEFINITIONS> {}
}
