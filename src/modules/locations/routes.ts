import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders, Version } from '../../platform/concurrency.js'
import { named } from '../../platform/openapi-document.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { createLocation, getLocation, listLocations, LOCATION_SORT_KEYS, updateLocation, upsertPostalCodes } from './service.js'

const Kind = Type.Union([Type.Literal('warehouse'), Type.Literal('store')])
const Day = Type.Union([Type.Literal('mon'), Type.Literal('tue'), Type.Literal('wed'), Type.Literal('thu'), Type.Literal('fri'), Type.Literal('sat'), Type.Literal('sun')])
const Time = Type.String({ maxLength: 5, pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM, local time' })
const OpeningHours = Type.Array(Type.Object({ day: Day, opens: Time, closes: Time }, { additionalProperties: false }), { maxItems: 28 })
const PostalCode = Type.String({ minLength: 2, maxLength: 12, pattern: '^[0-9A-Za-z -]+$' })
const Address = Type.Object(
  {
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    line2: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    postalCode: PostalCode,
    city: Type.String({ minLength: 1, maxLength: 100 }),
    country: Type.String({ minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false },
)
const Coordinates = Type.Object({ latitude: Type.Number({ minimum: -90, maximum: 90 }), longitude: Type.Number({ minimum: -180, maximum: 180 }) }, { additionalProperties: false })
const Fields = {
  code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$', description: 'Readable unique code, e.g. store-montpellier' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: Kind,
  address: Address,
  coordinates: Coordinates,
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; Europe/Paris when left out' }),
  openingHours: OpeningHours,
  catchmentPostalCodes: Type.Array(PostalCode, { maxItems: 5000, description: 'Postal codes this location serves (attribution, routing)' }),
  active: Type.Boolean(),
}
const weekHours = (['tue', 'wed', 'thu', 'fri', 'sat'] as const).map((day) => ({ day, opens: '10:00', closes: '19:00' }))
const LocationBody = Type.Object(
  { ...Fields, timezone: Type.Optional(Fields.timezone), openingHours: Type.Optional(OpeningHours), catchmentPostalCodes: Type.Optional(Fields.catchmentPostalCodes), active: Type.Optional(Fields.active) },
  {
    additionalProperties: false,
    examples: [
      {
        code: 'store-montpellier',
        name: 'Maison Lumière Montpellier',
        kind: 'store',
        address: { line1: '12 rue de la Loge', postalCode: '34000', city: 'Montpellier', country: 'FR' },
        coordinates: { latitude: 43.6109, longitude: 3.8772 },
        timezone: 'Europe/Paris',
        openingHours: weekHours,
        catchmentPostalCodes: ['34000', '34070', '34080', '34090'],
      },
      {
        code: 'warehouse-lyon',
        name: 'Entrepôt Lyon Gerland',
        kind: 'warehouse',
        address: { line1: '48 avenue Tony Garnier', line2: 'Bâtiment C', postalCode: '69007', city: 'Lyon', country: 'FR' },
        coordinates: { latitude: 45.7317, longitude: 4.8301 },
      },
    ],
  },
)
const LocationPatch = Type.Partial(Type.Object(Fields, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
  examples: [{ openingHours: [...weekHours, { day: 'sun', opens: '14:00', closes: '18:00' }] }, { active: false }],
})
export const Location = named('Location', Type.Object(
  {
    id: Type.String({ examples: ['loc_01jd3x5k2v0000000000000000'] }),
    ...Fields,
    address: Type.Object({ line1: Type.String(), line2: Type.Union([Type.String(), Type.Null()]), postalCode: Type.String(), city: Type.String(), country: Type.String() }, { additionalProperties: false }),
    version: Version,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
))
const Params = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const ListQuery = Type.Object({ ...PageQuery, kind: Type.Optional(Kind), postalCode: Type.Optional(PostalCode), ...SortAndCountQuery(LOCATION_SORT_KEYS, 'creation order') }, { additionalProperties: false })
const PostalCodePoint = Type.Object(
  {
    country: Type.String({ minLength: 2, maxLength: 2, pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    postalCode: Type.String({ minLength: 2, maxLength: 12, pattern: '^[0-9A-Z -]+$' }),
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
  },
  { additionalProperties: false },
)
const PostalCodesBody = Type.Object(
  { items: Type.Array(PostalCodePoint, { minItems: 1, maxItems: 5000 }) },
  { additionalProperties: false, examples: [{ items: [{ country: 'FR', postalCode: '34000', latitude: 43.6108, longitude: 3.8767 }] }] },
)
const PostalCodesResult = Type.Object({ upserted: Type.Integer() }, { additionalProperties: false, examples: [{ upserted: 1 }] })
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const auth = [{ bearer: [] }]

export const locationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/v1/locations', { schema: { operationId: 'listLocations', security: [], tags: ['locations'], summary: 'List stores and warehouses (public)', querystring: ListQuery, response: { 200: Page(Location), 400: Problem } } }, (req) =>
    listLocations(app.database.db, req.query),
  )
  app.post('/v1/locations', { schema: { operationId: 'createLocation', tags: ['locations'], summary: 'Create a location', security: auth, body: LocationBody, response: { 201: Location, ...errors } }, config: { can: 'locations:write' } }, (req, reply) =>
    mutate(req, reply, (tx) => createLocation(tx, req.body), { status: 201 }),
  )
  app.get('/v1/locations/:id', { schema: { operationId: 'getLocation', security: [], tags: ['locations'], summary: 'A location (public)', params: Params, response: { 200: Location, 404: Problem } } }, (req) =>
    getLocation(app.database.db, req.params.id),
  )
  app.patch(
    '/v1/locations/:id',
    {
      schema: { operationId: 'updateLocation', tags: ['locations'], summary: 'Change a location (store managers: opening hours of their own stores)', security: auth, params: Params, headers: IfMatchHeaders, body: LocationPatch, response: { 200: Location, ...errors, ...ConcurrencyErrors } },
      config: { can: 'locations:update' },
    },
    (req, reply) => mutate(req, reply, (tx) => updateLocation(tx, { actor: req.actor, id: req.params.id, changes: req.body, expectedVersion: expectedVersionOf(req) })),
  )
  app.put(
    '/v1/postal-codes',
    {
      schema: { operationId: 'upsertPostalCodes', tags: ['locations'], summary: 'Set the centres of postal codes (bulk upsert; used by "nearest store")', security: auth, body: PostalCodesBody, response: { 200: PostalCodesResult, ...errors } },
      config: { can: 'locations:write' },
    },
    (req, reply) => mutate(req, reply, async (tx) => ({ upserted: await upsertPostalCodes(tx, req.body.items) })),
  )
}
