/** HTTP schemas of routes-gdpr.ts: the export document, the erasure summary and the access log (the 360: customer-overview/schemas.ts). */
import { Type } from 'typebox'
import { Money } from '../../platform/money.js'
import { Page } from '../../platform/pagination.js'
import { CUSTOMER_AUDIT_ACTIONS, IDENTIFIER_KINDS } from './schema.js'
import { CUSTOMER_PROFILE_EXAMPLE } from './profile.js'

const closed = { additionalProperties: false } as const

/** `?locationId=`: the store a member of staff serves from, for the access log (the 360 takes it too). */
const LocationId = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The store you serve from (store staff: one of yours; implied when you have only one)',
})
export const LocationQuery = Type.Object({ locationId: Type.Optional(LocationId) }, { ...closed, examples: [{ locationId: 'loc_01jd3x5k2v0000000000000001' }] })
const open = { additionalProperties: true } as const
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const OpenList = (description: string) => Type.Array(Type.Object({}, open), { description })

const customerId = CUSTOMER_PROFILE_EXAMPLE.id
// The export holds her data, not the profile's write version (an ETag of the API, not something about her).
const { version: _version, ...profileExample } = CUSTOMER_PROFILE_EXAMPLE
const montpellier = 'loc_01jd3x5k2v0000000000000001'
const staffId = 'stf_01jd3x5k2v0000000000000007'
const at = '2026-11-23T10:00:00.000Z'

export const AccessLogItem = Type.Object(
  {
    id: Type.String(),
    action: Type.Unsafe<(typeof CUSTOMER_AUDIT_ACTIONS)[number]>({ type: 'string', enum: [...CUSTOMER_AUDIT_ACTIONS] }),
    actor: Type.Object({ kind: Type.String({ description: 'staff, integration, customer or system' }), id: Nullable(Type.String()) }, closed),
    locationId: Nullable(Type.String({ description: 'The store it was done from (store staff)' })),
    details: Type.Object(
      {},
      { ...open, description: 'Ids and counts: the identifier kind of a lookup, what an erasure removed, a merge id… never a typed value' },
    ),
    occurredAt: DateTime,
  },
  closed,
)
const accessEntry = {
  id: 'aud_01jd3x5k2v0000000000000003',
  action: 'overview' as const,
  actor: { kind: 'staff', id: staffId },
  locationId: montpellier,
  details: {},
  occurredAt: at,
}

export const AccessLogPage = Type.Object(Page(AccessLogItem).properties, { ...closed, examples: [{ items: [accessEntry], nextCursor: null }] })

const exampleExport = {
  format: 'omnicanal.customer-export/1',
  generatedAt: at,
  customerId,
  profile: {
    ...profileExample,
    updatedAt: at,
    mergedIntoId: null,
    erasedAt: null,
  },
  identifiers: [{ kind: 'email', value: 'camille.martin@example.com', createdAt: at, verifiedAt: null }],
  consents: {
    current: [{ purpose: 'marketing_email', granted: true, since: at, method: 'web_form', channelId: null, locationId: null, wording: 'v3' }],
    history: [{ id: 'cce_01jd3x5k2v0000000000000001', purpose: 'marketing_email', granted: true, method: 'web_form', occurredAt: at }],
  },
  merges: [],
  devices: [{ id: 'dev_01jd3x5k2v0000000000000002', userAgent: 'Mozilla/5.0', createdAt: at }],
  sessions: [{ id: 'tok_01jd3x5k2v0000000000000004', subjectKind: 'customer', subjectId: customerId, createdAt: at, expiresAt: null, revokedAt: null }],
  carts: [
    {
      id: 'cart_01jd3x5k2v0000000000000005',
      channelId: 'chn_01jd3x5k2v0000000000000010',
      status: 'open',
      lines: [{ variantId: 'var_01jd3x5k2v0000000000000006', quantity: 1, unitPrice: 5990 }],
    },
  ],
  wishlist: [{ variantId: 'var_01jd3x5k2v0000000000000006', channelId: null, addedAt: at }],
  orders: [
    {
      id: 'ord_01jd3x5k2v0000000000000008',
      number: 100001,
      status: 'collected',
      lines: [],
      fulfilments: [],
      payments: [{ method: 'card', status: 'captured', amount: 5990 }],
      history: [],
    },
  ],
  returns: [],
  storeCredit: {
    balance: { amount: 1500, currency: 'EUR' },
    entries: [{ id: 'sce_01jd3x5k2v0000000000000009', delta: 1500, reason: 'adjustment', createdAt: at }],
  },
  giftCards: [{ id: 'gc_01jd3x5k2v000000000000000b', codeLast4: 'K7QZ', balance: { amount: 2500, currency: 'EUR' }, status: 'active' }],
  promotions: { vouchers: [{ id: 'cpn_01jd3x5k2v000000000000000c', code: 'MERCI-K7QWM2ZP9RTA', status: 'active' }], promotionUses: [], couponUses: [], redemptions: [] },
  loyalty: {
    balances: { available: 620, pending: 89, lifetime: 1120 },
    tier: 'argent',
    entries: [{ id: 'lye_01jd3x5k2v000000000000000d', kind: 'earn_pending', pending: 89, orderId: 'ord_01jd3x5k2v0000000000000008', createdAt: at }],
    vouchers: [],
  },
  groups: [{ code: 'vip', addedAt: at }],
  touchpoints: [{ id: 'tp_01jd3x5k2v000000000000000a', kind: 'product_view', occurredAt: at }],
  reviews: [{ id: 'rev_01jd3x5k2v0000000000000000', productId: 'prod_01jd3x5k2v0000000000000000', rating: 5, title: 'Parfaite', status: 'published' }],
  accessLog: [accessEntry],
}

export const ExportDocument = Type.Object(
  {
    format: Type.Literal('omnicanal.customer-export/1', { description: 'The document format and its version' }),
    generatedAt: DateTime,
    customerId: Type.String(),
    profile: Type.Object(
      {
        id: Type.String(),
        email: Nullable(Type.String()),
        firstName: Nullable(Type.String()),
        lastName: Nullable(Type.String()),
        phone: Nullable(Type.String()),
        postalCode: Nullable(Type.String()),
        locale: Type.String(),
        hasAccount: Type.Boolean(),
        createdAt: DateTime,
        updatedAt: DateTime,
        mergedIntoId: Nullable(Type.String()),
        erasedAt: Nullable(DateTime),
      },
      closed,
    ),
    identifiers: Type.Array(
      Type.Object(
        {
          kind: Type.Unsafe<string>({ type: 'string', enum: [...IDENTIFIER_KINDS] }),
          value: Type.String(),
          createdAt: DateTime,
          verifiedAt: Nullable(DateTime),
        },
        closed,
      ),
      { description: 'Emails, phones, loyalty card and QR token, marketplace buyer ids, devices' },
    ),
    consents: Type.Object(
      {
        current: OpenList('The state of every purpose (purpose, granted, since, method, channel, store, wording)'),
        history: OpenList('Every decision recorded, oldest first, with how, where and by whom'),
      },
      closed,
    ),
    merges: OpenList('Merges she took part in (as survivor or merged profile), with their dates'),
    devices: OpenList('Devices linked to her: id, user agent, first seen'),
    sessions: OpenList('Her sessions and her devices’: id, dates, revocation — never the token or its hash'),
    carts: OpenList('Every cart of hers, any status, with its lines (variant, quantity, unit price)'),
    wishlist: OpenList('Wished variants with the channel and date'),
    orders: OpenList('Every order with contact, address, lines, fulfilments, payments (tender, amounts, status; no card data) and history'),
    returns: OpenList('Every return with lines (reason, condition, refund) and history'),
    storeCredit: Type.Object({ balance: Money, entries: OpenList('The ledger: every change, why, and the order or return behind it') }, closed),
    giftCards: OpenList('Gift cards she holds: the code masked to its last 4 characters, balance, status, expiry'),
    promotions: Type.Object(
      {
        vouchers: OpenList('Coupons only she may use (a loyalty reward, a goodwill gesture), with their codes'),
        promotionUses: OpenList('How many of her orders used each promotion (for per-customer limits)'),
        couponUses: OpenList('How many of her orders used each code'),
        redemptions: OpenList('Each discount her orders got: promotion, amount, code, and whether the use was given back'),
      },
      closed,
    ),
    loyalty: Type.Object(
      {
        balances: Type.Object({ available: Type.Integer(), pending: Type.Integer(), lifetime: Type.Integer() }, closed),
        tier: Nullable(Type.String()),
        entries: OpenList('The points ledger: every change, why, and the order, return or reward behind it'),
        vouchers: OpenList('Rewards she took: the voucher (its code is among her coupons), points spent, date'),
      },
      closed,
    ),
    groups: OpenList('Customer groups she belongs to (price lists and promotions target them)'),
    touchpoints: OpenList('Her timeline on every channel: views, searches, carts, orders, store visits, messages…'),
    reviews: OpenList('Her product reviews in every status: rating, title, text, language, the purchase behind it, moderation'),
    accessLog: OpenList('Who accessed or acted on her data: lookups, 360 views, exports, merges (this export included)'),
  },
  { ...closed, description: 'Sections hold plain JSON records of each kind of data; record shapes may gain fields.', examples: [exampleExport] },
)

export const ErasureSummary = Type.Object(
  {
    customerId: Type.String(),
    erasedAt: DateTime,
    alreadyErased: Type.Boolean({ description: 'True when it had been erased before: nothing was done this time' }),
    erasedProfiles: Type.Array(Type.String(), { description: 'This profile and those merged into it' }),
    removed: Type.Object(
      {
        identifiers: Type.Integer(),
        openCarts: Type.Integer(),
        wishlistItems: Type.Integer(),
        touchpoints: Type.Integer(),
        sessions: Type.Integer({ description: 'Tokens revoked: logged out everywhere' }),
        storedResponses: Type.Integer({ description: 'Stored answers of her idempotent requests' }),
        reviews: Type.Integer({ description: 'Her product reviews, deleted (the products’ ratings no longer count them)' }),
      },
      closed,
    ),
    anonymised: Type.Object(
      {
        orders: Type.Integer(),
        returns: Type.Integer(),
        closedCarts: Type.Integer(),
        devices: Type.Integer({ description: 'Unlinked from her' }),
        consentEvents: Type.Integer({ description: 'Kept as purpose, granted, method and date' }),
        merges: Type.Integer(),
        events: Type.Integer({ description: 'Outbox events whose payload held personal fields' }),
        webhookDeliveries: Type.Integer(),
      },
      closed,
    ),
    kept: Type.Object(
      { orders: Type.Integer(), returns: Type.Integer(), storeCreditEntries: Type.Integer(), loyaltyEntries: Type.Integer({ description: 'Points ledger entries, their notes cleared' }) },
      { ...closed, description: 'Kept for the legal retention period, under the anonymised id' },
    ),
  },
  {
    ...closed,
    examples: [
      {
        customerId,
        erasedAt: at,
        alreadyErased: false,
        erasedProfiles: [customerId],
        removed: { identifiers: 5, openCarts: 1, wishlistItems: 2, touchpoints: 14, sessions: 2, storedResponses: 1, reviews: 1 },
        anonymised: { orders: 3, returns: 1, closedCarts: 3, devices: 1, consentEvents: 2, merges: 0, events: 1, webhookDeliveries: 1 },
        kept: { orders: 3, returns: 1, storeCreditEntries: 2, loyaltyEntries: 4 },
      },
    ],
  },
)
