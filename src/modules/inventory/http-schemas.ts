/** TypeBox schemas of the inventory routes: validation, serialisation, handler types and OpenAPI from one place. */
import { Type } from 'typebox'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { named } from '../../platform/openapi-document.js'
import { PageQuery } from '../../platform/pagination.js'
import { MOVEMENT_SORT_KEYS } from './ledger.js'
import { LEVEL_SORT_KEYS } from './levels.js'
import { MOVEMENT_KINDS, RESERVATION_KINDS, RESERVATION_STATUSES, TRANSFER_STATUSES } from './schema.js'

export const closed = { additionalProperties: false } as const
export const Id = Type.String({ minLength: 1, maxLength: 64 })
const Time = Type.String({ format: 'date-time' })
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
export const ex = { variantId: 'var_01jd3x5k2v0000000000000000', locationId: 'loc_01jd3x5k2v0000000000000000', at: '2025-03-01T10:00:00.000Z' }

export const StockStatus = Type.Union([Type.Literal('in_stock'), Type.Literal('low_stock'), Type.Literal('out_of_stock')], {
  description: 'low_stock: 1 or 2 available',
})

export const Level = named('StockLevel', Type.Object(
  {
    variantId: Type.String(),
    locationId: Type.String(),
    onHand: Type.Integer(),
    reserved: Type.Integer(),
    safetyStock: Type.Integer({ description: 'Kept back from online availability' }),
    incoming: Type.Integer({ description: 'In transit towards this location' }),
    available: Type.Integer({ description: 'greatest(0, onHand − reserved − safetyStock)' }),
    updatedAt: Type.Optional(Time),
  },
  {
    ...closed,
    examples: [{ variantId: ex.variantId, locationId: ex.locationId, onHand: 12, reserved: 2, safetyStock: 1, incoming: 0, available: 9, updatedAt: ex.at }],
  },
))
export const LevelsQuery = Type.Object(
  { ...PageQuery, locationId: Type.Optional(Id), variantId: Type.Optional(Id), ...SortAndCountQuery(LEVEL_SORT_KEYS, 'by location then variant (by variant then location with variantId)') },
  closed,
)
export const LevelParams = Type.Object({ locationId: Id, variantId: Id }, closed)
export const SafetyStockBody = Type.Object({ safetyStock: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, { ...closed, examples: [{ safetyStock: 2 }] })

const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 })
const Line = Type.Object({ variantId: Id, quantity: Quantity }, closed)
export const ReceiptBody = Type.Object(
  {
    locationId: Id,
    lines: Type.Array(Line, { minItems: 1, maxItems: 500 }),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Delivery note or purchase order number' })),
  },
  { ...closed, examples: [{ locationId: ex.locationId, lines: [{ variantId: ex.variantId, quantity: 24 }], reference: 'BL-2025-0042' }] },
)
export const ReceiptResult = Type.Object({ locationId: Type.String(), levels: Type.Array(Level) }, closed)

export const AdjustmentBody = Type.Object(
  {
    locationId: Id,
    variantId: Id,
    quantity: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, not: { const: 0 }, description: 'Signed: −2 for two damaged items, +1 for one found' }),
    reason: Type.Union([Type.Literal('damage'), Type.Literal('theft'), Type.Literal('found'), Type.Literal('correction'), Type.Literal('other')]),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { ...closed, examples: [{ locationId: ex.locationId, variantId: ex.variantId, quantity: -1, reason: 'damage', note: 'Torn seam' }] },
)

export const CountBody = Type.Object(
  {
    locationId: Id,
    lines: Type.Array(
      Type.Object(
        { variantId: Id, onHand: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Units counted on the shelf and in the back room' }) },
        closed,
      ),
      {
        minItems: 1,
        maxItems: 1000,
      },
    ),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { ...closed, examples: [{ locationId: ex.locationId, lines: [{ variantId: ex.variantId, onHand: 7 }], reason: 'Monthly count' }] },
)
export const CountResult = Type.Object(
  { locationId: Type.String(), lines: Type.Array(Type.Object({ variantId: Type.String(), counted: Type.Integer(), difference: Type.Integer() }, closed)) },
  { ...closed, examples: [{ locationId: ex.locationId, lines: [{ variantId: ex.variantId, counted: 7, difference: -1 }] }] },
)

export const MovementsQuery = Type.Object(
  { ...PageQuery, variantId: Type.Optional(Id), locationId: Type.Optional(Id), orderId: Type.Optional(Id), ...SortAndCountQuery(MOVEMENT_SORT_KEYS, 'newest first') },
  closed,
)
const ActorRef = Type.Object({ kind: Type.String(), id: Nullable(Type.String()) }, closed)
export const Movement = named('StockMovement', Type.Object(
  {
    id: Type.String(),
    variantId: Type.String(),
    locationId: Type.String(),
    kind: Type.Enum(MOVEMENT_KINDS),
    onHandDelta: Type.Integer(),
    reservedDelta: Type.Integer(),
    incomingDelta: Type.Integer(),
    reason: Nullable(Type.String()),
    actor: ActorRef,
    orderId: Nullable(Type.String()),
    reservationId: Nullable(Type.String()),
    transferId: Nullable(Type.String()),
    createdAt: Time,
  },
  {
    ...closed,
    examples: [
      {
        id: 'mov_01jd3x5k2v0000000000000000',
        variantId: ex.variantId,
        locationId: ex.locationId,
        kind: 'receipt',
        onHandDelta: 24,
        reservedDelta: 0,
        incomingDelta: 0,
        reason: 'receipt BL-2025-0042',
        actor: { kind: 'staff', id: 'stf_01jd3x5k2v0000000000000000' },
        orderId: null,
        reservationId: null,
        transferId: null,
        createdAt: ex.at,
      },
    ],
  },
))

export const HoldBody = Type.Object(
  {
    variantId: Id,
    locationId: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 1000 }),
    expiresInSeconds: Type.Integer({ minimum: 1, maximum: 30 * 24 * 3600, default: 3600, description: 'The hold is released automatically after this' }),
    reason: Type.Optional(Type.String({ maxLength: 200 })),
  },
  {
    ...closed,
    examples: [
      { variantId: ex.variantId, locationId: ex.locationId, quantity: 1, expiresInSeconds: 7200, reason: 'Customer on the phone, comes by this afternoon' },
    ],
  },
)
export const Reservation = named('Reservation', Type.Object(
  {
    id: Type.String(),
    variantId: Type.String(),
    locationId: Type.String(),
    quantity: Type.Integer(),
    kind: Type.Enum(RESERVATION_KINDS),
    status: Type.Enum(RESERVATION_STATUSES),
    orderId: Nullable(Type.String()),
    fulfilmentId: Nullable(Type.String()),
    cartId: Nullable(Type.String()),
    transferId: Type.Optional(Nullable(Type.String())),
    expiresAt: Nullable(Time),
    createdAt: Time,
    endedAt: Type.Optional(Nullable(Time)),
  },
  {
    ...closed,
    examples: [
      {
        id: 'rsv_01jd3x5k2v0000000000000000',
        variantId: ex.variantId,
        locationId: ex.locationId,
        quantity: 1,
        kind: 'hold',
        status: 'active',
        orderId: null,
        fulfilmentId: null,
        cartId: null,
        transferId: null,
        expiresAt: '2025-03-01T12:00:00.000Z',
        createdAt: ex.at,
        endedAt: null,
      },
    ],
  },
))
export const EmptyBody = Type.Object({}, { ...closed, description: 'No fields; the body may be left out', examples: [{}] })
export const ReleaseBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }, { ...closed, examples: [{ reason: 'Customer cancelled' }] })

export const TransferBody = Type.Object(
  {
    fromLocationId: Id,
    toLocationId: Id,
    lines: Type.Array(Line, { minItems: 1, maxItems: 500 }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  {
    ...closed,
    examples: [
      {
        fromLocationId: 'loc_01jd3x5k2v0000000000000001',
        toLocationId: ex.locationId,
        lines: [{ variantId: ex.variantId, quantity: 6 }],
        note: 'Restock for the weekend',
      },
    ],
  },
)
export const Transfer = named('Transfer', Type.Object(
  {
    id: Type.String(),
    fromLocationId: Type.String(),
    toLocationId: Type.String(),
    status: Type.Enum(TRANSFER_STATUSES),
    orderId: Nullable(Type.String()),
    fulfilmentId: Nullable(Type.String()),
    note: Nullable(Type.String()),
    lines: Type.Array(Type.Object({ variantId: Type.String(), quantity: Type.Integer(), receivedQuantity: Type.Union([Type.Integer(), Type.Null()]) }, closed)),
    createdAt: Time,
    updatedAt: Time,
    shippedAt: Nullable(Time),
    receivedAt: Nullable(Time),
    cancelledAt: Nullable(Time),
  },
  {
    ...closed,
    examples: [
      {
        id: 'trf_01jd3x5k2v0000000000000000',
        fromLocationId: 'loc_01jd3x5k2v0000000000000001',
        toLocationId: ex.locationId,
        status: 'requested',
        orderId: null,
        fulfilmentId: null,
        note: null,
        lines: [{ variantId: ex.variantId, quantity: 6, receivedQuantity: null }],
        createdAt: ex.at,
        updatedAt: ex.at,
        shippedAt: null,
        receivedAt: null,
        cancelledAt: null,
      },
    ],
  },
))
export const ReceiveBody = Type.Object(
  {
    lines: Type.Optional(
      Type.Array(Type.Object({ variantId: Id, receivedQuantity: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, closed), {
        maxItems: 500,
        description: 'Lines that arrived short; lines not listed arrived in full',
      }),
    ),
  },
  { ...closed, examples: [{ lines: [{ variantId: ex.variantId, receivedQuantity: 5 }] }] },
)
export const IdParams = Type.Object({ id: Id }, closed)
