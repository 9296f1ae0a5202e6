import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { ChannelSummary, LocationSummary } from '../../platform/references.js'
import { REPORTED_KINDS } from './policies.js'
import { TOUCHPOINT_KINDS } from './schema.js'
import { listTimeline, reportTouchpoints, TIMELINE_SORT_KEYS } from './service.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const Id = Type.String({ minLength: 1, maxLength: 64 })

const TimelineParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, closed)
const TimelineQuery = Type.Object(
  {
    ...PageQuery,
    channelId: Type.Optional(Id),
    kind: Type.Optional(
      Type.Array(Type.String({ maxLength: 400 }), { maxItems: TOUCHPOINT_KINDS.length, description: `Kinds, repeated or comma-separated: ${TOUCHPOINT_KINDS.join(', ')}` }),
    ),
    since: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'From this time (inclusive)' })),
    until: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Before this time (exclusive)' })),
    ...SortAndCountQuery(TIMELINE_SORT_KEYS, 'newest first'),
  },
  { ...closed, examples: [{ limit: 20, kind: ['order_placed,order_collected'], channelId: 'chn_01jd3x5k2v0000000000000010' }] },
)

const Entry = Type.Object(
  {
    id: Type.String(),
    kind: Type.Unsafe<(typeof TOUCHPOINT_KINDS)[number]>({ type: 'string', enum: [...TOUCHPOINT_KINDS] }),
    occurredAt: Type.String({ format: 'date-time', maxLength: 40 }),
    channelId: nullable(Type.String()),
    channel: nullable(ChannelSummary),
    locationId: nullable(Type.String()),
    location: nullable(LocationSummary),
    subjectType: nullable(Type.String({ description: 'product, variant, cart, order, return, message' })),
    subjectId: nullable(Type.String()),
    deviceId: nullable(Type.String()),
    data: Type.Object({}, { additionalProperties: true, description: 'What the kind records: order total, search text, reason of a contact…' }),
  },
  closed,
)
const montpellier = { id: 'loc_01jd3x5k2v0000000000000001', code: 'montpellier', name: 'Montpellier Comédie' }
const timelineExample = {
  items: [
    {
      id: 'tp_01jdb2c0e80000000000000003',
      kind: 'order_collected',
      occurredAt: '2026-11-24T17:05:00.000Z',
      channelId: 'chn_01jd3x5k2v0000000000000010',
      channel: { id: 'chn_01jd3x5k2v0000000000000010', code: 'web', name: 'Site web', kind: 'web' },
      locationId: montpellier.id,
      location: montpellier,
      subjectType: 'order',
      subjectId: 'ord_01jd3x5k2v0000000000000000',
      deviceId: null,
      data: { number: 100042, fulfilmentId: 'ful_01jd3x5k2v0000000000000000' },
    },
    {
      id: 'tp_01jd3x5k2v0000000000000002',
      kind: 'product_view',
      occurredAt: '2026-11-23T10:00:00.000Z',
      channelId: 'chn_01jd3x5k2v0000000000000011',
      channel: { id: 'chn_01jd3x5k2v0000000000000011', code: 'app', name: 'Application', kind: 'mobile_app' },
      locationId: null,
      location: null,
      subjectType: 'variant',
      subjectId: 'var_01jd3x5k2v0000000000000000',
      deviceId: 'dev_01jd3x5k2v0000000000000000',
      data: { productId: 'prod_01jd3x5k2v0000000000000000' },
    },
  ],
  nextCursor: 'WyIyMDI2LTExLTIzVDEwOjAwOjAwLjAwMDAwMFoiLCJ0cF8wMWpkM3g1azJ2MDAwMDAwMDAwMDAwMDAwMDAyIl0',
}
const Timeline = Type.Object(Page(Entry).properties, { ...closed, examples: [timelineExample] })

const ReportedEntry = Type.Object(
  {
    kind: Type.Unsafe<(typeof REPORTED_KINDS)[number]>({ type: 'string', enum: [...REPORTED_KINDS] }),
    channelId: Type.Optional(Id),
    customerId: Type.Optional(Id),
    locationId: Type.Optional(Id),
    occurredAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'When it happened (now when left out); within the last 30 days' })),
    productId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'product_view: a product id or handle' })),
    variantId: Type.Optional(Id),
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'search: the text searched for' })),
    resultCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'service_contact: why the customer got in touch' })),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    medium: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('push'), Type.Literal('phone')])),
    messageId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  closed,
)
const ReportBody = Type.Object(
  { entries: Type.Array(ReportedEntry, { minItems: 1, maxItems: 50 }) },
  {
    ...closed,
    examples: [
      {
        entries: [
          { kind: 'product_view', channelId: 'chn_01jd3x5k2v0000000000000011', variantId: 'var_01jd3x5k2v0000000000000000', occurredAt: '2026-11-23T10:00:00.000Z' },
          { kind: 'search', channelId: 'chn_01jd3x5k2v0000000000000011', query: 'robe lin', resultCount: 12 },
        ],
      },
      { entries: [{ kind: 'store_visit', customerId: 'cus_01jd3x5k2v0000000000000000', locationId: montpellier.id, channelId: 'chn_01jd3x5k2v0000000000000012', note: 'Essayage' }] },
    ],
  },
)
const Reported = Type.Object(
  {
    recorded: Type.Integer({ description: 'Entries written to the timeline' }),
    withheld: Type.Integer({ description: 'Product views and searches not recorded: the customer withdrew personalisation' }),
  },
  { ...closed, examples: [{ recorded: 2, withheld: 0 }] },
)

export const journeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/timeline',
    {
      schema: {
        operationId: 'listTimeline',
        tags: ['journeys'],
        summary: 'Every touchpoint of a customer on any channel, newest first (the customer themself, or staff)',
        description: 'Views, searches, carts, orders, collections, returns, store visits, service contacts, messages, each with its channel, store and time. Filter by channel, kind and period; page with the cursor.',
        security: bearer,
        params: TimelineParams,
        querystring: TimelineQuery,
        response: { 200: Timeline, 400: Problem, 401: Problem, 404: Problem },
      },
      config: { authenticated: true },
    },
    async (request) => listTimeline(request.server.database.db, { actor: request.actor, customerId: request.params.id, ...request.query }),
  )

  app.post(
    '/v1/touchpoints',
    {
      schema: {
        operationId: 'reportTouchpoints',
        tags: ['journeys'],
        summary: 'Report touchpoints: views and searches from shoppers’ apps, visits and contacts from staff, messages from integrations',
        description:
          'Up to 50 entries, recorded all or none. Shoppers (customer or device token) report product_view and search on a web, mobile app or kiosk channel; a customer who withdrew personalisation has them withheld. Staff with customers:write report store_visit, kiosk_session (at one of their stores) and service_contact for a customer; message_sent and message_opened need touchpoints:write.',
        security: bearer,
        body: ReportBody,
        response: { 202: Reported, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
      config: { authenticated: true },
    },
    (request, reply) => mutate(request, reply, (tx) => reportTouchpoints(tx, { actor: requireActor(request), entries: request.body.entries }), { status: 202 }),
  )
}
