/** Consent routes: the state of every purpose with its history, and recording decisions. See consents.ts for the rules. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { CONSENT_METHODS, CONSENT_PURPOSES, type ConsentMethod as ConsentMethodName, type ConsentPurpose as ConsentPurposeName } from './schema.js'
import { CONSENT_HISTORY_SORT_KEYS, getConsents, recordConsents } from './service.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

const ConsentPurpose = Type.Unsafe<ConsentPurposeName>({
  type: 'string',
  enum: [...CONSENT_PURPOSES],
  description: 'marketing_email, marketing_sms, marketing_phone, marketing_push, or personalisation (profiling from views and searches)',
})
const ConsentMethod = Type.Unsafe<ConsentMethodName>({
  type: 'string',
  enum: [...CONSENT_METHODS],
  description: 'How it was given: customers use web_form, account_settings, checkout, kiosk, unsubscribe_link; store staff in_store; the call centre phone_call',
})
const Wording = Type.String({ minLength: 1, maxLength: 2000, description: 'The text the customer agreed to, or its version label' })

const CustomerParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, closed)
const ConsentQuery = Type.Object({ ...PageQuery, ...SortAndCountQuery(CONSENT_HISTORY_SORT_KEYS, 'newest first') }, { ...closed, examples: [{ limit: 20 }] })

const customerId = 'cus_01jd3x5k2v0000000000000000'
const web = 'chn_01jd3x5k2v0000000000000010'
const store = 'loc_01jd3x5k2v0000000000000001'

const Decision = Type.Object(
  {
    purpose: ConsentPurpose,
    granted: Type.Boolean({ description: 'true gives consent, false refuses or withdraws it' }),
    method: ConsentMethod,
    channelId: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
    locationId: Type.Optional(nullable(Type.String({ maxLength: 64, description: 'The store where it was given (store staff: required, one of theirs)' }))),
    wording: Type.Optional(nullable(Wording)),
  },
  closed,
)
const DecisionsBody = Type.Object(
  { decisions: Type.Array(Decision, { minItems: 1, maxItems: CONSENT_PURPOSES.length }) },
  {
    ...closed,
    examples: [
      { decisions: [{ purpose: 'marketing_sms', granted: false, method: 'account_settings', channelId: web }] },
      { decisions: [{ purpose: 'marketing_email', granted: true, method: 'in_store', locationId: store, wording: 'newsletter-v3' }] },
    ],
  },
)

const State = Type.Object(
  {
    purpose: ConsentPurpose,
    granted: Type.Union([Type.Boolean(), Type.Null()], { description: 'null: never asked, which counts as not granted' }),
    since: nullable(Type.String({ format: 'date-time' })),
    method: nullable(ConsentMethod),
    channelId: nullable(Type.String()),
    locationId: nullable(Type.String()),
    wording: nullable(Type.String()),
  },
  closed,
)
const HistoryEntry = Type.Object(
  {
    id: Type.String(),
    purpose: ConsentPurpose,
    granted: Type.Boolean(),
    method: ConsentMethod,
    channelId: nullable(Type.String()),
    locationId: nullable(Type.String()),
    wording: nullable(Type.String()),
    actor: Type.Object({ kind: Type.String({ description: 'customer, staff, integration' }), id: nullable(Type.String()) }, closed),
    occurredAt: Type.String({ format: 'date-time' }),
  },
  closed,
)

const grantedEmail = { purpose: 'marketing_email', granted: true, since: '2026-11-23T10:00:00.000Z', method: 'in_store', channelId: null, locationId: store, wording: 'newsletter-v3' }
const withdrawnSms = { purpose: 'marketing_sms', granted: false, since: '2026-11-24T18:30:00.000Z', method: 'account_settings', channelId: web, locationId: null, wording: null }
const neverAsked = (purpose: string) => ({ purpose, granted: null, since: null, method: null, channelId: null, locationId: null, wording: null })
const purposesExample = [grantedEmail, withdrawnSms, neverAsked('marketing_phone'), neverAsked('marketing_push'), neverAsked('personalisation')]

const ConsentStates = Type.Object(
  { customerId: Type.String(), purposes: Type.Array(State, { description: 'Every purpose, in a fixed order' }) },
  { ...closed, examples: [{ customerId, purposes: purposesExample }] },
)
const Consents = Type.Object(
  {
    customerId: Type.String(),
    purposes: Type.Array(State, { description: 'Every purpose, in a fixed order' }),
    history: Type.Array(HistoryEntry, { description: 'Every decision, newest first' }),
    nextCursor: nullable(Type.String({ description: 'Pass as ?cursor= for older decisions; null on the last page.' })),
    totalCount: Page(Type.Null()).properties.totalCount,
  },
  {
    ...closed,
    examples: [
      {
        customerId,
        purposes: purposesExample,
        history: [
          { id: 'cev_01jdb2c0e80000000000000001', purpose: 'marketing_sms', granted: false, method: 'account_settings', channelId: web, locationId: null, wording: null, actor: { kind: 'customer', id: customerId }, occurredAt: withdrawnSms.since },
          { id: 'cev_01jd3x5k2v0000000000000002', purpose: 'marketing_email', granted: true, method: 'in_store', channelId: null, locationId: store, wording: 'newsletter-v3', actor: { kind: 'staff', id: 'usr_01jd3x5k2v0000000000000000' }, occurredAt: grantedEmail.since },
        ],
        nextCursor: null,
      },
    ],
  },
)

export const consentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/:id/consents',
    {
      schema: {
        operationId: 'getConsents',
        tags: ['customers'],
        summary: 'Consent state of every purpose, and the history of decisions (the customer themself, or staff)',
        description: 'Each decision says when, where (channel, store), how (method, wording) and who recorded it. A purpose never asked has granted null.',
        security: bearer,
        params: CustomerParams,
        querystring: ConsentQuery,
        response: { 200: Consents, 400: Problem, 401: Problem, 404: Problem },
      },
      config: { authenticated: true },
    },
    async (request) => getConsents(request.server.database.db, { actor: request.actor, customerId: request.params.id, ...request.query }),
  )

  app.post(
    '/v1/customers/:id/consents',
    {
      schema: {
        operationId: 'recordConsents',
        tags: ['customers'],
        summary: 'Record consent decisions (the customer themself, or staff with customers:write)',
        description:
          'Every decision is kept in the history; the state follows the newest. Customers use self-service methods; store staff record in_store decisions at one of their stores (locationId); the call centre phone_call.',
        security: bearer,
        params: CustomerParams,
        body: DecisionsBody,
        response: { 200: ConsentStates, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
      config: { authenticated: true },
    },
    (request, reply) =>
      mutate(request, reply, async (tx) => ({
        customerId: request.params.id,
        purposes: await recordConsents(tx, { actor: request.actor, customerId: request.params.id, decisions: request.body.decisions }),
      })),
  )
}
