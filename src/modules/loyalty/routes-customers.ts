/**
 * A customer's loyalty over HTTP: balance and history (the customer herself, or staff with customers:read), hand
 * adjustments (loyalty:adjust) and redemptions (herself on the web or app, or staff with customers:write at the till
 * or on the phone). Anyone else gets the 404 of an unknown customer.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorRefOf } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { AdjustmentBody, AdjustmentResult, CustomerLoyalty, CustomerParams, Entries, Redemption, RedemptionBody } from './schemas.js'
import { adjustLoyaltyPoints, getCustomerLoyalty, listLoyaltyEntries, LOYALTY_ENTRY_SORT_KEYS, redeemLoyaltyReward } from './service.js'

const bearer = [{ bearer: [] }]
const tags = ['loyalty']
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

export const loyaltyCustomerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/loyalty',
    {
      schema: {
        operationId: 'getCustomerLoyalty',
        tags,
        summary: 'Her points, tier and vouchers',
        description:
          'The same on every channel: available, pending (orders inside their return window) and lifetime points, her tier and the next one, her vouchers with their codes.',
        security: bearer,
        params: CustomerParams,
        response: { 200: CustomerLoyalty, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => getCustomerLoyalty(req.server.database.db, { customerId: req.params.id, actor: req.actor }),
  )
  app.get(
    '/v1/customers/:id/loyalty/entries',
    {
      schema: {
        operationId: 'listLoyaltyEntries',
        tags,
        summary: 'Her points ledger',
        description: 'Every change of her balances, newest first, with the order, return or reward behind it.',
        security: bearer,
        params: CustomerParams,
        querystring: Type.Object({ ...PageQuery, ...SortAndCountQuery(LOYALTY_ENTRY_SORT_KEYS, 'newest first') }, { additionalProperties: false }),
        response: { 200: Entries, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => listLoyaltyEntries(req.server.database.db, { customerId: req.params.id, actor: req.actor, ...req.query }),
  )
  app.post(
    '/v1/customers/:id/loyalty/adjustments',
    {
      schema: {
        operationId: 'adjustLoyaltyPoints',
        tags,
        summary: 'Credit or debit points by hand',
        description:
          'Goodwill or correction, through the ledger; moves available points only (tiers follow points earned on orders). 409 insufficient-points below zero.',
        security: bearer,
        params: CustomerParams,
        body: AdjustmentBody,
        response: { 201: AdjustmentResult, ...errors, 409: Problem },
      },
      config: { can: 'loyalty:adjust' },
    },
    (req, reply) =>
      mutate(
        req,
        reply,
        (tx) => adjustLoyaltyPoints(tx, { customerId: req.params.id, points: req.body.points, note: req.body.note, actor: actorRefOf(req.actor) }),
        { status: 201 },
      ),
  )
  app.post(
    '/v1/customers/:id/loyalty/redemptions',
    {
      schema: {
        operationId: 'redeemLoyaltyReward',
        tags,
        summary: 'Exchange points for a reward’s voucher',
        description:
          'By the customer herself, or staff with customers:write (till, phone). Debits available points (409 insufficient-points on /body/rewardId, whatever the concurrency) and answers a single-use voucher code only she can use, at web checkout or at the till.',
        security: bearer,
        params: CustomerParams,
        body: RedemptionBody,
        response: { 201: Redemption, ...errors, 409: Problem },
      },
      config: { authenticated: true },
    },
    (req, reply) =>
      mutate(req, reply, (tx) => redeemLoyaltyReward(tx, { customerId: req.params.id, rewardId: req.body.rewardId, actor: req.actor }), { status: 201 }),
  )
}
