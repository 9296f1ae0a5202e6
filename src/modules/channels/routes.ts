import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { named } from '../../platform/openapi-document.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { CHANNEL_SORT_KEYS, createChannel, getChannel, getFulfilmentLocations, listChannels, setFulfilmentLocations, updateChannel } from './service.js'

const Kind = Type.Union([Type.Literal('web'), Type.Literal('mobile_app'), Type.Literal('store'), Type.Literal('kiosk'), Type.Literal('marketplace'), Type.Literal('phone'), Type.Literal('catalogue')])
const Fields = {
  code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Readable unique code, e.g. kiosk-lyon' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  locationId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'The store of a store or kiosk channel; null otherwise' }),
  active: Type.Boolean(),
}
const ChannelBody = Type.Object(
  { ...Fields, locationId: Type.Optional(Fields.locationId), active: Type.Optional(Fields.active) },
  {
    additionalProperties: false,
    examples: [
      { code: 'kiosk-lyon', name: 'Borne Lyon Presqu’île', kind: 'kiosk', locationId: 'loc_01jd3x5k2v0000000000000002' },
      { code: 'web-fr', name: 'maison-lumiere.fr', kind: 'web' },
    ],
  },
)
const ChannelPatch = Type.Partial(Type.Object(Fields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ name: 'Borne Lyon Presqu’île (rez-de-chaussée)' }, { active: false }],
})
const Channel = named('Channel', Type.Object({ id: Type.String({ examples: ['chn_01jd3x5k2v0000000000000000'] }), ...Fields, version: Version, createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false }))
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const ListQuery = Type.Object(
  { ...PageQuery, kind: Type.Optional(Kind), locationId: Type.Optional(Type.String({ maxLength: 64 })), ...SortAndCountQuery(CHANNEL_SORT_KEYS, 'creation order') },
  { additionalProperties: false },
)
const FulfilmentLocation = Type.Object(
  { locationId: Type.String({ maxLength: 64 }), priority: Type.Integer({ minimum: 0, maximum: 1000, description: 'Lower is preferred' }) },
  { additionalProperties: false },
)
const FulfilmentLocationsBody = Type.Object(
  {
    locations: Type.Array(Type.Object({ locationId: Type.String({ maxLength: 64 }), priority: Type.Optional(FulfilmentLocation.properties.priority) }, { additionalProperties: false }), {
      maxItems: 500,
      description: 'Replaces the list; priority defaults to the position in the list. An empty list means every active location.',
    }),
  },
  { additionalProperties: false, examples: [{ locations: [{ locationId: 'loc_01jd3x5k2v0000000000000001' }, { locationId: 'loc_01jd3x5k2v0000000000000002', priority: 5 }] }] },
)
const FulfilmentLocations = Type.Object(
  {
    channelId: Type.String(),
    everyActiveLocation: Type.Boolean({ description: 'True when the list is empty: the channel fulfils from every active location' }),
    locations: Type.Array(FulfilmentLocation),
  },
  { additionalProperties: false, examples: [{ channelId: 'chn_01jd3x5k2v0000000000000000', everyActiveLocation: false, locations: [{ locationId: 'loc_01jd3x5k2v0000000000000001', priority: 0 }] }] },
)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]

export const channelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/v1/channels', { schema: { operationId: 'listChannels', security: [], tags: ['channels'], summary: 'List sales channels (public)', querystring: ListQuery, response: { 200: Page(Channel), 400: Problem } } }, (req) =>
    listChannels(app.database.db, req.query),
  )
  app.post('/v1/channels', { schema: { operationId: 'createChannel', tags: ['channels'], summary: 'Create a channel', security: auth, body: ChannelBody, response: { 201: Channel, ...errors } }, config: { can: 'channels:write' } }, (req, reply) =>
    mutate(req, reply, (tx) => createChannel(tx, req.body), { status: 201 }),
  )
  app.get('/v1/channels/:id', { schema: { operationId: 'getChannel', security: [], tags: ['channels'], summary: 'A channel (public)', params: Params, response: { 200: Channel, 404: Problem } } }, (req) =>
    getChannel(app.database.db, req.params.id),
  )
  app.patch('/v1/channels/:id', { schema: { operationId: 'updateChannel', tags: ['channels'], summary: 'Change a channel', security: auth, params: Params, headers: IfMatchHeaders, body: ChannelPatch, response: { 200: Channel, ...errors, ...ConcurrencyErrors } }, config: { can: 'channels:write' } }, (req, reply) =>
    mutate(req, reply, (tx) => updateChannel(tx, { id: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
  const fulfilmentView = (channelId: string, locations: { locationId: string; priority: number }[]) => ({ channelId, everyActiveLocation: locations.length === 0, locations })
  app.get(
    '/v1/channels/:id/fulfilment-locations',
    { schema: { operationId: 'getFulfilmentLocations', tags: ['channels'], summary: 'The locations a channel may fulfil from', description: 'The whole set in priority order, never paged: it is one document that PUT replaces whole (at most 500 locations).', security: auth, params: Params, response: { 200: FulfilmentLocations, ...errors } }, config: { can: 'channels:write' } },
    async (req) => {
      await getChannel(app.database.db, req.params.id)
      return fulfilmentView(req.params.id, await getFulfilmentLocations(app.database.db, req.params.id))
    },
  )
  app.put(
    '/v1/channels/:id/fulfilment-locations',
    {
      schema: { operationId: 'setFulfilmentLocations', tags: ['channels'], summary: 'Replace the locations a channel may fulfil from', security: auth, params: Params, body: FulfilmentLocationsBody, response: { 200: FulfilmentLocations, ...errors } },
      config: { can: 'channels:write' },
    },
    (req, reply) => mutate(req, reply, async (tx) => fulfilmentView(req.params.id, await setFulfilmentLocations(tx, { channelId: req.params.id, locations: req.body.locations }))),
  )
}
