/**
 * Points from orders, through the ledger: earned pending when an order is paid, confirmed (pending → available, and
 * lifetime +) when it closes after its return window, dropped when it is cancelled, taken back when a return of it
 * is refunded. Called from the orders and returns hooks, in the transaction that moves the order or the return.
 *
 * Each step happens once: earning and confirming are unique per order (loyalty_entries_earn_key) and a reversal per
 * return (loyalty_entries_return_key); confirming and dropping lock the order's earning entry and move only what the
 * order still holds pending, so a repeated or concurrent call finds nothing left.
 *
 * Balances never go negative, and these steps never fail for want of points: a return takes its points from pending
 * while the order's points are pending, else from available (and lifetime); points already spent are not clawed
 * back below zero — what is there is taken and the shortfall is written in the entry's note.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { lockAccount, postEntry } from './ledger.js'
import { pointsForGoods, pointsToReverse, takeFrom } from './policies.js'
import { loyaltyEntries } from './schema.js'
import { pointsPerUnitOf } from './settings.js'

/** What earning needs of an order (the orders module's row has it). */
export interface EarningOrder {
  id: string
  customerId: string | null
  channelId: string
  subtotal: number
  discountTotal: number
}

/**
 * The orders hook: `passed` lists every status the order stepped into, in order. Every order that is paid steps
 * through `paid` (moveOrder walks each intermediate state), so earning runs once, on that move, and other moves of
 * the order cost nothing here.
 */
export async function onOrderMoved(tx: Tx, input: { order: EarningOrder; passed: readonly string[] }): Promise<void> {
  const { order, passed } = input
  if (order.customerId === null) return
  if (passed.includes('paid')) await earnOrderPoints(tx, order)
  if (passed.includes('closed')) await confirmOrderPoints(tx, order)
  if (passed.includes('cancelled')) await dropOrderPoints(tx, order)
}

/** Earns the order's points as pending, once (a repeated call posts nothing); answers the points posted now. */
export async function earnOrderPoints(tx: Tx, order: EarningOrder): Promise<number> {
  if (order.customerId === null) return 0
  const points = pointsForGoods(order.subtotal - order.discountTotal, await pointsPerUnitOf(tx))
  if (points === 0) return 0
  const posted = await postEntry(tx, {
    customerId: order.customerId,
    kind: 'earn_pending',
    pending: points,
    orderId: order.id,
    channelId: order.channelId,
    actor: SYSTEM_ACTOR,
  })
  return posted ? points : 0
}

interface OrderStanding {
  /** Who earned (the customer of the earning entry). */
  earnedBy: string
  earned: number
  /** Earned, less what reversals and confirmation took from pending since. */
  pendingLeft: number
  confirmed: boolean
}

/**
 * Locks the order's earning entry (so that confirming, dropping and reversing the same order run one after the
 * other) and sums what its entries did to pending. Null when the order never earned.
 */
async function orderStanding(tx: Tx, orderId: string, customerId: string | null): Promise<OrderStanding | null> {
  // loyalty_entries_earn_key (partial, on order_id and kind).
  const [earn] = await tx
    .select({ customerId: loyaltyEntries.customerId, points: loyaltyEntries.pendingDelta })
    .from(loyaltyEntries)
    .where(and(eq(loyaltyEntries.orderId, orderId), eq(loyaltyEntries.kind, 'earn_pending')))
    .for('update')
  if (!earn) return null
  // An order's entries are on the customer who earned or, after a merge, on the one who holds the order now:
  // loyalty_entries_customer_idx finds them among hers instead of scanning the ledger.
  const customers = [...new Set([earn.customerId, customerId ?? earn.customerId])]
  const [sum] = await tx
    .select({
      pendingLeft: sql<number>`coalesce(sum(${loyaltyEntries.pendingDelta}), 0)::bigint`.mapWith(Number),
      confirmed: sql<boolean>`coalesce(bool_or(${loyaltyEntries.kind} = 'earn_confirmed'), false)`,
    })
    .from(loyaltyEntries)
    .where(and(inArray(loyaltyEntries.customerId, customers), eq(loyaltyEntries.orderId, orderId)))
  return { earnedBy: earn.customerId, earned: earn.points, pendingLeft: Number(sum?.pendingLeft ?? 0), confirmed: sum?.confirmed === true }
}

function shortNote(what: string, wanted: number, taken: number): string | null {
  return taken === wanted ? null : `${what}: ${wanted} points due, only ${taken} were left to take (balances never go below zero).`
}

/** Moves what the order still holds pending to available (and lifetime), once; answers the points confirmed. */
export async function confirmOrderPoints(tx: Tx, order: EarningOrder): Promise<number> {
  const standing = await orderStanding(tx, order.id, order.customerId)
  if (!standing || standing.confirmed || standing.pendingLeft <= 0) return 0
  const customerId = order.customerId ?? standing.earnedBy
  const { taken } = takeFrom((await lockAccount(tx, customerId)).pending, standing.pendingLeft)
  if (taken === 0) return 0
  const note = shortNote('Confirmation', standing.pendingLeft, taken)
  const posted = await postEntry(tx, {
    customerId,
    kind: 'earn_confirmed',
    pending: -taken,
    available: taken,
    lifetime: taken,
    orderId: order.id,
    channelId: order.channelId,
    note,
    actor: SYSTEM_ACTOR,
  })
  return posted ? taken : 0
}

/** A cancelled order gives up what it still holds pending; answers the points dropped. */
export async function dropOrderPoints(tx: Tx, order: EarningOrder): Promise<number> {
  const standing = await orderStanding(tx, order.id, order.customerId)
  if (!standing || standing.confirmed || standing.pendingLeft <= 0) return 0
  const customerId = order.customerId ?? standing.earnedBy
  const { taken } = takeFrom((await lockAccount(tx, customerId)).pending, standing.pendingLeft)
  if (taken === 0) return 0
  await postEntry(tx, {
    customerId,
    kind: 'earn_reversed',
    pending: -taken,
    orderId: order.id,
    channelId: order.channelId,
    note: 'Order cancelled',
    actor: SYSTEM_ACTOR,
  })
  return taken
}

/**
 * A fulfilment cancelled while the rest of its order goes on: the order keeps only the share of what it earned that
 * its goods still kept are worth, floor(earned × goodsKept / goodsPaid) (goodsKept: the paid share of the units not
 * cancelled and not returned); the rest leaves pending. A fulfilment is cancelled only before it leaves, so the
 * order's points are still pending then. Answers the points taken.
 */
export async function reduceOrderPoints(tx: Tx, input: { order: EarningOrder; goodsKept: number }): Promise<number> {
  const { order } = input
  const standing = await orderStanding(tx, order.id, order.customerId)
  if (!standing || standing.confirmed) return 0
  const goodsPaid = order.subtotal - order.discountTotal
  const target = goodsPaid > 0 ? Math.floor((standing.earned * Math.max(0, Math.min(input.goodsKept, goodsPaid))) / goodsPaid) : 0
  const excess = standing.pendingLeft - target
  if (excess <= 0) return 0
  const customerId = order.customerId ?? standing.earnedBy
  const { taken } = takeFrom(Math.min((await lockAccount(tx, customerId)).pending, standing.pendingLeft), excess)
  if (taken === 0) return 0
  const posted = await postEntry(tx, { customerId, kind: 'earn_reversed', pending: -taken, orderId: order.id, channelId: order.channelId, actor: SYSTEM_ACTOR, note: 'Part of the order was cancelled' })
  return posted ? taken : 0
}

export interface RefundedReturn {
  returnId: string
  orderId: string
  customerId: string | null
  channelId: string
  /** Goods given back by this return (minor units, as paid; shipping excluded). */
  goodsRefunded: number
  /** Goods given back by the order's earlier refunded returns. */
  goodsRefundedBefore: number
  /** The order's goods as paid (subtotal − discounts): what its points were earned on. */
  goodsPaid: number
}

/**
 * Takes back the points of the goods a refunded return gave back (policies.ts: pointsToReverse), once per return:
 * from pending while the order's points are pending, else from available and lifetime, never below zero (the
 * shortfall goes in the note). Answers the points taken.
 */
export async function reverseReturnPoints(tx: Tx, input: RefundedReturn): Promise<number> {
  const standing = await orderStanding(tx, input.orderId, input.customerId)
  if (!standing) return 0
  const points = pointsToReverse({ earned: standing.earned, goodsPaid: input.goodsPaid, goodsRefundedBefore: input.goodsRefundedBefore, goodsRefunded: input.goodsRefunded })
  if (points === 0) return 0
  const customerId = input.customerId ?? standing.earnedBy
  const account = await lockAccount(tx, customerId)
  const entry = {
    customerId,
    kind: 'earn_reversed' as const,
    orderId: input.orderId,
    returnId: input.returnId,
    channelId: input.channelId,
    actor: SYSTEM_ACTOR,
  }
  if (!standing.confirmed) {
    const { taken } = takeFrom(Math.min(account.pending, standing.pendingLeft), points)
    if (taken === 0) return 0
    const posted = await postEntry(tx, { ...entry, pending: -taken, note: shortNote('Return', points, taken) })
    return posted ? taken : 0
  }
  const available = takeFrom(account.available, points)
  const lifetime = takeFrom(account.lifetime, points)
  if (available.taken === 0 && lifetime.taken === 0) return 0
  const posted = await postEntry(tx, { ...entry, available: -available.taken, lifetime: -lifetime.taken, note: shortNote('Return', points, available.taken) })
  return posted ? available.taken : 0
}
