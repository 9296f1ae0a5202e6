/** Routes of the wishlist: one per customer, on every channel. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Money } from '../../platform/money.js'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { ChannelSummary } from '../../platform/references.js'
import { addWishlistItem, listWishlistPage, removeWishlistItem, WISHLIST_SORT_KEYS } from './service.js'

const closed = { additionalProperties: false } as const
const Id = Type.String({ minLength: 1, maxLength: 64 })
const example = {
  variantId: 'var_01jd3x5k2v0000000000000000',
  productId: 'prod_01jd3x5k2v0000000000000000',
  sku: 'ROBE-LIN-M',
  title: { fr: 'Robe en lin', en: 'Linen dress' },
  options: { taille: 'M' },
  image: 'https://images.example.com/robe-1.jpg',
  price: { amount: 5490, currency: 'EUR' },
  sellable: true,
  addedAt: '2025-01-15T10:00:00.000Z',
  channelId: 'chn_01jd3x5k2v0000000000000000',
  channel: { id: 'chn_01jd3x5k2v0000000000000000', code: 'app', name: 'Application', kind: 'mobile_app' },
}
const WishlistItem = Type.Object(
  {
    variantId: Type.String(),
    productId: Type.String(),
    sku: Type.String(),
    title: Type.Object({ fr: Type.String(), en: Type.String() }, closed),
    options: Type.Record(Type.String(), Type.String()),
    image: Type.Union([Type.String(), Type.Null()]),
    price: Money,
    sellable: Type.Boolean({ description: 'False once the product is off sale' }),
    addedAt: Type.String({ format: 'date-time' }),
    channelId: Type.Union([Type.String(), Type.Null()], { description: 'Where it was saved, when known' }),
    channel: Type.Union([ChannelSummary, Type.Null()]),
  },
  { ...closed, examples: [example] },
)
const WishlistPage = Type.Object(Page(WishlistItem).properties, { ...closed, examples: [{ items: [example], nextCursor: null }] })
const ItemBody = Type.Object(
  { channelId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Where the shopper saved it (web, app, a store’s tablet)' })) },
  { ...closed, description: 'Send {} when the channel is not known.', examples: [{ channelId: 'chn_01jd3x5k2v0000000000000000' }, {}] },
)
const Params = Type.Object({ id: Id }, closed)
const ItemParams = Type.Object({ id: Id, variantId: Id }, closed)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const security = [{ bearer: [] }]
const tags = ['wishlists']
const WHO = 'The customer herself; staff read with customers:read and change with customers:write and carts:manage. Anyone else gets 404.'

export const wishlistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.database.db
  app.get(
    '/v1/customers/:id/wishlist',
    {
      schema: {
        operationId: 'listWishlistItems',
        tags,
        summary: 'A customer’s wishlist, newest first, at current prices',
        description: WHO,
        security,
        params: Params,
        querystring: Type.Object({ ...PageQuery, ...SortAndCountQuery(WISHLIST_SORT_KEYS, 'newest first') }, closed),
        response: { 200: WishlistPage, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => listWishlistPage(db, { ...req.query, customerId: req.params.id, actor: requireActor(req) }),
  )
  app.put(
    '/v1/customers/:id/wishlist/items/:variantId',
    {
      schema: {
        operationId: 'addWishlistItem',
        tags,
        summary: 'Save a variant to the wishlist',
        description: `Idempotent: saving it again keeps the first date and channel. Unknown variant: 404 on /params/variantId. ${WHO}`,
        security,
        params: ItemParams,
        body: ItemBody,
        response: { 200: WishlistItem, ...errors },
      },
      config: { authenticated: true },
    },
    (req, reply) =>
      mutate(req, reply, (tx) =>
        addWishlistItem(tx, { customerId: req.params.id, variantId: req.params.variantId, channelId: req.body.channelId, actor: requireActor(req) }),
      ),
  )
  app.delete(
    '/v1/customers/:id/wishlist/items/:variantId',
    {
      schema: {
        operationId: 'removeWishlistItem',
        tags,
        summary: 'Remove a variant from the wishlist',
        description: `Removing a variant that is not there changes nothing. ${WHO}`,
        security,
        params: ItemParams,
        response: { 204: Type.Null(), ...errors },
      },
      config: { authenticated: true },
    },
    async (req, reply) => {
      await mutate(req, reply, (tx) => removeWishlistItem(tx, { customerId: req.params.id, variantId: req.params.variantId, actor: requireActor(req) }), {
        status: 204,
      })
      return null
    },
  )
}
