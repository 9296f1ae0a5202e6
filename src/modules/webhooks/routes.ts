import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { EVENT_TYPE_PATTERN } from '../events/service.js'
import {
  assertWebhookTarget,
  createWebhook,
  deleteWebhook,
  DELIVERY_SORT_KEYS,
  getWebhook,
  listDeliveries,
  listWebhooks,
  retryDelivery,
  rotateWebhookSecret,
  updateWebhook,
  WEBHOOK_SORT_KEYS,
} from './service.js'

const SIGNING = [
  'Each delivery is a POST of JSON `{ id, type, occurredAt, data }` (see the `webhooks` section and GET /v1/event-types) with the headers',
  '`Omnicanal-Event-Id` (stable across retries: deduplicate on it) and `Omnicanal-Event-Type`, signed by the scheme the subscription chose.',
  '`stripe` (default): `Omnicanal-Timestamp` and `Omnicanal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, verified by',
  "Stripe's `stripe.webhooks.constructEvent(rawBody, signatureHeader, secret)`. `standard-webhooks`: `webhook-id`, `webhook-timestamp` and",
  '`webhook-signature: v1,<base64 HMAC-SHA256(base64-decoded key after whsec_, "<id>.<timestamp>.<raw body>")>`, verified by any Standard Webhooks library.',
  'During a rotation each scheme carries one signature per valid secret. Verify on the raw body, in constant time, and refuse a stale timestamp.',
  'A 2xx answer is a delivery; anything else, a redirect or a timeout is retried with exponential backoff, then marked failed.',
].join(' ')

const EventTypes = Type.Array(Type.String({ pattern: EVENT_TYPE_PATTERN, maxLength: 200 }), {
  minItems: 1,
  maxItems: 50,
  description: 'Event types to receive: exact names (`catalog.product_created`), prefixes (`orders.*`) or `*` for all',
})
const Fields = {
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'Absolute http(s) URL that receives the POSTs' }),
  description: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  eventTypes: EventTypes,
  active: Type.Boolean({ description: 'A paused subscription keeps its pending deliveries until it is active again' }),
  signatureScheme: Type.Union([Type.Literal('stripe'), Type.Literal('standard-webhooks')], {
    description: 'How deliveries are signed: `stripe` (Omnicanal-Signature, the default) or `standard-webhooks` (webhook-id, webhook-timestamp, webhook-signature)',
  }),
}
const WebhookBody = Type.Object(
  { ...Fields, description: Type.Optional(Fields.description), active: Type.Optional(Fields.active), signatureScheme: Type.Optional(Fields.signatureScheme) },
  {
    additionalProperties: false,
    examples: [
      {
        url: 'https://erp.maison-lumiere.fr/hooks/omnicanal',
        description: 'ERP : commandes et catalogue',
        eventTypes: ['orders.*', 'catalog.product_created', 'catalog.product_updated'],
        signatureScheme: 'standard-webhooks',
      },
    ],
  },
)
const WebhookPatch = Type.Partial(Type.Object(Fields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ active: false }, { eventTypes: ['orders.order_placed', 'orders.fulfilment_status_changed'] }],
})
const WebhookFields = {
  id: Type.String({ examples: ['whk_01jd3x5k2v0000000000000000'] }),
  ...Fields,
  previousSecretExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Until then, the secret replaced by the last rotation also signs',
  }),
  version: Version,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
}
const Webhook = Type.Object(WebhookFields, { additionalProperties: false })
const WebhookWithSecret = Type.Object(
  {
    ...WebhookFields,
    secret: Type.String({
      description: "The signing secret (`whsec_` and base64), as both schemes' verifiers take it. Shown only now: store it.",
    }),
  },
  { additionalProperties: false },
)
const Status = Type.Union([Type.Literal('pending'), Type.Literal('delivering'), Type.Literal('delivered'), Type.Literal('failed')])
const Attempt = Type.Object(
  {
    attempt: Type.Integer(),
    statusCode: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()]),
    durationMs: Type.Integer(),
    attemptedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
const Delivery = Type.Object(
  {
    id: Type.String({ examples: ['whd_01jd3x5k2v0000000000000000'] }),
    webhookId: Type.String(),
    eventId: Type.String(),
    eventType: Type.String(),
    status: Status,
    attemptCount: Type.Integer(),
    nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    payload: Type.Object(
      { id: Type.String(), type: Type.String(), occurredAt: Type.String({ format: 'date-time' }), data: Type.Object({}, { additionalProperties: true }) },
      { additionalProperties: false, description: 'The JSON body sent' },
    ),
    attempts: Type.Array(Attempt, { description: 'Finished attempts, oldest first' }),
  },
  { additionalProperties: false },
)
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const DeliveryParams = Type.Object({ id: Type.String({ maxLength: 64 }), deliveryId: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const DeliveryQuery = Type.Object({ ...PageQuery, status: Type.Optional(Status), ...SortAndCountQuery(DELIVERY_SORT_KEYS, 'newest first') }, { additionalProperties: false })
const RotateQuery = Type.Object(
  {
    previousSecretValidHours: Type.Integer({
      minimum: 0,
      maximum: 168,
      default: 24,
      description: 'How long the old secret keeps signing; 0 drops it at once (after a leak)',
    }),
  },
  { additionalProperties: false },
)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]
const tags = ['webhooks']
const manage = { can: 'webhooks:manage' as const }

export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        tags,
        summary: 'List webhook subscriptions',
        security: auth,
        querystring: Type.Object({ ...PageQuery, ...SortAndCountQuery(WEBHOOK_SORT_KEYS, 'creation order') }, { additionalProperties: false }),
        response: { 200: Page(Webhook), ...errors },
      },
      config: manage,
    },
    (req) => listWebhooks(app.database.db, req.query),
  )
  app.post(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Subscribe a URL to events (the secret is shown once)',
        description: SIGNING,
        security: auth,
        body: WebhookBody,
        response: { 201: WebhookWithSecret, ...errors },
      },
      config: manage,
    },
    async (req, reply) => {
      await assertWebhookTarget(req.body.url, { allowPrivateTargets: app.config.webhookAllowPrivateTargets })
      return mutate(req, reply, (tx) => createWebhook(tx, req.body), { status: 201, secretAnswer: true })
    },
  )
  app.get(
    '/v1/webhooks/:id',
    { schema: { operationId: 'getWebhook', tags, summary: 'A webhook subscription', security: auth, params: Params, response: { 200: Webhook, ...errors } }, config: manage },
    (req) => getWebhook(app.database.db, req.params.id),
  )
  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'updateWebhook',
        tags,
        summary: 'Change, pause or resume a subscription',
        security: auth,
        params: Params,
        headers: IfMatchHeaders,
        body: WebhookPatch,
        response: { 200: Webhook, ...errors, ...ConcurrencyErrors },
      },
      config: manage,
    },
    async (req, reply) => {
      await assertWebhookTarget(req.body.url, { allowPrivateTargets: app.config.webhookAllowPrivateTargets })
      return mutate(req, reply, (tx) => updateWebhook(tx, { id: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) }))
    },
  )
  app.delete(
    '/v1/webhooks/:id',
    {
      schema: { operationId: 'deleteWebhook', tags, summary: 'Delete a subscription and its delivery log', security: auth, params: Params, headers: IfMatchHeaders, response: { 204: Type.Null(), ...errors, ...ConcurrencyErrors } },
      config: manage,
    },
    async (req, reply) => {
      await mutate(req, reply, (tx) => deleteWebhook(tx, req.params.id, expectedVersionOf(req)), { status: 204 })
      return null
    },
  )
  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      schema: {
        operationId: 'rotateWebhookSecret',
        tags,
        summary: 'Issue a new signing secret (shown once)',
        security: auth,
        params: Params,
        querystring: RotateQuery,
        response: { 200: WebhookWithSecret, ...errors },
      },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => rotateWebhookSecret(tx, { id: req.params.id, previousSecretValidHours: req.query.previousSecretValidHours }), { secretAnswer: true }),
  )
  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listDeliveries',
        tags,
        summary: 'Delivery log of a subscription, newest first, with attempts',
        security: auth,
        params: Params,
        querystring: DeliveryQuery,
        response: { 200: Page(Delivery), ...errors },
      },
      config: manage,
    },
    (req) => listDeliveries(app.database.db, { webhookId: req.params.id, ...req.query }),
  )
  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/retry',
    {
      schema: { operationId: 'retryDelivery', tags, summary: 'Send a failed delivery again (same event id)', security: auth, params: DeliveryParams, response: { 200: Delivery, ...errors } },
      config: manage,
    },
    (req, reply) => mutate(req, reply, (tx) => retryDelivery(tx, { webhookId: req.params.id, deliveryId: req.params.deliveryId })),
  )
}
