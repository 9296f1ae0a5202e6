/** Customer group routes: groups and their members, managed by pricing staff (pricing:manage). See groups.ts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { LongPageQuery, SortAndCountQuery } from '../../platform/list-order.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { addCustomerToGroup, CUSTOMER_GROUP_SORT_KEYS, listCustomerGroups, removeCustomerFromGroup, saveCustomerGroup } from './service.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', maxLength: 40, description: 'Lower-case letters, digits, - and _ (up to 40)' })
const GroupParams = Type.Object({ code: Code }, closed)
const MemberParams = Type.Object({ code: Code, customerId: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const GroupBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { ...closed, examples: [{ name: 'Personnel' }] })

const staffGroup = { code: 'staff', name: 'Personnel', memberCount: 12, version: 1, createdAt: '2026-11-02T09:00:00.000Z' }
const CustomerGroup = Type.Object(
  { code: Type.String(), name: Type.String(), memberCount: Type.Integer({ minimum: 0 }), version: Version, createdAt: Type.String({ format: 'date-time' }) },
  { ...closed, examples: [staffGroup] },
)
const CustomerGroups = Type.Object(Page(CustomerGroup).properties, {
  ...closed,
  examples: [{ items: [{ code: 'b2b-lumiere', name: 'Hôtel Lumière', memberCount: 3, version: 2, createdAt: '2026-11-10T14:00:00.000Z' }, staffGroup], nextCursor: null }],
})
const GroupListQuery = Type.Object({ ...LongPageQuery, ...SortAndCountQuery(CUSTOMER_GROUP_SORT_KEYS, 'code') }, closed)
const Membership = Type.Object(
  { code: Type.String(), customerId: Type.String() },
  { ...closed, examples: [{ code: 'staff', customerId: 'cus_01jd3x5k2v0000000000000000' }] },
)

export const customerGroupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customer-groups',
    {
      schema: {
        operationId: 'listCustomerGroups',
        tags: ['customers'],
        summary: 'List customer groups',
        description: 'Groups by code, with their number of members.',
        security: bearer,
        querystring: GroupListQuery,
        response: { 200: CustomerGroups, ...errors },
      },
      config: { can: 'pricing:manage' },
    },
    (request) => listCustomerGroups(request.server.database.db, request.query),
  )

  app.put(
    '/v1/customer-groups/:code',
    {
      schema: {
        operationId: 'saveCustomerGroup',
        tags: ['customers'],
        summary: 'Create or rename a customer group',
        description: 'Price lists (and promotions) name groups by code; the code never changes.',
        security: bearer,
        params: GroupParams,
        headers: IfMatchHeaders,
        body: GroupBody,
        response: { 200: CustomerGroup, ...errors, ...ConcurrencyErrors },
      },
      config: { can: 'pricing:manage' },
    },
    (request, reply) => mutate(request, reply, (tx) => saveCustomerGroup(tx, { code: request.params.code, name: request.body.name, expectedVersion: expectedVersionOf(request) })),
  )

  app.put(
    '/v1/customer-groups/:code/members/:customerId',
    {
      schema: {
        operationId: 'addCustomerToGroup',
        tags: ['customers'],
        summary: 'Add a customer to a group',
        description: 'Idempotent: adding a member twice changes nothing. 404 for an unknown group or customer; 409 for a merged or erased profile.',
        security: bearer,
        params: MemberParams,
        response: { 200: Membership, ...errors, 409: Problem },
      },
      config: { can: 'pricing:manage' },
    },
    (request, reply) => mutate(request, reply, (tx) => addCustomerToGroup(tx, { code: request.params.code, customerId: request.params.customerId })),
  )

  app.delete(
    '/v1/customer-groups/:code/members/:customerId',
    {
      schema: {
        operationId: 'removeCustomerFromGroup',
        tags: ['customers'],
        summary: 'Remove a customer from a group',
        description: '404 when the customer is not in the group.',
        security: bearer,
        params: MemberParams,
        response: { 204: Type.Null(), ...errors },
      },
      config: { can: 'pricing:manage' },
    },
    (request, reply) =>
      mutate(
        request,
        reply,
        async (tx) => {
          await removeCustomerFromGroup(tx, { code: request.params.code, customerId: request.params.customerId })
          return null
        },
        { status: 204 },
      ),
  )
}
