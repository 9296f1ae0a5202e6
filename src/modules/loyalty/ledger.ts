/**
 * The only code that moves loyalty balances. One entry is one INSERT into `loyalty_entries` and one guarded UPDATE of
 * `loyalty_accounts` by the same deltas, in the caller's transaction, so each balance is always the sum of its
 * entries. Entries that must happen once (an order's earning and confirmation, a return's reversal) are protected by
 * unique indexes: a repeated call inserts nothing and moves nothing.
 * Balances never go below zero: the UPDATE is guarded (`available + delta >= 0`, and so on) and CHECKs back it, so
 * two redemptions at the same instant can never spend the same points. Callers that must not fail (an order closing,
 * a return being refunded) lock the account first and post only what is there (see earning.ts).
 */
import { and, eq, sql } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import type { DomainError } from '../../platform/problems.js'
import { insufficientPoints } from './errors.js'
import { LOYALTY_EVENTS } from './events.js'
import { loyaltyAccounts, loyaltyEntries, type LoyaltyEntryKind } from './schema.js'

export interface Balances {
  available: number
  pending: number
  lifetime: number
}

export const NO_BALANCES: Balances = { available: 0, pending: 0, lifetime: 0 }

export interface LedgerEntryInput {
  customerId: string
  kind: LoyaltyEntryKind
  /** Signed deltas; at least one is not 0. */
  available?: number
  pending?: number
  lifetime?: number
  orderId?: string | null
  returnId?: string | null
  rewardId?: string | null
  couponId?: string | null
  channelId?: string | null
  note?: string | null
  actor: ActorRef
}

export interface PostedEntry {
  entryId: string
  balances: Balances
}

const balanceColumns = { available: loyaltyAccounts.available, pending: loyaltyAccounts.pending, lifetime: loyaltyAccounts.lifetime }

/** The customer's balances (zeros before her first entry). */
export async function balancesOf(tx: Tx, customerId: string): Promise<Balances> {
  const [row] = await tx.select(balanceColumns).from(loyaltyAccounts).where(eq(loyaltyAccounts.customerId, customerId))
  return row ?? NO_BALANCES
}

async function ensureAccount(tx: Tx, customerId: string): Promise<void> {
  await tx.insert(loyaltyAccounts).values({ customerId }).onConflictDoNothing({ target: loyaltyAccounts.customerId })
}

/** Creates the account if needed and locks it until the transaction ends: for a decision on how much to take. */
export async function lockAccount(tx: Tx, customerId: string): Promise<Balances> {
  await ensureAccount(tx, customerId)
  const [row] = await tx.select(balanceColumns).from(loyaltyAccounts).where(eq(loyaltyAccounts.customerId, customerId)).for('update')
  return row ?? NO_BALANCES
}

/**
 * Posts one entry and moves the balances by its deltas. Answers null when a unique index says the entry exists
 * already (nothing moved); throws `refuse(balances)` (409 insufficient-points by default) when a balance would go
 * below zero — the caller's transaction then rolls the entry back too.
 */
export async function postEntry(tx: Tx, entry: LedgerEntryInput, refuse?: (current: Balances) => DomainError): Promise<PostedEntry | null> {
  const deltas = { available: entry.available ?? 0, pending: entry.pending ?? 0, lifetime: entry.lifetime ?? 0 }
  if (deltas.available === 0 && deltas.pending === 0 && deltas.lifetime === 0) throw new RangeError('a loyalty entry moves at least one balance')
  const [inserted] = await tx
    .insert(loyaltyEntries)
    .values({
      id: newId('lye'),
      customerId: entry.customerId,
      kind: entry.kind,
      availableDelta: deltas.available,
      pendingDelta: deltas.pending,
      lifetimeDelta: deltas.lifetime,
      orderId: entry.orderId ?? null,
      returnId: entry.returnId ?? null,
      rewardId: entry.rewardId ?? null,
      couponId: entry.couponId ?? null,
      channelId: entry.channelId ?? null,
      note: entry.note ?? null,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
    })
    // loyalty_entries_earn_key / loyalty_entries_return_key: an order earns and confirms once, a return reverses once.
    .onConflictDoNothing()
    .returning({ id: loyaltyEntries.id })
  if (!inserted) return null
  await ensureAccount(tx, entry.customerId)
  const [balances] = await tx
    .update(loyaltyAccounts)
    .set({
      available: sql`${loyaltyAccounts.available} + ${deltas.available}`,
      pending: sql`${loyaltyAccounts.pending} + ${deltas.pending}`,
      lifetime: sql`${loyaltyAccounts.lifetime} + ${deltas.lifetime}`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(loyaltyAccounts.customerId, entry.customerId),
        sql`${loyaltyAccounts.available} + ${deltas.available} >= 0 and ${loyaltyAccounts.pending} + ${deltas.pending} >= 0 and ${loyaltyAccounts.lifetime} + ${deltas.lifetime} >= 0`,
      ),
    )
    .returning(balanceColumns)
  if (!balances) {
    const current = await balancesOf(tx, entry.customerId)
    throw refuse ? refuse(current) : insufficientPoints(current.available, -deltas.available, '/body')
  }
  await emit(
    tx,
    LOYALTY_EVENTS.pointsChanged,
    {
      customerId: entry.customerId,
      entryId: inserted.id,
      kind: entry.kind,
      availableDelta: deltas.available,
      pendingDelta: deltas.pending,
      lifetimeDelta: deltas.lifetime,
      ...balances,
      orderId: entry.orderId ?? null,
      returnId: entry.returnId ?? null,
      rewardId: entry.rewardId ?? null,
    },
    { customerId: entry.customerId },
  )
  if (deltas.lifetime !== 0) await emitTierChange(tx, entry.customerId, balances.lifetime - deltas.lifetime, balances.lifetime)
  return { entryId: inserted.id, balances }
}

/** Emits loyalty.tier_changed when lifetime points crossed a threshold (one query over the tiers). */
async function emitTierChange(tx: Tx, customerId: string, before: number, after: number): Promise<void> {
  const tierAt = (lifetime: number) => sql`(select code from loyalty_tiers where threshold <= ${lifetime}::bigint order by threshold desc limit 1)`
  const [row] = rowsOf<{ before: string | null; after: string | null }>(await tx.execute(sql`select ${tierAt(before)} as before, ${tierAt(after)} as after`))
  if (row && row.before !== row.after) await emit(tx, LOYALTY_EVENTS.tierChanged, { customerId, from: row.before, to: row.after }, { customerId })
}
