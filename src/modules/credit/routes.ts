import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { actorRefOf } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { adjustStoreCredit, CREDIT_ENTRY_SORT_KEYS, getStoreCredit } from './service.js'
import { MAX_ENTERED_AMOUNT, Money } from '../../platform/money.js'

const closed = { additionalProperties: false } as const
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const Entry = Type.Object(
  {
    id: Type.String(),
    delta: Money,
    reason: Type.Unsafe<'refund' | 'adjustment' | 'exchange' | 'spend' | 'spend_reversal'>({ type: 'string', enum: ['refund', 'adjustment', 'exchange', 'spend', 'spend_reversal'] }),
    orderId: Type.Union([Type.String(), Type.Null()]),
    returnId: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  closed,
)
const StoreCredit = Type.Object(
  { customerId: Type.String(), balance: Money, entries: Type.Array(Entry), nextCursor: Type.Union([Type.String(), Type.Null()]), totalCount: Page(Entry).properties.totalCount },
  { ...closed, examples: [{ customerId: 'cus_01jd3x5k2v0000000000000000', balance: { amount: 2500, currency: 'EUR' }, entries: [], nextCursor: null }] },
)
const CreditQuery = Type.Object({ ...PageQuery, ...SortAndCountQuery(CREDIT_ENTRY_SORT_KEYS, 'newest first') }, closed)
const AdjustmentBody = Type.Object(
  { amount: Type.Integer({ minimum: -MAX_ENTERED_AMOUNT, maximum: MAX_ENTERED_AMOUNT, not: { const: 0 }, description: 'Minor units; negative to take credit back' }), note: Type.String({ minLength: 1, maxLength: 500 }) },
  { ...closed, examples: [{ amount: 1500, note: 'Geste commercial : retard de livraison' }] },
)
const Balance = Type.Object({ customerId: Type.String(), balance: Money }, { ...closed, examples: [{ customerId: 'cus_01jd3x5k2v0000000000000000', balance: { amount: 4000, currency: 'EUR' } }] })
const auth = [{ bearer: [] }]

export const creditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/store-credit',
    { schema: { operationId: 'getStoreCredit', tags: ['customers'], summary: 'Store credit balance and history (the customer, or staff)', security: auth, params: Params, querystring: CreditQuery, response: { 200: StoreCredit, 400: Problem, 401: Problem, 404: Problem } }, config: { authenticated: true } },
    (req) => getStoreCredit(app.database.db, { customerId: req.params.id, actor: req.actor, ...req.query }),
  )
  app.post(
    '/v1/customers/:id/store-credit/adjustments',
    { schema: { operationId: 'adjustStoreCredit', tags: ['customers'], summary: 'Adjust store credit by hand (goodwill, correction)', security: auth, params: Params, body: AdjustmentBody, response: { 201: Balance, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem } }, config: { can: 'credit:adjust' } },
    (req, reply) =>
      mutate(
        req,
        reply,
        async (tx) => {
          const { balance } = await adjustStoreCredit(tx, { customerId: req.params.id, amount: req.body.amount, note: req.body.note, actor: actorRefOf(req.actor) })
          return { customerId: req.params.id, balance: { amount: balance, currency: 'EUR' } }
        },
        { status: 201 },
      ),
  )
}
