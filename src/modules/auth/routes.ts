import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { named } from '../../platform/openapi-document.js'
import { PERMISSIONS, requireActor, type Permission } from '../../platform/auth.js'
import { mutate } from '../../platform/idempotency.js'
import { SortAndCountQuery } from '../../platform/list-order.js'
import { Page, PageQuery } from '../../platform/pagination.js'
import { Problem } from '../../platform/problems.js'
import { CUSTOMER_PROFILE_EXAMPLE, CustomerProfile, SignupConsent } from '../customers/service.js'
import {
  createAnonymousSession,
  createIntegrationKey,
  createStaffUser,
  getStaffUser,
  listStaffUsers,
  STAFF_SORT_KEYS,
  loginCustomer,
  loginStaff,
  logout,
  registerCustomer,
  registerKioskDevice,
  revokeIntegrationKey,
  updateStaffUser,
} from './service.js'

const Email = Type.String({ format: 'email', maxLength: 254 })
const Password = Type.String({ minLength: 8, maxLength: 200 })
const Role = Type.Union([Type.Literal('admin'), Type.Literal('store_manager'), Type.Literal('store_associate'), Type.Literal('call_centre_agent'), Type.Literal('integration')])
const Scope = Type.Unsafe<Permission>({ type: 'string', enum: [...PERMISSIONS] })
const SessionFields = {
  token: Type.String({ description: 'Bearer token; send it as `Authorization: Bearer <token>`. Shown once.' }),
  tokenType: Type.Literal('Bearer'),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}
const staffExample = {
  id: 'usr_01jd3x5k2v0000000000000000',
  email: 'claire.dubois@maison-lumiere.fr',
  displayName: 'Claire Dubois',
  role: 'store_manager',
  locationIds: ['loc_01jd3x5k2v0000000000000001'],
  disabled: false,
  createdAt: '2025-03-03T08:30:00.000Z',
}
const StaffUser = named('StaffUser', Type.Object(
  { id: Type.String(), email: Type.String(), displayName: Type.String(), role: Role, locationIds: Type.Array(Type.String()), disabled: Type.Boolean(), createdAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false, examples: [staffExample] },
))
const StaffQuery = Type.Object({ ...PageQuery, ...SortAndCountQuery(STAFF_SORT_KEYS, 'creation order') }, { additionalProperties: false })
const StaffPage = Type.Object(Page(StaffUser).properties, { additionalProperties: false, examples: [{ items: [staffExample], nextCursor: null }] })
const sessionExample = { token: 'oc_q8Xz3vN1bR7kLmT2pW9sYdE4fH6jA0cU5gK8nV3xZ1o', tokenType: 'Bearer', expiresAt: '2025-03-10T20:30:00.000Z' }
const StaffSession = Type.Object({ ...SessionFields, staff: StaffUser }, { additionalProperties: false, examples: [{ ...sessionExample, staff: staffExample }] })
const CustomerSession = Type.Object(
  { ...SessionFields, customer: CustomerProfile },
  {
    additionalProperties: false,
    examples: [
      {
        ...sessionExample,
        expiresAt: '2025-04-09T08:30:00.000Z',
        customer: CUSTOMER_PROFILE_EXAMPLE,
      },
    ],
  },
)
const DeviceSession = Type.Object(
  { ...SessionFields, deviceId: Type.String() },
  { additionalProperties: false, examples: [{ ...sessionExample, expiresAt: '2026-03-10T08:30:00.000Z', deviceId: 'dev_01jd3x5k2v0000000000000000' }] },
)
const KioskDevice = Type.Object(
  { deviceId: Type.String(), kioskChannelId: Type.String(), ...SessionFields },
  {
    additionalProperties: false,
    examples: [{ deviceId: 'dev_01jd3x5k2v0000000000000001', kioskChannelId: 'chn_01jd3x5k2v0000000000000003', ...sessionExample, expiresAt: '2026-03-10T08:30:00.000Z' }],
  },
)
const RegistrationAccepted = Type.Object(
  { status: Type.Literal('accepted'), email: Type.String() },
  {
    additionalProperties: false,
    description:
      'The same answer whether or not the email already had an account, so that registration reveals nothing. A new account is open: log in with POST /v1/auth/customers/login. An existing account is left untouched and its owner is told.',
    examples: [{ status: 'accepted', email: 'camille.martin@example.com' }],
  },
)
const loginBody = (example: { email: string; password: string }) =>
  Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false, examples: [example] })
const StaffLoginBody = loginBody({ email: 'claire.dubois@maison-lumiere.fr', password: 'Lumiere-Montpellier-2025' })
const CustomerLoginBody = loginBody({ email: 'camille.martin@example.com', password: 'Soleil-de-Sete-34' })
const RegisterBody = Type.Object(
  {
    email: Email,
    password: Password,
    firstName: Type.String({ minLength: 1, maxLength: 100 }),
    lastName: Type.String({ minLength: 1, maxLength: 100 }),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32, description: 'Any usual form; stored as E.164 (national numbers read in DEFAULT_PHONE_COUNTRY, FR by default): 06 12 34 56 78 → +33612345678' })),
    postalCode: Type.Optional(Type.String({ minLength: 2, maxLength: 12 })),
    locale: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
    consents: Type.Optional(Type.Array(SignupConsent, { maxItems: 5, description: 'Consents given on the form, one per purpose (method web_form or checkout)' })),
  },
  {
    additionalProperties: false,
    examples: [{ email: 'camille.martin@example.com', password: 'Soleil-de-Sete-34', firstName: 'Camille', lastName: 'Martin', phone: '+33612345678', postalCode: '34000', locale: 'fr', consents: [{ purpose: 'marketing_email', granted: true, wording: 'newsletter-v3' }] }],
  },
)
const StaffBody = Type.Object(
  { email: Email, displayName: Type.String({ minLength: 1, maxLength: 100 }), role: Role, password: Type.Optional(Password), locationIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })) },
  {
    additionalProperties: false,
    examples: [
      { email: 'claire.dubois@maison-lumiere.fr', displayName: 'Claire Dubois', role: 'store_manager', password: 'Lumiere-Montpellier-2025', locationIds: ['loc_01jd3x5k2v0000000000000001'] },
      { email: 'erp@maison-lumiere.fr', displayName: 'ERP Maison Lumière', role: 'integration' },
    ],
  },
)
const StaffPatch = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(Role),
    password: Type.Optional(Password),
    locationIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 })),
    disabled: Type.Optional(Type.Boolean({ description: 'true disables the account and revokes its tokens' })),
  },
  { additionalProperties: false, examples: [{ role: 'store_associate', locationIds: ['loc_01jd3x5k2v0000000000000001', 'loc_01jd3x5k2v0000000000000002'] }, { disabled: true }] },
)
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const KeyParams = Type.Object({ id: Type.String({ maxLength: 64 }), keyId: Type.String({ maxLength: 64 }) }, { additionalProperties: false })
const KeyBody = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 100 }), scopes: Type.Array(Scope, { minItems: 1, maxItems: PERMISSIONS.length, uniqueItems: true }), expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 3650 })) },
  { additionalProperties: false, examples: [{ label: 'ERP — synchronisation du catalogue', scopes: ['catalog:write'], expiresInHours: 8760 }] },
)
const IntegrationKey = Type.Object(
  { id: Type.String(), label: Type.String(), scopes: Type.Array(Scope), expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), revoked: Type.Boolean(), createdAt: Type.String({ format: 'date-time' }), token: Type.String() },
  {
    additionalProperties: false,
    examples: [
      {
        id: 'tok_01jd3x5k2v0000000000000000',
        label: 'ERP — synchronisation du catalogue',
        scopes: ['catalog:write'],
        expiresAt: '2026-03-10T08:30:00.000Z',
        revoked: false,
        createdAt: '2025-03-10T08:30:00.000Z',
        token: 'oc_u4Jm9cQ2wE7rT1yP6aS3dF8gH0kL5zX2vB7nM4qW9eR',
      },
    ],
  },
)
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem }
/** The answers of a route under loginLimit: 429 too. */
const limitedErrors = { ...errors, 429: Problem }
const auth = [{ bearer: [] }]

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { config } = app
  const loginLimit = { rateLimit: { max: config.loginRateLimitPerMinute, timeWindow: '1 minute' } }

  app.post('/v1/auth/staff/login', { schema: { operationId: 'loginStaff', security: [], tags: ['auth'], summary: 'Staff login', body: StaffLoginBody, response: { 200: StaffSession, ...limitedErrors } }, config: loginLimit }, (req, reply) =>
    mutate(req, reply, (tx) => loginStaff(tx, { ...req.body, ttlHours: config.staffTokenTtlHours }), { mintsAgain: true }),
  )
  app.post(
    '/v1/auth/customers/register',
    {
      schema: {
        operationId: 'registerCustomer',
        security: [{}, { bearer: [] }],
        tags: ['auth'],
        summary: 'Open a customer account (links the calling device, if any), then log in',
        body: RegisterBody,
        response: { 202: RegistrationAccepted, ...limitedErrors },
      },
      config: loginLimit,
    },
    (req, reply) => mutate(req, reply, (tx) => registerCustomer(tx, { ...req.body, actor: req.actor }), { status: 202 }),
  )
  app.post('/v1/auth/customers/login', { schema: { operationId: 'loginCustomer', security: [{}, { bearer: [] }], tags: ['auth'], summary: 'Customer login', body: CustomerLoginBody, response: { 200: CustomerSession, ...limitedErrors } }, config: loginLimit }, (req, reply) =>
    mutate(req, reply, (tx) => loginCustomer(tx, { ...req.body, actor: req.actor, ttlHours: config.customerTokenTtlHours }), { mintsAgain: true }),
  )
  app.post('/v1/auth/anonymous', { schema: { operationId: 'createAnonymousSession', security: [], tags: ['auth'], summary: 'Device token for an anonymous shopper', response: { 201: DeviceSession, ...errors } } }, (req, reply) =>
    mutate(req, reply, (tx) => createAnonymousSession(tx, { userAgent: req.headers['user-agent'] ?? null, ttlDays: config.deviceTokenTtlDays }), { status: 201, mintsAgain: true }),
  )
  app.post(
    '/v1/channels/:id/kiosk-devices',
    {
      schema: {
        operationId: 'registerKioskDevice',
        tags: ['auth'],
        summary: 'Register a shared kiosk device on a kiosk channel',
        description:
          'Admins and managers of the channel’s store only. The kiosk’s token (shown once, valid a year) alone may claim carts on this channel; logging in on it links nothing to the customer.',
        security: auth,
        params: IdParams,
        response: { 201: KioskDevice, ...errors },
      },
      config: { can: 'locations:update' },
    },
    (req, reply) =>
      mutate(req, reply, (tx) => registerKioskDevice(tx, { channelId: req.params.id, actor: requireActor(req), userAgent: req.headers['user-agent'] ?? null }), { status: 201, secretAnswer: true }),
  )
  app.post('/v1/auth/logout', { schema: { operationId: 'logout', tags: ['auth'], summary: 'Revoke the token of this request', security: auth, response: { 204: Type.Null(), ...errors } }, config: { authenticated: true } }, async (req, reply) => {
    await mutate(req, reply, (tx) => logout(tx, { actor: requireActor(req) }), { status: 204 })
    return null
  })

  app.get('/v1/staff', { schema: { operationId: 'listStaffUsers', tags: ['staff'], summary: 'List staff users', security: auth, querystring: StaffQuery, response: { 200: StaffPage, ...errors } }, config: { can: 'staff:manage' } }, (req) =>
    listStaffUsers(app.database.db, req.query),
  )
  app.post('/v1/staff', { schema: { operationId: 'createStaffUser', tags: ['staff'], summary: 'Create a staff user', security: auth, body: StaffBody, response: { 201: StaffUser, ...errors } }, config: { can: 'staff:manage' } }, (req, reply) =>
    mutate(req, reply, (tx) => createStaffUser(tx, { ...req.body, grantor: requireActor(req) }), { status: 201 }),
  )
  app.get('/v1/staff/:id', { schema: { operationId: 'getStaffUser', tags: ['staff'], summary: 'A staff user', security: auth, params: IdParams, response: { 200: StaffUser, ...errors } }, config: { can: 'staff:manage' } }, (req) =>
    getStaffUser(app.database.db, req.params.id),
  )
  app.patch(
    '/v1/staff/:id',
    { schema: { operationId: 'updateStaffUser', tags: ['staff'], summary: 'Change, re-bind or disable a staff user', security: auth, params: IdParams, body: StaffPatch, response: { 200: StaffUser, ...errors } }, config: { can: 'staff:manage' } },
    (req, reply) => mutate(req, reply, (tx) => updateStaffUser(tx, { id: req.params.id, ...req.body, grantor: requireActor(req) })),
  )
  app.post(
    '/v1/staff/:id/keys',
    { schema: { operationId: 'createIntegrationKey', tags: ['staff'], summary: 'Issue an API key to an integration account, limited to scopes', security: auth, params: IdParams, body: KeyBody, response: { 201: IntegrationKey, ...errors } }, config: { can: 'staff:manage' } },
    (req, reply) =>
      mutate(req, reply, (tx) => createIntegrationKey(tx, { staffUserId: req.params.id, label: req.body.label, scopes: req.body.scopes, ttlHours: req.body.expiresInHours ?? null, grantor: requireActor(req) }), { status: 201, secretAnswer: true }),
  )
  app.delete('/v1/staff/:id/keys/:keyId', { schema: { operationId: 'revokeIntegrationKey', tags: ['staff'], summary: 'Revoke an API key', security: auth, params: KeyParams, response: { 204: Type.Null(), ...errors } }, config: { can: 'staff:manage' } }, async (req, reply) => {
    await mutate(req, reply, (tx) => revokeIntegrationKey(tx, { staffUserId: req.params.id, keyId: req.params.keyId, grantor: requireActor(req) }), { status: 204 })
    return null
  })
}
