/**
 * GDPR and staff-access routes: the export of everything held about a customer, erasure, and the access log (the
 * customer 360 for staff is the customer-overview module's). Rules: gdpr-export.ts, gdpr.ts, access-log.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { ACCESS_LOG_SORT_KEYS, listAccessLog } from './access-log.js'
import { eraseCustomer } from './gdpr.js'
import { exportCustomerData } from './gdpr-export.js'
import { AccessLogPage, ErasureSummary, ExportDocument, LocationQuery } from './routes-gdpr-schemas.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const tags = ['customers']
const CustomerParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, closed)
const ErasureBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Why (a ticket, "self-service"); the person’s own email, phone and names are cut out before it is stored',
    }),
  },
  { ...closed, examples: [{ reason: 'Request received by email, ticket 4821' }] },
)
const AccessLogQuery = Type.Object({ ...PageQuery, ...SortAndCountQuery(ACCESS_LOG_SORT_KEYS, 'newest first') }, { ...closed, examples: [{ limit: 20 }] })
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, Problem])) as Record<number, TSchema>

export const gdprRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/export',
    {
      schema: {
        operationId: 'exportCustomerData',
        tags,
        summary: 'Everything held about a customer, as a JSON document to download (GDPR access and portability)',
        description:
          'The customer herself, or staff with `customers:export` (admins by default; store staff from a store of theirs). Sent as an attachment. Logged in the access log (`export`). Never contains password or token hashes, nor card data (none is stored beyond a brand and last four, which are left out).',
        security: bearer,
        params: CustomerParams,
        querystring: LocationQuery,
        response: { 200: ExportDocument, ...problems(400, 401, 403, 404) },
      },
      config: { authenticated: true },
    },
    async (request, reply) => {
      const { id } = request.params
      const document = await request.server.database.transaction((tx) =>
        exportCustomerData(tx, { actor: request.actor, customerId: id, locationId: request.query.locationId }),
      )
      void reply.header('content-disposition', `attachment; filename="customer-${id}-export.json"`)
      return document
    },
  )

  app.post(
    '/v1/customers/:id/erasure',
    {
      schema: {
        operationId: 'eraseCustomer',
        tags,
        summary: 'Erase a customer’s personal data (GDPR right to erasure); orders and invoices stay, anonymised',
        description:
          'The customer herself, or staff with `customers:erase` (admins by default). One transaction: profile, identifiers, wishlist, open carts, touchpoints and sessions go; orders, returns, store credit and consent decisions stay without personal data; event payloads and queued webhook deliveries about her are scrubbed. Refused (409 orders-in-progress) while an order still has to be delivered or collected. Repeating it is a no-op 200 (`alreadyErased`).',
        security: bearer,
        params: CustomerParams,
        querystring: LocationQuery,
        body: ErasureBody,
        response: { 200: ErasureSummary, ...problems(400, 401, 403, 404, 409) },
      },
      config: { authenticated: true },
    },
    (request, reply) =>
      mutate(request, reply, (tx) =>
        eraseCustomer(tx, { actor: request.actor, customerId: request.params.id, reason: request.body.reason, locationId: request.query.locationId }),
      ),
  )
}

/**
 * The access log, a plugin of its own: app.ts mounts the 360 (customer-overview) between these two plugins, where its
 * route always was, so that the OpenAPI document lists the paths in the same order.
 */
export const accessLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/access-log',
    {
      schema: {
        operationId: 'listAccessLog',
        tags,
        summary: 'Who accessed or acted on a customer’s data: lookups, 360 views, exports, erasure, merges',
        description: 'The customer herself (GDPR transparency), or staff with `customers:export`. Newest first, cursor-paged.',
        security: bearer,
        params: CustomerParams,
        querystring: AccessLogQuery,
        response: { 200: AccessLogPage, ...problems(400, 401, 403, 404) },
      },
      config: { authenticated: true },
    },
    async (request) =>
      listAccessLog(request.server.database.db, {
        actor: request.actor,
        customerId: request.params.id,
        cursor: request.query.cursor,
        limit: request.query.limit,
      }),
  )
}
