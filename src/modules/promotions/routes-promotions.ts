/** Promotion routes (pricing:manage): the rules the engine applies on every channel, as the back office keeps them. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { promotionBodySchema, promotionChangesSchema, promotionSchema } from './promotion-rules.js'
import { PROMOTION_KINDS, PROMOTION_STATUSES } from './schema.js'
import { archivePromotion, createPromotion, getPromotion, listPromotions, PROMOTION_SORT_KEYS, updatePromotion } from './service.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const tags = ['promotions']
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }
const can = { can: 'pricing:manage' as const }

const appChannel = 'chn_01jd3x5k2v0000000000000002'
const robes = 'cat_01jd3x5k2v0000000000000011'
const robesEnfant = 'cat_01jd3x5k2v0000000000000023'
const tshirts = 'cat_01jd3x5k2v0000000000000013'

const soldes = {
  name: 'Soldes −20 % sur les robes',
  description: 'Soldes d’été : toutes les robes, femme et enfant',
  kind: 'percent_off',
  percent: 2000,
  target: { scope: 'items', categoryIds: [robes, robesEnfant] },
  priority: 10,
  stacking: 'combinable',
  startsAt: '2026-06-24T06:00:00.000Z',
  endsAt: '2026-07-21T22:00:00.000Z',
}
const bodyExamples = [
  soldes,
  { name: 'Livraison offerte dès 60 €', kind: 'free_shipping', minSubtotal: 6000, priority: 100, stacking: 'combinable' },
  { name: '3 pour 2 sur les t-shirts', kind: 'buy_x_get_y', buy: 2, get: 1, percent: 10000, target: { scope: 'items', categoryIds: [tshirts] }, priority: 20, stacking: 'combinable' },
  { name: 'Appli : −5 € dès 50 €', kind: 'amount_off', amount: 500, target: { scope: 'order' }, minSubtotal: 5000, channelIds: [appChannel], priority: 50, stacking: 'combinable' },
  {
    name: 'Bienvenue −10 % première commande',
    kind: 'percent_off',
    percent: 1000,
    target: { scope: 'order' },
    segment: { firstOrderOnly: true },
    requiresCoupon: true,
    perCustomerLimit: 1,
    priority: 60,
    stacking: 'exclusive',
  },
]
const promotionExample = {
  id: 'prm_01jd3x5k2v0000000000000001',
  ...soldes,
  channelIds: [],
  segment: {},
  minSubtotal: null,
  usageLimit: null,
  usedCount: 37,
  perCustomerLimit: null,
  requiresCoupon: false,
  status: 'active',
  version: 4,
  createdAt: '2026-06-10T09:00:00.000Z',
  updatedAt: '2026-06-10T09:00:00.000Z',
}

const PromotionBody = promotionBodySchema(bodyExamples)
const PromotionPatch = promotionChangesSchema([{ status: 'paused' }, { endsAt: '2026-07-28T22:00:00.000Z' }, { name: 'Soldes −30 % sur les robes', percent: 3000 }, { usageLimit: 500 }])
const Promotion = promotionSchema([promotionExample])
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const ListQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(Type.Union(PROMOTION_STATUSES.map((status) => Type.Literal(status)))),
    kind: Type.Optional(Type.Union(PROMOTION_KINDS.map((kind) => Type.Literal(kind)))),
    channelId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Those that apply there: naming it, or on every channel' })),
    activeAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Those whose window holds this instant (add status=active for what runs then)' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name, accents and case ignored' })),
    ...SortAndCountQuery(PROMOTION_SORT_KEYS, 'newest first'),
  },
  closed,
)

export const promotionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/promotions',
    {
      schema: {
        operationId: 'createPromotion',
        tags,
        summary: 'Create a promotion',
        description:
          'The engine’s rule (kind and its fields, priority, stacking, window, channels, segment, spend threshold) plus usage limits, coupon requirement and status. Every channel, product, variant, category and group it names must exist (400 naming the entry, e.g. /body/target/categoryIds/1).',
        security: bearer,
        body: PromotionBody,
        response: { 201: Promotion, ...errors },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => createPromotion(tx, req.body), { status: 201 }),
  )
  app.get(
    '/v1/promotions',
    {
      schema: { operationId: 'listPromotions', tags, summary: 'List promotions', description: 'Newest first, every status unless filtered.', security: bearer, querystring: ListQuery, response: { 200: Page(Promotion), ...errors } },
      config: can,
    },
    (req) => listPromotions(req.server.database.db, req.query),
  )
  app.get(
    '/v1/promotions/:id',
    { schema: { operationId: 'getPromotion', tags, summary: 'A promotion with its uses', security: bearer, params: Params, response: { 200: Promotion, ...errors } }, config: can },
    (req) => getPromotion(req.server.database.db, { id: req.params.id }),
  )
  app.patch(
    '/v1/promotions/:id',
    {
      schema: {
        operationId: 'updatePromotion',
        tags,
        summary: 'Change a promotion',
        description:
          'What is sent replaces what was (a target or segment whole; null clears); the kind cannot change (400 promotion-kind-immutable). Pause and resume with status. 409 usage-limit-below-used, 409 promotion-archived.',
        security: bearer,
        params: Params,
        headers: IfMatchHeaders,
        body: PromotionPatch,
        response: { 200: Promotion, ...errors, 409: Problem, ...ConcurrencyErrors },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => updatePromotion(tx, { id: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
  app.delete(
    '/v1/promotions/:id',
    {
      schema: {
        operationId: 'archivePromotion',
        tags,
        summary: 'Archive a promotion',
        description: 'Never a deletion (orders and coupons reference it): it applies nowhere any more and cannot be changed again. Archiving twice changes nothing.',
        security: bearer,
        params: Params,
        headers: IfMatchHeaders,
        response: { 200: Promotion, ...errors, ...ConcurrencyErrors },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => archivePromotion(tx, { id: req.params.id, expectedVersion: expectedVersionOf(req) })),
  )
}
