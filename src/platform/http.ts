/**
 * The HTTP shell every module plugs into: Fastify with TypeBox schemas (validation, serialisation, types and OpenAPI
 * from one schema), problem+json errors, security headers, CORS allow-list, login rate limiting, request ids, bearer
 * authentication and per-route authorisation.
 */
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import Fastify, { type FastifyRequest } from 'fastify'
import { authenticateRequest, authorizeRoute, type ActorResolver } from './auth.js'
import { sendVersionAsEtag } from './concurrency.js'
import type { Config } from './config.js'
import type { Database } from './db.js'
import type { IdempotencyScopeNarrower } from './idempotency.js'
import { newId } from './ids.js'
import { checkRouteDocumented, documentRoute, documentTags } from './openapi-operations.js'
import { hoistSharedComponents } from './openapi-components.js'
import { shapeOpenApiDocument } from './openapi-document.js'
import { withExampleIds, type OpenApiExamples } from './openapi-examples.js'
import { refuseUnstorableBodyText, refuseUnstorableUrlText } from './input-text.js'
import { handleError, handleNotFound } from './problems.js'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    config: Config
  }
}

// ajv-formats ships CommonJS whose default export TypeScript sees as the module namespace under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function makeAjv(coerce: boolean): Ajv {
  // Bodies are strict: unknown fields and wrong types are refused, never dropped or coerced.
  // Query strings and params arrive as text, so they are coerced to the declared types.
  // discriminator: a union tagged by a property (a tender's `method`) reports the error of the branch that was meant.
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, strict: false, discriminator: true })
  addFormats(ajv)
  return ajv
}

export interface HttpOptions {
  config: Config
  database: Database
  resolveActor: ActorResolver
  /** Narrows an actor's Idempotency-Key namespace (idempotency.ts); none by default. */
  narrowIdempotencyScope?: IdempotencyScopeNarrower
  /** Logger settings; tests pass `false`. */
  logger?: boolean
  /** The OpenAPI `webhooks` section (what webhook deliveries POST), built by the webhooks module. */
  openApiWebhooks?: Record<string, unknown>
  /** Rows the OpenAPI examples show in place of their placeholder ids (app.ts passes the demo shop's). */
  openApiExamples?: OpenApiExamples
}

const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'body.password', 'password', '*.password', 'secret', '*.secret', 'pin', '*.pin', 'payments[*].pin', 'req.body.pin', 'req.body.payments[*].pin', 'req.body.exchange.payments[*].pin']

/**
 * Answers no cache may keep: anything asked with a bearer token (a customer's profile on a shared tablet's disk
 * cache is one sign-out away from the next shopper), and any API write (a login answers its token without one).
 * Public reads stay cacheable; a route that chose its own Cache-Control (the event stream, a coupon's QR) keeps it.
 */
function mustNotBeStored(request: FastifyRequest): boolean {
  if (request.headers.authorization !== undefined) return true
  return request.url.startsWith('/v1/') && request.method !== 'GET' && request.method !== 'HEAD'
}

/** Builds the Fastify instance with every platform plugin; modules register their routes on it. */
export async function buildHttp(options: HttpOptions) {
  const { config } = options
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => newId('req'),
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: false,
  }).withTypeProvider<TypeBoxTypeProvider>()

  const bodyAjv = makeAjv(false)
  const textAjv = makeAjv(true)
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema))

  // The API speaks JSON only: any other body type is a 415 problem rather than a confusing validation error.
  app.removeContentTypeParser('text/plain')
  app.decorate('database', options.database)
  app.decorate('config', config)
  app.decorate('narrowIdempotencyScope', options.narrowIdempotencyScope ?? null)
  app.decorateRequest('actor', null)
  app.addHook('onRoute', checkRouteDocumented)
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(handleNotFound)
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    if (mustNotBeStored(request) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
  })
  app.addHook('preSerialization', sendVersionAsEtag)

  await app.register(helmet, { global: true })
  if (config.corsOrigins.length > 0) {
    await app.register(cors, { origin: config.corsOrigins, credentials: false, exposedHeaders: ['x-request-id', 'idempotent-replayed', 'etag'] })
  }
  await app.register(rateLimit, { global: false })
  // x-internal: false says the API is meant for outside integrators (what OWASP API9 asks every server to state).
  const servers = [{ url: config.publicUrl, 'x-internal': false }]
  const withExamples = <T>(document: T): T => (options.openApiExamples ? withExampleIds(document, options.openApiExamples) : document)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Omnicanal Commerce API',
        version: '0.1.0',
        license: { name: 'MIT', identifier: 'MIT' },
        description:
          'One customer, one stock, one cart, one price, one order history across every sales channel. Money is `{ amount, currency }` in integer minor units; times are ISO-8601 UTC; lists use cursor pagination (`?cursor=&limit=`) with `sort` and `count=true`, except five small sets answered whole (a gift-card lookup by code, the loyalty tiers, a channel’s fulfilment locations, the nearest stores holding a variant, the event-type catalogue); errors are RFC 9457 problem+json. Every POST, PUT, PATCH and DELETE accepts an `Idempotency-Key` header that makes its retry safe; logins and other credential checks are rate limited per address (429 with Retry-After).',
      },
      servers,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      ...(options.openApiWebhooks && { webhooks: options.openApiWebhooks }),
    },
    transform: documentRoute,
    // Tags first, then named schemas hoisted into components, then the demo shop's ids swapped into the examples (path
    // examples depend on the path), then the parameters, headers and answers operations repeat written once.
    transformObject: (document) =>
      'openapiObject' in document ? hoistSharedComponents(withExamples(shapeOpenApiDocument(documentTags(document)))) : document.swaggerObject,
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { deepLinking: true, tryItOutEnabled: true } })

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  // Text PostgreSQL cannot store is refused before anything (authentication included) hands it to the database.
  app.addHook('onRequest', refuseUnstorableUrlText)
  app.addHook('preValidation', refuseUnstorableBodyText)
  app.addHook('onRequest', authenticateRequest(options.resolveActor))
  app.addHook('preHandler', authorizeRoute)
  return app
}

export type HttpApp = Awaited<ReturnType<typeof buildHttp>>
