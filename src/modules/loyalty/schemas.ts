/** HTTP schemas of the loyalty routes (validation, serialisation and OpenAPI from one definition). */
import { Type } from 'typebox'
import { named } from '../../platform/openapi-document.js'
import { LongPageQuery, SortAndCountQuery } from '../../platform/list-order.js'
import { Page } from '../../platform/pagination.js'
import type { CouponView } from '../promotions/service.js'
import { LOYALTY_REWARD_SORT_KEYS } from './rewards.js'
import { LOYALTY_ENTRY_KINDS } from './schema.js'

const closed = { additionalProperties: false } as const
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
/** A voucher's state is its coupon's, as the promotions module tells it. */
const VOUCHER_STATUSES = ['active', 'used_up', 'expired', 'disabled'] as const satisfies readonly CouponView['status'][]
const at = '2026-11-02T09:00:00.000Z'
const customerId = 'cus_01jd3x5k2v0000000000000000'

export const Id = Type.String({ minLength: 1, maxLength: 64 })
export const TierCode = Type.String({
  maxLength: 40,
  pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
  description: 'Lower-case letters, digits, - and _ (up to 40); promotions target it',
})
const Name = Type.Object({ fr: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) }, closed)
const Threshold = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'Lifetime points (earned and kept) that reach the tier' })

export const CustomerParams = Type.Object({ id: Id }, closed)
export const TierParams = Type.Object({ code: TierCode }, closed)
export const RewardParams = Type.Object({ id: Id }, closed)

export const Settings = Type.Object(
  {
    pointsPerUnit: Type.Integer({ description: 'Points per whole currency unit of goods paid (after discounts, shipping excluded)' }),
    currency: Type.String(),
    updatedAt: DateTime,
  },
  { ...closed, examples: [{ pointsPerUnit: 1, currency: 'EUR', updatedAt: at }] },
)
export const SettingsBody = Type.Object(
  { pointsPerUnit: Type.Integer({ minimum: 0, maximum: 1000, description: '0 stops earning; orders already earned keep their points' }) },
  { ...closed, examples: [{ pointsPerUnit: 2 }] },
)

const silver = { code: 'argent', name: { fr: 'Argent', en: 'Silver' }, threshold: 500 }
export const Tier = named('LoyaltyTier', Type.Object(
  { code: Type.String(), name: Name, threshold: Type.Integer(), createdAt: DateTime, updatedAt: DateTime },
  { ...closed, examples: [{ ...silver, createdAt: at, updatedAt: at }] },
))
export const Tiers = Type.Object({ items: Type.Array(Tier) }, { ...closed, description: 'The whole ladder, lowest threshold first: a handful of tiers, never paged' })
export const TierBody = Type.Object({ code: TierCode, name: Name, threshold: Threshold }, { ...closed, examples: [silver] })
export const TierPatch = Type.Object(
  { name: Type.Optional(Name), threshold: Type.Optional(Threshold) },
  { ...closed, minProperties: 1, examples: [{ threshold: 600 }] },
)

const rewardFields = {
  name: Name,
  pointsCost: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  promotionId: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'The promotion the voucher unlocks: typically an amount_off order promotion with requiresCoupon',
  }),
  voucherValidDays: Type.Integer({ minimum: 1, maximum: 3650, description: 'How long a voucher stays usable (default 90)' }),
  active: Type.Boolean({ description: 'Offered to customers (default true); retire a reward with false' }),
}
const tenEuros = {
  name: { fr: 'Bon de 10 €', en: '€10 voucher' },
  pointsCost: 500,
  promotionId: 'prm_01jd3x5k2v0000000000000001',
  voucherValidDays: 90,
  active: true,
}
export const Reward = named('LoyaltyReward', Type.Object(
  { id: Type.String(), ...rewardFields, createdAt: DateTime, updatedAt: DateTime },
  { ...closed, examples: [{ id: 'lyr_01jd3x5k2v0000000000000002', ...tenEuros, createdAt: at, updatedAt: at }] },
))
export const Rewards = Type.Object(Page(Reward).properties, { ...closed, description: 'Cheapest first unless sorted otherwise' })
export const RewardBody = Type.Object(
  { ...rewardFields, voucherValidDays: Type.Optional(rewardFields.voucherValidDays), active: Type.Optional(rewardFields.active) },
  { ...closed, examples: [tenEuros] },
)
export const RewardPatch = Type.Object(
  Object.fromEntries(Object.entries(rewardFields).map(([key, schema]) => [key, Type.Optional(schema)])) as {
    [K in keyof typeof rewardFields]: ReturnType<typeof Type.Optional<(typeof rewardFields)[K]>>
  },
  { ...closed, minProperties: 1, examples: [{ active: false }, { pointsCost: 450 }] },
)
export const RewardsQuery = Type.Object(
  {
    includeInactive: Type.Boolean({ default: false, description: 'Also rewards no longer offered (pricing:manage)' }),
    ...LongPageQuery,
    ...SortAndCountQuery(LOYALTY_REWARD_SORT_KEYS, 'pointsCost'),
  },
  closed,
)

export const Balances = Type.Object(
  {
    available: Type.Integer({ description: 'Spendable on rewards' }),
    pending: Type.Integer({ description: 'Earned on orders still inside their return window' }),
    lifetime: Type.Integer({ description: 'Earned and kept: sets the tier' }),
  },
  { ...closed, examples: [{ available: 620, pending: 89, lifetime: 1120 }] },
)

const voucherExample = {
  couponId: 'cpn_01jd3x5k2v0000000000000003',
  code: 'FID-K7QZ2M4PX9RA',
  status: 'active',
  rewardId: 'lyr_01jd3x5k2v0000000000000002',
  rewardName: tenEuros.name,
  points: 500,
  expiresAt: '2027-01-31T09:00:00.000Z',
  createdAt: at,
}
const Voucher = Type.Object(
  {
    couponId: Type.String(),
    code: Type.String({ description: 'Typed at web checkout or scanned at the till like any coupon' }),
    status: Type.Unsafe<string>({ type: 'string', enum: [...VOUCHER_STATUSES], description: 'active (usable), used_up, expired or disabled' }),
    rewardId: Type.String(),
    rewardName: Name,
    points: Type.Integer(),
    expiresAt: Nullable(DateTime),
    createdAt: DateTime,
  },
  closed,
)
const TierRef = Type.Object({ code: Type.String(), name: Name, threshold: Type.Integer() }, closed)
export const CustomerLoyalty = named('CustomerLoyalty', Type.Object(
  {
    customerId: Type.String(),
    balances: Balances,
    tier: Nullable(TierRef),
    nextTier: Nullable(Type.Object({ code: Type.String(), name: Name, threshold: Type.Integer(), pointsMissing: Type.Integer() }, closed)),
    pointsPerUnit: Type.Integer({ description: 'What a euro of goods earns now' }),
    vouchers: Type.Array(Voucher, { description: 'The last 50 vouchers she took, newest first' }),
  },
  {
    ...closed,
    examples: [
      {
        customerId,
        balances: { available: 620, pending: 89, lifetime: 1120 },
        tier: { code: 'argent', name: { fr: 'Argent', en: 'Silver' }, threshold: 500 },
        nextTier: { code: 'or', name: { fr: 'Or', en: 'Gold' }, threshold: 1500, pointsMissing: 380 },
        pointsPerUnit: 1,
        vouchers: [voucherExample],
      },
    ],
  },
))

export const Entry = named('LoyaltyEntry', Type.Object(
  {
    id: Type.String(),
    kind: Type.Unsafe<string>({
      type: 'string',
      enum: [...LOYALTY_ENTRY_KINDS],
      description: 'earn_pending (order paid), earn_confirmed (return window closed), earn_reversed (return or cancellation), redeem, redeem_reversed, adjust',
    }),
    available: Type.Integer({ description: 'Change of available points' }),
    pending: Type.Integer({ description: 'Change of pending points' }),
    lifetime: Type.Integer({ description: 'Change of lifetime points' }),
    orderId: Nullable(Type.String()),
    returnId: Nullable(Type.String()),
    rewardId: Nullable(Type.String()),
    couponId: Nullable(Type.String()),
    channelId: Nullable(Type.String()),
    note: Nullable(Type.String()),
    actor: Type.Object({ kind: Type.String({ description: 'system (orders, returns), staff, integration or customer' }), id: Nullable(Type.String()) }, closed),
    createdAt: DateTime,
  },
  closed,
))
export const Entries = Type.Object(Page(Entry).properties, {
  ...closed,
  examples: [
    {
      items: [
        {
          id: 'lye_01jd3x5k2v0000000000000004',
          kind: 'earn_pending',
          available: 0,
          pending: 89,
          lifetime: 0,
          orderId: 'ord_01jd3x5k2v0000000000000005',
          returnId: null,
          rewardId: null,
          couponId: null,
          channelId: 'chn_01jd3x5k2v0000000000000010',
          note: null,
          actor: { kind: 'system', id: null },
          createdAt: at,
        },
      ],
      nextCursor: null,
    },
  ],
})

export const AdjustmentBody = Type.Object(
  {
    points: Type.Integer({
      minimum: -1_000_000,
      maximum: 1_000_000,
      not: { const: 0 },
      description: 'Added to available points; negative to take points back',
    }),
    note: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { ...closed, examples: [{ points: 200, note: 'Geste commercial : retard de livraison' }] },
)
export const AdjustmentResult = Type.Object(
  { customerId: Type.String(), balances: Balances },
  { ...closed, examples: [{ customerId, balances: { available: 820, pending: 89, lifetime: 1120 } }] },
)

export const RedemptionBody = Type.Object({ rewardId: Id }, { ...closed, examples: [{ rewardId: 'lyr_01jd3x5k2v0000000000000002' }] })
export const Redemption = Type.Object(
  {
    voucher: Type.Object(
      { couponId: Type.String(), code: Type.String(), rewardId: Type.String(), points: Type.Integer(), expiresAt: DateTime },
      { ...closed, description: 'A single-use coupon only she can use' },
    ),
    balances: Balances,
  },
  {
    ...closed,
    examples: [
      {
        voucher: {
          couponId: voucherExample.couponId,
          code: voucherExample.code,
          rewardId: voucherExample.rewardId,
          points: 500,
          expiresAt: voucherExample.expiresAt,
        },
        balances: { available: 120, pending: 89, lifetime: 1120 },
      },
    ],
  },
)
