/**
 * Profile merges: an admin merges one customer profile (the merged one) into another (the survivor), and may revert
 * it. Owns `customer_merges`; writes `customer_audit_entries` (merge, unmerge) for both profiles.
 *
 * What moves to the survivor: identifiers, carts (open self-service carts join the survivor's open cart by the carts
 * rule, the others change owner), orders, returns, store credit (entries move, balances add), loyalty points (balances
 * move through ledger entries on both sides) and vouchers, touchpoints, consents
 * (history moves; per purpose the most recent decision of either profile wins), the wishlist (union) and devices. The
 * merged profile's tokens are revoked, and the survivor's empty fields are filled from it — the password hash too, so
 * that the person can still log in. `moved` records exactly what moved, for the revert.
 *
 * Invariants:
 * - Both profiles are locked in id order (SELECT … FOR UPDATE ORDER BY id) before anything is decided, so two merges
 *   of the same pair, in the same or opposite directions, run one after the other and the second finds a profile
 *   already merged (409 customer-merged). A merged profile can neither be merged again nor absorb another; the unique
 *   index customer_merges_live_merged_key is the last line of defence. A merge is not idempotent beyond the
 *   Idempotency-Key: repeating one that happened is a 409, never a silent second answer.
 * - A revert locks the two profiles before the merge row, the order merges and erasures lock in, so none of them
 *   deadlocks another. It is whole or not at all: exactly the recorded rows still on the survivor move back, and the
 *   merged profile gets its fields, identifiers, consent states and login back. It is refused (409
 *   merge-not-revertible) when the survivor was since merged away or has spent the store credit or the loyalty points
 *   the merge brought.
 * Events: customers.customers_merged, customers.merge_reverted (and the carts' and credit's own).
 */
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { actorRefOf, can, forbidden, type Actor, type ActorRef } from '../../platform/auth.js'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { moveCustomerDevices, restoreCustomerDevices, revokeSubjectTokens } from '../auth/service.js'
import { moveCustomerCarts, moveWishlist, restoreCustomerCarts, restoreWishlist, type WishlistRow } from '../carts/service.js'
import { moveCustomerGiftCards, moveStoreCredit, restoreCustomerGiftCards, restoreStoreCredit, type MovedStoreCredit } from '../credit/service.js'
import { moveTouchpoints, restoreTouchpoints } from '../journeys/service.js'
import { moveLoyalty, restoreLoyalty, type MovedLoyalty } from '../loyalty/service.js'
import { moveCustomerOrders, restoreCustomerOrders } from '../orders/service.js'
import { moveCustomerPromotions, restoreCustomerPromotions, type MovedPromotionData } from '../promotions/service.js'
import { moveCustomerReturns, restoreCustomerReturns } from '../returns/service.js'
import { customerMerged, customerNotFound } from './errors.js'
import { CUSTOMER_EVENTS } from './events.js'
import type { CustomerRow } from './identifiers.js'
import { mergeAlreadyReverted, mergeNotFound, mergeNotRevertible, sameCustomer, unknownMergedCustomer } from './merge-errors.js'
import {
  moveConsents,
  moveIdentifiers,
  moveProfileFields,
  restoreConsents,
  restoreIdentifiers,
  restoreProfileFields,
  type IdentifierRef,
  type MovedConsents,
  type MovedProfile,
} from './merge-parts.js'
import { assertLiveCustomer } from './profile-guards.js'
import { moveGroupMemberships, restoreGroupMemberships, type MovedGroups } from './groups.js'
import { customerAuditEntries, customerMerges, customers, type MergeTrigger } from './schema.js'

type MergeRow = typeof customerMerges.$inferSelect

/** What customer_merges.moved holds: exactly what the merge changed. */
export type MergeMoved = {
  reason: string | null
  identifiers: IdentifierRef[]
  profile: MovedProfile
  carts: string[]
  mergedCarts: { cartId: string; intoCartId: string }[]
  wishlist: { moved: WishlistRow[]; dropped: WishlistRow[] }
  orders: string[]
  returns: string[]
  storeCredit: MovedStoreCredit
  touchpoints: string[]
  consents: MovedConsents
  devices: string[]
  /** Absent in merges recorded before gift cards and groups moved with a profile. */
  giftCards?: string[]
  groups?: MovedGroups
  /** Vouchers and redemptions (her per-customer uses add up on the survivor); absent in merges recorded before. */
  promotions?: MovedPromotionData
  /** Loyalty balances (moved by ledger entries) and vouchers; absent in merges recorded before. */
  loyalty?: MovedLoyalty
}

/** The merge as the API shows it: counts and field names, never the identifiers or personal values themselves. */
export interface CustomerMergeView {
  id: string
  survivorId: string
  mergedId: string
  trigger: MergeTrigger
  reason: string | null
  actor: { kind: string; id: string | null }
  createdAt: string
  revertedAt: string | null
  revertedBy: { kind: string; id: string | null } | null
  moved: {
    identifiers: number
    carts: number
    mergedCarts: number
    orders: number
    returns: number
    touchpoints: number
    devices: number
    giftCards: number
    groups: number
    consentEvents: number
    wishlistItems: number
    storeCreditEntries: number
    storeCredit: { amount: number; currency: string }
    filledFields: string[]
  }
}

function movedOf(row: MergeRow): MergeMoved {
  return row.moved as MergeMoved
}

function toView(row: MergeRow): CustomerMergeView {
  const moved = movedOf(row)
  return {
    id: row.id,
    survivorId: row.survivorId,
    mergedId: row.mergedId,
    trigger: row.trigger,
    reason: moved.reason,
    actor: { kind: row.actorKind, id: row.actorId },
    createdAt: row.createdAt.toISOString(),
    revertedAt: row.revertedAt?.toISOString() ?? null,
    revertedBy: row.revertedAt ? { kind: row.revertedByKind ?? 'system', id: row.revertedById } : null,
    moved: {
      identifiers: moved.identifiers.length,
      carts: moved.carts.length,
      mergedCarts: moved.mergedCarts.length,
      orders: moved.orders.length,
      returns: moved.returns.length,
      touchpoints: moved.touchpoints.length,
      devices: moved.devices.length,
      giftCards: moved.giftCards?.length ?? 0,
      groups: (moved.groups?.joined.length ?? 0) + (moved.groups?.dropped.length ?? 0),
      consentEvents: moved.consents.events.length,
      wishlistItems: moved.wishlist.moved.length + moved.wishlist.dropped.length,
      storeCreditEntries: moved.storeCredit.entries.length,
      storeCredit: { amount: moved.storeCredit.amount, currency: 'EUR' },
      filledFields: [...Object.keys(moved.profile.filled), ...(moved.profile.passwordFilled ? ['password'] : [])],
    },
  }
}

/** Locks both profiles in id order, so that any two merges or reverts touching them queue instead of deadlocking. */
async function lockPair(tx: Tx, ids: readonly [string, string]): Promise<Map<string, CustomerRow>> {
  const rows = await tx
    .select()
    .from(customers)
    .where(inArray(customers.id, [...ids]))
    .orderBy(asc(customers.id))
    .for('update')
  return new Map(rows.map((row) => [row.id, row]))
}

async function moveEverything(tx: Tx, survivor: CustomerRow, merged: CustomerRow): Promise<Omit<MergeMoved, 'reason'>> {
  const ids = { fromCustomerId: merged.id, toCustomerId: survivor.id }
  const identifiers = await moveIdentifiers(tx, ids)
  const profile = await moveProfileFields(tx, { survivor, merged })
  const carts = await moveCustomerCarts(tx, ids)
  const wishlist = await moveWishlist(tx, ids)
  const orders = await moveCustomerOrders(tx, ids)
  const returns = await moveCustomerReturns(tx, ids)
  const storeCredit = await moveStoreCredit(tx, ids)
  const touchpoints = await moveTouchpoints(tx, ids)
  const consents = await moveConsents(tx, ids)
  const devices = await moveCustomerDevices(tx, ids)
  const giftCards = await moveCustomerGiftCards(tx, ids)
  const groups = await moveGroupMemberships(tx, ids)
  const promotions = await moveCustomerPromotions(tx, ids)
  const loyalty = await moveLoyalty(tx, ids)
  await revokeSubjectTokens(tx, 'customer', merged.id)
  return { identifiers, profile, carts: carts.carts, mergedCarts: carts.merged, wishlist, orders, returns, storeCredit, touchpoints, consents, devices, giftCards, groups, promotions, loyalty }
}

async function audit(tx: Tx, input: { action: 'merge' | 'unmerge'; by: ActorRef; merge: MergeRow; reason: string | null }): Promise<void> {
  const { merge } = input
  await tx.insert(customerAuditEntries).values(
    (['survivor', 'merged'] as const).map((role) => ({
      id: newId('aud'),
      customerId: role === 'survivor' ? merge.survivorId : merge.mergedId,
      action: input.action,
      actorKind: input.by.kind,
      actorId: input.by.id,
      details: { mergeId: merge.id, role, survivorId: merge.survivorId, mergedId: merge.mergedId, reason: input.reason },
    })),
  )
}

export interface MergeInput {
  actor: Actor
  survivorId: string
  mergedId: string
  reason?: string | null
  trigger?: MergeTrigger
}

/** Merges `mergedId` into `survivorId` in the caller's transaction; see the file header for what that guarantees. */
export async function mergeCustomers(tx: Tx, input: MergeInput): Promise<CustomerMergeView> {
  if (!can(input.actor, 'customers:merge')) throw forbidden('customers:merge')
  if (input.survivorId === input.mergedId) throw sameCustomer()
  const pair = await lockPair(tx, [input.survivorId, input.mergedId])
  const survivor = pair.get(input.survivorId)
  const merged = pair.get(input.mergedId)
  if (!survivor) throw customerNotFound(input.survivorId)
  if (!merged) throw unknownMergedCustomer(input.mergedId)
  // A tombstone neither absorbs another profile nor is merged again; an erased profile takes part in no merge.
  assertLiveCustomer(survivor, '/params/id')
  assertLiveCustomer(merged, '/body/mergedCustomerId')
  const reason = input.reason ?? null
  const moved: MergeMoved = { reason, ...(await moveEverything(tx, survivor, merged)) }
  const by = actorRefOf(input.actor)
  let row: MergeRow | undefined
  try {
    ;[row] = await tx
      .insert(customerMerges)
      .values({
        id: newId('merge'),
        survivorId: survivor.id,
        mergedId: merged.id,
        trigger: input.trigger ?? 'admin',
        moved,
        actorKind: by.kind,
        actorId: by.id,
      })
      .returning()
  } catch (error) {
    // Unreachable while the rows are locked above; the unique index stays the last line of defence.
    if (isUniqueViolation(error)) throw customerMerged(merged.id, survivor.id, '/body/mergedCustomerId')
    throw error
  }
  if (!row) throw new Error('customer merge insert returned nothing')
  await audit(tx, { action: 'merge', by, merge: row, reason })
  await emit(
    tx,
    CUSTOMER_EVENTS.customersMerged,
    { mergeId: row.id, survivorId: row.survivorId, mergedId: row.mergedId, trigger: row.trigger },
    { customerId: row.survivorId },
  )
  return toView(row)
}

/**
 * Locks the two profiles, then the merge row, and checks under those locks that the merge can be undone whole. The
 * profiles come first, as in a merge and an erasure (which rewrites the merges of the profiles it holds): taking the
 * merge row first would let a revert and an erasure each hold what the other waits for.
 */
async function lockForRevert(tx: Tx, mergeId: string): Promise<MergeRow> {
  const [seen] = await tx.select().from(customerMerges).where(eq(customerMerges.id, mergeId))
  if (!seen) throw mergeNotFound(mergeId)
  if (seen.revertedAt) throw mergeAlreadyReverted(seen.id)
  const pair = await lockPair(tx, [seen.survivorId, seen.mergedId])
  const [merge] = await tx.select().from(customerMerges).where(eq(customerMerges.id, mergeId)).for('update')
  if (!merge) throw mergeNotFound(mergeId)
  if (merge.revertedAt) throw mergeAlreadyReverted(merge.id)
  const survivor = pair.get(merge.survivorId)
  const merged = pair.get(merge.mergedId)
  if (!survivor || !merged) throw new Error(`merge ${merge.id} names a profile that no longer exists`)
  if (survivor.mergedIntoId) {
    throw mergeNotRevertible(merge.id, `The survivor ${survivor.id} was since merged into ${survivor.mergedIntoId}: revert that merge first.`, {
      mergedIntoId: survivor.mergedIntoId,
    })
  }
  if (survivor.erasedAt || merged.erasedAt) throw mergeNotRevertible(merge.id, 'One of the two profiles was erased since.')
  if (merged.mergedIntoId !== survivor.id) throw mergeNotRevertible(merge.id, `Customer ${merged.id} is no longer merged into ${survivor.id}.`)
  return merge
}

/** Undoes a live merge in the caller's transaction, whole or not at all (see the file header). */
export async function revertMerge(tx: Tx, input: { actor: Actor; mergeId: string }): Promise<CustomerMergeView> {
  if (!can(input.actor, 'customers:merge')) throw forbidden('customers:merge')
  const merge = await lockForRevert(tx, input.mergeId)
  const moved = movedOf(merge)
  const back = { fromCustomerId: merge.survivorId, toCustomerId: merge.mergedId }
  const credit = await restoreStoreCredit(tx, { ...back, entries: moved.storeCredit.entries, amount: moved.storeCredit.amount })
  if (!credit.restored) {
    throw mergeNotRevertible(
      merge.id,
      `The survivor's store credit (${credit.balance}) is below the ${moved.storeCredit.amount} the merge brought: it was spent since.`,
      {
        balance: credit.balance,
        amount: moved.storeCredit.amount,
      },
    )
  }
  if (moved.loyalty) {
    const points = await restoreLoyalty(tx, { ...back, moved: moved.loyalty, orderIds: moved.orders })
    if (!points.restored) {
      throw mergeNotRevertible(merge.id, `The survivor no longer holds the loyalty points the merge brought (${points.owed.available} available owed, ${points.held.available} held): they were spent since.`, {
        points: { owed: points.owed, held: points.held },
      })
    }
  }
  await restoreIdentifiers(tx, { ...back, identifiers: moved.identifiers })
  await restoreProfileFields(tx, { moved: moved.profile, survivorId: merge.survivorId, mergedId: merge.mergedId })
  await restoreCustomerCarts(tx, { ...back, ids: moved.carts })
  await restoreWishlist(tx, { ...back, moved: moved.wishlist.moved, dropped: moved.wishlist.dropped })
  await restoreCustomerOrders(tx, { ...back, ids: moved.orders })
  await restoreCustomerReturns(tx, { ...back, ids: moved.returns })
  await restoreTouchpoints(tx, { ...back, ids: moved.touchpoints })
  await restoreConsents(tx, { ...back, moved: moved.consents })
  await restoreCustomerDevices(tx, { ...back, ids: moved.devices })
  await restoreCustomerGiftCards(tx, { ...back, ids: moved.giftCards ?? [] })
  if (moved.groups) await restoreGroupMemberships(tx, { ...back, moved: moved.groups })
  if (moved.promotions) await restoreCustomerPromotions(tx, { ...back, moved: moved.promotions })
  const by = actorRefOf(input.actor)
  const [reverted] = await tx
    .update(customerMerges)
    .set({ revertedAt: sql`now()`, revertedByKind: by.kind, revertedById: by.id })
    .where(and(eq(customerMerges.id, merge.id), isNull(customerMerges.revertedAt)))
    .returning()
  if (!reverted) throw mergeAlreadyReverted(merge.id)
  await audit(tx, { action: 'unmerge', by, merge: reverted, reason: moved.reason })
  await emit(
    tx,
    CUSTOMER_EVENTS.mergeReverted,
    { mergeId: reverted.id, survivorId: reverted.survivorId, mergedId: reverted.mergedId },
    { customerId: reverted.survivorId },
  )
  return toView(reverted)
}

export const MERGE_SORT_KEYS = ['createdAt'] as const
const mergeListOrder = defineListOrder<(typeof MERGE_SORT_KEYS)[number]>({ keys: { createdAt: { sql: customerMerges.createdAt, type: 'time' } }, tiebreaker: customerMerges.id, defaultDescending: true })

/** The merges a profile took part in, as survivor or as merged, newest first; 404 for an unknown profile. */
export async function listCustomerMerges(tx: Tx, input: { customerId: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  const [exists] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1)
  if (!exists) throw customerNotFound(input.customerId)
  const where = or(eq(customerMerges.survivorId, input.customerId), eq(customerMerges.mergedId, input.customerId))
  return listTablePage(tx, customerMerges, mergeListOrder, input, where, (rows) => rows.map(toView))
}
