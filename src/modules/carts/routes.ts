import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { addCartLine, createCart, getCart, listCarts, removeCartLine, updateCart, updateCartLine } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Quantity = Type.Integer({ minimum: 1, maximum: 99, description: 'At most 99 of one variant per cart' })
const Status = Type.Union([Type.Literal('open'), Type.Literal('checked_out'), Type.Literal('merged')])
const Money = Type.Object({ amount: Type.Integer({ description: 'Minor units, tax included' }), currency: Type.String() }, closed)
const Localized = Type.Object({ fr: Type.String(), en: Type.String() }, closed)

const LineFields = {
  variantId: Type.Optional(Id),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Any case' })),
  barcode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'EAN-13, as scanned at the till' })),
  quantity: Type.Optional({ ...Quantity, default: 1 }),
}
const LineBody = Type.Object(LineFields, {
  ...closed,
  description: 'Exactly one of variantId, sku or barcode; a variant already in the cart has the quantity added to its line.',
  examples: [{ sku: 'ROBE-LIN-M', quantity: 2 }, { barcode: '3701234567897' }],
})
const CartBody = Type.Object(
  {
    channelId: Id,
    customerId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Staff only: the customer the cart is for (walk-ins may have none)' })),
    pickupLocationId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The store chosen for click-and-collect' })),
    lines: Type.Optional(Type.Array(Type.Object(LineFields, closed), { maxItems: 100 })),
  },
  { ...closed, examples: [{ channelId: 'chn_01jd3x5k2v0000000000000000', lines: [{ sku: 'ROBE-LIN-M', quantity: 1 }] }] },
)
const CartPatch = Type.Object(
  {
    pickupLocationId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'A store; null clears it' })),
    customerId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Staff only' })),
  },
  { ...closed, minProperties: 1, examples: [{ pickupLocationId: 'loc_01jd3x5k2v0000000000000000' }] },
)
const LinePatch = Type.Object({ quantity: Quantity }, { ...closed, examples: [{ quantity: 3 }] })

const Availability = Type.Union([Type.Literal('available'), Type.Literal('insufficient'), Type.Literal('unavailable')])
const CartLine = Type.Object(
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
    vatRate: Type.Integer({ description: 'Basis points: 2000 = 20 %' }),
    availability: Type.Object({ status: Availability, available: Type.Integer() }, closed),
    addedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  closed,
)
const Change = Type.Object(
  {
    lineId: Type.String(),
    variantId: Type.String(),
    kind: Type.Union([Type.Literal('price_changed'), Type.Literal('insufficient_stock'), Type.Literal('unavailable')]),
    previousPrice: Type.Optional(Money),
    currentPrice: Type.Optional(Money),
    available: Type.Optional(Type.Integer()),
  },
  closed,
)
const Totals = Type.Object(
  {
    itemCount: Type.Integer(),
    subtotal: Money,
    vat: Type.Array(Type.Object({ rate: Type.Integer({ description: 'Basis points' }), amount: Money }, closed), { description: 'VAT included in the total, per rate' }),
    total: Money,
  },
  closed,
)
const CartHead = {
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
export const Cart = Type.Object(
  { ...CartHead, lines: Type.Array(CartLine), changes: Type.Array(Change, { description: 'What changed since the last write to the cart' }), totals: Totals, createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) },
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
            vatRate: 2000,
            availability: { status: 'available', available: 12 },
            addedAt: '2025-01-15T10:00:00.000Z',
            updatedAt: '2025-01-15T10:05:00.000Z',
          },
        ],
        changes: [{ lineId: 'cli_01jd3x5k2v0000000000000000', variantId: 'var_01jd3x5k2v0000000000000000', kind: 'price_changed', previousPrice: EUR(5990), currentPrice: EUR(5490) }],
        totals: { itemCount: 2, subtotal: EUR(10980), vat: [{ rate: 2000, amount: EUR(1830) }], total: EUR(10980) },
        createdAt: '2025-01-15T10:00:00.000Z',
        updatedAt: '2025-01-15T10:05:00.000Z',
      },
    ],
  },
)
const CartSummary = Type.Object(
  { ...CartHead, itemCount: Type.Integer(), createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) },
  closed,
)
const CartPage = Type.Object(Page(CartSummary).properties, {
  ...closed,
  examples: [
    {
      items: [
        {
          id: 'cart_01jd3x5k2v0000000000000000',
          channelId: 'chn_01jd3x5k2v0000000000000000',
          customerId: null,
          deviceId: 'dev_01jd3x5k2v0000000000000000',
          createdByStaffId: null,
          pickupLocationId: null,
          status: 'open',
          orderId: null,
          currency: 'EUR',
          itemCount: 3,
          createdAt: '2025-01-15T10:00:00.000Z',
          updatedAt: '2025-01-15T10:05:00.000Z',
        },
      ],
      nextCursor: null,
    },
  ],
})
const Params = Type.Object({ id: Id }, closed)
const LineParams = Type.Object({ id: Id, lineId: Id }, closed)
const ListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Status),
    channelId: Type.Optional(Id),
    customerId: Type.Optional({ ...Id, description: 'Staff only; shoppers always see their own carts' }),
  },
  closed,
)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const security = [{ bearer: [] }]
const tags = ['carts']
const config = { authenticated: true } as const
const WRITES = 'Any write stores the current catalogue price on every line, which acknowledges the price changes that reading reports.'

export const cartRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.database.db
  app.post(
    '/v1/carts',
    {
      schema: {
        tags,
        summary: 'Open a cart',
        description: 'Customers and anonymous devices (POST /v1/auth/anonymous) open their own carts on the web, mobile app and kiosk channels; staff with carts:manage open carts on the channels they sell on, optionally for a customer.',
        security,
        body: CartBody,
        response: { 201: Cart, ...errors },
      },
      config,
    },
    (req, reply) => mutate(req, reply, (tx) => createCart(tx, { ...req.body, actor: requireActor(req) }), { status: 201 }),
  )
  app.get(
    '/v1/carts',
    { schema: { tags, summary: 'List the caller’s carts (staff: the carts of the channels they sell on)', security, querystring: ListQuery, response: { 200: CartPage, ...errors } }, config },
    (req) => listCarts(db, { ...req.query, actor: requireActor(req) }),
  )
  app.get(
    '/v1/carts/:id',
    {
      schema: {
        tags,
        summary: 'A cart at current prices, with what changed since it was last written',
        description: `Reading re-prices every line from the catalogue and re-checks availability (at the pickup store when chosen, otherwise where the channel ships from); it never writes. \`changes\` lists price changes, stock shortages and products no longer on sale. ${WRITES}`,
        security,
        params: Params,
        response: { 200: Cart, ...errors },
      },
      config,
    },
    (req) => getCart(db, { cartId: req.params.id, actor: requireActor(req) }),
  )
  app.patch(
    '/v1/carts/:id',
    { schema: { tags, summary: 'Change the pickup store (staff: also the customer) of an open cart', description: WRITES, security, params: Params, body: CartPatch, response: { 200: Cart, ...errors } }, config },
    (req, reply) => mutate(req, reply, (tx) => updateCart(tx, { ...req.body, cartId: req.params.id, actor: requireActor(req) })),
  )
  app.post(
    '/v1/carts/:id/lines',
    {
      schema: { tags, summary: 'Add a variant by id, SKU or barcode', description: `Adding a variant already in the cart adds to its quantity (at most 99). ${WRITES}`, security, params: Params, body: LineBody, response: { 201: Cart, ...errors } },
      config,
    },
    (req, reply) => mutate(req, reply, (tx) => addCartLine(tx, { cartId: req.params.id, actor: requireActor(req), line: req.body }), { status: 201 }),
  )
  app.patch(
    '/v1/carts/:id/lines/:lineId',
    { schema: { tags, summary: 'Set the quantity of a line', description: WRITES, security, params: LineParams, body: LinePatch, response: { 200: Cart, ...errors } }, config },
    (req, reply) => mutate(req, reply, (tx) => updateCartLine(tx, { cartId: req.params.id, lineId: req.params.lineId, actor: requireActor(req), quantity: req.body.quantity })),
  )
  app.delete(
    '/v1/carts/:id/lines/:lineId',
    { schema: { tags, summary: 'Remove a line', description: WRITES, security, params: LineParams, response: { 200: Cart, ...errors } }, config },
    (req, reply) => mutate(req, reply, (tx) => removeCartLine(tx, { cartId: req.params.id, lineId: req.params.lineId, actor: requireActor(req) })),
  )
}
