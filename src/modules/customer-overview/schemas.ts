/** HTTP schema of the customer 360 (GET /v1/customers/{id}/overview), with its example. */
import { Type } from 'typebox'
import { ChannelSummary } from '../../platform/references.js'
import { named } from '../../platform/openapi-document.js'
import { Money } from '../../platform/money.js'
import { CUSTOMER_PROFILE_EXAMPLE, CustomerProfile } from '../customers/service.js'

const closed = { additionalProperties: false } as const
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const Localized = named('LocalizedText', Type.Object({ fr: Type.String(), en: Type.String() }, closed))

const montpellier = 'loc_01jd3x5k2v0000000000000001'
const at = '2026-11-23T10:00:00.000Z'

const OverviewCart = Type.Object(
  {
    id: Type.String(),
    channelId: Type.String(),
    channel: ChannelSummary,
    locationId: Nullable(Type.String()),
    itemCount: Type.Integer(),
    total: Money,
    abandoned: Type.Boolean({ description: 'Lines, and no write for 60 minutes' }),
    lastActivityAt: DateTime,
  },
  closed,
)
const OverviewOrder = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    status: Type.String(),
    channelId: Type.String(),
    channel: ChannelSummary,
    placedLocationId: Nullable(Type.String()),
    attributedLocationId: Nullable(Type.String({ description: 'The store the sale is credited to' })),
    itemCount: Type.Integer(),
    total: Money,
    placedAt: DateTime,
  },
  closed,
)
const OverviewReturn = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    orderId: Type.String(),
    status: Type.String(),
    method: Type.String(),
    channelId: Type.String(),
    channel: ChannelSummary,
    receivingLocationId: Nullable(Type.String()),
    total: Money,
    createdAt: DateTime,
  },
  closed,
)
const web = { id: 'chn_01jd3x5k2v0000000000000010', code: 'web', name: 'Boutique en ligne', kind: 'web' }
const variantId = 'var_01jd3x5k2v0000000000000006'

export const Overview = named('CustomerOverview', Type.Object(
  {
    customer: Type.Object(
      {
        ...CustomerProfile.properties,
        mergedIntoId: Nullable(Type.String()),
        erasedAt: Nullable(DateTime),
        identifiers: Type.Array(Type.Object({ kind: Type.String(), count: Type.Integer() }, closed), {
          description: 'How many identifiers of each kind she has',
        }),
      },
      closed,
    ),
    consents: Type.Array(
      Type.Object({ purpose: Type.String(), granted: Nullable(Type.Boolean()), since: Nullable(DateTime), method: Nullable(Type.String()) }, closed),
      {
        description: 'Every purpose; granted null means never asked (not granted)',
      },
    ),
    loyalty: Nullable(
      Type.Object(
        { cardNumber: Type.String(), issuedAt: DateTime, points: Type.Integer({ description: 'Available points' }), tier: Nullable(Type.String({ description: 'Tier code' })) },
        { ...closed, description: 'Her card, her available points and her tier (null below the lowest threshold)' },
      ),
    ),
    storeCredit: Money,
    carts: Type.Array(OverviewCart, { description: 'Open carts on every channel, most recently active first' }),
    orders: Type.Array(OverviewOrder, { description: 'The last 20 orders from every channel' }),
    returns: Type.Array(OverviewReturn, { description: 'The last 20 returns' }),
    counts: Type.Object(
      {
        orders: Type.Integer(),
        returns: Type.Integer(),
        lifetimeSpend: Type.Array(Money, { description: 'Orders not cancelled less refunded returns, per currency' }),
      },
      closed,
    ),
    touchpoints: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          kind: Type.String(),
          channelId: Nullable(Type.String()),
          locationId: Nullable(Type.String()),
          subjectType: Nullable(Type.String()),
          subjectId: Nullable(Type.String()),
          occurredAt: DateTime,
        },
        closed,
      ),
      { description: 'The last 10, newest first' },
    ),
    stock: Nullable(
      Type.Object(
        {
          locationId: Type.String(),
          items: Type.Array(
            Type.Object(
              {
                variantId: Type.String(),
                sku: Type.String(),
                title: Localized,
                inCarts: Type.Integer(),
                inWishlist: Type.Boolean(),
                available: Type.Integer(),
              },
              closed,
            ),
          ),
        },
        { ...closed, description: 'Availability at the store you serve from of every item in her open carts and wishlist; null without a store' },
      ),
    ),
  },
  {
    ...closed,
    examples: [
      {
        customer: {
          ...CUSTOMER_PROFILE_EXAMPLE,
          mergedIntoId: null,
          erasedAt: null,
          identifiers: [
            { kind: 'email', count: 1 },
            { kind: 'loyalty_card', count: 1 },
          ],
        },
        consents: [{ purpose: 'marketing_email', granted: true, since: at, method: 'in_store' }],
        loyalty: { cardNumber: '2904718263540', issuedAt: at, points: 620, tier: 'argent' },
        storeCredit: { amount: 1500, currency: 'EUR' },
        carts: [
          {
            id: 'cart_01jd3x5k2v0000000000000005',
            channelId: web.id,
            channel: web,
            locationId: null,
            itemCount: 2,
            total: { amount: 11980, currency: 'EUR' },
            abandoned: true,
            lastActivityAt: at,
          },
        ],
        orders: [
          {
            id: 'ord_01jd3x5k2v0000000000000008',
            number: 100001,
            status: 'collected',
            channelId: web.id,
            channel: web,
            placedLocationId: null,
            attributedLocationId: montpellier,
            itemCount: 1,
            total: { amount: 5990, currency: 'EUR' },
            placedAt: at,
          },
        ],
        returns: [],
        counts: { orders: 1, returns: 0, lifetimeSpend: [{ amount: 5990, currency: 'EUR' }] },
        touchpoints: [
          {
            id: 'tp_01jd3x5k2v000000000000000a',
            kind: 'product_view',
            channelId: web.id,
            locationId: null,
            subjectType: 'product',
            subjectId: 'prod_01jd3x5k2v000000000000000b',
            occurredAt: at,
          },
        ],
        stock: {
          locationId: montpellier,
          items: [{ variantId, sku: 'ROBE-LIN-M', title: { fr: 'Robe en lin', en: 'Linen dress' }, inCarts: 2, inWishlist: false, available: 4 }],
        },
      },
    ],
  },
))
