/**
 * Coupon routes: the back office's codes (pricing:manage). Codes on carts are carts' routes (carts/routes-coupons.ts).
 * Rules and the release of uses are in service.ts's header and coupon-states.ts / redemptions.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named } from '../../platform/openapi-document.js'
import { actorRefOf } from '../../platform/auth.js'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { createCouponBatch, exportCouponBatchCsv, getCouponBatch, MAX_BATCH_QUANTITY } from './coupon-batches.js'
import { CouponCode as Code } from './coupon-codes.js'
import { renderCouponQr } from './coupon-qr.js'
import { COUPON_SORT_KEYS, createCoupon, getCoupon, listCoupons, updateCoupon } from './coupons.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const tags = ['coupons']
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }
const can = { can: 'pricing:manage' as const }
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const Id = Type.String({ minLength: 1, maxLength: 64 })
const Prefix = Type.String({ minLength: 1, maxLength: 27, description: 'Drawn codes read PREFIX-XXXXXXXXXXXX (12 random symbols without 0/O/1/I)' })
const Limit = Type.Integer({ minimum: 1, maximum: 1_000_000 })
const Expiry = nullable(Type.String({ format: 'date-time', maxLength: 40, description: 'In the future; null: never' }))
const promotionId = 'prm_01jd3x5k2v0000000000000001'
const Status = Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('expired'), Type.Literal('used_up')])

const CouponBody = Type.Object(
  {
    promotionId: Id,
    code: Type.Optional(Code),
    prefix: Type.Optional(Prefix),
    maxUses: Type.Optional(nullable({ ...Limit, description: '1 = single-use; null or absent = unlimited' })),
    perCustomerLimit: Type.Optional(nullable({ ...Limit, description: 'Orders one customer may use it on; it then needs a known customer on the cart' })),
    expiresAt: Type.Optional(Expiry),
    customerId: Type.Optional(nullable({ ...Id, description: 'A voucher only this customer may use' })),
  },
  {
    ...closed,
    description: 'Give `code`, or let one be drawn (optionally after `prefix`).',
    examples: [
      { promotionId, code: 'SUMMER24', perCustomerLimit: 1, expiresAt: '2026-09-01T00:00:00.000Z' },
      { promotionId, prefix: 'SORRY', maxUses: 1, customerId: 'cus_01jd3x5k2v0000000000000001' },
    ],
  },
)
const couponExample = {
  id: 'cpn_01jd3x5k2v0000000000000001',
  code: 'SUMMER24',
  promotionId,
  batchId: null,
  customerId: null,
  maxUses: null,
  perCustomerLimit: 1,
  usedCount: 12,
  status: 'active',
  expiresAt: '2026-09-01T00:00:00.000Z',
  version: 2,
  createdAt: '2026-06-01T09:00:00.000Z',
  updatedAt: '2026-06-01T09:00:00.000Z',
}
const Coupon = named('Coupon', Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    promotionId: Type.String(),
    batchId: nullable(Type.String()),
    customerId: nullable(Type.String()),
    maxUses: nullable(Type.Integer()),
    perCustomerLimit: nullable(Type.Integer()),
    usedCount: Type.Integer({ description: 'Orders that used it (a cancelled or fully returned order gives its use back)' }),
    status: { ...Status, description: 'As of now: disabled by hand, past its expiry, every use taken, or active' },
    expiresAt: nullable(Type.String({ format: 'date-time' })),
    version: Version,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { ...closed, examples: [couponExample] },
))
const CouponPage = Type.Object(Page(Coupon).properties, { ...closed, examples: [{ items: [couponExample], nextCursor: null }] })
const ListQuery = Type.Object(
  {
    ...PageQuery,
    promotionId: Type.Optional(Id),
    batchId: Type.Optional(Id),
    customerId: Type.Optional(Id),
    status: Type.Optional(Status),
    ...SortAndCountQuery(COUPON_SORT_KEYS, 'newest first'),
  },
  closed,
)
const CouponPatch = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('disabled')])), expiresAt: Type.Optional(Expiry) },
  { ...closed, minProperties: 1, examples: [{ status: 'disabled' }, { expiresAt: '2026-12-31T23:00:00.000Z' }] },
)
const CodeParams = Type.Object({ code: Code }, closed)
const QrQuery = Type.Object({ format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')], { default: 'svg' })) }, closed)

const BatchBody = Type.Object(
  {
    promotionId: Id,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    quantity: Type.Integer({ minimum: 1, maximum: MAX_BATCH_QUANTITY }),
    prefix: Type.Optional(Prefix),
    maxUsesPerCode: Type.Optional(nullable({ ...Limit, description: 'Default 1: each code single-use' })),
    perCustomerLimit: Type.Optional(nullable(Limit)),
    expiresAt: Type.Optional(Expiry),
  },
  { ...closed, examples: [{ promotionId, name: 'Instagram contest, June', quantity: 500, prefix: 'INSTA', expiresAt: '2026-07-31T22:00:00.000Z' }] },
)
const batchExample = {
  id: 'cpb_01jd3x5k2v0000000000000001',
  promotionId,
  name: 'Instagram contest, June',
  prefix: 'INSTA',
  quantity: 500,
  maxUsesPerCode: 1,
  perCustomerLimit: null,
  expiresAt: '2026-07-31T22:00:00.000Z',
  createdAt: '2026-06-01T09:00:00.000Z',
}
const Batch = named('CouponBatch', Type.Object(
  {
    id: Type.String(),
    promotionId: Type.String(),
    name: Type.String(),
    prefix: nullable(Type.String()),
    quantity: Type.Integer(),
    maxUsesPerCode: nullable(Type.Integer()),
    perCustomerLimit: nullable(Type.Integer()),
    expiresAt: nullable(Type.String({ format: 'date-time' })),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { ...closed, examples: [batchExample] },
))
const BatchParams = Type.Object({ id: Id }, closed)

export const couponRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.database.db
  app.post(
    '/v1/coupons',
    {
      schema: {
        operationId: 'createCoupon',
        tags,
        summary: 'Create a coupon for a promotion',
        description: 'A typed code or a drawn one; single-use (maxUses 1), capped or unlimited, limited per customer, with an expiry, or bound to one customer (a voucher). 409 coupon-code-taken, promotion-archived.',
        security: bearer,
        body: CouponBody,
        response: { 201: Coupon, ...errors, 409: Problem },
      },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => createCoupon(tx, { ...req.body, actor: actorRefOf(req.actor) }), { status: 201 }),
  )
  app.get(
    '/v1/coupons',
    { schema: { operationId: 'listCoupons', tags, summary: 'List coupons, newest first', security: bearer, querystring: ListQuery, response: { 200: CouponPage, ...errors } }, config: can },
    (req) => listCoupons(db, req.query),
  )
  // Batches lived under /v1/coupons/batches, which a coupon code `batches` made ambiguous with /v1/coupons/{code}/…:
  // they moved to /v1/coupon-batches; the old paths still answer for existing clients, left out of the document.
  for (const [base, hide] of [['/v1/coupon-batches', false], ['/v1/coupons/batches', true]] as const) {
    app.post(
      base,
      {
        schema: {
          operationId: 'createCouponBatch',
          hide,
          tags,
          summary: 'Generate a batch of unique codes (a contest’s 500 codes)',
          description: 'Codes are drawn at random (60 bits each) and guaranteed unique; export them with GET /v1/coupon-batches/{id}/codes.csv.',
          security: bearer,
          body: BatchBody,
          response: { 201: Batch, ...errors, 409: Problem },
        },
        config: can,
      },
      (req, reply) => mutate(req, reply, (tx) => createCouponBatch(tx, { ...req.body, actor: actorRefOf(req.actor) }), { status: 201 }),
    )
    app.get(
      `${base}/:id`,
      { schema: { operationId: 'getCouponBatch', hide, tags, summary: 'A batch as it was asked', security: bearer, params: BatchParams, response: { 200: Batch, ...errors } }, config: can },
      (req) => getCouponBatch(db, { batchId: req.params.id }),
    )
    app.get(
      `${base}/:id/codes.csv`,
      {
        schema: {
          operationId: 'exportCouponBatchCsv',
          hide,
          tags,
          summary: 'The batch’s codes as CSV',
          description: 'Columns: code, promotion_id, promotion_name, max_uses, used, status, expires_at, qr_url (RFC 4180, CRLF, sent as an attachment).',
          security: bearer,
          params: BatchParams,
          response: { 200: { description: 'CSV file', content: { 'text/csv': { schema: Type.String() } } }, ...errors },
        },
        config: can,
      },
      async (req, reply) => {
        const { filename, csv } = await exportCouponBatchCsv(db, { batchId: req.params.id, baseUrl: app.config.publicUrl })
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(csv)
      },
    )
  }
  app.get(
    '/v1/coupons/:code',
    { schema: { operationId: 'getCoupon', tags, summary: 'A coupon by code', security: bearer, params: CodeParams, response: { 200: Coupon, ...errors } }, config: can },
    (req) => getCoupon(db, { code: req.params.code }),
  )
  app.patch(
    '/v1/coupons/:code',
    {
      schema: { operationId: 'updateCoupon', tags, summary: 'Disable or enable a coupon, or change its expiry', security: bearer, params: CodeParams, headers: IfMatchHeaders, body: CouponPatch, response: { 200: Coupon, ...errors, ...ConcurrencyErrors } },
      config: can,
    },
    (req, reply) => mutate(req, reply, (tx) => updateCoupon(tx, { ...req.body, code: req.params.code, expectedVersion: expectedVersionOf(req) })),
  )
  app.get(
    '/v1/coupons/:code/qr',
    {
      schema: {
        operationId: 'renderCouponQr',
        tags,
        summary: 'The coupon as a QR code (SVG, or PNG with ?format=png)',
        description: 'The QR holds the code itself: a till’s scanner types it into the coupon field.',
        security: bearer,
        params: CodeParams,
        querystring: QrQuery,
        response: { 200: { description: 'QR image', content: { 'image/svg+xml': { schema: Type.String() }, 'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } }, ...errors },
      },
      config: can,
    },
    async (req, reply) => {
      const qr = await renderCouponQr(db, { code: req.params.code, format: req.query.format ?? 'svg' })
      return reply.type(qr.contentType).header('cache-control', 'private, max-age=3600').send(qr.body)
    },
  )
}
