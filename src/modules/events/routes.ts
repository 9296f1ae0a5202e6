import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

export const eventRoutes: FastifyPluginAsyncTypebox = async () => {}
