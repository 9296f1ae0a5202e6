/**
 * A customer's loyalty for the GDPR export, and what an erasure does to it: the ledger is accounting and stays,
 * under the customer's anonymised id, with its notes (free text typed by people) cleared; balances stay with it.
 */
import { asc, eq, inArray, sql } from 'drizzle-orm'
import type { Tx } from '../../platform/db.js'
import { toEntryView } from './account.js'
import { balancesOf } from './ledger.js'
import { loyaltyEntries, loyaltyRewards, loyaltyVouchers } from './schema.js'
import { loyaltyTierOf } from './tiers.js'

/** Balances, tier, every ledger entry (oldest first) and every voucher taken (the code is in her coupons). */
export async function exportCustomerLoyalty(tx: Tx, customerId: string) {
  const [balances, tier, entries, vouchers] = await Promise.all([
    balancesOf(tx, customerId),
    loyaltyTierOf(tx, customerId),
    tx.select().from(loyaltyEntries).where(eq(loyaltyEntries.customerId, customerId)).orderBy(asc(loyaltyEntries.id)),
    tx
      .select({ voucher: loyaltyVouchers, rewardName: loyaltyRewards.name })
      .from(loyaltyVouchers)
      .innerJoin(loyaltyRewards, eq(loyaltyRewards.id, loyaltyVouchers.rewardId))
      .where(eq(loyaltyVouchers.customerId, customerId))
      .orderBy(asc(loyaltyVouchers.createdAt)),
  ])
  return {
    balances,
    tier,
    entries: entries.map(toEntryView),
    vouchers: vouchers.map(({ voucher, rewardName }) => ({
      couponId: voucher.couponId,
      rewardId: voucher.rewardId,
      rewardName,
      points: voucher.points,
      createdAt: voucher.createdAt.toISOString(),
    })),
  }
}

/** Erasure: clears the notes of these customers' entries and answers how many entries are kept. */
export async function anonymiseCustomerLoyalty(tx: Tx, customerIds: readonly string[]): Promise<number> {
  if (customerIds.length === 0) return 0
  await tx
    .update(loyaltyEntries)
    .set({ note: null })
    .where(sql`${inArray(loyaltyEntries.customerId, [...customerIds])} and ${loyaltyEntries.note} is not null`)
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(loyaltyEntries)
    .where(inArray(loyaltyEntries.customerId, [...customerIds]))
  return Number(row?.count ?? 0)
}
