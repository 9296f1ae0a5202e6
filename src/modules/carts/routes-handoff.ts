/** Routes of carts across channels and devices: a customer's carts for her seller, handoff, short codes, share links. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { CountQuery, CreatedRangeQuery, SortQuery } from '../../platform/list-order.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { ChannelSummary, LocationSummary } from '../../platform/references.js'
import { Cart, CartLine } from './view-schemas.js'
import { kioskSessionRoutes } from './routes-kiosk-sessions.js'
import { shareLinkRoutes } from './routes-share-links.js'
import { wishlistRoutes } from './routes-wishlist.js'
import { claimCart, createHandoffCode, CUSTOMER_CART_SORT_KEYS, handOffCart, listCustomerCarts } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const cartExample = ((Cart as { examples?: Record<string, unknown>[] }).examples ?? [])[0] ?? {}
const EUR = (amount: number) => ({ amount, currency: 'EUR' })
const cartLineExample = ((cartExample as { lines?: Record<string, unknown>[] }).lines ?? [])[0] ?? {}

const CustomerCartsQuery = Type.Object(
  {
    status: Type.Union([Type.Literal('open'), Type.Literal('abandoned'), Type.Literal('all')], {
      default: 'all',
      description: 'open: written to within the abandonment delay (60 min); abandoned: with lines and idle longer; all: both. Closed carts are not listed.',
    }),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Opaque cursor from the previous page’s nextCursor.' })),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
    channelId: Type.Optional(Type.String({ maxLength: 64 })),
    locationId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'The store you serve from (one of yours; implied when you have only one): its stock of each line is shown as availableHere' }),
    ),
    ...CreatedRangeQuery,
    sort: SortQuery(CUSTOMER_CART_SORT_KEYS, 'newest first'),
    ...CountQuery,
  },
  closed,
)
const CustomerCartLine = Type.Object(
  {
    ...CartLine.properties,
    availableHere: Nullable(
      Type.Integer({ description: 'Units available at the store you serve from (query locationId, or your only store); null without a store, and for the customer herself' }),
    ),
  },
  closed,
)
const CustomerCart = Type.Object(
  {
    id: Type.String(),
    customerId: Type.String(),
    deviceId: Nullable(Type.String()),
    channelId: Type.String(),
    channel: ChannelSummary,
    locationId: Nullable(Type.String({ description: 'Where the cart is served: the channel’s store (till, kiosk), else the click-and-collect store' })),
    location: Nullable(LocationSummary),
    pickupLocationId: Nullable(Type.String()),
    sellerStaffId: Nullable(Type.String()),
    seller: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() }, closed)),
    itemCount: Type.Integer(),
    totals: Cart.properties.totals,
    lines: Type.Array(CustomerCartLine, { description: 'As in the cart itself, in the order they were added' }),
    lastActivityAt: Type.String({ format: 'date-time', description: 'The last write to the cart (reading is not activity)' }),
    abandoned: Type.Boolean({ description: 'Lines, and no write for 60 minutes' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  closed,
)
const CustomerCartPage = Type.Object(
  Page(CustomerCart).properties,
  {
    ...closed,
    examples: [
      {
        items: [
          {
            id: 'cart_01jd3x5k2v0000000000000000',
            customerId: 'cus_01jd3x5k2v0000000000000000',
            deviceId: null,
            channelId: 'chn_01jd3x5k2v0000000000000000',
            channel: { id: 'chn_01jd3x5k2v0000000000000000', code: 'web', name: 'Site web', kind: 'web' },
            locationId: 'loc_01jd3x5k2v0000000000000000',
            location: { id: 'loc_01jd3x5k2v0000000000000000', code: 'montpellier', name: 'Montpellier Comédie' },
            pickupLocationId: 'loc_01jd3x5k2v0000000000000000',
            sellerStaffId: null,
            seller: null,
            itemCount: 2,
            totals: { itemCount: 2, subtotal: EUR(10980), discountTotal: EUR(0), vat: [{ rate: 2000, amount: EUR(1830) }], total: EUR(10980) },
            lines: [{ ...cartLineExample, discountTotal: EUR(0), total: EUR(10980), discounts: [], availableHere: 3 }],
            lastActivityAt: '2025-01-15T10:05:00.000Z',
            abandoned: true,
            createdAt: '2025-01-15T10:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
    ],
  },
)
const HandoffBody = Type.Object({ channelId: Id }, { ...closed, examples: [{ channelId: 'chn_01jd3x5k2v0000000000000001' }] })
const HandedOffCart = Type.Object(
  { ...Cart.properties, sellerStaffId: Nullable(Type.String({ description: 'The seller or phone agent serving the cart now' })) },
  { ...closed, examples: [{ ...cartExample, channelId: 'chn_01jd3x5k2v0000000000000001', sellerStaffId: 'stf_01jd3x5k2v0000000000000000' }] },
)
const HandoffCode = Type.Object(
  {
    code: Type.String({ description: '6 symbols without 0, O, 1 or I' }),
    qr: Type.String({ description: 'The payload to render as a QR code' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { ...closed, examples: [{ code: 'K7M2QX', qr: 'omnicanal:cart:K7M2QX', expiresAt: '2025-01-15T10:20:00.000Z' }] },
)
const ClaimBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, description: 'The code as typed (any case, spaces ignored) or the scanned QR payload' }),
    channelId: Id,
  },
  { ...closed, examples: [{ code: 'K7M2QX', channelId: 'chn_01jd3x5k2v0000000000000001' }] },
)
const Params = Type.Object({ id: Id }, closed)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const security = [{ bearer: [] }]
const tags = ['carts']
/** Guessing a live code among 32⁶ is hopeless at this pace. */
const CLAIMS_PER_MINUTE = 60

export const cartHandoffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.database.db
  app.get(
    '/v1/customers/:id/carts',
    {
      schema: {
        operationId: 'listCustomerCarts',
        tags,
        summary: 'A customer’s open and abandoned carts on every channel',
        description:
          'For the seller serving the customer (carts:manage and customers:read): her carts from every channel, whichever channels the seller sells on, with their lines, to continue one with POST /v1/carts/{id}/handoff. A seller serving from a store (`locationId`, one of hers; implied when she has only one) sees its stock of each line as `availableHere`; another store is answered 404 on `locationId`. A customer lists her own (availableHere null). Anyone else gets 404.',
        security,
        params: Params,
        querystring: CustomerCartsQuery,
        response: { 200: CustomerCartPage, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => listCustomerCarts(db, { ...req.query, customerId: req.params.id, actor: requireActor(req) }),
  )
  app.post(
    '/v1/carts/:id/handoff',
    {
      schema: {
        operationId: 'handOffCart',
        tags,
        summary: 'Continue a customer’s cart on your channel',
        description:
          'Staff with carts:manage and customers:read move a customer’s open cart, from any channel, to a channel they sell on (store staff: their store’s till or kiosk; the call centre: phone or catalogue) and become its seller. The customer still owns and sees it. Price changes since her last write stay listed in `changes`.',
        security,
        params: Params,
        body: HandoffBody,
        response: { 200: HandedOffCart, ...errors },
      },
      config: { can: 'carts:manage' },
    },
    (req, reply) => mutate(req, reply, (tx) => handOffCart(tx, { cartId: req.params.id, channelId: req.body.channelId, actor: requireActor(req) })),
  )
  app.post(
    '/v1/carts/:id/handoff-code',
    {
      schema: {
        operationId: 'createHandoffCode',
        tags,
        summary: 'A short code (and QR) to show a seller or a kiosk',
        description:
          'The cart’s owner (customer or anonymous device) gets a fresh code for the open cart, valid 15 minutes and usable once; it replaces any earlier code.',
        security,
        params: Params,
        response: { 201: HandoffCode, ...errors },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, (tx) => createHandoffCode(tx, { cartId: req.params.id, actor: requireActor(req) }), { status: 201 }),
  )
  app.post(
    '/v1/carts/claim',
    {
      schema: {
        operationId: 'claimCart',
        tags,
        summary: 'Take over the cart a shopper shows by its code',
        description:
          'Staff move the cart to a channel they sell on and become its seller, as with a handoff; an anonymous kiosk device moves it to its kiosk channel and may use it until the checkout. The code is spent: of two claims, one succeeds and the other gets 404. Expired: 404 handoff-code-expired; unknown or spent: 404 handoff-code-unknown.',
        security,
        body: ClaimBody,
        response: { 200: HandedOffCart, ...errors, 429: Problem },
      },
      config: { authenticated: true, rateLimit: { max: CLAIMS_PER_MINUTE, timeWindow: '1 minute' } },
    },
    (req, reply) => mutate(req, reply, (tx) => claimCart(tx, { ...req.body, actor: requireActor(req) })),
  )
  await app.register(shareLinkRoutes)
  await app.register(kioskSessionRoutes)
  await app.register(wishlistRoutes)
}
