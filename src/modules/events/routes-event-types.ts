import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { CataloguedEvent } from '../../platform/event-types.js'

const EventTypeEntry = Type.Object(
  {
    type: Type.String({ maxLength: 100, description: 'The event type, `<module>.<noun>_<past-verb>`: what SSE `types=` and webhook `eventTypes` name' }),
    description: Type.String({ maxLength: 1000, description: 'What happened, and whom the event concerns (its scope: who sees it on SSE)' }),
    payloadSchema: Type.Object({}, { additionalProperties: true, description: 'JSON Schema (2020-12) of the event’s `data`' }),
  },
  { additionalProperties: false },
)
const EventTypeList = Type.Object(
  { items: Type.Array(EventTypeEntry, { maxItems: 1000, description: 'Every event type, sorted by name' }) },
  {
    additionalProperties: false,
    examples: [
      {
        items: [
          {
            type: 'orders.order_status_changed',
            description: 'An order’s status moved.',
            payloadSchema: {
              type: 'object',
              required: ['orderId', 'number', 'from', 'to'],
              properties: {
                orderId: { type: 'string', maxLength: 64 },
                number: { type: 'integer', minimum: 0, maximum: 1_000_000_000, format: 'int32' },
                from: { type: 'string', maxLength: 64 },
                to: { type: 'string', maxLength: 64 },
              },
              additionalProperties: false,
            },
          },
        ],
      },
    ],
  },
)

/**
 * GET /v1/event-types: the catalogue, for discovery. Public, like /openapi.json whose `webhooks` section says the same:
 * it describes the API, not anybody's data, and an integrator reads it before holding a key.
 */
export const eventTypeRoutes: FastifyPluginAsyncTypebox<{ catalogue: readonly CataloguedEvent[] }> = async (app, options) => {
  const items = options.catalogue.map((event) => ({ type: event.type, description: event.description, payloadSchema: event.payload }))
  app.get(
    '/v1/event-types',
    {
      schema: {
        tags: ['events'],
        operationId: 'listEventTypes',
        summary: 'Every event type with the JSON Schema of its payload (SSE `data.data`, webhook `data`)',
        security: [],
        response: { 200: EventTypeList },
      },
    },
    async () => ({ items }),
  )
}
