/**
 * The OpenAPI 3.1 `webhooks` section: one entry per catalogued event type, describing the POST a delivery makes to a
 * subscriber (the envelope around the payload, and the headers of both signature schemes), so that a client generator
 * types the receiving side too.
 */
import type { CataloguedEvent } from '../../platform/event-types.js'

const header = (name: string, description: string, required: boolean, example: string) => ({
  name,
  in: 'header',
  required,
  description,
  schema: { type: 'string', maxLength: 1000 },
  example,
})

const DELIVERY_HEADERS = [
  header(
    'Omnicanal-Event-Id',
    'The event id, the same on every attempt: deduplicate on it (delivery is at-least-once).',
    true,
    'evt_01jd3x5k2v0000000000000000',
  ),
  header('Omnicanal-Event-Type', 'The event type, as in the body.', true, 'orders.order_placed'),
  header('Omnicanal-Delivery-Id', 'This subscription’s delivery of the event (see GET /v1/webhooks/{id}/deliveries).', true, 'whd_01jd3x5k2v0000000000000000'),
  header('Omnicanal-Delivery-Attempt', 'Which attempt this is, from 1.', true, '1'),
  header('Omnicanal-Timestamp', 'Scheme `stripe`: unix seconds of the signature.', false, '1765094400'),
  header(
    'Omnicanal-Signature',
    'Scheme `stripe`: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one v1 per valid secret during a rotation. Verify with `stripe.webhooks.constructEvent(rawBody, header, secret)`.',
    false,
    't=1765094400,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  ),
  header('webhook-id', 'Scheme `standard-webhooks`: the event id.', false, 'evt_01jd3x5k2v0000000000000000'),
  header('webhook-timestamp', 'Scheme `standard-webhooks`: unix seconds of the signature.', false, '1765094400'),
  header(
    'webhook-signature',
    'Scheme `standard-webhooks`: `v1,<base64 HMAC-SHA256(base64-decoded key after whsec_, "<webhook-id>.<webhook-timestamp>.<raw body>")>`, space-separated during a rotation. Verify with any Standard Webhooks library.',
    false,
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ),
]

/** PascalCase of an event type: `orders.order_placed` → `OrdersOrderPlaced`. */
function pascalCase(type: string): string {
  return type
    .split(/[._]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('')
}

// Named, so the document writes them once for all the event types (openapi-document.ts).
const EventId = { title: 'EventId', type: 'string', maxLength: 64, description: 'The event id (also Omnicanal-Event-Id / webhook-id)' }
const EventOccurredAt = { title: 'EventOccurredAt', type: 'string', format: 'date-time', maxLength: 40, description: 'When the change committed' }

function envelope(event: CataloguedEvent) {
  return {
    type: 'object',
    required: ['id', 'type', 'occurredAt', 'data'],
    additionalProperties: false,
    properties: {
      id: EventId,
      type: { type: 'string', const: event.type },
      occurredAt: EventOccurredAt,
      data: event.payload,
    },
  }
}

/** The `webhooks` object of the OpenAPI document, one POST per event type. */
export function webhooksDocument(catalogue: readonly CataloguedEvent[]): Record<string, unknown> {
  return Object.fromEntries(
    catalogue.map((event) => [
      event.type,
      {
        post: {
          operationId: `receive${pascalCase(event.type)}`,
          tags: ['webhooks'],
          summary: event.type,
          // Who receives it and how it is signed is the same for every type: the `webhooks` tag says it once.
          description: event.description,
          security: [],
          parameters: DELIVERY_HEADERS,
          requestBody: { required: true, content: { 'application/json': { schema: envelope(event) } } },
          responses: {
            '200': { description: 'Delivered: any 2xx answer counts.' },
            default: { description: 'Not delivered: anything else, a redirect or a timeout is retried with exponential backoff, then marked failed.' },
          },
        },
      },
    ]),
  )
}
