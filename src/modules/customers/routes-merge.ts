/** HTTP for profile merges (merge.ts): merge two profiles, list a profile's merges, revert one. Admins only. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { listCustomerMerges, MERGE_SORT_KEYS, mergeCustomers, revertMerge } from './merge.js'
import { MERGE_TRIGGERS } from './schema.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const Id = Type.String({ minLength: 1, maxLength: 64 })
const CustomerParams = Type.Object({ id: Id }, closed)
const MergeParams = Type.Object({ mergeId: Id }, closed)
const ActorRef = Type.Object({ kind: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }, closed)
const Count = Type.Integer({ minimum: 0 })

const mergeExample = {
  id: 'merge_01jd3x9q4m0000000000000000',
  survivorId: 'cus_01jd3x5k2v0000000000000000',
  mergedId: 'cus_01jd3x7h8n0000000000000000',
  trigger: 'admin',
  reason: 'Même cliente : compte web et fiche créée en boutique',
  actor: { kind: 'staff', id: 'usr_01jd3x5k2v0000000000000000' },
  createdAt: '2026-11-23T10:00:00.000Z',
  revertedAt: null,
  revertedBy: null,
  moved: {
    identifiers: 3,
    carts: 2,
    mergedCarts: 1,
    orders: 4,
    returns: 1,
    touchpoints: 27,
    devices: 1,
    giftCards: 1,
    groups: 0,
    consentEvents: 2,
    wishlistItems: 3,
    storeCreditEntries: 1,
    storeCredit: { amount: 1500, currency: 'EUR' },
    filledFields: ['email', 'password'],
  },
}

const CustomerMerge = Type.Object(
  {
    id: Type.String(),
    survivorId: Type.String({ description: 'The profile that remains and now holds everything' }),
    mergedId: Type.String({ description: 'The profile merged away; reading it shows mergedIntoId' }),
    trigger: Type.Unsafe<(typeof MERGE_TRIGGERS)[number]>({ type: 'string', enum: [...MERGE_TRIGGERS] }),
    reason: Type.Union([Type.String(), Type.Null()]),
    actor: ActorRef,
    createdAt: Type.String({ format: 'date-time' }),
    revertedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    revertedBy: Type.Union([ActorRef, Type.Null()]),
    moved: Type.Object(
      {
        identifiers: Count,
        carts: Count,
        mergedCarts: Type.Integer({ minimum: 0, description: 'Open carts whose lines joined the survivor’s open cart' }),
        orders: Count,
        returns: Count,
        touchpoints: Count,
        devices: Count,
        giftCards: Count,
        groups: Type.Integer({ minimum: 0, description: 'Customer groups whose membership moved (price lists, promotions)' }),
        consentEvents: Count,
        wishlistItems: Count,
        storeCreditEntries: Count,
        storeCredit: Type.Object({ amount: Type.Integer({ minimum: 0 }), currency: Type.String() }, closed),
        filledFields: Type.Array(Type.String(), { description: 'The survivor’s empty fields filled from the merged profile' }),
      },
      { ...closed, description: 'What moved to the survivor, counted; a revert moves exactly these rows back' },
    ),
  },
  { ...closed, examples: [mergeExample] },
)
const MergeQuery = Type.Object({ ...PageQuery, ...SortAndCountQuery(MERGE_SORT_KEYS, 'newest first') }, closed)
const MergePage = Type.Object(Page(CustomerMerge).properties, { ...closed, examples: [{ items: [mergeExample], nextCursor: null }] })

const MergeBody = Type.Object(
  {
    mergedCustomerId: Type.String({ minLength: 1, maxLength: 64, description: 'The profile to merge into this one (it is the one that goes)' }),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { ...closed, examples: [{ mergedCustomerId: 'cus_01jd3x7h8n0000000000000000', reason: 'Même cliente : compte web et fiche créée en boutique' }] },
)

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }

export const customerMergeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/customers/:id/merges',
    {
      schema: {
        operationId: 'mergeCustomers',
        tags: ['customers'],
        summary: 'Merge another profile into this one (admin)',
        description:
          'Identifiers, carts (open ones joined: quantities add, capped at 99), orders, returns, store credit, timeline, consents (newest decision per purpose), wishlist and devices move to this profile; its empty fields are filled from the merged one, whose tokens are revoked. A profile already merged cannot take part (409 customer-merged). Reversible with POST /v1/customer-merges/{mergeId}/revert.',
        security: bearer,
        params: CustomerParams,
        body: MergeBody,
        response: { 201: CustomerMerge, ...problems },
      },
      config: { can: 'customers:merge' },
    },
    (request, reply) =>
      mutate(
        request,
        reply,
        (tx) => mergeCustomers(tx, { actor: requireActor(request), survivorId: request.params.id, mergedId: request.body.mergedCustomerId, reason: request.body.reason ?? null }),
        { status: 201 },
      ),
  )

  app.get(
    '/v1/customers/:id/merges',
    {
      schema: {
        operationId: 'listCustomerMerges',
        tags: ['customers'],
        summary: 'The merges a profile took part in, as survivor or merged, newest first (admin)',
        security: bearer,
        params: CustomerParams,
        querystring: MergeQuery,
        response: { 200: MergePage, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
      config: { can: 'customers:merge' },
    },
    (request) => listCustomerMerges(request.server.database.db, { customerId: request.params.id, ...request.query }),
  )

  app.post(
    '/v1/customer-merges/:mergeId/revert',
    {
      schema: {
        operationId: 'revertMerge',
        tags: ['customers'],
        summary: 'Revert a merge (admin)',
        description:
          'Moves back exactly the rows the merge moved that are still on the survivor and restores the merged profile’s identifiers, fields, consent states and login (its old tokens stay revoked). Whole or not at all: 409 merge-not-revertible when the survivor was since merged away or has spent the store credit the merge brought.',
        security: bearer,
        params: MergeParams,
        response: { 200: CustomerMerge, ...problems },
      },
      config: { can: 'customers:merge' },
    },
    (request, reply) => mutate(request, reply, (tx) => revertMerge(tx, { actor: requireActor(request), mergeId: request.params.mergeId })),
  )
}
