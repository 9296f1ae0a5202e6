/**
 * The promotion engine's vocabulary: a promotion rule (a TypeBox schema, so that the coming /v1/promotions routes
 * validate and document it with the same definition), the cart it is evaluated on, and the explained result.
 * Amounts are tax-inclusive integer minor units; rates and percentages are basis points (2000 = 20 %).
 */
import { Type, type Static } from 'typebox'
import { MAX_UNIT_PRICE } from '../../../platform/money.js'
import { named } from '../../../platform/openapi-document.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Ids = Type.Array(Id, { maxItems: 1000 })
const Amount = Type.Integer({ minimum: 0, maximum: MAX_UNIT_PRICE, description: 'Minor units, tax included' })
const DateTime = Type.String({ format: 'date-time', maxLength: 40 })
const BasisPoints = Type.Integer({ minimum: 1, maximum: 10_000, description: 'Basis points: 1000 = 10 %, 10000 = free' })

/** What a percent_off or amount_off applies to: the whole order, or the matching items (any of the lists). */
export const PromotionTarget = Type.Union([
  named('OrderTarget', Type.Object({ scope: Type.Literal('order') }, closed)),
  named(
    'ItemsTarget',
    Type.Object(
      { scope: Type.Literal('items'), variantIds: Type.Optional(Ids), productIds: Type.Optional(Ids), categoryIds: Type.Optional(Ids) },
      { ...closed, description: 'A line matches when its variant, its product or one of its categories is listed' },
    ),
  ),
])
export type PromotionTarget = Static<typeof PromotionTarget>
export type ItemTarget = Extract<PromotionTarget, { scope: 'items' }>

const ItemsOnly = named(
  'ItemsTarget',
  Type.Object({ scope: Type.Literal('items'), variantIds: Type.Optional(Ids), productIds: Type.Optional(Ids), categoryIds: Type.Optional(Ids) }, closed),
)

// Group and tier codes are at most 40 characters (their own schemas); a segment names a few of them.
const Segment = named(
  'PromotionSegment',
  Type.Object(
    {
      groupCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 100, description: 'The customer belongs to one of these groups' })),
      loyaltyTiers: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 100, description: 'The customer holds one of these tiers' })),
      firstOrderOnly: Type.Optional(Type.Boolean({ description: "Only the customer's first order" })),
    },
    { ...closed, description: 'Every condition given must hold; none given means every customer, guests included' },
  ),
)

/** Fields every rule shares: identity, window, scope, segment, threshold, usage and stacking. */
const common = {
  id: Id,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  priority: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, description: 'Order of application: lower first; ties by id' }),
  stacking: Type.Union([Type.Literal('exclusive'), Type.Literal('combinable')]),
  startsAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
  endsAt: Type.Optional(Type.Union([DateTime, Type.Null()])),
  channelIds: Type.Optional(Type.Array(Id, { maxItems: 100, description: 'Empty or absent: every channel' })),
  segment: Type.Optional(Segment),
  minSubtotal: Type.Optional(Type.Union([Amount, Type.Null()], { description: 'Spend threshold on the items subtotal before any discount' })),
  remainingUses: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], { description: 'Uses left (null: unlimited), counted by the caller' })),
}

export const PromotionRule = Type.Union(
  [
    Type.Object({ ...common, kind: Type.Literal('percent_off'), percent: BasisPoints, target: PromotionTarget }, closed),
    Type.Object({ ...common, kind: Type.Literal('amount_off'), amount: Amount, target: PromotionTarget }, closed),
    Type.Object(
      {
        ...common,
        kind: Type.Literal('buy_x_get_y'),
        buy: Type.Integer({ minimum: 1, maximum: 1000 }),
        get: Type.Integer({ minimum: 1, maximum: 1000 }),
        percent: BasisPoints,
        target: ItemsOnly,
      },
      { ...closed, description: 'For every buy + get units of the target, the get cheapest units are percent off' },
    ),
    Type.Object(
      { ...common, kind: Type.Literal('bundle_price'), productIds: Type.Array(Id, { minItems: 2, maxItems: 20, uniqueItems: true }), price: Amount },
      { ...closed, description: 'One unit of each product for a fixed price, as many times as the cart holds full sets' },
    ),
    Type.Object({ ...common, kind: Type.Literal('free_shipping') }, closed),
  ],
  {
    examples: [
      {
        id: 'prm_summer',
        name: 'Soldes −20 %',
        priority: 10,
        stacking: 'combinable',
        kind: 'percent_off',
        percent: 2000,
        target: { scope: 'items', categoryIds: ['cat_robes'] },
      },
      { id: 'prm_freeship', name: 'Livraison offerte dès 60 €', priority: 100, stacking: 'combinable', kind: 'free_shipping', minSubtotal: 6000 },
    ],
  },
)
export type PromotionRule = Static<typeof PromotionRule>
export type PromotionKind = PromotionRule['kind']

export interface PromotionLine {
  variantId: string
  productId: string
  categoryIds: readonly string[]
  quantity: number
  /** Tax-inclusive unit price after price lists. */
  unitPrice: number
  vatRate: number
}

export interface PromotionCart {
  lines: readonly PromotionLine[]
  channel: { id: string; kind: string }
  customer: { id: string | null; groupCodes: readonly string[]; loyaltyTier: string | null; isFirstOrder: boolean }
  /**
   * The delivery fee, or null while it is not known (a cart before checkout chose how it is served): free delivery
   * then shows as applied with an amount of 0, and totals carry no shipping.
   */
  shipping: { fee: number | null; vatRate: number }
  /** The caller's clock: the engine never reads the time itself. */
  now: Date
  currency: string
}

export const NOT_APPLIED_REASONS = [
  'outside_window',
  'channel_not_eligible',
  'segment_not_eligible',
  'usage_exhausted',
  'no_eligible_items',
  'threshold_not_met',
  'excluded_by_exclusive',
] as const
export type NotAppliedReason = (typeof NOT_APPLIED_REASONS)[number]

/** One promotion's effect: a discount per line (same order as the cart's lines) and on shipping. */
export interface PromotionEffect {
  lineDiscounts: number[]
  shippingDiscount: number
  /** Whether the line discounts are the order's (spread over every line) rather than the target items'. */
  level: 'items' | 'order' | 'shipping'
}

export interface PricedLine {
  variantId: string
  quantity: number
  unitPrice: number
  vatRate: number
  lineTotal: number
  /** Discount from item promotions. */
  itemDiscount: number
  /** This line's share of order promotions. */
  orderDiscount: number
  /** lineTotal − itemDiscount − orderDiscount, never negative. */
  total: number
  discounts: { promotionId: string; amount: number }[]
}

export interface PromotionEvaluation {
  lines: PricedLine[]
  totals: {
    subtotal: number
    itemDiscount: number
    orderDiscount: number
    shipping: number
    shippingDiscount: number
    /** subtotal − itemDiscount − orderDiscount + shipping − shippingDiscount, and the sum of the VAT lines' gross. */
    total: number
    vat: { rate: number; gross: number; net: number; vat: number }[]
  }
  applied: { id: string; name: string; kind: PromotionKind; level: PromotionEffect['level']; amount: number }[]
  /** Spend thresholds close to being met: add `missing` to the items subtotal. */
  almost: { id: string; name: string; kind: PromotionKind; missing: number }[]
  notApplied: { id: string; name: string; reason: NotAppliedReason }[]
}
