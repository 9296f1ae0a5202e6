/** The loyalty module's problems: stable codes, each naming the input at fault. */
import { DomainError, notFound } from '../../platform/problems.js'

/** Available points do not cover what was asked, whatever the concurrency (the debit is one guarded UPDATE). */
export const insufficientPoints = (available: number, requested: number, field: string) =>
  new DomainError({
    code: 'insufficient-points',
    status: 409,
    title: 'Not enough points',
    detail: `The customer has ${available} points available; ${requested} are needed.`,
    field,
    data: { available, requested },
  })

export const tierNotFound = (code: string) => notFound('Loyalty tier', code, '/params/code')

export const tierCodeTaken = (code: string) =>
  new DomainError({
    code: 'tier-code-taken',
    status: 409,
    title: 'Tier already exists',
    detail: `A tier with the code ${code} already exists.`,
    field: '/body/code',
    data: { code },
  })

/** Two tiers at one threshold would make a customer's tier ambiguous. */
export const tierThresholdTaken = (threshold: number) =>
  new DomainError({
    code: 'tier-threshold-taken',
    status: 409,
    title: 'Threshold already used',
    detail: `Another tier is already reached at ${threshold} points.`,
    field: '/body/threshold',
    data: { threshold },
  })

export const rewardNotFound = (id: string, field = '/params/id') => notFound('Loyalty reward', id, field)

/** A reward taken off the catalogue (`inactive`), or whose promotion can no longer issue vouchers (`offer_ended`). */
export const rewardUnavailable = (id: string, reason: 'inactive' | 'offer_ended') =>
  new DomainError({
    code: 'reward-unavailable',
    status: 409,
    title: 'Reward not offered',
    detail: reason === 'inactive' ? `The reward ${id} is not offered any more.` : `The offer behind the reward ${id} has ended.`,
    field: '/body/rewardId',
    data: { rewardId: id, reason },
  })

/** A reward some customer already took stays, for her voucher's history: retire it with active: false. */
export const rewardRedeemed = (id: string) =>
  new DomainError({
    code: 'reward-redeemed',
    status: 409,
    title: 'Reward already redeemed',
    detail: `The reward ${id} was already exchanged for vouchers; deactivate it instead (active: false).`,
    field: '/params/id',
    data: { rewardId: id },
  })

export const promotionNotFound = (id: string) => notFound('Promotion', id, '/body/promotionId')

/** A reward's voucher unlocks its promotion: one that applies without a coupon, or is archived, would give nothing. */
export const promotionNotRedeemable = (id: string, reason: 'not_coupon_only' | 'archived') =>
  new DomainError({
    code: 'promotion-not-redeemable',
    status: 409,
    title: 'Promotion cannot back a reward',
    detail:
      reason === 'archived'
        ? `The promotion ${id} is archived: its vouchers would give nothing.`
        : `The promotion ${id} applies without a coupon, so a voucher for it would give nothing: use a promotion with requiresCoupon.`,
    field: '/body/promotionId',
    data: { promotionId: id, reason },
  })
