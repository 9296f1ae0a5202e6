/**
 * Codes on carts, for every channel (web, app, kiosk, till, phone), under the cart's own access rules (cart-coupons.ts).
 * Registered by app.ts right after promotions' coupon routes, where the OpenAPI document has always listed them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { CouponCodeSchema as Code } from '../promotions/service.js'
import { applyCartCoupon, removeCartCoupon } from './cart-coupons.js'
import { Cart as CartViewSchema } from './view-schemas.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

const Id = Type.String({ minLength: 1, maxLength: 64 })
const CartParams = Type.Object({ id: Id }, closed)
const CartCodeParams = Type.Object({ id: Id, code: Code }, closed)
const ApplyBody = Type.Object({ code: Code }, { ...closed, examples: [{ code: 'summer24' }, { code: 'INSTA-K7QWM2ZP9RTA' }] })
const cartErrors = { ...errors, 409: Problem, 422: Problem }

export const cartCouponRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/carts/:id/coupons',
    {
      schema: {
        operationId: 'applyCartCoupon',
        tags: ['carts', 'coupons'],
        summary: 'Enter a coupon code on a cart (any channel: web, app, kiosk, till, phone)',
        description:
          'The cart’s own rules apply (the shopper’s own cart, or staff with carts:manage on its channel). Answers the cart with its coupons and promotions; applying twice is applying once. 404 coupon-not-found (also for another customer’s voucher); 409 coupon-expired, coupon-used-up, coupon-disabled, coupon-customer-required — all on /body/code; 429 when one client address tries too many codes a minute (six times the login limit).',
        security: bearer,
        params: CartParams,
        headers: IfMatchHeaders,
        body: ApplyBody,
        response: { 200: CartViewSchema, ...cartErrors, 429: Problem, ...ConcurrencyErrors },
      },
      // Codes are tried like passwords: a client guessing them is slowed down (a till types a few a minute at most).
      config: { authenticated: true, rateLimit: { max: app.config.loginRateLimitPerMinute * 6, timeWindow: '1 minute' } },
    },
    (req, reply) => mutate(req, reply, (tx) => applyCartCoupon(tx, { cartId: req.params.id, code: req.body.code, actor: requireActor(req), expectedVersion: expectedVersionOf(req) })),
  )
  app.delete(
    '/v1/carts/:id/coupons/:code',
    {
      schema: {
        operationId: 'removeCartCoupon',
        tags: ['carts', 'coupons'],
        summary: 'Take a coupon code off a cart',
        description: 'A code that is not on the cart changes nothing. Answers the cart.',
        security: bearer,
        params: CartCodeParams,
        headers: IfMatchHeaders,
        response: { 200: CartViewSchema, ...cartErrors, ...ConcurrencyErrors },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, (tx) => removeCartCoupon(tx, { cartId: req.params.id, code: req.params.code, actor: requireActor(req), expectedVersion: expectedVersionOf(req) })),
  )
}
