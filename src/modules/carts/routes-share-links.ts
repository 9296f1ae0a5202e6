/** Routes of "send my cart to myself": a signed link made on one device, opened on another. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { Problem } from '../../platform/problems.js'
import { Cart } from './view-schemas.js'
import { createShareLink, openShareLink } from './service.js'

const closed = { additionalProperties: false } as const
const TOKEN = 'eyJ2IjoxLCJjYXJ0IjoiY2FydF8wMWpkM3g1azJ2MDAwMDAwMDAwMDAwMDAwMCIsImV4cCI6MTczNjk0MDAwMH0.pQ0c1rJ1vXn3nq8qkz3mQm4cTgq3dYhXy0bq9Jm8r2E'
const ShareLink = Type.Object(
  {
    url: Type.String({ description: 'To send by email or message; the token rides in the fragment, out of server logs' }),
    token: Type.String({ description: 'What the app posts to POST /v1/carts/open-link' }),
    expiresAt: Type.String({ format: 'date-time' }),
  },
  { ...closed, examples: [{ url: `https://shop.example.com/carts/open#token=${TOKEN}`, token: TOKEN, expiresAt: '2025-01-16T10:00:00.000Z' }] },
)
const OpenLinkBody = Type.Object({ token: Type.String({ minLength: 1, maxLength: 2048 }) }, { ...closed, examples: [{ token: TOKEN }] })
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, closed)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
const security = [{ bearer: [] }]
const tags = ['carts']

export const shareLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/carts/:id/share-link',
    {
      schema: {
        operationId: 'createShareLink',
        tags,
        summary: 'Send my cart to myself: a signed link to reopen it on another device',
        description: 'The cart’s owner (customer or anonymous device) gets a link to the open cart, signed by the server and valid 24 hours.',
        security,
        params: Params,
        response: { 201: ShareLink, ...errors },
      },
      config: { authenticated: true },
    },
    (req, reply) =>
      mutate(req, reply, (tx) => createShareLink(tx, { cartId: req.params.id, actor: requireActor(req), baseUrl: app.config.publicUrl }), { status: 201, mintsAgain: true }),
  )
  app.post(
    '/v1/carts/open-link',
    {
      schema: {
        operationId: 'openShareLink',
        tags,
        summary: 'Reopen a cart from its link on this device',
        description:
          'An anonymous cart moves to the calling device (or joins the calling customer’s account); a customer’s cart opens only for that customer, logged in (403 login-required otherwise). A bad signature is a 400 invalid-share-link, an expired link a 410 share-link-expired.',
        security,
        body: OpenLinkBody,
        response: { 200: Cart, ...errors, 410: Problem },
      },
      config: { authenticated: true },
    },
    (req, reply) => mutate(req, reply, (tx) => openShareLink(tx, { token: req.body.token, actor: requireActor(req) })),
  )
}
