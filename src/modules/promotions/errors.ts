/** Promotions' problems: unknown promotions, fields that do not fit, references to nothing, limits and lifecycle. */
import { DomainError, invalidInput, notFound } from '../../platform/problems.js'

export const promotionNotFound = (id: string) => notFound('Promotion', id, '/params/id')

/** A field a promotion of its kind does not take, or a value the schema refuses once a PATCH is merged. */
export const promotionFieldInvalid = (field: string, detail: string) => invalidInput(field, detail, 'promotion-field-invalid')

export const promotionWindowInvalid = (field: string) => invalidInput(field, 'endsAt must be after startsAt.', 'invalid-window')

export const promotionKindImmutable = (kind: string) =>
  new DomainError({
    code: 'promotion-kind-immutable',
    status: 400,
    title: 'Promotion kind cannot change',
    detail: `This promotion is a ${kind} promotion and stays one: archive it and create another.`,
    field: '/body/kind',
    data: { kind },
  })

/** What a promotion may name and does not exist: the problem names the list entry at fault. */
export type PromotionReference = 'channel' | 'product' | 'variant' | 'category' | 'customer-group'

export const unknownReference = (what: PromotionReference, value: string, field: string) =>
  invalidInput(field, `No ${what.replace('-', ' ')} has the ${what === 'customer-group' ? 'code' : 'id'} ${value}.`, `unknown-${what}`)

export const usageLimitBelowUsed = (usedCount: number, usageLimit: number) =>
  new DomainError({
    code: 'usage-limit-below-used',
    status: 409,
    title: 'Usage limit below uses',
    detail: `This promotion was already used ${usedCount} times: its usage limit cannot be ${usageLimit}.`,
    field: '/body/usageLimit',
    data: { usedCount, usageLimit },
  })

export const promotionArchived = (id: string) =>
  new DomainError({
    code: 'promotion-archived',
    status: 409,
    title: 'Promotion archived',
    detail: `Promotion ${id} is archived: it stays as the orders that used it knew it. Create a new one.`,
    data: { promotionId: id },
  })

/** A loyalty reward's vouchers unlock this promotion: it must stay coupon-only, unlimited and in force while one does. */
export const promotionBacksRewards = (rewardIds: readonly string[], field: string) =>
  new DomainError({
    code: 'promotion-backs-rewards',
    status: 409,
    title: 'Promotion backs loyalty rewards',
    detail: `Loyalty rewards (${rewardIds.join(', ')}) sell vouchers for this promotion: customers paid points for them. Deactivate those rewards first.`,
    field,
    data: { rewardIds },
  })
