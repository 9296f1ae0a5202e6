import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { can, forbidden, requireActor } from '../../platform/auth.js'
import { mutate, operationKeyOf } from '../../platform/idempotency.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { admitGiftCardTenders } from '../credit/service.js'
import { CheckoutBody, CollectBody, IdParams, Order, OrderListQuery, PaymentParams, ReasonBody, ShipBody, WorkQueue } from './schemas.js'
import {
  cancelFulfilment,
  cancelOrder,
  cardProviderOf,
  checkoutCart,
  checkoutPolicyOf,
  closeOrder,
  collectFulfilment,
  confirmDelivery,
  confirmPayment,
  getOrder,
  getWorkQueue,
  listOrders,
  markReady,
  shipFulfilment,
  startPicking,
  unlockPickup,
  admitPickupCode,
  PICKUP_ATTEMPTS,
  type FulfilmentContext,
} from './service.js'

const auth = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }


export const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const provider = cardProviderOf(app.config)
  const policy = checkoutPolicyOf(app.config)
  const contextOf = (request: FastifyRequest): FulfilmentContext => ({ actor: request.actor, provider, operationKey: operationKeyOf(request) })

  app.post(
    '/v1/carts/:id/checkout',
    {
      schema: {
        operationId: 'checkoutCart',
        tags: ['orders'],
        summary: 'Check a cart out: route, hold stock, take payment, place the order',
        description:
          'One transaction: the order is placed with its stock held (or sold from the shelf for `in_store`), its payments taken and the cart closed — or nothing happens. A declined card answers 402 and holds no stock. A card needing 3-D Secure leaves the order `placed` with its stock held for PAYMENT_HOLD_MINUTES; confirm it with POST /v1/orders/{id}/payments/{paymentId}/confirm. Send an Idempotency-Key: a retry never charges twice.',
        security: auth,
        params: IdParams,
        body: CheckoutBody,
        response: { 201: Order, 402: Problem, ...errors },
      },
      config: { authenticated: true },
    },
    async (req, reply) => {
      const provenGiftCardPins = await admitGiftCardTenders(app.database, req.body.payments, '/body/payments')
      return mutate(req, reply, (tx) => checkoutCart(tx, { cartId: req.params.id, actor: req.actor, ...req.body, policy, provider, operationKey: operationKeyOf(req), provenGiftCardPins }), { status: 201 })
    },
  )

  app.get(
    '/v1/orders',
    { schema: { operationId: 'listOrders', tags: ['orders'], summary: 'Orders, newest first: your own, or (staff) by customer, store, channel or status', security: auth, querystring: OrderListQuery, response: { 200: Page(Order), ...errors } }, config: { authenticated: true } },
    (req) => {
      const actor = requireActor(req)
      if ((actor.kind === 'staff' || actor.kind === 'integration') && !can(actor, 'orders:read')) throw forbidden('orders:read')
      return listOrders(app.database.db, { actor, ...req.query })
    },
  )

  app.get('/v1/orders/:id', { schema: { operationId: 'getOrder', tags: ['orders'], summary: 'An order with its lines, fulfilments and payments', security: auth, params: IdParams, response: { 200: Order, ...errors } }, config: { authenticated: true } }, (req) =>
    getOrder(app.database.db, { orderId: req.params.id, actor: req.actor }),
  )

  app.post(
    '/v1/orders/:id/cancel',
    { schema: { operationId: 'cancelOrder', tags: ['orders'], summary: 'Cancel what has not left yet (customers: until preparation starts)', security: auth, params: IdParams, body: ReasonBody, response: { 200: Order, ...errors } }, config: { authenticated: true } },
    (req, reply) => mutate(req, reply, (tx) => cancelOrder(tx, { orderId: req.params.id, reason: req.body.reason, context: contextOf(req), staffAllowed: can(req.actor, 'orders:manage') })),
  )

  app.post('/v1/orders/:id/close', { schema: { operationId: 'closeOrder', tags: ['orders'], summary: 'Close a delivered or collected order', security: auth, params: IdParams, response: { 200: Order, ...errors } }, config: { can: 'orders:manage' } }, (req, reply) =>
    mutate(req, reply, (tx) => closeOrder(tx, { orderId: req.params.id, actor: req.actor })),
  )

  app.post(
    '/v1/orders/:id/payments/:paymentId/confirm',
    {
      schema: {
        operationId: 'confirmPayment',
        tags: ['orders'],
        summary: 'Complete a card payment that required 3-D Secure, once the shopper went through the challenge',
        description: 'The server asks the acquirer how the challenge ended: authorised (the order moves on) or declined (the order keeps its hold until it expires). The client sends no verdict.',
        security: auth,
        params: PaymentParams,
        response: { 200: Order, ...errors },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, (tx) => confirmPayment(tx, { orderId: req.params.id, paymentId: req.params.paymentId, actor: req.actor, provider, operationKey: operationKeyOf(req) })),
  )

  app.get(
    '/v1/locations/:id/work',
    { schema: { operationId: 'getWorkQueue', tags: ['orders'], summary: "A store's work queue: pick, prepare, incoming, hand over, holds", security: auth, params: IdParams, response: { 200: WorkQueue, ...errors } }, config: { can: 'orders:read' } },
    (req) => getWorkQueue(app.database.db, { locationId: req.params.id, actor: req.actor }),
  )

  const step = (path: string, operationId: string, summary: string, run: typeof startPicking) =>
    app.post(`/v1/fulfilments/:id/${path}`, { schema: { operationId, tags: ['fulfilments'], summary, security: auth, params: IdParams, response: { 200: Order, ...errors } }, config: { can: 'orders:manage' } }, (req, reply) =>
      mutate(req, reply, (tx) => run(tx, { fulfilmentId: req.params.id, context: contextOf(req) })),
    )
  step('pick', 'startPicking', 'Start picking (allocated → picking)', startPicking)
  step('ready', 'markReady', 'Ready at the counter (→ ready_for_pickup)', markReady)
  step('deliver', 'confirmDelivery', 'The carrier delivered it (shipped → delivered)', confirmDelivery)

  app.post(
    '/v1/fulfilments/:id/ship',
    { schema: { operationId: 'shipFulfilment', tags: ['fulfilments'], summary: 'Hand to the carrier: stock sold at the source, payment share captured (picking → shipped)', security: auth, params: IdParams, body: ShipBody, response: { 200: Order, ...errors } }, config: { can: 'orders:manage' } },
    (req, reply) => mutate(req, reply, (tx) => shipFulfilment(tx, { fulfilmentId: req.params.id, ...req.body, context: contextOf(req) })),
  )
  app.post(
    '/v1/fulfilments/:id/collect',
    { schema: { operationId: 'collectFulfilment', tags: ['fulfilments'], summary: 'Hand over at the counter against the pickup code (reserve-in-store: pay here)', security: auth, params: IdParams, body: CollectBody, response: { 200: Order, 402: Problem, 423: Problem, ...errors } }, config: { can: 'orders:manage' } },
    async (req, reply) => {
      await admitPickupCode(app.database, { fulfilmentId: req.params.id, pickupCode: req.body.pickupCode, actor: req.actor })
      const provenGiftCardPins = await admitGiftCardTenders(app.database, req.body.payments, '/body/payments')
      return mutate(req, reply, (tx) => collectFulfilment(tx, { fulfilmentId: req.params.id, ...req.body, context: { ...contextOf(req), provenGiftCardPins } }))
    },
  )
  app.post(
    '/v1/fulfilments/:id/unlock-pickup',
    {
      schema: {
        operationId: 'unlockPickup',
        tags: ['fulfilments'],
        summary: 'Unlock a pickup locked by wrong codes (a manager of the pickup store, or an admin)',
        description: `After ${PICKUP_ATTEMPTS} wrong pickup codes in a row the handover answers 423 pickup-locked and the store is told (orders.pickup_locked). Check the customer's identity, then unlock: the count starts again.`,
        security: auth,
        params: IdParams,
        response: { 200: Order, ...errors },
      },
      config: { can: 'orders:manage' },
    },
    (req, reply) => mutate(req, reply, (tx) => unlockPickup(tx, { fulfilmentId: req.params.id, actor: req.actor })),
  )
  app.post(
    '/v1/fulfilments/:id/cancel',
    { schema: { operationId: 'cancelFulfilment', tags: ['fulfilments'], summary: 'Cancel a fulfilment that has not left; its stock is released', security: auth, params: IdParams, body: ReasonBody, response: { 200: Order, ...errors } }, config: { can: 'orders:manage' } },
    (req, reply) => mutate(req, reply, (tx) => cancelFulfilment(tx, { fulfilmentId: req.params.id, reason: req.body.reason, context: contextOf(req) })),
  )
}
