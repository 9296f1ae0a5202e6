/**
 * The demo shop's programme: three tiers and two rewards, each reward a voucher of its own coupon-only promotion
 * (10 € or 25 € off the order).
 */
import type { Tx } from '../../platform/db.js'
import { createPromotion } from '../promotions/service.js'
import { createLoyaltyReward } from './rewards.js'
import { createLoyaltyTier } from './tiers.js'

const TIERS = [
  { code: 'membre', name: { fr: 'Membre', en: 'Member' }, threshold: 0 },
  { code: 'argent', name: { fr: 'Argent', en: 'Silver' }, threshold: 500 },
  { code: 'or', name: { fr: 'Or', en: 'Gold' }, threshold: 1500 },
]

const REWARDS = [
  { name: { fr: 'Bon de 10 €', en: '€10 voucher' }, pointsCost: 500, amount: 1000 },
  { name: { fr: 'Bon de 25 €', en: '€25 voucher' }, pointsCost: 1000, amount: 2500 },
]

/** Seeds the tiers and rewards; answers how many of each. */
export async function seedDemoLoyalty(tx: Tx): Promise<{ tiers: number; rewards: number }> {
  for (const tier of TIERS) await createLoyaltyTier(tx, tier)
  for (const reward of REWARDS) {
    const promotion = await createPromotion(tx, {
      name: `Fidélité : ${reward.name.fr}`,
      description: 'Bon du programme de fidélité, échangé contre des points (un par échange)',
      kind: 'amount_off',
      amount: reward.amount,
      target: { scope: 'order' },
      priority: 500,
      stacking: 'combinable',
      requiresCoupon: true,
    })
    await createLoyaltyReward(tx, { name: reward.name, pointsCost: reward.pointsCost, promotionId: promotion.id, voucherValidDays: 90 })
  }
  return { tiers: TIERS.length, rewards: REWARDS.length }
}
