import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Actor } from '../../platform/auth.js'
import { actorRefOf, requireActor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { ownedByOrder, reservationNotActive, reservationNotFound, transferNotFound } from './errors.js'
import { EmptyBody, HoldBody, IdParams, ReceiveBody, ReleaseBody, Reservation, Transfer, TransferBody } from './http-schemas.js'
import { assertLocation } from './policies.js'
import {
  cancelTransfer,
  getReservation,
  getTransfer,
  inScope,
  receiveTransfer,
  releaseReservations,
  requestTransfer,
  reserveStock,
  shipTransfer,
} from './service.js'

const tags = ['inventory']
const auth = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const read = { can: 'inventory:read' } as const
const write = { can: 'inventory:write' } as const

/** Action routes take an optional body: a POST without one reads as `{}`. */
const optionalBody = { preValidation: async (req: FastifyRequest) => void (req.body ??= {}) }

/** A reservation at one of the actor's locations, or a 404. */
async function visibleReservation(tx: Tx, actor: Actor | null, id: string) {
  const reservation = await getReservation(tx, id)
  if (!inScope(actor, reservation.locationId)) throw reservationNotFound(id)
  return reservation
}

/** A transfer from or to one of the actor's locations (or, with `side`, that side), or a 404. */
async function visibleTransfer(tx: Tx, actor: Actor | null, id: string, side?: 'from' | 'to') {
  const transfer = await getTransfer(tx, id)
  const sides = side === 'from' ? [transfer.fromLocationId] : side === 'to' ? [transfer.toLocationId] : [transfer.fromLocationId, transfer.toLocationId]
  if (!sides.some((locationId) => inScope(actor, locationId))) throw transferNotFound(id)
  return transfer
}

export const reservationAndTransferRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/inventory/reservations',
    {
      schema: {
        operationId: 'reserveStock',
        tags,
        summary: 'Hold units at a location for a while (kind hold; released when it expires)',
        security: auth,
        body: HoldBody,
        response: { 201: Reservation, ...errors },
      },
      config: write,
    },
    (req, reply) => {
      assertLocation(req.actor, req.body.locationId, '/body/locationId')
      const actor = actorRefOf(requireActor(req))
      const { variantId, locationId, quantity, expiresInSeconds, reason } = req.body
      return mutate(
        req,
        reply,
        (tx) => reserveStock(tx, { variantId, locationId, quantity, kind: 'hold', actor, reason, expiresAt: new Date(Date.now() + expiresInSeconds * 1000) }),
        { status: 201 },
      )
    },
  )
  app.get(
    '/v1/inventory/reservations/:id',
    { schema: { operationId: 'getReservation', tags, summary: 'A reservation', security: auth, params: IdParams, response: { 200: Reservation, ...errors } }, config: read },
    (req) => visibleReservation(app.database.db, req.actor, req.params.id),
  )
  app.post(
    '/v1/inventory/reservations/:id/release',
    {
      schema: {
        operationId: 'releaseReservation',
        tags,
        summary: 'Release an active reservation',
        security: auth,
        params: IdParams,
        body: ReleaseBody,
        response: { 200: Reservation, ...errors },
      },
      ...optionalBody,
      config: write,
    },
    (req, reply) => {
      const actor = actorRefOf(requireActor(req))
      return mutate(req, reply, async (tx) => {
        const current = await visibleReservation(tx, req.actor, req.params.id)
        if (current.orderId) throw ownedByOrder('reservation', current.id, current.orderId)
        const released = await releaseReservations(tx, { reservationIds: [current.id], reason: req.body.reason ?? 'released by staff', actor })
        if (released === 0) throw reservationNotActive(current.id, (await getReservation(tx, current.id)).status)
        return getReservation(tx, current.id)
      })
    },
  )
  app.post(
    '/v1/inventory/transfers',
    {
      schema: {
        operationId: 'requestTransfer',
        tags,
        summary: 'Request a transfer (reserves the units at the source)',
        security: auth,
        body: TransferBody,
        response: { 201: Transfer, ...errors },
      },
      config: write,
    },
    (req, reply) => {
      if (!inScope(req.actor, req.body.fromLocationId)) assertLocation(req.actor, req.body.toLocationId, '/body/toLocationId')
      const actor = actorRefOf(requireActor(req))
      return mutate(req, reply, (tx) => requestTransfer(tx, { ...req.body, actor }), { status: 201 })
    },
  )
  app.get(
    '/v1/inventory/transfers/:id',
    { schema: { operationId: 'getTransfer', tags, summary: 'A transfer with its lines', security: auth, params: IdParams, response: { 200: Transfer, ...errors } }, config: read },
    (req) => visibleTransfer(app.database.db, req.actor, req.params.id),
  )
  app.post(
    '/v1/inventory/transfers/:id/ship',
    {
      schema: {
        operationId: 'shipTransfer',
        tags,
        summary: 'Ship a requested transfer (from the source)',
        security: auth,
        params: IdParams,
        body: EmptyBody,
        response: { 200: Transfer, ...errors },
      },
      ...optionalBody,
      config: write,
    },
    (req, reply) => {
      const actor = actorRefOf(requireActor(req))
      return mutate(req, reply, async (tx) => {
        const transfer = await visibleTransfer(tx, req.actor, req.params.id, 'from')
        if (transfer.orderId) throw ownedByOrder('transfer', transfer.id, transfer.orderId)
        return shipTransfer(tx, { id: req.params.id, actor })
      })
    },
  )
  app.post(
    '/v1/inventory/transfers/:id/receive',
    {
      schema: {
        operationId: 'receiveTransfer',
        tags,
        summary: 'Receive a shipped transfer (at the destination); list the lines that arrived short',
        security: auth,
        params: IdParams,
        body: ReceiveBody,
        response: { 200: Transfer, ...errors },
      },
      ...optionalBody,
      config: write,
    },
    (req, reply) => {
      const actor = actorRefOf(requireActor(req))
      return mutate(
        req,
        reply,
        async (tx) => (await visibleTransfer(tx, req.actor, req.params.id, 'to'), receiveTransfer(tx, { id: req.params.id, lines: req.body.lines, actor })),
      )
    },
  )
  app.post(
    '/v1/inventory/transfers/:id/cancel',
    {
      schema: {
        operationId: 'cancelTransfer',
        tags,
        summary: 'Cancel a requested transfer (releases the source reservations)',
        security: auth,
        params: IdParams,
        body: ReleaseBody,
        response: { 200: Transfer, ...errors },
      },
      ...optionalBody,
      config: write,
    },
    (req, reply) => {
      const actor = actorRefOf(requireActor(req))
      return mutate(
        req,
        reply,
        async (tx) => {
          const transfer = await visibleTransfer(tx, req.actor, req.params.id)
          if (transfer.orderId) throw ownedByOrder('transfer', transfer.id, transfer.orderId)
          return cancelTransfer(tx, { id: req.params.id, actor, reason: req.body.reason })
        },
      )
    },
  )
}
