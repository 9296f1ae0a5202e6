import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { forbidden } from '../../platform/auth.js'
import { Problem } from '../../platform/problems.js'
import { audienceOf, eventDataFor, eventSelector, openEventStream, parseEventTypes, SSE_RETRY_MS, type EventStream } from './service.js'

const EventId = Type.String({ maxLength: 64, description: 'An event id (`evt_…`) from a previous message’s `id:` line' })
const StreamQuery = Type.Object(
  {
    types: Type.Optional(
      Type.String({ maxLength: 2000, description: 'Comma-separated event types: exact names or prefixes, e.g. `catalog.product_created,orders.*`' }),
    ),
    locationId: Type.Optional(Type.String({ maxLength: 64, description: 'Only events about this location' })),
    customerId: Type.Optional(Type.String({ maxLength: 64, description: 'Only events about this customer' })),
    lastEventId: Type.Optional({ ...EventId, description: 'Same as the Last-Event-ID header, for clients that cannot set headers' }),
  },
  { additionalProperties: false },
)
// Headers are always open-ended; this schema only documents Last-Event-ID.
const StreamHeaders = Type.Object({ 'last-event-id': Type.Optional(EventId) }, { additionalProperties: true })
// A plain JSON schema rather than Type.String: the handler sends a stream, which a string type would refuse.
const StreamBody = {
  type: 'string',
  description: [
    'A `text/event-stream`. Each event is a message with `id: <event id>`, `event: <type>` and `data: <JSON {id, type, occurredAt, locationId, customerId, data}>`.',
    `The stream opens with \`retry: ${SSE_RETRY_MS}\`; comment lines (\`: …\`) are heartbeats every 15 s or notices, such as an unknown Last-Event-ID.`,
  ].join(' '),
}
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<EventStream>()
  // preClose, not onClose: the server waits for open connections before onClose hooks run, and a stream never ends.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.close('the server is shutting down; reconnect with Last-Event-ID to resume')
  })

  app.get(
    '/v1/events/stream',
    {
      schema: {
        operationId: 'streamEvents',
        tags: ['events'],
        summary: 'Live stream of committed events (Server-Sent Events), resumable with Last-Event-ID',
        description:
          'Admins and API keys with `events:read` see every event; store staff see the events of their own locations; call-centre agents the events about customers; a customer the events about themselves, with any staff user’s id in their data replaced by null. A location or customer outside your reach answers 404.',
        security: [{ bearer: [] }],
        querystring: StreamQuery,
        headers: StreamHeaders,
        response: { 200: { description: 'The event stream', content: { 'text/event-stream': { schema: StreamBody } } }, ...errors },
      },
      config: { can: 'events:read' },
    },
    async (req, reply) => {
      const audience = audienceOf(req.actor)
      if (!audience) throw forbidden('events:read')
      const accept = eventSelector(audience, {
        types: parseEventTypes(req.query.types, '/query/types'),
        locationId: req.query.locationId,
        customerId: req.query.customerId,
      })
      const stream = openEventStream({
        db: app.database.db,
        dispatcher: app.events,
        accept,
        present: eventDataFor(audience),
        lastEventId: req.headers['last-event-id'] ?? req.query.lastEventId ?? null,
        onError: (error) => req.log.error({ err: error }, 'event stream failed'),
      })
      open.add(stream)
      stream.readable.once('close', () => open.delete(stream))
      // Connection: close, so that ending a stream at shutdown also frees its socket instead of keeping it alive.
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .header('connection', 'close')
        .send(stream.readable)
    },
  )
}
