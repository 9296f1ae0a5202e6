/** The cart view as HTTP answers it (TypeBox): every route that returns a cart, in any module, answers this. */
import { Type } from 'typebox'
import { Version } from '../../platform/concurrency.js'
import { named } from '../../platform/openapi-document.js'
import { Money } from '../../platform/money.js'

const closed = { additionalProperties: false } as const
const Status = Type.Union([Type.Literal('open'), Type.Literal('checked_out'), Type.Literal('merged')])
const Localized = named('LocalizedText', Type.Object({ fr: Type.String(), en: Type.String() }, closed))

const Availability = Type.Union([Type.Literal('available'), Type.Literal('insufficient'), Type.Literal('unavailable')])
export const CartLine = named('CartLine', Type.Object(
  {
    id: Type.String(),
    variantId: Type.String(),
    productId: Type.String(),
    sku: Type.String(),
    title: Localized,
    options: Type.Record(Type.String(), Type.String()),
    image: Type.Union([Type.String(), Type.Null()], { description: 'URL of the product’s first image' }),
    quantity: Type.Integer(),
    unitPrice: Money,
    priceListId: Type.Union([Type.String(), Type.Null()], { description: 'The price list that set unitPrice (its channel or the customer’s group), or null for the catalogue price; always null on a closed cart' }),
    lineTotal: Money,
    discountTotal: { ...Money, description: 'What promotions take off this line: its item discounts and its share of order discounts' },
    total: { ...Money, description: 'lineTotal − discountTotal: what the line costs' },
    discounts: Type.Array(Type.Object({ promotionId: Type.String(), amount: Type.Integer() }, closed), { description: 'Each promotion’s share of discountTotal' }),
    vatRate: Type.Integer({ description: 'Basis points: 2000 = 20 %' }),
    availability: Type.Object({ status: Availability, available: Type.Integer() }, closed),
    addedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  closed,
))
const Change = named('CartChange', Type.Object(
  {
    lineId: Type.String(),
    variantId: Type.String(),
    kind: Type.Union([Type.Literal('price_changed'), Type.Literal('insufficient_stock'), Type.Literal('unavailable')]),
    previousPrice: Type.Optional(Money),
    currentPrice: Type.Optional(Money),
    available: Type.Optional(Type.Integer()),
  },
  closed,
))
const Totals = named('CartTotals', Type.Object(
  {
    itemCount: Type.Integer(),
    subtotal: { ...Money, description: 'The lines at their prices, before promotions' },
    discountTotal: { ...Money, description: 'Item and order promotions together' },
    vat: Type.Array(Type.Object({ rate: Type.Integer({ description: 'Basis points' }), amount: Money }, closed), { description: 'VAT included in the total, per rate, on the discounted amounts' }),
    total: { ...Money, description: 'subtotal − discountTotal; delivery is added at checkout, once the cart says how it is served' },
  },
  closed,
))
const PromotionKind = Type.String({ description: 'percent_off, amount_off, buy_x_get_y, bundle_price or free_shipping' })
const NotAppliedReason = Type.String({
  description: 'outside_window, channel_not_eligible, segment_not_eligible, usage_exhausted, no_eligible_items, threshold_not_met or excluded_by_exclusive',
})
const Promotions = named('CartPromotions', Type.Object(
  {
    applied: Type.Array(
      Type.Object(
        {
          id: Type.String(),
          name: Type.String(),
          kind: PromotionKind,
          level: Type.Union([Type.Literal('items'), Type.Literal('order'), Type.Literal('shipping')]),
          amount: { ...Money, description: 'Taken off; 0 for free delivery until checkout knows the fee' },
        },
        closed,
      ),
    ),
    almost: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), kind: PromotionKind, missing: { ...Money, description: 'Add this much to the cart to get it' } }, closed), {
      description: 'Spend thresholds close to being met ("add €12 for free delivery")',
    }),
    notApplied: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), reason: NotAppliedReason }, closed), { description: 'Promotions in force that this cart does not get, and why' }),
  },
  { ...closed, description: 'What the promotion engine decided for this cart (empty once the cart is closed: the order keeps its discounts)' },
))
const CouponState = named('CartCoupon', Type.Object(
  {
    code: Type.String(),
    promotionId: Type.String(),
    usable: Type.Boolean(),
    applied: Type.Boolean({ description: 'Its promotion applies to this cart now' }),
    reason: Type.Union([Type.Literal('expired'), Type.Literal('disabled'), Type.Literal('used_up'), Type.Literal('customer_limit_reached'), Type.Literal('promotion_inactive'), Type.Null()], {
      description: 'Why it cannot be used, or null',
    }),
  },
  closed,
))
export const CartHead = {
  id: Type.String(),
  channelId: Type.String(),
  customerId: Type.Union([Type.String(), Type.Null()]),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  createdByStaffId: Type.Union([Type.String(), Type.Null()]),
  pickupLocationId: Type.Union([Type.String(), Type.Null()]),
  status: Status,
  orderId: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
}
const EUR = (amount: number) => ({ amount, currency: 'EUR' })
export const Cart = named('Cart', Type.Object(
  {
    ...CartHead,
    lines: Type.Array(CartLine),
    changes: Type.Array(Change, { description: 'What changed since the last write to the cart' }),
    totals: Totals,
    promotions: Promotions,
    coupons: Type.Array(CouponState, { description: 'Codes entered on the cart' }),
    version: { ...Version, description: 'Raised by every write of the cart, its lines and its coupons included; sent as the ETag and compared with If-Match' },
    createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) },
  {
    ...closed,
    examples: [
      {
        id: 'cart_01jd3x5k2v0000000000000000',
        channelId: 'chn_01jd3x5k2v0000000000000000',
        customerId: 'cus_01jd3x5k2v0000000000000000',
        deviceId: null,
        createdByStaffId: null,
        pickupLocationId: null,
        status: 'open',
        orderId: null,
        currency: 'EUR',
        lines: [
          {
            id: 'cli_01jd3x5k2v0000000000000000',
            variantId: 'var_01jd3x5k2v0000000000000000',
            productId: 'prod_01jd3x5k2v0000000000000000',
            sku: 'ROBE-LIN-M',
            title: { fr: 'Robe en lin', en: 'Linen dress' },
            options: { taille: 'M' },
            image: 'https://images.example.com/robe-1.jpg',
            quantity: 2,
            unitPrice: EUR(5490),
            priceListId: null,
            lineTotal: EUR(10980),
            discountTotal: EUR(2196),
            total: EUR(8784),
            discounts: [{ promotionId: 'prm_soldes_robes', amount: 2196 }],
            vatRate: 2000,
            availability: { status: 'available', available: 12 },
            addedAt: '2025-01-15T10:00:00.000Z',
            updatedAt: '2025-01-15T10:05:00.000Z',
          },
        ],
        changes: [{ lineId: 'cli_01jd3x5k2v0000000000000000', variantId: 'var_01jd3x5k2v0000000000000000', kind: 'price_changed', previousPrice: EUR(5990), currentPrice: EUR(5490) }],
        totals: { itemCount: 2, subtotal: EUR(10980), discountTotal: EUR(2196), vat: [{ rate: 2000, amount: EUR(1464) }], total: EUR(8784) },
        promotions: {
          applied: [
            { id: 'prm_soldes_robes', name: 'Soldes −20 % sur les robes', kind: 'percent_off', level: 'items', amount: EUR(2196) },
            { id: 'prm_livraison', name: 'Livraison offerte dès 60 €', kind: 'free_shipping', level: 'shipping', amount: EUR(0) },
          ],
          almost: [],
          notApplied: [{ id: 'prm_appli', name: 'Appli : −5 € dès 50 €', reason: 'channel_not_eligible' }],
        },
        coupons: [],
        version: 5,
        createdAt: '2025-01-15T10:00:00.000Z',
        updatedAt: '2025-01-15T10:05:00.000Z',
      },
    ],
  },
))
