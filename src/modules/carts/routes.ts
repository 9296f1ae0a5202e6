import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { CountQuery, CreatedRangeQuery, SortQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { addCartLine, CART_SORT_KEYS, createCart, getCart, listCarts, removeCartLine, updateCart, updateCartLine } from './service.js'
import { Cart, CartHead } from './view-schemas.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Quantity = Type.Integer({ minimum: 1, maximum: 99, description: 'At most 99 of one variant per cart' })
const Status = Type.Union([Type.Literal('open'), Type.Literal('checked_out'), Type.Literal('merged')])

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
    ...CreatedRangeQuery,
    sort: SortQuery(CART_SORT_KEYS, 'newest first'),
    ...CountQuery,
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
        operationId: 'createCart',
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
    { schema: { operationId: 'listCarts', tags, summary: 'List the caller’s carts (staff: the carts of the channels they sell on)', security, querystring: ListQuery, response: { 200: CartPage, ...errors } }, config },
    (req) => listCarts(db, { ...req.query, actor: requireActor(req) }),
  )
  app.get(
    '/v1/carts/:id',
    {
      schema: {
        operationId: 'getCart',
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
    { schema: { operationId: 'updateCart', tags, summary: 'Change the pickup store (staff: also the customer) of an open cart', description: WRITES, security, params: Params, headers: IfMatchHeaders, body: CartPatch, response: { 200: Cart, ...errors, ...ConcurrencyErrors } }, config },
    (req, reply) => mutate(req, reply, (tx) => updateCart(tx, { ...req.body, cartId: req.params.id, actor: requireActor(req), expectedVersion: expectedVersionOf(req) })),
  )
  app.post(
    '/v1/carts/:id/lines',
    {
      schema: { operationId: 'addCartLine', tags, summary: 'Add a variant by id, SKU or barcode', description: `Adding a variant already in the cart adds to its quantity (at most 99). ${WRITES}`, security, params: Params, headers: IfMatchHeaders, body: LineBody, response: { 201: Cart, ...errors, ...ConcurrencyErrors } },
      config,
    },
    (req, reply) => mutate(req, reply, (tx) => addCartLine(tx, { cartId: req.params.id, actor: requireActor(req), line: req.body, expectedVersion: expectedVersionOf(req) }), { status: 201 }),
  )
  app.patch(
    '/v1/carts/:id/lines/:lineId',
    { schema: { operationId: 'updateCartLine', tags, summary: 'Set the quantity of a line', description: WRITES, security, params: LineParams, headers: IfMatchHeaders, body: LinePatch, response: { 200: Cart, ...errors, ...ConcurrencyErrors } }, config },
    (req, reply) => mutate(req, reply, (tx) => updateCartLine(tx, { cartId: req.params.id, lineId: req.params.lineId, actor: requireActor(req), quantity: req.body.quantity, expectedVersion: expectedVersionOf(req) })),
  )
  app.delete(
    '/v1/carts/:id/lines/:lineId',
    { schema: { operationId: 'removeCartLine', tags, summary: 'Remove a line', description: WRITES, security, params: LineParams, headers: IfMatchHeaders, response: { 200: Cart, ...errors, ...ConcurrencyErrors } }, config },
    (req, reply) => mutate(req, reply, (tx) => removeCartLine(tx, { cartId: req.params.id, lineId: req.params.lineId, actor: requireActor(req), expectedVersion: expectedVersionOf(req) })),
  )
}
