/**
 * Gift card routes: issue (staff), check a balance with code and PIN (anyone, rate-limited like a login), staff
 * look-up, ledger, disabling and adjustments, and the cards a customer holds. Spending is a checkout tender (orders).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named } from '../../platform/openapi-document.js'
import { actorRefOf } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { LongPageQuery, SortAndCountQuery } from '../../platform/list-order.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { admitGiftCardPins } from './gift-card-pins.js'
import { adjustGiftCard, checkGiftCardBalance, disableGiftCard, findGiftCards, getGiftCard, issueGiftCard, listCustomerGiftCards, CUSTOMER_GIFT_CARD_SORT_KEYS } from './gift-cards.js'
import { MAX_ENTERED_AMOUNT, Money } from '../../platform/money.js'

const closed = { additionalProperties: false } as const
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Status = Type.Unsafe<'active' | 'disabled' | 'expired'>({ type: 'string', enum: ['active', 'disabled', 'expired'] })
const Reason = Type.Unsafe<'issue' | 'spend' | 'spend_reversal' | 'refund' | 'adjustment'>({
  type: 'string',
  enum: ['issue', 'spend', 'spend_reversal', 'refund', 'adjustment'],
})
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const Code = Type.String({ minLength: 8, maxLength: 40, description: 'As printed; spaces, dashes and case are ignored' })
const Pin = Type.String({ minLength: 4, maxLength: 6, pattern: '^[0-9]{4,6}$' })
const at = '2026-11-23T10:05:00.000Z'
const until = '2028-11-23T10:05:00.000Z'

const IssueBody = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: MAX_ENTERED_AMOUNT, description: 'Minor units' }),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3, pattern: '^[A-Z]{3}$', default: 'EUR' })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'Defaults to two years from now' })),
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The holder, when known: the card then shows on their account' })),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { ...closed, examples: [{ amount: 5000 }, { amount: 10000, currency: 'EUR', customerId: 'cus_01jd3x5k2v0000000000000000', note: 'Cadeau de fidélité' }] },
)
const IssuedGiftCard = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    pin: Type.String({ description: 'Shown this once; never stored in clear nor shown again' }),
    balance: Money,
    expiresAt: Nullable(Type.String({ format: 'date-time' })),
  },
  {
    ...closed,
    examples: [{ id: 'gft_01jd3x5k2v0000000000000000', code: 'K7QM2XPA9DHT4WNB', pin: '048213', balance: { amount: 5000, currency: 'EUR' }, expiresAt: until }],
  },
)
const BalanceBody = Type.Object({ code: Code, pin: Pin }, { ...closed, examples: [{ code: 'K7QM-2XPA-9DHT-4WNB', pin: '048213' }] })
const GiftCardBalance = Type.Object(
  { balance: Money, expiresAt: Nullable(Type.String({ format: 'date-time' })), status: Status },
  { ...closed, examples: [{ balance: { amount: 3200, currency: 'EUR' }, expiresAt: until, status: 'active' }] },
)
const giftCardFields = {
  id: Type.String(),
  code: Type.String(),
  balance: Money,
  initialAmount: Money,
  status: Status,
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  lockedUntil: Nullable(Type.String({ format: 'date-time', description: 'Set while too many wrong PINs keep it locked' })),
  customerId: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
}
const cardExample = {
  id: 'gft_01jd3x5k2v0000000000000000',
  code: 'K7QM2XPA9DHT4WNB',
  balance: { amount: 3200, currency: 'EUR' },
  initialAmount: { amount: 5000, currency: 'EUR' },
  status: 'active',
  expiresAt: until,
  lockedUntil: null,
  customerId: null,
  createdAt: at,
}
const GiftCard = named('GiftCard', Type.Object(giftCardFields, { ...closed, examples: [cardExample] }))
const Entry = Type.Object(
  {
    id: Type.String(),
    delta: Money,
    reason: Reason,
    orderId: Nullable(Type.String()),
    paymentId: Nullable(Type.String()),
    note: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
  },
  closed,
)
const GiftCardDetail = named('GiftCardDetail', Type.Object(
  { ...giftCardFields, entries: Type.Array(Entry, { description: 'The ledger, oldest first; the deltas add up to the balance' }) },
  {
    ...closed,
    examples: [
      {
        ...cardExample,
        entries: [
          {
            id: 'gce_01jd3x5k2v0000000000000001',
            delta: { amount: 5000, currency: 'EUR' },
            reason: 'issue',
            orderId: null,
            paymentId: null,
            note: null,
            createdAt: at,
          },
          {
            id: 'gce_01jd3x5k2v0000000000000002',
            delta: { amount: -1800, currency: 'EUR' },
            reason: 'spend',
            orderId: 'ord_01jd3x5k2v0000000000000000',
            paymentId: 'pay_01jd3x5k2v0000000000000000',
            note: null,
            createdAt: at,
          },
        ],
      },
    ],
  },
))
const GiftCardList = Type.Object({ items: Type.Array(GiftCard) }, { ...closed, examples: [{ items: [cardExample] }] })
const LookupQuery = Type.Object({ code: Code }, closed)
const CustomerGiftCardPage = Type.Object(Page(GiftCard).properties, { ...closed, examples: [{ items: [cardExample], nextCursor: null }] })
const CustomerGiftCardQuery = Type.Object({ ...LongPageQuery, ...SortAndCountQuery(CUSTOMER_GIFT_CARD_SORT_KEYS, '-createdAt') }, closed)
const AdjustmentBody = Type.Object(
  {
    amount: Type.Integer({ minimum: -MAX_ENTERED_AMOUNT, maximum: MAX_ENTERED_AMOUNT, not: { const: 0 }, description: 'Minor units; negative to take value off' }),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { ...closed, examples: [{ amount: -500, note: 'Correction : double saisie en caisse' }] },
)
const auth = [{ bearer: [] }]
const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const tags = ['gift-cards']

export const giftCardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limit = { rateLimit: { max: app.config.loginRateLimitPerMinute, timeWindow: '1 minute' } }

  app.post(
    '/v1/gift-cards',
    {
      schema: {
        operationId: 'issueGiftCard',
        tags,
        summary: 'Issue (sell) a gift card',
        description: 'Answers the code and the PIN; the PIN is never shown again, nor kept for an Idempotency-Key replay: a retry with the same key answers 409 already-done (the card is not issued twice).',
        security: auth,
        body: IssueBody,
        response: { 201: IssuedGiftCard, ...problems },
      },
      config: { can: 'gift_cards:issue' },
    },
    (req, reply) =>
      mutate(req, reply, (tx) => issueGiftCard(tx, { ...req.body, currency: req.body.currency ?? 'EUR', validityMonths: app.config.giftCardValidityMonths, actor: actorRefOf(req.actor) }), { status: 201, secretAnswer: true }),
  )
  app.post(
    '/v1/gift-cards/balance',
    {
      schema: {
        operationId: 'checkGiftCardBalance',
        security: [],
        tags,
        summary: 'Check a gift card balance with its code and PIN',
        description: `An unknown code and a wrong PIN answer the same 404; repeated wrong PINs lock the card for a while (423).`,
        body: BalanceBody,
        response: { 200: GiftCardBalance, 400: Problem, 404: Problem, 423: Problem, 429: Problem },
      },
      config: limit,
    },
    async (req, reply) => {
      // The attempt is counted, and the PIN checked, before the transaction (gift-card-pins.ts).
      await admitGiftCardPins(app.database, [{ ...req.body, field: '/body' }])
      return mutate(req, reply, (tx) => checkGiftCardBalance(tx, req.body))
    },
  )
  app.get(
    '/v1/gift-cards',
    {
      schema: { operationId: 'findGiftCards', tags, summary: 'Find a gift card by its code (staff)', description: 'A lookup by the unique code: zero or one card, so the answer is whole and never paged.', security: auth, querystring: LookupQuery, response: { 200: GiftCardList, ...problems } },
      config: { can: 'gift_cards:issue' },
    },
    (req) => findGiftCards(app.database.db, { code: req.query.code }),
  )
  app.get(
    '/v1/gift-cards/:id',
    {
      schema: { operationId: 'getGiftCard', tags, summary: 'A gift card and its ledger (staff)', security: auth, params: Params, response: { 200: GiftCardDetail, ...problems } },
      config: { can: 'gift_cards:issue' },
    },
    (req) => getGiftCard(app.database.db, req.params.id),
  )
  app.post(
    '/v1/gift-cards/:id/disable',
    {
      schema: {
        operationId: 'disableGiftCard',
        tags,
        summary: 'Disable a gift card for good (lost, stolen, fraud)',
        security: auth,
        params: Params,
        response: { 200: GiftCardDetail, ...problems },
      },
      config: { can: 'credit:adjust' },
    },
    (req, reply) => mutate(req, reply, (tx) => disableGiftCard(tx, { id: req.params.id, actor: actorRefOf(req.actor) })),
  )
  app.post(
    '/v1/gift-cards/:id/adjustments',
    {
      schema: {
        operationId: 'adjustGiftCard',
        tags,
        summary: 'Correct a gift card balance by hand',
        description: 'The balance stays between 0 and the issued amount.',
        security: auth,
        params: Params,
        body: AdjustmentBody,
        response: { 201: GiftCardDetail, ...problems },
      },
      config: { can: 'credit:adjust' },
    },
    (req, reply) => mutate(req, reply, (tx) => adjustGiftCard(tx, { id: req.params.id, ...req.body, actor: actorRefOf(req.actor) }), { status: 201 }),
  )
  app.get(
    '/v1/customers/:id/gift-cards',
    {
      schema: {
        operationId: 'listCustomerGiftCards',
        tags: ['customers'],
        summary: 'Gift cards a customer holds (the customer, or staff); never their PINs',
        security: auth,
        params: Params,
        querystring: CustomerGiftCardQuery,
        response: { 200: CustomerGiftCardPage, 400: Problem, 401: Problem, 404: Problem },
      },
      config: { authenticated: true },
    },
    (req) => listCustomerGiftCards(app.database.db, { ...req.query, customerId: req.params.id, actor: req.actor }),
  )
}
