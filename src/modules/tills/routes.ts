/**
 * Till routes: a register's sessions under its store (`/v1/locations/{id}/tills/{register}`), a session's cash
 * movements, close and reports under `/v1/till-sessions/{id}`, and a store's day (`/v1/locations/{id}/day`).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { CashMovement, CashMovementBody, CloseTillAnswer, CloseTillBody, DayQuery, IdParams, OpenTillBody, RegisterParams, StoreDay, TillRegister, TillReport, TillSession } from './schemas.js'
import { closeTillSession, getRegister, getStoreDay, getXReport, getZReport, loadTillSession, openTillSession, recordCashMovement, toTillSession, type CashMovementRow } from './service.js'

const auth = [{ bearer: [] }]
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const tags = ['tills']
const WHO = ' The store’s associates and managers, and admins; another store’s staff get a 404.'
const HOLDER = ' Only the associate who opened the session, a manager of its store or an admin; another associate of the store gets a 403, another store’s staff a 404.'

const toMovement = (row: CashMovementRow) => ({
  id: row.id,
  sessionId: row.sessionId,
  direction: row.direction,
  amount: { amount: row.amount, currency: row.currency },
  reason: row.reason,
  staffId: row.staffId,
  createdAt: row.createdAt.toISOString(),
})

export const tillRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/locations/:id/tills/:register',
    { schema: { operationId: 'getTillRegister', tags, summary: 'A register of a store: its open session, if any, and its latest one', description: `Any register code may be read; one never opened has no session.${WHO}`, security: auth, params: RegisterParams, response: { 200: TillRegister, ...errors } }, config: { can: 'orders:read' } },
    async (req) => {
      const { openSession, lastSession } = await getRegister(app.database.db, { actor: req.actor, locationId: req.params.id, register: req.params.register })
      return { locationId: req.params.id, register: req.params.register, openSession: openSession && toTillSession(openSession), lastSession: lastSession && toTillSession(lastSession) }
    },
  )

  app.post(
    '/v1/locations/:id/tills/:register/sessions',
    {
      schema: {
        operationId: 'openTillSession',
        tags,
        summary: 'Open a register with the float counted into its drawer',
        description: `At most one open session per register: a second open (or two at once) is a 409 till-already-open naming the open session.${WHO}`,
        security: auth,
        params: RegisterParams,
        body: OpenTillBody,
        response: { 201: TillSession, ...errors },
      },
      config: { can: 'orders:manage' },
    },
    (req, reply) => mutate(req, reply, async (tx) => toTillSession(await openTillSession(tx, { actor: req.actor, locationId: req.params.id, register: req.params.register, float: req.body.float })), { status: 201 }),
  )

  app.get(
    '/v1/till-sessions/:id',
    { schema: { operationId: 'getTillSession', tags, summary: 'A till session: its float, and once closed its count, expected cash and variance', description: `${WHO.trim()}`, security: auth, params: IdParams, response: { 200: TillSession, ...errors } }, config: { can: 'orders:read' } },
    async (req) => toTillSession((await loadTillSession(app.database.db, { actor: req.actor, sessionId: req.params.id })).session),
  )

  app.post(
    '/v1/till-sessions/:id/cash-movements',
    {
      schema: {
        operationId: 'recordTillCashMovement',
        tags,
        summary: 'Put cash into or take cash out of an open register, with the reason',
        description: `In the session’s currency; a closed session is a 409 till-session-closed. Cash in: the store’s associates and managers, and admins; another store’s staff get a 404. Cash out: only the associate who opened the session, a manager of its store or an admin (another associate of the store gets a 403).`,
        security: auth,
        params: IdParams,
        body: CashMovementBody,
        response: { 201: CashMovement, ...errors },
      },
      config: { can: 'orders:manage' },
    },
    (req, reply) => mutate(req, reply, async (tx) => toMovement(await recordCashMovement(tx, { actor: req.actor, sessionId: req.params.id, ...req.body })), { status: 201 }),
  )

  app.post(
    '/v1/till-sessions/:id/close',
    {
      schema: {
        operationId: 'closeTillSession',
        tags,
        summary: 'Close a register with the cash counted: expected cash, variance and the Z report, frozen',
        description: `Associates close their own register at the end of their shift (the variance is recorded and visible to the manager, who does not need to be there).${HOLDER}`,
        security: auth,
        params: IdParams,
        body: CloseTillBody,
        response: { 200: CloseTillAnswer, ...errors },
      },
      config: { can: 'orders:manage' },
    },
    (req, reply) =>
      mutate(req, reply, async (tx) => {
        const closed = await closeTillSession(tx, { actor: req.actor, sessionId: req.params.id, ...req.body })
        return { session: toTillSession(closed.session), report: closed.report }
      }),
  )

  app.get(
    '/v1/till-sessions/:id/x-report',
    { schema: { operationId: 'getTillXReport', tags, summary: 'The X report: per tender so far, and the cash the drawer should hold; the session stays open', description: `${HOLDER.trim()}`, security: auth, params: IdParams, response: { 200: TillReport, ...errors } }, config: { can: 'orders:read' } },
    (req) => getXReport(app.database.db, { actor: req.actor, sessionId: req.params.id }),
  )

  app.get(
    '/v1/till-sessions/:id/z-report',
    { schema: { operationId: 'getTillZReport', tags, summary: 'The Z report, frozen at close; a 409 till-session-open before', description: `${WHO.trim()}`, security: auth, params: IdParams, response: { 200: TillReport, ...errors } }, config: { can: 'orders:read' } },
    (req) => getZReport(app.database.db, { actor: req.actor, sessionId: req.params.id }),
  )

  app.get(
    '/v1/locations/:id/day',
    {
      schema: {
        operationId: 'getStoreDay',
        tags,
        summary: "A store's day: sales by tender and by seller, orders and average basket, pickups waiting, returns",
        description: 'The day runs midnight to midnight in the location’s time zone. Managers of the store and admins; associates get a 403, another store’s staff a 404.',
        security: auth,
        params: IdParams,
        querystring: DayQuery,
        response: { 200: StoreDay, ...errors },
      },
      config: { can: 'orders:read' },
    },
    (req) => getStoreDay(app.database.db, { actor: req.actor, locationId: req.params.id, date: req.query.date, currency: req.query.currency }),
  )
}
