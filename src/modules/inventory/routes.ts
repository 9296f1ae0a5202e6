import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { actorRefOf, can, requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { Page } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { Availability, AvailabilityQuery, Nearest, NearestQuery } from './availability-schemas.js'
import {
  AdjustmentBody,
  CountBody,
  CountResult,
  Level,
  LevelParams,
  LevelsQuery,
  Movement,
  MovementsQuery,
  ReceiptBody,
  ReceiptResult,
  SafetyStockBody,
} from './http-schemas.js'
import { assertLocation } from './policies.js'
import { reservationAndTransferRoutes } from './routes-reservations.js'
import {
  adjustStock,
  availabilityOf,
  countStock,
  listLevels,
  listMovements,
  locationScope,
  nearestAvailability,
  receiveStock,
  setSafetyStock,
} from './service.js'

const tags = ['inventory']
const auth = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const read = { can: 'inventory:read' } as const
const write = { can: 'inventory:write' } as const

export const inventoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = () => app.database.db

  app.get(
    '/v1/inventory/availability',
    {
      schema: {
        operationId: 'getAvailability',
        security: [{}, { bearer: [] }],
        tags,
        summary: 'Availability of one variant per location (public; staff also see on hand, reserved, safety stock, incoming)',
        querystring: AvailabilityQuery,
        response: { 200: Availability, 400: Problem, 404: Problem },
      },
    },
    (req) => availabilityOf(db(), { ...req.query, detailed: can(req.actor, 'inventory:read') }),
  )
  app.get(
    '/v1/inventory/availability/nearest',
    {
      schema: {
        operationId: 'findNearestAvailability',
        security: [],
        tags,
        summary: 'Stores holding a variant, nearest first, from a postal code or coordinates (public)',
        querystring: NearestQuery,
        response: { 200: Nearest, 400: Problem, 404: Problem },
      },
    },
    (req) => nearestAvailability(db(), req.query),
  )
  app.get(
    '/v1/inventory/levels',
    {
      schema: { operationId: 'listStockLevels', tags, summary: 'Stock levels by location or variant', security: auth, querystring: LevelsQuery, response: { 200: Page(Level), ...errors } },
      config: read,
    },
    (req) => {
      assertLocation(req.actor, req.query.locationId, '/query/locationId')
      return listLevels(db(), { ...req.query, locationIds: locationScope(req.actor) })
    },
  )
  app.patch(
    '/v1/inventory/levels/:locationId/:variantId',
    {
      schema: {
        operationId: 'setSafetyStock',
        tags,
        summary: 'Set the safety stock of a level',
        security: auth,
        params: LevelParams,
        body: SafetyStockBody,
        response: { 200: Level, ...errors },
      },
      config: write,
    },
    (req, reply) => {
      assertLocation(req.actor, req.params.locationId, '/params/locationId')
      return mutate(req, reply, (tx) => setSafetyStock(tx, { ...req.params, safetyStock: req.body.safetyStock }))
    },
  )
  app.post(
    '/v1/inventory/receipts',
    {
      schema: { operationId: 'receiveStock', tags, summary: 'Goods in: add received units to on hand', security: auth, body: ReceiptBody, response: { 201: ReceiptResult, ...errors } },
      config: write,
    },
    (req, reply) => {
      assertLocation(req.actor, req.body.locationId, '/body/locationId')
      const actor = actorRefOf(requireActor(req))
      return mutate(req, reply, async (tx) => ({ locationId: req.body.locationId, levels: await receiveStock(tx, { ...req.body, actor }) }), { status: 201 })
    },
  )
  app.post(
    '/v1/inventory/adjustments',
    {
      schema: {
        operationId: 'adjustStock',
        tags,
        summary: 'Damage, theft, found goods: change on hand (never below what is reserved)',
        security: auth,
        body: AdjustmentBody,
        response: { 201: Level, ...errors },
      },
      config: write,
    },
    (req, reply) => {
      assertLocation(req.actor, req.body.locationId, '/body/locationId')
      const actor = actorRefOf(requireActor(req))
      return mutate(req, reply, (tx) => adjustStock(tx, { ...req.body, actor }), { status: 201 })
    },
  )
  app.post(
    '/v1/inventory/counts',
    {
      schema: {
        operationId: 'countStock',
        tags,
        summary: 'Physical count: set on hand per line (a count below what is reserved is refused)',
        security: auth,
        body: CountBody,
        response: { 201: CountResult, ...errors },
      },
      config: write,
    },
    (req, reply) => {
      assertLocation(req.actor, req.body.locationId, '/body/locationId')
      const actor = actorRefOf(requireActor(req))
      return mutate(req, reply, (tx) => countStock(tx, { ...req.body, actor }), { status: 201 })
    },
  )
  app.get(
    '/v1/inventory/movements',
    {
      schema: { operationId: 'listStockMovements', tags, summary: 'The stock ledger, newest first', security: auth, querystring: MovementsQuery, response: { 200: Page(Movement), ...errors } },
      config: read,
    },
    (req) => {
      assertLocation(req.actor, req.query.locationId, '/query/locationId')
      return listMovements(db(), { ...req.query, locationIds: locationScope(req.actor) })
    },
  )
  await app.register(reservationAndTransferRoutes)
}
