/** Routes of kiosk sessions: a shared kiosk starts one for each passer-by and ends it when it resets. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { endKioskSession, KIOSK_SESSION_IDLE_MINUTES, startKioskSession } from './service.js'

const KioskSession = Type.Object(
  {
    id: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    idleMinutes: Type.Integer({ description: 'The session ends after this long without a request of the kiosk' }),
  },
  { additionalProperties: false, examples: [{ id: 'kss_01jd3x5k2v0000000000000000', startedAt: '2025-01-15T10:00:00.000Z', idleMinutes: KIOSK_SESSION_IDLE_MINUTES }] },
)
const errors = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 422: Problem }
const security = [{ bearer: [] }]
const tags = ['carts']
const NARROWING = `A shared kiosk (its device token) reads only the carts and orders of its current session: nothing of an earlier passer-by, nothing once the session ended (reset, next session, or ${KIOSK_SESSION_IDLE_MINUTES} minutes without a request). A kiosk's first cart write starts a session when none is open.`

export const kioskSessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/kiosk-sessions',
    {
      schema: { operationId: 'startKioskSession', tags, summary: 'Start a kiosk session for the next passer-by (ends the previous one)', description: NARROWING, security, response: { 201: KioskSession, ...errors } },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, (tx) => startKioskSession(tx, { actor: requireActor(req) }), { status: 201 }),
  )
  app.delete(
    '/v1/kiosk-sessions/current',
    {
      schema: { operationId: 'endKioskSession', tags, summary: 'End the kiosk session: the kiosk resets, and reads nothing of it any more', description: NARROWING, security, response: { 204: Type.Null(), ...errors } },
      config: { authenticated: true },
    },
    async (req, reply) => {
      await mutate(req, reply, (tx) => endKioskSession(tx, { actor: requireActor(req) }), { status: 204 })
      return null
    },
  )
}
