/**
 * A customer's loyalty as every channel shows it: balances, tier and the next one, vouchers with their code and
 * state, the ledger page by page; and hand adjustments. Readers are the customer herself or staff with
 * customers:read; anyone else gets the 404 of an unknown customer.
 */
import { desc, eq, sql } from 'drizzle-orm'
import { type Actor, type ActorRef } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { notFound } from '../../platform/problems.js'
import { assertCustomerOrStaff, findCustomer, lockLiveCustomer } from '../customers/service.js'
import { listCoupons, type CouponView } from '../promotions/service.js'
import { insufficientPoints } from './errors.js'
import { balancesOf, postEntry, type Balances } from './ledger.js'
import { nextTierAfter, tierFor } from './policies.js'
import { loyaltyEntries, loyaltyRewards, loyaltyVouchers, type LoyaltyEntryKind } from './schema.js'
import { pointsPerUnitOf } from './settings.js'
import { listLoyaltyTiers } from './tiers.js'

/** Vouchers shown with the balance, newest first. */
export const VOUCHERS_SHOWN = 50

export interface LoyaltyVoucher {
  couponId: string
  code: string
  /** The coupon's state now: usable, used, past its expiry or disabled. */
  status: CouponView['status']
  rewardId: string
  rewardName: { fr: string; en: string }
  points: number
  expiresAt: string | null
  createdAt: string
}

async function readableCustomer(tx: Tx, actor: Actor | null, customerId: string): Promise<void> {
  assertCustomerOrStaff(actor, customerId, 'customers:read')
  if (!(await findCustomer(tx, customerId))) throw notFound('Customer', customerId, '/params/id')
}

/** Her coupons by id, read through the promotions module (one page for nearly everyone). */
async function couponsById(tx: Tx, customerId: string, wanted: ReadonlySet<string>): Promise<Map<string, CouponView>> {
  const found = new Map<string, CouponView>()
  let cursor: string | undefined
  do {
    const page = await listCoupons(tx, { customerId, cursor, limit: 200 })
    for (const coupon of page.items) if (wanted.has(coupon.id)) found.set(coupon.id, coupon)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined && found.size < wanted.size)
  return found
}

/** Her vouchers, newest first, with their codes and states. */
export async function listCustomerVouchers(tx: Tx, customerId: string): Promise<LoyaltyVoucher[]> {
  const rows = await tx
    .select({ voucher: loyaltyVouchers, rewardName: loyaltyRewards.name })
    .from(loyaltyVouchers)
    .innerJoin(loyaltyRewards, eq(loyaltyRewards.id, loyaltyVouchers.rewardId))
    .where(eq(loyaltyVouchers.customerId, customerId))
    .orderBy(desc(loyaltyVouchers.createdAt), desc(loyaltyVouchers.couponId))
    .limit(VOUCHERS_SHOWN)
  if (rows.length === 0) return []
  const coupons = await couponsById(tx, customerId, new Set(rows.map((r) => r.voucher.couponId)))
  return rows.flatMap(({ voucher, rewardName }) => {
    const coupon = coupons.get(voucher.couponId)
    // A voucher whose coupon no longer names her (detached by an erasure) is not hers to show.
    if (!coupon) return []
    return [
      {
        couponId: voucher.couponId,
        code: coupon.code,
        status: coupon.status,
        rewardId: voucher.rewardId,
        rewardName,
        points: voucher.points,
        expiresAt: coupon.expiresAt,
        createdAt: voucher.createdAt.toISOString(),
      },
    ]
  })
}

/** Balances, tier, the next tier with the points missing, the earning rate and her vouchers. */
export async function getCustomerLoyalty(tx: Tx, input: { customerId: string; actor: Actor | null }) {
  await readableCustomer(tx, input.actor, input.customerId)
  const [balances, tiers, pointsPerUnit, vouchers] = await Promise.all([
    balancesOf(tx, input.customerId),
    listLoyaltyTiers(tx),
    pointsPerUnitOf(tx),
    listCustomerVouchers(tx, input.customerId),
  ])
  const tier = tierFor(tiers, balances.lifetime)
  const next = nextTierAfter(tiers, balances.lifetime)
  return {
    customerId: input.customerId,
    balances,
    tier: tier ? { code: tier.code, name: tier.name, threshold: tier.threshold } : null,
    nextTier: next ? { code: next.code, name: next.name, threshold: next.threshold, pointsMissing: next.threshold - balances.lifetime } : null,
    pointsPerUnit,
    vouchers,
  }
}

export interface LoyaltyEntryView {
  id: string
  kind: LoyaltyEntryKind
  available: number
  pending: number
  lifetime: number
  orderId: string | null
  returnId: string | null
  rewardId: string | null
  couponId: string | null
  channelId: string | null
  note: string | null
  actor: ActorRef
  createdAt: string
}

export function toEntryView(row: typeof loyaltyEntries.$inferSelect): LoyaltyEntryView {
  return {
    id: row.id,
    kind: row.kind,
    available: row.availableDelta,
    pending: row.pendingDelta,
    lifetime: row.lifetimeDelta,
    orderId: row.orderId,
    returnId: row.returnId,
    rewardId: row.rewardId,
    couponId: row.couponId,
    channelId: row.channelId,
    note: row.note,
    actor: { kind: row.actorKind as ActorRef['kind'], id: row.actorId },
    createdAt: row.createdAt.toISOString(),
  }
}

export const LOYALTY_ENTRY_SORT_KEYS = ['createdAt'] as const
const loyaltyEntryOrder = defineListOrder<(typeof LOYALTY_ENTRY_SORT_KEYS)[number]>({ keys: { createdAt: { sql: loyaltyEntries.createdAt, type: 'time' } }, tiebreaker: loyaltyEntries.id, defaultDescending: true })

/** The ledger, newest first, a page at a time (loyalty_entries_customer_idx). */
export async function listLoyaltyEntries(tx: Tx, input: { customerId: string; actor: Actor | null; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  await readableCustomer(tx, input.actor, input.customerId)
  return listTablePage(tx, loyaltyEntries, loyaltyEntryOrder, input, eq(loyaltyEntries.customerId, input.customerId), (rows) => rows.map(toEntryView))
}

/**
 * A hand adjustment of available points (goodwill, correction), through the ledger; lifetime (and so the tier) is
 * not moved — tiers follow points earned on orders. 409 insufficient-points when a debit would go below zero.
 */
export async function adjustLoyaltyPoints(
  tx: Tx,
  input: { customerId: string; points: number; note: string; actor: ActorRef },
): Promise<{ customerId: string; balances: Balances }> {
  await lockLiveCustomer(tx, { customerId: input.customerId, field: '/params/id' })
  const posted = await postEntry(
    tx,
    { customerId: input.customerId, kind: 'adjust', available: input.points, note: input.note, actor: input.actor },
    (current) => insufficientPoints(current.available, -input.points, '/body/points'),
  )
  if (!posted) throw new Error('an adjustment entry cannot conflict')
  return { customerId: input.customerId, balances: posted.balances }
}

/** What the customer 360 shows: available points and the tier code, in one query. */
export async function loyaltySummaryOf(tx: Tx, customerId: string): Promise<{ points: number; tier: string | null }> {
  const [row] = rowsOf<{ points: number; tier: string | null }>(
    await tx.execute(sql`
      select coalesce(a.available, 0)::bigint as points,
        (select t.code from loyalty_tiers t where t.threshold <= coalesce(a.lifetime, 0) order by t.threshold desc limit 1) as tier
      from (select ${customerId}::text as id) c left join loyalty_accounts a on a.customer_id = c.id`),
  )
  return { points: Number(row?.points ?? 0), tier: row?.tier ?? null }
}
