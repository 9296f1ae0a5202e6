import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { requireActor } from '../../platform/auth.js'
import { mutate, operationKeyOf } from '../../platform/idempotency.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { admitGiftCardTenders } from '../credit/service.js'
import { cardProviderOf, checkoutPolicyOf } from '../orders/service.js'
import { CancelBody, IdParams, ListQuery, PageOnlyQuery, ReceiveBody, Return, ReturnBody, ReturnPolicy, ReturnPolicyBody } from './schemas.js'
import {
  cancelReturn,
  createReturn,
  getReturn,
  getReturnPolicy,
  listOrderReturns,
  listReturns,
  receiveReturn,
  setReturnPolicy,
  type ReturnContext,
} from './service.js'

const auth = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }


export const returnRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const provider = cardProviderOf(app.config)
  const policy = checkoutPolicyOf(app.config)
  const contextOf = (request: FastifyRequest): ReturnContext => ({ provider, policy, operationKey: operationKeyOf(request) })

  app.post(
    '/v1/orders/:id/returns',
    {
      schema: {
        operationId: 'createReturn',
        tags: ['returns'],
        summary: 'Return (or exchange) goods of an order: at a store counter, by phone, or by mail',
        description:
          'Store staff with the goods in hand give `locationId` (any order, from any channel, at their own store): the return is received, resellable units restocked there and the refund issued at once (`in_store`), or, with `exchange`, a new order is placed in the same transaction and paid with the returned goods. A call-centre agent opens a `phone` RMA, the customer a `mail` RMA (status `requested`, with a `labelReference`), received later with POST /v1/returns/{id}/receive. Outside the channel’s return window: 409 return-window-closed, which staff may override with `overrideWindow` and `overrideNote`. Send an Idempotency-Key: a retry never refunds twice.',
        security: auth,
        params: IdParams,
        body: ReturnBody,
        response: { 201: Return, 402: Problem, ...errors },
      },
      config: { authenticated: true },
    },
    async (req, reply) => {
      await admitGiftCardTenders(app.database, req.body.exchange?.payments, '/body/exchange/payments')
      return mutate(req, reply, (tx) => createReturn(tx, { orderId: req.params.id, actor: req.actor, ...req.body, context: contextOf(req) }), { status: 201 })
    },
  )

  app.get(
    '/v1/orders/:id/returns',
    {
      schema: {
        operationId: 'listOrderReturns',
        tags: ['returns'],
        summary: 'The returns of an order, newest first',
        security: auth,
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: Page(Return), ...errors },
      },
      config: { authenticated: true },
    },
    (req) => listOrderReturns(app.database.db, { orderId: req.params.id, actor: req.actor, ...req.query }),
  )

  app.get(
    '/v1/returns',
    {
      schema: {
        operationId: 'listReturns',
        tags: ['returns'],
        summary: 'Returns newest first, by receiving location and status (store staff: their stores)',
        security: auth,
        querystring: ListQuery,
        response: { 200: Page(Return), ...errors },
      },
      config: { can: 'returns:manage' },
    },
    (req) => listReturns(app.database.db, { actor: requireActor(req), ...req.query }),
  )

  app.get(
    '/v1/returns/:id',
    {
      schema: {
        operationId: 'getReturn',
        tags: ['returns'],
        summary: 'A return with its lines, amounts, refunds and history',
        security: auth,
        params: IdParams,
        response: { 200: Return, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => getReturn(app.database.db, { returnId: req.params.id, actor: req.actor }),
  )

  app.post(
    '/v1/returns/:id/receive',
    {
      schema: {
        operationId: 'receiveReturn',
        tags: ['returns'],
        summary: 'Receive a mail or phone return at a warehouse or store: restock, then refund (requested → received → refunded)',
        security: auth,
        params: IdParams,
        body: ReceiveBody,
        response: { 200: Return, ...errors },
      },
      config: { can: 'returns:manage' },
    },
    (req, reply) => mutate(req, reply, (tx) => receiveReturn(tx, { returnId: req.params.id, actor: req.actor, ...req.body, context: contextOf(req) })),
  )

  app.post(
    '/v1/returns/:id/cancel',
    {
      schema: {
        operationId: 'cancelReturn',
        tags: ['returns'],
        summary: 'Cancel a return not yet received (requested → cancelled)',
        security: auth,
        params: IdParams,
        body: CancelBody,
        response: { 200: Return, ...errors },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, (tx) => cancelReturn(tx, { returnId: req.params.id, actor: req.actor, reason: req.body.reason })),
  )

  app.get(
    '/v1/channels/:id/return-policy',
    { schema: { operationId: 'getReturnPolicy', security: [], tags: ['returns'], summary: 'The return window of a channel (public)', params: IdParams, response: { 200: ReturnPolicy, 404: Problem } } },
    (req) => getReturnPolicy(app.database.db, req.params.id),
  )

  app.put(
    '/v1/channels/:id/return-policy',
    {
      schema: {
        operationId: 'setReturnPolicy',
        tags: ['returns'],
        summary: 'Set the return window of a channel (returns opened from now on)',
        security: auth,
        params: IdParams,
        body: ReturnPolicyBody,
        response: { 200: ReturnPolicy, ...errors },
      },
      config: { can: 'channels:write' },
    },
    (req, reply) => mutate(req, reply, (tx) => setReturnPolicy(tx, { channelId: req.params.id, windowDays: req.body.windowDays })),
  )
}
