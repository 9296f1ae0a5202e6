/**
 * buildApp wires the platform and every module's routes onto one Fastify instance. It starts this node's event
 * dispatcher and background jobs and stops them when the app closes; it never opens or closes the database.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { fileURLToPath } from 'node:url'
import { Type } from 'typebox'
// Registers every module's hook handlers before any request can run one.
import './module-hooks.js'
import { authRoutes } from './modules/auth/routes.js'
import { resolveActor } from './modules/auth/service.js'
import { cartRoutes } from './modules/carts/routes.js'
import { cartCouponRoutes } from './modules/carts/routes-coupons.js'
import { kioskIdempotencyScope } from './modules/carts/service.js'
import { cartHandoffRoutes } from './modules/carts/routes-handoff.js'
import { catalogRoutes } from './modules/catalog/routes.js'
import { channelRoutes } from './modules/channels/routes.js'
import { creditRoutes } from './modules/credit/routes.js'
import { giftCardRoutes } from './modules/credit/gift-card-routes.js'
import { customerOverviewRoutes } from './modules/customer-overview/routes.js'
import { customerRoutes } from './modules/customers/routes.js'
import { consentRoutes } from './modules/customers/routes-consents.js'
import { accessLogRoutes, gdprRoutes } from './modules/customers/routes-gdpr.js'
import { customerMergeRoutes } from './modules/customers/routes-merge.js'
import { customerGroupRoutes } from './modules/customers/routes-groups.js'
import { serveWebApps } from './platform/web-apps.js'
import { DEMO_EXAMPLE_IDS, DEMO_PATH_EXAMPLES } from './demo/example-ids.js'
import { EVENT_CATALOGUE } from './event-catalogue.js'
import { eventRoutes } from './modules/events/routes.js'
import { eventTypeRoutes } from './modules/events/routes-event-types.js'
import { inventoryRoutes } from './modules/inventory/routes.js'
import { journeyRoutes } from './modules/journeys/routes.js'
import { inventoryJobs } from './modules/inventory/service.js'
import { locationRoutes } from './modules/locations/routes.js'
import { loyaltyRoutes } from './modules/loyalty/routes.js'
import { orderRoutes } from './modules/orders/routes.js'
import { pricingRoutes } from './modules/pricing/routes.js'
import { promotionRoutes } from './modules/promotions/routes-promotions.js'
import { couponRoutes } from './modules/promotions/routes-coupons.js'
import { returnRoutes } from './modules/returns/routes.js'
import { returnJobs } from './modules/returns/service.js'
import { reviewRoutes } from './modules/reviews/routes.js'
import { tillRoutes } from './modules/tills/routes.js'
import { orderJobs } from './modules/orders/service.js'
import { webhookRoutes } from './modules/webhooks/routes.js'
import { webhookJobs, webhooksDocument } from './modules/webhooks/service.js'
import type { Config } from './platform/config.js'
import { setDefaultPhoneCountry } from './platform/phone.js'
import type { Database } from './platform/db.js'
import { startEventDispatcher, type EventDispatcher } from './platform/events.js'
import { buildHttp } from './platform/http.js'
import { platformJobs, startJobs } from './platform/jobs.js'
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, Problem } from './platform/problems.js'

declare module 'fastify' {
  interface FastifyInstance {
    events: EventDispatcher
  }
}

export interface AppOptions {
  config: Config
  database: Database
  logger?: boolean
}

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Health = Type.Object({ status: Type.Literal('ok') }, { additionalProperties: false, examples: [{ status: 'ok' }] })
  const Ready = Type.Object(
    { status: Type.Literal('ready'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]) },
    { additionalProperties: false, examples: [{ status: 'ready', database: 'postgres' }] },
  )
  app.get('/healthz', { schema: { operationId: 'getHealth', security: [], tags: ['health'], summary: 'The process is up', response: { 200: Health } } }, async () => ({ status: 'ok' as const }))
  const summary = 'The database answers (within a second, on a connection of its own)'
  app.get('/readyz', { schema: { operationId: 'getReadiness', security: [], tags: ['health'], summary, response: { 200: Ready, 503: Problem } } }, async (request, reply) => {
    if (await app.database.isReady()) return { status: 'ready' as const, database: app.database.engine }
    return reply
      .code(503)
      .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      .type('application/problem+json')
      .send({ ...DATABASE_UNAVAILABLE, detail: 'The database did not answer within a second.', requestId: request.id })
  })
}

/** Builds the whole HTTP application on an open, migrated database. */
export async function buildApp(options: AppOptions) {
  const { config, database } = options
  setDefaultPhoneCountry(config.defaultPhoneCountry)
  const app = await buildHttp({
    config,
    database,
    logger: options.logger,
    resolveActor: (token) => resolveActor(database.db, token),
    // A shared kiosk's Idempotency-Keys belong to its passer-by's session, not to the device all of them share.
    narrowIdempotencyScope: kioskIdempotencyScope,
    openApiWebhooks: webhooksDocument(EVENT_CATALOGUE),
    openApiExamples: { ids: DEMO_EXAMPLE_IDS, pathParameters: DEMO_PATH_EXAMPLES },
  })
  const events = await startEventDispatcher(database, { pollMs: config.outboxPollMs, onError: (error) => app.log.error({ err: error }, 'event dispatch failed') })
  app.decorate('events', events)
  const jobs = startJobs(app, [...platformJobs(app), ...webhookJobs(app), ...inventoryJobs(app), ...orderJobs(app), ...returnJobs(app)])
  app.addHook('onClose', async () => {
    await jobs.stop()
    await events.stop()
  })

  await app.register(healthRoutes)
  await app.register(authRoutes)
  await app.register(customerRoutes)
  await app.register(consentRoutes)
  await app.register(gdprRoutes)
  // The 360 sits between the GDPR routes and the access log, where it was when it was the customers module's.
  await app.register(customerOverviewRoutes)
  await app.register(accessLogRoutes)
  await app.register(customerMergeRoutes)
  await app.register(customerGroupRoutes)
  await app.register(locationRoutes)
  await app.register(channelRoutes)
  await app.register(catalogRoutes)
  await app.register(pricingRoutes)
  await app.register(promotionRoutes)
  await app.register(couponRoutes)
  // Codes on carts: carts' routes, listed after the coupons' as they always were in the OpenAPI document.
  await app.register(cartCouponRoutes)
  await app.register(eventRoutes)
  await app.register(eventTypeRoutes, { catalogue: EVENT_CATALOGUE })
  await app.register(webhookRoutes)
  await app.register(inventoryRoutes)
  await app.register(cartRoutes)
  await app.register(cartHandoffRoutes)
  await app.register(orderRoutes)
  await app.register(creditRoutes)
  await app.register(giftCardRoutes)
  await app.register(returnRoutes)
  await app.register(reviewRoutes)
  await app.register(tillRoutes)
  await app.register(journeyRoutes)
  await app.register(loyaltyRoutes)
  await serveWebApps(app, { appsDir: fileURLToPath(new URL('../apps', import.meta.url)) })
  return app
}

export type OmnicanalApp = Awaited<ReturnType<typeof buildApp>>
