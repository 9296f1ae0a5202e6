/** The customer 360 route: GET /v1/customers/{id}/overview (rules: service.ts), tagged with the customers routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type, type TSchema } from 'typebox'
import { Problem } from '../../platform/problems.js'
import { Overview } from './schemas.js'
import { LocationQuery } from '../customers/service.js'
import { getCustomerOverview } from './service.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const tags = ['customers']
const CustomerParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, closed)
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, Problem])) as Record<number, TSchema>

/** Mounted by app.ts between the customers module's gdprRoutes and accessLogRoutes, where the route always was. */
export const customerOverviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/overview',
    {
      schema: {
        operationId: 'getCustomerOverview',
        tags,
        summary: 'Customer 360 for staff: profile, consents, loyalty, carts, orders, returns, touchpoints and stock at your store',
        description:
          'Staff with `customers:read`. Store staff serve from one of their stores (`locationId`, implied when they have only one): its stock of every item in her open carts and wishlist is shown. Carts are flagged abandoned after 60 minutes without a write. Loyalty shows her available points and tier code. Every call is logged in the access log (`overview`, who, which store).',
        security: bearer,
        params: CustomerParams,
        querystring: LocationQuery,
        response: { 200: Overview, ...problems(400, 401, 403, 404) },
      },
      config: { can: 'customers:read' },
    },
    async (request) =>
      request.server.database.transaction((tx) =>
        getCustomerOverview(tx, { actor: request.actor, customerId: request.params.id, locationId: request.query.locationId }),
      ),
  )
}
