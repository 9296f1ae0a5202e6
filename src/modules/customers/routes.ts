import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { Problem } from '../../platform/problems.js'
import { CustomerProfile, getCustomer } from './service.js'

const CustomerParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false })

export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/me',
    {
      schema: { tags: ['customers'], summary: 'The signed-in customer’s profile', security: [{ bearer: [] }], response: { 200: CustomerProfile, 401: Problem, 404: Problem } },
      config: { authenticated: true },
    },
    async (request) => {
      const actor = requireActor(request)
      return getCustomer(request.server.database.db, { actor, customerId: actor.kind === 'customer' ? actor.id : '' })
    },
  )

  app.get(
    '/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'A customer profile (the customer themself, or staff)',
        security: [{ bearer: [] }],
        params: CustomerParams,
        response: { 200: CustomerProfile, 401: Problem, 404: Problem },
      },
      config: { authenticated: true },
    },
    async (request) => getCustomer(request.server.database.db, { actor: request.actor, customerId: request.params.id }),
  )
}
