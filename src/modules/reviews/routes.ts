/**
 * Review routes: a product's published reviews and her submission under the product (`/v1/products/{id}/reviews`),
 * hers under her profile (`/v1/customers/{id}/reviews`), and one review, her edit and its moderation under
 * `/v1/reviews/{id}`; the moderation queue is `/v1/reviews`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { CustomerReviewsQuery, IdParams, ModerationBody, ProductReviewPage, ProductReviewsQuery, Review, ReviewBody, ReviewPage, ReviewPatch, ReviewQueueQuery } from './schemas.js'
import { editReview, getReview, listCustomerReviews, listProductReviews, listReviews, moderateReview, submitReview, toReview } from './service.js'

const auth = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const tags = ['reviews']

export const reviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.database

  app.get(
    '/v1/products/:id/reviews',
    {
      schema: {
        operationId: 'listProductReviews',
        tags,
        summary: 'A product’s published reviews, with their count, average and distribution',
        description: 'Open to anyone. Only published reviews; the reviewer shows as her first name and initial. The aggregate covers every published review of the product, whatever the page or `locale` asked. A product not on sale is a 404.',
        security: [],
        params: IdParams,
        querystring: ProductReviewsQuery,
        response: { 200: ProductReviewPage, 400: Problem, 404: Problem },
      },
    },
    (req) => listProductReviews(db, { ...req.query, productId: req.params.id }),
  )

  app.post(
    '/v1/products/:id/reviews',
    {
      schema: {
        operationId: 'submitProductReview',
        tags,
        summary: 'Rate and review a product she bought, on any channel (pending moderation)',
        description:
          'The customer herself, who has a paid order of the product (paid or further along, not cancelled) — web, app, store, kiosk, phone or marketplace — (403 purchase-required otherwise; 404 for a product not on sale that she did not buy): the review is marked a verified purchase with that channel’s kind, until that order is cancelled with no other paid order of hers for the product left. One review per customer and product: a second is a 409 review-exists naming hers. Staff cannot write one for her (403).',
        security: auth,
        params: IdParams,
        body: ReviewBody,
        response: { 201: Review, ...errors },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, async (tx) => toReview(await submitReview(tx, { actor: req.actor, productId: req.params.id, review: req.body }), 'author'), { status: 201 }),
  )

  app.get(
    '/v1/customers/:id/reviews',
    {
      schema: {
        operationId: 'listCustomerReviews',
        tags,
        summary: 'A customer’s reviews in every status, with their moderation',
        description: 'The customer herself, or staff with customers:read; anyone else gets a 404.',
        security: auth,
        params: IdParams,
        querystring: CustomerReviewsQuery,
        response: { 200: ReviewPage, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => listCustomerReviews(db, { ...req.query, actor: req.actor, customerId: req.params.id }),
  )

  app.get(
    '/v1/reviews',
    {
      schema: {
        operationId: 'listReviews',
        tags,
        summary: 'The moderation queue: reviews by status (`?status=pending`), oldest first',
        description: 'Staff with reviews:moderate (admins by default) and integrations with the scope.',
        security: auth,
        querystring: ReviewQueueQuery,
        response: { 200: ReviewPage, ...errors },
      },
      config: { can: 'reviews:moderate' },
    },
    (req) => listReviews(db, req.query),
  )

  app.get(
    '/v1/reviews/:id',
    {
      schema: {
        operationId: 'getReview',
        tags,
        summary: 'One review with its status and moderation',
        description: 'Its author, staff with reviews:moderate or customers:read; anyone else gets a 404, whatever its status.',
        security: auth,
        params: IdParams,
        response: { 200: Review, ...errors },
      },
      config: { authenticated: true },
    },
    (req) => getReview(db, { actor: req.actor, reviewId: req.params.id }),
  )

  app.patch(
    '/v1/reviews/:id',
    {
      schema: {
        operationId: 'updateReview',
        tags,
        summary: 'Change her review; it goes back to moderation',
        description: 'Its author only (another customer gets a 404, staff a 403). Any review but a rejected one (409 review-rejected); it becomes pending again, the previous decision cleared. If-Match as on every resource.',
        security: auth,
        params: IdParams,
        headers: IfMatchHeaders,
        body: ReviewPatch,
        response: { 200: Review, ...errors, ...ConcurrencyErrors },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, async (tx) => toReview(await editReview(tx, { actor: req.actor, reviewId: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) }), 'author')),
  )

  app.post(
    '/v1/reviews/:id/moderation',
    {
      schema: {
        operationId: 'moderateReview',
        tags,
        summary: 'Publish, hold or reject a review, with an optional note',
        description: 'Staff with reviews:moderate. Along the lifecycle only: pending → published | held | rejected; held → published | rejected; published → held | rejected; rejected is final (409 illegal-transition otherwise). Records who and when; each decision is an event.',
        security: auth,
        params: IdParams,
        headers: IfMatchHeaders,
        body: ModerationBody,
        response: { 200: Review, ...errors, ...ConcurrencyErrors },
      },
      config: { can: 'reviews:moderate' },
    },
    (req, reply) => mutate(req, reply, async (tx) => toReview(await moderateReview(tx, { actor: req.actor, reviewId: req.params.id, status: req.body.status, note: req.body.note, expectedVersion: expectedVersionOf(req) }), 'staff')),
  )
}
