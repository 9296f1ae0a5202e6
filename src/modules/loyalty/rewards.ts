/**
 * Rewards: points exchanged for a voucher — a single-use coupon of the reward's promotion that only this customer can
 * use, at web checkout or at the till like any coupon. Redeeming is one guarded debit of available points (two
 * redemptions at the same instant can never spend the same points), then the coupon, recorded in loyalty_vouchers.
 */
import { asc, eq, sql } from 'drizzle-orm'
import { actorRefOf, type Actor } from '../../platform/auth.js'
import { isForeignKeyViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { defineListOrder, listTablePage, type ListPage, type ListWindow } from '../../platform/list-order.js'
import { newId } from '../../platform/ids.js'
import { DomainError } from '../../platform/problems.js'
import { assertCustomerOrStaff, lockLiveCustomer } from '../customers/service.js'
import { getPromotion, issueCustomerCoupon } from '../promotions/service.js'
import { insufficientPoints, promotionNotFound, promotionNotRedeemable, rewardNotFound, rewardRedeemed, rewardUnavailable } from './errors.js'
import { LOYALTY_EVENTS } from './events.js'
import { postEntry, type Balances } from './ledger.js'
import { loyaltyEntries, loyaltyRewards, loyaltyVouchers } from './schema.js'

export interface LoyaltyReward {
  id: string
  name: { fr: string; en: string }
  pointsCost: number
  promotionId: string
  voucherValidDays: number
  active: boolean
  createdAt: string
  updatedAt: string
}

export interface RewardFields {
  name: { fr: string; en: string }
  pointsCost: number
  promotionId: string
  voucherValidDays?: number
  active?: boolean
}

type RewardRow = typeof loyaltyRewards.$inferSelect

/** Prefix of voucher codes (FID for fidélité): a cashier knows one when she sees it. */
const VOUCHER_PREFIX = 'FID'
const DAY_MS = 86_400_000

function toReward(row: RewardRow): LoyaltyReward {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }
}

/** The promotion a reward's vouchers unlock: it exists, is not archived and applies only with a coupon. */
async function checkRewardPromotion(tx: Tx, promotionId: string): Promise<void> {
  let promotion: Awaited<ReturnType<typeof getPromotion>>
  try {
    promotion = await getPromotion(tx, { id: promotionId })
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw promotionNotFound(promotionId)
    throw error
  }
  if (promotion.status === 'archived') throw promotionNotRedeemable(promotionId, 'archived')
  if (!promotion.requiresCoupon) throw promotionNotRedeemable(promotionId, 'not_coupon_only')
}

async function emitSaved(tx: Tx, row: RewardRow): Promise<void> {
  await emit(tx, LOYALTY_EVENTS.rewardSaved, { rewardId: row.id, pointsCost: row.pointsCost, promotionId: row.promotionId, active: row.active })
}

/** The active rewards whose vouchers unlock this promotion (promotions refuse to change what those vouchers are worth). */
export async function activeRewardsOf(tx: Tx, promotionId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: loyaltyRewards.id })
    .from(loyaltyRewards)
    .where(sql`${loyaltyRewards.promotionId} = ${promotionId} and ${loyaltyRewards.active}`)
    .orderBy(asc(loyaltyRewards.id))
  return rows.map((row) => row.id)
}

/** Adds a reward to the catalogue; 404 or 409 promotion-not-redeemable on /body/promotionId (see checkRewardPromotion). */
export async function createLoyaltyReward(tx: Tx, input: RewardFields): Promise<LoyaltyReward> {
  await checkRewardPromotion(tx, input.promotionId)
  const [row] = await tx
    .insert(loyaltyRewards)
    .values({ id: newId('lyr'), ...input })
    .returning()
  if (!row) throw new Error('loyalty reward insert returned nothing')
  await emitSaved(tx, row)
  return toReward(row)
}

export const LOYALTY_REWARD_SORT_KEYS = ['pointsCost', 'createdAt'] as const
const rewardListOrder = defineListOrder<(typeof LOYALTY_REWARD_SORT_KEYS)[number]>({
  keys: { pointsCost: { sql: loyaltyRewards.pointsCost, type: 'integer' }, createdAt: { sql: loyaltyRewards.createdAt, type: 'time' } },
  tiebreaker: loyaltyRewards.id,
  defaultDescending: false,
  defaultSort: [{ key: 'pointsCost', descending: false }],
})

/** A page of the catalogue, cheapest first unless `sort` says otherwise: every reward, or only those offered now. */
export async function listLoyaltyRewards(tx: Tx, input: ListWindow & { activeOnly: boolean }): Promise<ListPage<LoyaltyReward>> {
  return listTablePage(tx, loyaltyRewards, rewardListOrder, input, input.activeOnly ? eq(loyaltyRewards.active, true) : undefined, (rows) => rows.map(toReward))
}

/** One reward; 404 on /params/id. */
export async function getLoyaltyReward(tx: Tx, input: { id: string }): Promise<LoyaltyReward> {
  const [row] = await tx.select().from(loyaltyRewards).where(eq(loyaltyRewards.id, input.id))
  if (!row) throw rewardNotFound(input.id)
  return toReward(row)
}

/** Changes a reward; vouchers already issued keep their value and expiry. */
export async function updateLoyaltyReward(tx: Tx, input: { id: string; changes: Partial<RewardFields> }): Promise<LoyaltyReward> {
  if (input.changes.promotionId !== undefined) await checkRewardPromotion(tx, input.changes.promotionId)
  const [row] = await tx
    .update(loyaltyRewards)
    .set({ ...input.changes, updatedAt: sql`now()` })
    .where(eq(loyaltyRewards.id, input.id))
    .returning()
  if (!row) throw rewardNotFound(input.id)
  await emitSaved(tx, row)
  return toReward(row)
}

/** Deletes a reward nobody took yet; 409 reward-redeemed once vouchers name it (deactivate it instead). */
export async function deleteLoyaltyReward(tx: Tx, input: { id: string }): Promise<void> {
  let deleted: { id: string }[]
  try {
    deleted = await tx.delete(loyaltyRewards).where(eq(loyaltyRewards.id, input.id)).returning({ id: loyaltyRewards.id })
  } catch (error) {
    if (isForeignKeyViolation(error)) throw rewardRedeemed(input.id)
    throw error
  }
  if (deleted.length === 0) throw rewardNotFound(input.id)
  await emit(tx, LOYALTY_EVENTS.rewardDeleted, { rewardId: input.id })
}

export interface RedeemedVoucher {
  couponId: string
  code: string
  rewardId: string
  points: number
  expiresAt: string
}

/**
 * Exchanges available points for the reward's voucher, for the customer herself or staff with customers:write (the
 * till, the phone); anyone else gets the 404 of an unknown customer. 409 insufficient-points (on /body/rewardId) when
 * her available points do not cover it, whatever the concurrency; 409 reward-unavailable when it is not offered.
 */
export async function redeemLoyaltyReward(
  tx: Tx,
  input: { customerId: string; rewardId: string; actor: Actor | null },
): Promise<{ voucher: RedeemedVoucher; balances: Balances }> {
  assertCustomerOrStaff(input.actor, input.customerId, 'customers:write')
  await lockLiveCustomer(tx, { customerId: input.customerId, field: '/params/id' })
  const [reward] = await tx.select().from(loyaltyRewards).where(eq(loyaltyRewards.id, input.rewardId))
  if (!reward) throw rewardNotFound(input.rewardId, '/body/rewardId')
  if (!reward.active) throw rewardUnavailable(reward.id, 'inactive')
  const debit = await postEntry(
    tx,
    { customerId: input.customerId, kind: 'redeem', available: -reward.pointsCost, rewardId: reward.id, actor: actorRefOf(input.actor) },
    (current) => insufficientPoints(current.available, reward.pointsCost, '/body/rewardId'),
  )
  if (!debit) throw new Error('a redemption entry cannot conflict')
  const expiresAt = new Date(Date.now() + reward.voucherValidDays * DAY_MS)
  let coupon: { id: string; code: string }
  try {
    coupon = await issueCustomerCoupon(tx, { promotionId: reward.promotionId, customerId: input.customerId, expiresAt, prefix: VOUCHER_PREFIX })
  } catch (error) {
    // The promotion was archived (or removed) since the reward was set up: the points stay, the whole request rolls back.
    if (error instanceof DomainError && error.field === '/promotionId') throw rewardUnavailable(reward.id, 'offer_ended')
    throw error
  }
  // The entry was written before the coupon existed (the debit comes first, so a refusal draws no code): link them.
  await tx.update(loyaltyEntries).set({ couponId: coupon.id }).where(eq(loyaltyEntries.id, debit.entryId))
  await tx.insert(loyaltyVouchers).values({ couponId: coupon.id, customerId: input.customerId, rewardId: reward.id, points: reward.pointsCost })
  await emit(
    tx,
    LOYALTY_EVENTS.rewardRedeemed,
    { customerId: input.customerId, rewardId: reward.id, couponId: coupon.id, points: reward.pointsCost },
    { customerId: input.customerId },
  )
  return {
    voucher: { couponId: coupon.id, code: coupon.code, rewardId: reward.id, points: reward.pointsCost, expiresAt: expiresAt.toISOString() },
    balances: debit.balances,
  }
}
