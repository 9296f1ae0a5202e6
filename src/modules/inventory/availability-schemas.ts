/** TypeBox schemas of the public availability reads (shelf QR, product pages, kiosks). */
import { Type } from 'typebox'
import { Id, StockStatus, closed, ex } from './http-schemas.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

const VariantCode = {
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  barcode: Type.Optional(Type.String({ minLength: 13, maxLength: 13, pattern: '^[0-9]{13}$' })),
  variantId: Type.Optional(Id),
  channelId: Type.Optional(Type.String({ maxLength: 64, description: 'Only the locations this channel may fulfil from' })),
}
export const AvailabilityQuery = Type.Object(VariantCode, closed)
const VariantRef = Type.Object({ id: Type.String(), sku: Type.String(), barcode: Nullable(Type.String()) }, closed)
export const Availability = Type.Object(
  {
    variant: VariantRef,
    totalAvailable: Type.Integer(),
    status: StockStatus,
    locations: Type.Array(
      Type.Object(
        {
          locationId: Type.String(),
          code: Type.String(),
          name: Type.String(),
          kind: Type.Union([Type.Literal('warehouse'), Type.Literal('store')]),
          available: Type.Integer(),
          status: StockStatus,
          onHand: Type.Optional(Type.Integer({ description: 'Staff only' })),
          reserved: Type.Optional(Type.Integer({ description: 'Staff only' })),
          safetyStock: Type.Optional(Type.Integer({ description: 'Staff only' })),
          incoming: Type.Optional(Type.Integer({ description: 'Staff only' })),
        },
        closed,
      ),
    ),
  },
  {
    ...closed,
    examples: [
      {
        variant: { id: ex.variantId, sku: 'ML-ROBE-LIN-BL-M', barcode: '3701234567890' },
        totalAvailable: 14,
        status: 'in_stock',
        locations: [{ locationId: ex.locationId, code: 'store-lyon', name: 'Maison Lumière Lyon', kind: 'store', available: 2, status: 'low_stock' }],
      },
    ],
  },
)
export const NearestQuery = Type.Object(
  {
    ...VariantCode,
    postalCode: Type.Optional(Type.String({ minLength: 2, maxLength: 12, pattern: '^[0-9A-Za-z -]+$' })),
    country: Type.String({ minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$', default: 'FR' }),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
    minQuantity: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  },
  closed,
)
export const Nearest = Type.Object(
  {
    variant: VariantRef,
    origin: Type.Object({ latitude: Type.Number(), longitude: Type.Number(), postalCode: Nullable(Type.String()) }, closed),
    items: Type.Array(
      Type.Object(
        {
          locationId: Type.String(),
          code: Type.String(),
          name: Type.String(),
          address: Type.Object({ line1: Type.String(), postalCode: Type.String(), city: Type.String() }, closed),
          available: Type.Integer(),
          status: StockStatus,
          distanceKm: Type.Number(),
        },
        closed,
      ),
    ),
  },
  {
    ...closed,
    examples: [
      {
        variant: { id: ex.variantId, sku: 'ML-ROBE-LIN-BL-M', barcode: '3701234567890' },
        origin: { latitude: 43.6108, longitude: 3.8767, postalCode: '34000' },
        items: [
          {
            locationId: ex.locationId,
            code: 'store-montpellier',
            name: 'Maison Lumière Montpellier',
            address: { line1: '14 rue de la Loge', postalCode: '34000', city: 'Montpellier' },
            available: 3,
            status: 'in_stock',
            distanceKm: 0.3,
          },
        ],
      },
    ],
  },
)
