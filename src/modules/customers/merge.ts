/**
 * Profile merges: an admin merges one customer profile (the merged one) into another (the survivor), and may revert
 * it. Owns `customer_merges`; writes `customer_audit_entries` (merge, unmerge) for both profiles.
 *
 * What moves to the survivor: identifiers, carts (open self-service carts join the survivor's open cart by the carts
 * rule, the others change owner), orders, returns, store credit (entries move, balances add), loyalty points (balances
 * move through ledger entries on both sides) and vouchers, touchpoints, consents
 * (history moves; per purpose the most recent decision of either profile wins), the wishlist (union) and devices. The
 * merged profile's tokens are revoked, and the survivor's empty fields are filled from it — the password hash too, so
 * that the person can still log in. `moved` records exactly what moved, for the revert (merge-record.ts).
 * The identifiers and fields are this file's; every other part moves through the customersMerged hook and comes back
 * through customersUnmerging and customersUnmerged, whose handlers src/module-hooks.ts lists in the order they run.
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
import { collectParts, defineHook } from '../../platform/hooks.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { customerMerged, customerNotFound } from './errors.js'
import { CUSTOMER_EVENTS } from './events.js'
import type { CustomerRow } from './identifiers.js'
import { mergeAlreadyReverted, mergeNotFound, mergeNotRevertible, sameCustomer, unknownMergedCustomer } from './merge-errors.js'
import { moveIdentifiers, moveProfileFields, restoreIdentifiers, restoreProfileFields } from './merge-parts.js'
import { MERGED_PARTS, movedOf, toMergeView, type CustomerMergeView, type MergedParts, type MergeMoved } from './merge-record.js'
import { assertLiveCustomer } from './profile-guards.js'
import { customerAuditEntries, customerMerges, customers, type MergeTrigger } from './schema.js'

export type { CustomerMergeView, MergeMoved } from './merge-record.js'

type MergeRow = typeof customerMerges.$inferSelect

/** The two profiles of a merge, as every part of it moves rows: from the merged profile to the survivor. */
export interface CustomersMerged {
  /** The merged profile. */
  fromCustomerId: string
  /** The survivor. */
  toCustomerId: string
}

/**
 * A profile is being merged: each handler moves its module's rows of the merged profile to the survivor and answers
 * what it moved, as its part of the record (merge-record.ts). Runs after the profile's identifiers and fields moved,
 * in the merge's transaction with both profiles locked; the parts are stored in customer_merges.moved.
 */
export const customersMerged = defineHook<CustomersMerged, Partial<MergedParts>>('customers.merged')

/** A live merge being reverted: the recorded parts go back from the survivor to the merged profile. */
export interface CustomersUnmerged {
  mergeId: string
  /** The survivor, who gives back. */
  fromCustomerId: string
  /** The merged profile, who gets back. */
  toCustomerId: string
  /** The record the merge stored; parts added to merges later are absent from older records. */
  moved: MergeMoved
}

/**
 * First step of a revert, before anything else goes back: what the survivor may have spent since (store credit,
 * loyalty points) comes back, or the handler refuses the revert by throwing mergeCreditSpent / mergePointsSpent.
 */
export const customersUnmerging = defineHook<CustomersUnmerged>('customers.unmerging')

/** Last step of a revert, once the identifiers and fields are back: every other recorded part goes back. */
export const customersUnmerged = defineHook<CustomersUnmerged>('customers.unmerged')

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
  // Carts, orders, credit, consents, devices, groups, promotions, loyalty, tokens: in src/module-hooks.ts's order.
  const parts = collectParts<MergedParts>(customersMerged.name, await customersMerged.run(tx, ids), MERGED_PARTS)
  return { identifiers, profile, ...parts }
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
  return toMergeView(row)
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
  const back = { mergeId: merge.id, fromCustomerId: merge.survivorId, toCustomerId: merge.mergedId, moved }
  await customersUnmerging.run(tx, back)
  await restoreIdentifiers(tx, { fromCustomerId: back.fromCustomerId, toCustomerId: back.toCustomerId, identifiers: moved.identifiers })
  await restoreProfileFields(tx, { moved: moved.profile, survivorId: merge.survivorId, mergedId: merge.mergedId })
  await customersUnmerged.run(tx, back)
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
  return toMergeView(reverted)
}

export const MERGE_SORT_KEYS = ['createdAt'] as const
const mergeListOrder = defineListOrder<(typeof MERGE_SORT_KEYS)[number]>({ keys: { createdAt: { sql: customerMerges.createdAt, type: 'time' } }, tiebreaker: customerMerges.id, defaultDescending: true })

/** The merges a profile took part in, as survivor or as merged, newest first; 404 for an unknown profile. */
export async function listCustomerMerges(tx: Tx, input: { customerId: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  const [exists] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, input.customerId)).limit(1)
  if (!exists) throw customerNotFound(input.customerId)
  const where = or(eq(customerMerges.survivorId, input.customerId), eq(customerMerges.mergedId, input.customerId))
  return listTablePage(tx, customerMerges, mergeListOrder, input, where, (rows) => rows.map(toMergeView))
}
