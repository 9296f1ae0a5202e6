/** TypeBox schemas of the orders API: validation, serialisation, handler types and OpenAPI from one place. */
import { Type, type Static } from 'typebox'
import { named } from '../../platform/openapi-document.js'
import { FULFILMENT_METHODS, FULFILMENT_STATUSES, ORDER_STATUSES, PAYMENT_METHODS, PAYMENT_STATUSES } from './schema.js'
import { MAX_ENTERED_AMOUNT, Money } from '../../platform/money.js'
import { ChannelSummary } from '../../platform/references.js'
import { CountQuery, CreatedRangeQuery, SortQuery } from '../../platform/list-order.js'

const closed = { additionalProperties: false } as const
const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })

export { Money }
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Localized = named('LocalizedText', Type.Object({ fr: Type.String(), en: Type.String() }, closed))

export const PostalAddress = named('PostalAddress', Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    postalCode: Type.String({ minLength: 2, maxLength: 12, pattern: '^[0-9A-Za-z -]+$' }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    country: Type.String({ minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
  },
  closed,
))

export const FulfilmentRequest = Type.Object(
  {
    method: literals(FULFILMENT_METHODS),
    pickupLocationId: Type.Optional(Id),
    sourceLocationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'ship_from_store: the store that ships' })),
    shippingAddress: Type.Optional(PostalAddress),
  },
  { ...closed, description: 'ship, click_and_collect (pickupLocationId), reserve_in_store (pickupLocationId, paid at collection), ship_from_store, endless_aisle (pickupLocationId or shippingAddress), in_store (till sale from the shelf)' },
)

const CardPayment = named('CardTender', Type.Object(
  {
    method: Type.Literal('card'),
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT })),
    card: Type.Object(
      {
        number: Type.String({ minLength: 12, maxLength: 19, pattern: '^[0-9]{12,19}$', description: 'Sent to the acquirer, never stored (test provider: 4242424242424242 approves, 4000000000000002 declines, 4000002500003155 requires 3-D Secure)' }),
        expiryMonth: Type.Integer({ minimum: 1, maximum: 12 }),
        expiryYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
      },
      closed,
    ),
  },
  closed,
))
const CashPayment = named('CashTender', Type.Object({ method: Type.Literal('cash'), amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT })), tendered: Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT, description: 'What the customer handed over; the change is given back' }) }, closed))
const TerminalPayment = named('CardTerminalTender', Type.Object({ method: Type.Literal('card_terminal'), amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT })), terminalReference: Type.String({ minLength: 1, maxLength: 100 }) }, closed))
const StoreCreditPayment = named('StoreCreditTender', Type.Object({ method: Type.Literal('store_credit'), amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT })) }, { ...closed, description: "From the customer's store credit balance" }))
const GiftCardPayment = named('GiftCardTender', Type.Object(
  { method: Type.Literal('gift_card'), amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT })), code: Type.String({ minLength: 8, maxLength: 40, description: 'As printed; spaces, dashes and case are ignored' }), pin: Type.String({ minLength: 4, maxLength: 6, pattern: '^[0-9]{4,6}$' }) },
  { ...closed, description: 'From a gift card, on any channel; the PIN is checked first' },
))
const Tenders = [CardPayment, CashPayment, TerminalPayment, StoreCreditPayment, GiftCardPayment]
type Tender = Static<typeof CardPayment> | Static<typeof CashPayment> | Static<typeof TerminalPayment> | Static<typeof StoreCreditPayment> | Static<typeof GiftCardPayment>
/** A union tagged by `method`: validation reports the error of the tender that was meant, not of the first one tried. */
export const PaymentRequest = Type.Unsafe<Tender>({
  oneOf: Tenders,
  discriminator: { propertyName: 'method' },
  description: 'One tender; a lone tender without amount pays the whole order. cash and card_terminal only at a store till; store_credit needs an identified customer; gift_card takes code and PIN.',
})

/** How to reach a guest (a known customer's profile fills what is left out). */
export const ContactBody = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    phone: Type.Optional(Type.String({ minLength: 4, maxLength: 30 })),
    firstName: Type.Optional(Type.String({ maxLength: 100 })),
    lastName: Type.Optional(Type.String({ maxLength: 100 })),
  },
  closed,
)

export const CheckoutBody = Type.Object(
  {
    fulfilment: FulfilmentRequest,
    lines: Type.Optional(Type.Array(Type.Object({ lineId: Id, fulfilment: FulfilmentRequest }, closed), { maxItems: 100, description: 'Per-line fulfilment, overriding the order-level one' })),
    contact: Type.Optional(ContactBody),
    payments: Type.Array(PaymentRequest, { maxItems: 5 }),
    expectedTotal: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'The total the shopper saw: a different total is a 409 total-changed' })),
    note: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  {
    ...closed,
    examples: [
      {
        fulfilment: { method: 'click_and_collect', pickupLocationId: 'loc_01jd3x5k2v0000000000000000' },
        contact: { email: 'camille.martin@example.com' },
        payments: [{ method: 'card', card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2030 } }],
        expectedTotal: 8980,
      },
    ],
  },
)

const OrderLine = named('OrderLine', Type.Object(
  {
    id: Type.String(),
    variantId: Type.String(),
    productId: Type.String(),
    sku: Type.String(),
    title: Localized,
    options: Type.Record(Type.String(), Type.String()),
    quantity: Type.Integer(),
    returnedQuantity: Type.Integer(),
    unitPrice: Money,
    priceListId: Type.Union([Type.String(), Type.Null()], { description: 'The price list that set unitPrice, or null for the catalogue price' }),
    lineTotal: Money,
    discountTotal: { ...Money, description: 'Item promotions and this line’s share of order promotions' },
    total: { ...Money, description: 'lineTotal − discountTotal: what the line was paid; returns give back its share per unit' },
    discounts: Type.Array(Type.Object({ promotionId: Type.String(), amount: Type.Integer() }, closed)),
    vatRate: Type.Integer(),
  },
  closed,
))
const OrderDiscount = named('OrderDiscount', Type.Object(
  {
    promotionId: Type.String(),
    name: Type.String({ description: 'As it was when the order was placed' }),
    kind: Type.String(),
    level: Type.String({ description: 'items, order (spread over the lines) or shipping' }),
    amount: Money,
    couponCode: Type.Union([Type.String(), Type.Null()], { description: 'The coupon that unlocked it' }),
  },
  closed,
))
const Fulfilment = named('Fulfilment', Type.Object(
  {
    id: Type.String(),
    method: literals(FULFILMENT_METHODS),
    status: literals(FULFILMENT_STATUSES),
    sourceLocationId: Type.String(),
    pickupLocationId: Type.Union([Type.String(), Type.Null()]),
    transferId: Type.Union([Type.String(), Type.Null()]),
    routingReason: Type.String({ description: 'Why this location was chosen' }),
    pickupCode: Type.Union([Type.String(), Type.Null()], { description: 'Shown to the customer only; checked at the counter' }),
    carrier: Type.Union([Type.String(), Type.Null()]),
    trackingNumber: Type.Union([Type.String(), Type.Null()]),
    lines: Type.Array(Type.Object({ orderLineId: Type.String(), quantity: Type.Integer() }, closed)),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  closed,
))
const Payment = named('Payment', Type.Object(
  {
    id: Type.String(),
    method: literals(PAYMENT_METHODS),
    status: literals(PAYMENT_STATUSES),
    amount: Money,
    capturedAmount: Money,
    refundedAmount: Money,
    cardBrand: Type.Union([Type.String(), Type.Null()]),
    cardLast4: Type.Union([Type.String(), Type.Null()]),
    change: Type.Union([Money, Type.Null()], { description: 'Cash given back' }),
    takenAtLocationId: Type.Union([Type.String(), Type.Null()]),
  },
  closed,
))
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const Order = named('Order', Type.Object(
  {
    id: Type.String({ examples: ['ord_01jd3x5k2v0000000000000000'] }),
    number: Type.Integer({ examples: [100042] }),
    status: literals(ORDER_STATUSES),
    channelId: Type.String(),
    channel: ChannelSummary,
    placedLocationId: Nullable(Type.String()),
    placedByStaffId: Nullable(Type.String()),
    deviceId: Nullable(Type.String()),
    customerId: Nullable(Type.String()),
    contact: Type.Object({ email: Nullable(Type.String()), phone: Nullable(Type.String()), firstName: Nullable(Type.String()), lastName: Nullable(Type.String()) }, closed),
    attributedLocationId: Nullable(Type.String({ description: 'The store credited with the sale' })),
    attributionReason: Type.String({ examples: ['pickup_store'] }),
    lines: Type.Array(OrderLine),
    fulfilments: Type.Array(Fulfilment),
    payments: Type.Array(Payment),
    discounts: Type.Array(OrderDiscount, { description: 'What each promotion took off' }),
    totals: Type.Object(
      {
        subtotal: Money,
        discount: { ...Money, description: 'Item and order promotions' },
        shipping: { ...Money, description: 'Delivery charged, after shippingDiscount' },
        shippingDiscount: Money,
        vat: Type.Array(Type.Object({ rate: Type.Integer(), amount: Money }, closed)),
        tax: Money,
        total: { ...Money, description: 'subtotal − discount + shipping' },
      },
      closed,
    ),
    shippingAddress: Nullable(PostalAddress),
    holdExpiresAt: Nullable(Type.String({ format: 'date-time' })),
    cancelReason: Nullable(Type.String()),
    note: Nullable(Type.String()),
    placedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  closed,
))

const WorkItem = Type.Object(
  {
    fulfilmentId: Type.String(),
    orderId: Type.String(),
    orderNumber: Type.Integer(),
    method: literals(FULFILMENT_METHODS),
    status: literals(FULFILMENT_STATUSES),
    sourceLocationId: Type.String(),
    pickupLocationId: Nullable(Type.String()),
    transferId: Nullable(Type.String()),
    customer: Type.Object({ firstName: Nullable(Type.String()), lastName: Nullable(Type.String()) }, closed),
    lines: Type.Array(Type.Object({ sku: Type.String(), title: Localized, options: Type.Record(Type.String(), Type.String()), quantity: Type.Integer() }, closed)),
    holdExpiresAt: Nullable(Type.String({ format: 'date-time' })),
    placedAt: Type.String({ format: 'date-time' }),
    pickupLocked: Type.Boolean({ description: 'Too many wrong pickup codes: a store manager unlocks it (POST /v1/fulfilments/{id}/unlock-pickup)' }),
  },
  closed,
)
const workItemExample = {
  fulfilmentId: 'ful_01jd3x5k2v0000000000000000',
  orderId: 'ord_01jd3x5k2v0000000000000000',
  orderNumber: 100042,
  method: 'click_and_collect',
  status: 'ready_for_pickup',
  sourceLocationId: 'loc_01jd3x5k2v0000000000000001',
  pickupLocationId: 'loc_01jd3x5k2v0000000000000001',
  transferId: null,
  customer: { firstName: 'Camille', lastName: 'Martin' },
  lines: [{ sku: 'ML-ROBE-LIN-LAV-M', title: { fr: 'Robe en lin lavande', en: 'Lavender linen dress' }, options: { taille: 'M', couleur: 'Lavande' }, quantity: 1 }],
  holdExpiresAt: null,
  placedAt: '2025-03-10T09:12:00.000Z',
  pickupLocked: false,
}
export const WorkQueue = Type.Object(
  { locationId: Type.String(), toPick: Type.Array(WorkItem), toPrepare: Type.Array(WorkItem), incoming: Type.Array(WorkItem), toHandOver: Type.Array(WorkItem), held: Type.Array(WorkItem) },
  {
    ...closed,
    examples: [
      {
        locationId: 'loc_01jd3x5k2v0000000000000001',
        toPick: [{ ...workItemExample, fulfilmentId: 'ful_01jd3x5k2v0000000000000001', orderId: 'ord_01jd3x5k2v0000000000000001', orderNumber: 100043, method: 'ship', status: 'allocated', pickupLocationId: null, customer: { firstName: 'Hugo', lastName: 'Lefèvre' } }],
        toPrepare: [],
        incoming: [],
        toHandOver: [workItemExample],
        held: [],
      },
    ],
  },
)

export const IdParams = Type.Object({ id: Id }, closed)
export const PaymentParams = Type.Object({ id: Id, paymentId: Id }, closed)
export const ORDER_SORT_KEYS = ['placedAt', 'total', 'number'] as const
export const OrderListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    customerId: Type.Optional(Id),
    locationId: Type.Optional(Id),
    channelId: Type.Optional(Id),
    status: Type.Optional(literals(ORDER_STATUSES)),
    ...CreatedRangeQuery,
    sort: SortQuery(ORDER_SORT_KEYS, 'newest first'),
    ...CountQuery,
  },
  { ...closed, description: 'createdFrom/createdTo filter on placedAt.' },
)
export const ReasonBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { ...closed, examples: [{ reason: 'customer_request' }] })
export const ShipBody = Type.Object({ carrier: Type.String({ minLength: 1, maxLength: 100 }), trackingNumber: Type.String({ minLength: 1, maxLength: 100 }) }, { ...closed, examples: [{ carrier: 'Colissimo', trackingNumber: '6A12345678901' }] })
export const CollectBody = Type.Object(
  { pickupCode: Type.String({ minLength: 6, maxLength: 6, pattern: '^[0-9]{6}$' }), payments: Type.Optional(Type.Array(PaymentRequest, { maxItems: 5, description: 'Reserve-in-store: the payment taken at the till' })) },
  { ...closed, examples: [{ pickupCode: '042517' }, { pickupCode: '042517', payments: [{ method: 'card_terminal', terminalReference: 'TPE-778812' }] }] },
)
