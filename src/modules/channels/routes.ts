import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { mutate } from '../../platform/idempotency.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { createChannel, getChannel, listChannels, updateChannel } from './service.js'

const Kind = Type.Union([Type.Literal('web'), Type.Literal('mobile_app'), Type.Literal('store'), Type.Literal('kiosk'), Type.Literal('marketplace'), Type.Literal('phone'), Type.Literal('catalogue')])
const Fields = {
  code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Readable unique code, e.g. kiosk-lyon' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  locationId: Type.Union([Type.String({ maxLength: 64 }), Type.Null()], { description: 'The store of a store or kiosk channel; null otherwise' }),
  active: Type.Boolean(),
}
const ChannelBody = Type.Object({ ...Fields, locationId: Type.Optional(Fields.locationId), active: Type.Optional(Fields.active) }, { additionalProperties: false })
const ChannelPatch = Type.Partial(Type.Object(Fields, { additionalProperties: false }), { additionalProperties: false, minProperties: 1 })
const Channel = Type.Object({ id: Type.String({ examples: ['chn_01jd3x5k2v0000000000000000'] }), ...Fields, createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false })
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const ListQuery = Type.Object({ ...PageQuery, kind: Type.Optional(Kind), locationId: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false })
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]

export const channelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/v1/channels', { schema: { tags: ['channels'], summary: 'List sales channels (public)', querystring: ListQuery, response: { 200: Page(Channel), 400: Problem } } }, (req) =>
    listChannels(app.database.db, req.query),
  )
  app.post('/v1/channels', { schema: { tags: ['channels'], summary: 'Create a channel', security: auth, body: ChannelBody, response: { 201: Channel, ...errors } }, config: { can: 'channels:write' } }, (req, reply) =>
    mutate(req, reply, (tx) => createChannel(tx, req.body), { status: 201 }),
  )
  app.get('/v1/channels/:id', { schema: { tags: ['channels'], summary: 'A channel (public)', params: Params, response: { 200: Channel, 404: Problem } } }, (req) =>
    getChannel(app.database.db, req.params.id),
  )
  app.patch('/v1/channels/:id', { schema: { tags: ['channels'], summary: 'Change a channel', security: auth, params: Params, body: ChannelPatch, response: { 200: Channel, ...errors } }, config: { can: 'channels:write' } }, (req, reply) =>
    mutate(req, reply, (tx) => updateChannel(tx, { id: req.params.id, changes: req.body })),
  )
}
