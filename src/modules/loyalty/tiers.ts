/**
 * Tiers: reached when a customer's lifetime points (earned and kept) reach their threshold; her tier is the highest
 * threshold at or below her lifetime, none below the lowest. Promotions target tiers by code (segments).
 * Invariants (SQL): a code is lower-case `[a-z0-9][a-z0-9_-]{0,39}` and thresholds are unique and ≥ 0, so a lifetime
 * reaches exactly one tier or none.
 */
import { asc, desc, eq, lte, sql } from 'drizzle-orm'
import { isUniqueViolation, rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { tierCodeTaken, tierNotFound, tierThresholdTaken } from './errors.js'
import { LOYALTY_EVENTS } from './events.js'
import { loyaltyAccounts, loyaltyTiers } from './schema.js'

export interface LoyaltyTier {
  code: string
  name: { fr: string; en: string }
  threshold: number
  createdAt: string
  updatedAt: string
}

type TierRow = typeof loyaltyTiers.$inferSelect

function toTier(row: TierRow): LoyaltyTier {
  return { code: row.code, name: row.name, threshold: row.threshold, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() }
}

/** Every tier, lowest threshold first. */
export async function listLoyaltyTiers(tx: Tx): Promise<LoyaltyTier[]> {
  const rows = await tx.select().from(loyaltyTiers).orderBy(asc(loyaltyTiers.threshold))
  return rows.map(toTier)
}

/** Which of the two unique keys a failed write hit: the code's or the threshold's. */
async function takenError(tx: Tx, code: string, threshold: number) {
  const [row] = await tx.select({ code: loyaltyTiers.code }).from(loyaltyTiers).where(eq(loyaltyTiers.code, code))
  return row ? tierCodeTaken(code) : tierThresholdTaken(threshold)
}

/** Creates a tier; 409 tier-code-taken or tier-threshold-taken. */
export async function createLoyaltyTier(tx: Tx, input: { code: string; name: { fr: string; en: string }; threshold: number }): Promise<LoyaltyTier> {
  const [row] = await tx.insert(loyaltyTiers).values(input).onConflictDoNothing().returning()
  if (!row) throw await takenError(tx, input.code, input.threshold)
  await emit(tx, LOYALTY_EVENTS.tierSaved, { code: row.code, threshold: row.threshold })
  return toTier(row)
}

/** Renames a tier or moves its threshold (customers' tiers follow at once: they are never stored); 409 tier-threshold-taken. */
export async function updateLoyaltyTier(
  tx: Tx,
  input: { code: string; changes: { name?: { fr: string; en: string }; threshold?: number } },
): Promise<LoyaltyTier> {
  let row: TierRow | undefined
  try {
    ;[row] = await tx
      .update(loyaltyTiers)
      .set({ ...input.changes, updatedAt: sql`now()` })
      .where(eq(loyaltyTiers.code, input.code))
      .returning()
  } catch (error) {
    if (isUniqueViolation(error) && input.changes.threshold !== undefined) throw tierThresholdTaken(input.changes.threshold)
    throw error
  }
  if (!row) throw tierNotFound(input.code)
  await emit(tx, LOYALTY_EVENTS.tierSaved, { code: row.code, threshold: row.threshold })
  return toTier(row)
}

/** Deletes a tier; its customers fall to the tier below. Promotions naming it in a segment then match nobody. */
export async function deleteLoyaltyTier(tx: Tx, input: { code: string }): Promise<void> {
  const deleted = await tx.delete(loyaltyTiers).where(eq(loyaltyTiers.code, input.code)).returning({ code: loyaltyTiers.code })
  if (deleted.length === 0) throw tierNotFound(input.code)
  await emit(tx, LOYALTY_EVENTS.tierDeleted, { code: input.code })
}

/** The lifetime points of a customer as SQL (0 before her first entry). */
function lifetimeOf(customerId: string) {
  return sql<number>`coalesce((select ${loyaltyAccounts.lifetime} from ${loyaltyAccounts} where ${loyaltyAccounts.customerId} = ${customerId}), 0)`
}

/** The customer's tier code, null for a guest or below the lowest threshold; one query (loyalty_tiers_threshold_key). */
export async function loyaltyTierOf(tx: Tx, customerId: string | null): Promise<string | null> {
  if (customerId === null) return null
  const [row] = await tx
    .select({ code: loyaltyTiers.code })
    .from(loyaltyTiers)
    .where(lte(loyaltyTiers.threshold, lifetimeOf(customerId)))
    .orderBy(desc(loyaltyTiers.threshold))
    .limit(1)
  return row?.code ?? null
}

/** The tier code of each customer (null below the lowest threshold), in one query whatever their number. */
export async function loyaltyTiersOf(tx: Tx, customerIds: readonly string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(customerIds)]
  if (ids.length === 0) return new Map()
  const values = sql.join(
    ids.map((id) => sql`(${id})`),
    sql`, `,
  )
  const rows = rowsOf<{ customer_id: string; tier: string | null }>(
    await tx.execute(sql`
      select c.customer_id, (select t.code from ${loyaltyTiers} t where t.threshold <= coalesce(a.lifetime, 0) order by t.threshold desc limit 1) as tier
      from (values ${values}) as c(customer_id) left join ${loyaltyAccounts} a on a.customer_id = c.customer_id`),
  )
  return new Map(rows.map((row) => [row.customer_id, row.tier]))
}
