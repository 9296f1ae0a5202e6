import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requireActor } from '../../platform/auth.js'
import { ConcurrencyErrors, expectedVersionOf, IfMatchHeaders } from '../../platform/concurrency.js'
import { mutate } from '../../platform/idempotency.js'
import { CountQuery, CreatedRangeQuery, SortQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { lookupCustomerLogged, recordCustomerSearch } from './access-log.js'
import { contactRequired, identifierTaken, oneIdentifierRequired } from './errors.js'
import {
  assertCustomerOrStaff,
  createCustomer,
  CUSTOMER_PROFILE_EXAMPLE,
  CustomerProfile,
  getCustomer,
  issueLoyaltyCard,
  searchCustomers,
  CUSTOMER_SORT_KEYS,
  toCustomerProfile,
  updateCustomer,
  type LookupInput,
} from './service.js'

const closed = { additionalProperties: false } as const
const bearer = [{ bearer: [] }]
const CustomerParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, closed)
const Name = Type.String({ minLength: 1, maxLength: 100 })
const Email = Type.String({ format: 'email', maxLength: 254 })
const Phone = Type.String({
  minLength: 3,
  maxLength: 32,
  description: 'Any usual form; stored as E.164 (French numbers by default): 06 12 34 56 78 → +33612345678',
})
const PostalCode = Type.String({ minLength: 2, maxLength: 16 })
const Locale = Type.Union([Type.Literal('fr'), Type.Literal('en')])
const camille = CUSTOMER_PROFILE_EXAMPLE
const Profile = Type.Object(CustomerProfile.properties, { ...closed, examples: [camille] })

const LookupQuery = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })),
    loyaltyCard: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: '13 digits, spaces allowed' })),
    qr: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The token read from the card’s QR code (lqr_…)' })),
    marketplaceBuyer: Type.Optional(Type.String({ minLength: 3, maxLength: 200, pattern: '^[A-Za-z0-9_-]+:.+$', description: '<marketplace>:<buyer id>' })),
    locationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'The store you serve from, for the access log (store staff: one of yours; implied when you have only one)' })),
  },
  { ...closed, examples: [{ phone: '06 12 34 56 78' }] },
)

const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 2, maxLength: 100, description: 'Part of a name, an email or a phone number: at least 2 letters or digits' }),
    ...PageQuery,
    ...CreatedRangeQuery,
    sort: SortQuery(CUSTOMER_SORT_KEYS, 'exact email or phone matches first, then by similarity to q'),
    ...CountQuery,
  },
  { ...closed, examples: [{ q: 'martin', limit: 20 }] },
)

const CreateBody = Type.Object(
  {
    firstName: Name,
    lastName: Name,
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    postalCode: Type.Optional(PostalCode),
    locale: Type.Optional(Locale),
  },
  { ...closed, examples: [{ firstName: 'Camille', lastName: 'Martin', phone: '06 12 34 56 78', postalCode: '34000', locale: 'fr' }] },
)

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]))
const PatchBody = Type.Object(
  {
    firstName: nullable(Name),
    lastName: nullable(Name),
    email: nullable(Email),
    phone: nullable(Phone),
    postalCode: nullable(PostalCode),
    locale: Type.Optional(Locale),
  },
  { ...closed, examples: [{ phone: '+33 7 98 76 54 32', postalCode: '34070' }] },
)

const LoyaltyCard = Type.Object(
  {
    customerId: Type.String(),
    cardNumber: Type.String({ description: 'EAN-13 in the GS1 in-store range: 29, 10 random digits, check digit' }),
    qrToken: Type.String({ description: 'lqr_ and 32 base64url characters (192 random bits), printed as a QR code' }),
    issuedAt: Type.String({ format: 'date-time' }),
  },
  {
    ...closed,
    examples: [{ customerId: camille.id, cardNumber: '2904718263540', qrToken: 'lqr_3q2-7wEAAAAbcdEFGhijKLMnopQRstuV', issuedAt: '2026-11-23T10:05:00.000Z' }],
  },
)

const LOOKUP_KEYS = ['email', 'phone', 'loyaltyCard', 'qr', 'marketplaceBuyer'] as const satisfies readonly (keyof LookupInput)[]

export const customerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/customers/me',
    {
      schema: { operationId: 'getCurrentCustomer', tags: ['customers'], summary: 'The signed-in customer’s profile', security: bearer, response: { 200: Profile, 401: Problem, 404: Problem } },
      config: { authenticated: true },
    },
    async (request) => {
      const actor = requireActor(request)
      return getCustomer(request.server.database.db, { actor, customerId: actor.kind === 'customer' ? actor.id : '' })
    },
  )

  app.get(
    '/v1/customers/lookup',
    {
      schema: {
        operationId: 'lookupCustomer',
        tags: ['customers'],
        summary: 'The customer holding one exact identifier (seller’s search box, card scanner)',
        description:
          'Exactly one of the identifier parameters. Emails compare lower-cased, phones as E.164 (French by default), card numbers without spaces. Every lookup is logged in the customer’s access log (who, when, which store).',
        security: bearer,
        querystring: LookupQuery,
        response: { 200: Profile, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
      config: { can: 'customers:read' },
    },
    async (request) => {
      const given = LOOKUP_KEYS.filter((key) => request.query[key] !== undefined)
      const key = given[0]
      if (given.length !== 1 || key === undefined) throw oneIdentifierRequired()
      const found = await lookupCustomerLogged(request.server.database, { actor: request.actor, key, raw: request.query[key]!, locationId: request.query.locationId })
      return toCustomerProfile(found)
    },
  )

  app.get(
    '/v1/customers',
    {
      schema: {
        operationId: 'searchCustomers',
        tags: ['customers'],
        summary: 'Search customers by part of a name, email or phone (staff)',
        description: 'Exact email or phone matches first, then by trigram similarity. Logged (who, when, which profiles were listed; never the search term).',
        security: bearer,
        querystring: SearchQuery,
        response: { 200: Page(Profile), 400: Problem, 401: Problem, 403: Problem },
      },
      config: { can: 'customers:read' },
    },
    async (request) => {
      const page = await searchCustomers(request.server.database.db, request.query)
      await recordCustomerSearch(request.server.database.db, { actor: request.actor, customerIds: page.items.map((hit) => hit.id), totalCount: page.totalCount })
      return {
        nextCursor: page.nextCursor,
        ...(page.totalCount === undefined ? {} : { totalCount: page.totalCount }),
        items: page.items.map((hit) => ({
          id: hit.id,
          email: hit.email,
          firstName: hit.first_name,
          lastName: hit.last_name,
          phone: hit.phone,
          postalCode: hit.postal_code,
          locale: hit.locale === 'en' ? ('en' as const) : ('fr' as const),
          hasAccount: hit.has_account,
          version: hit.version,
          createdAt: new Date(hit.created_at).toISOString(),
        })),
      }
    },
  )

  app.post(
    '/v1/customers',
    {
      schema: {
        operationId: 'createCustomer',
        tags: ['customers'],
        summary: 'Create a walk-in customer (till, phone)',
        security: bearer,
        body: CreateBody,
        response: { 201: Profile, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
      config: { can: 'customers:write' },
    },
    (request, reply) =>
      mutate(
        request,
        reply,
        async (tx) => {
          const { email, phone } = request.body
          if (email === undefined && phone === undefined) throw contactRequired()
          const row = await createCustomer(tx, { ...request.body, email: email ?? null, phone: phone ?? null, passwordHash: null })
          if (!row) throw identifierTaken('email', '/body/email')
          return toCustomerProfile(row)
        },
        { status: 201 },
      ),
  )

  app.get(
    '/v1/customers/:id',
    {
      schema: {
        operationId: 'getCustomer',
        tags: ['customers'],
        summary: 'A customer profile (the customer themself, or staff)',
        security: bearer,
        params: CustomerParams,
        response: { 200: Profile, 401: Problem, 404: Problem },
      },
      config: { authenticated: true },
    },
    async (request) => getCustomer(request.server.database.db, { actor: request.actor, customerId: request.params.id }),
  )

  app.patch(
    '/v1/customers/:id',
    {
      schema: {
        operationId: 'updateCustomer',
        tags: ['customers'],
        summary: 'Change a profile (the customer themself, or staff); identifiers follow the email and phone',
        security: bearer,
        params: CustomerParams,
        headers: IfMatchHeaders,
        body: PatchBody,
        response: { 200: Profile, 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, ...ConcurrencyErrors },
      },
      config: { authenticated: true },
    },
    (request, reply) => mutate(request, reply, (tx) => updateCustomer(tx, { actor: request.actor, customerId: request.params.id, changes: request.body, expectedVersion: expectedVersionOf(request) })),
  )

  app.post(
    '/v1/customers/:id/loyalty-card',
    {
      schema: {
        operationId: 'issueLoyaltyCard',
        tags: ['customers'],
        summary: 'The customer’s loyalty card number and QR token, issued on first call',
        description: 'Safe to repeat: a customer who already has a card gets the same one back.',
        security: bearer,
        params: CustomerParams,
        response: { 200: LoyaltyCard, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
      },
      config: { authenticated: true },
    },
    (request, reply) => {
      assertCustomerOrStaff(request.actor, request.params.id, 'customers:write')
      const customerId = request.params.id
      return mutate(request, reply, async (tx) => {
        await getCustomer(tx, { actor: request.actor, customerId })
        return (await issueLoyaltyCard(tx, { customerId })).card
      })
    },
  )
}
