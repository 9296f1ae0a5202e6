/** Stock levels: loads and imports, receipts, adjustments, counts, till sales, returns, safety stock and reads. */
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { countBelowReserved, duplicateLine, insufficientStock, levelNotFound, quantityOutOfRange } from './errors.js'
import { INVENTORY_EVENTS } from './events.js'
import { applyMovements, ensureLevels, INT4_MAX } from './ledger.js'
import { checkReferences } from './references.js'
import { stockLevels } from './schema.js'

export interface StockLevelInput {
  variantId: string
  locationId: string
  onHand: number
}

export interface StockLevel {
  variantId: string
  locationId: string
  onHand: number
  reserved: number
  available: number
}

export interface StockAvailability {
  variantId: string
  locationId: string
  onHand: number
  reserved: number
  safetyStock: number
  incoming: number
  available: number
}

type LevelRow = typeof stockLevels.$inferSelect

export const availableOf = (r: Pick<LevelRow, 'onHand' | 'reserved' | 'safetyStock'>) => Math.max(0, r.onHand - r.reserved - r.safetyStock)

function toAvailability(r: LevelRow): StockAvailability {
  return {
    variantId: r.variantId,
    locationId: r.locationId,
    onHand: r.onHand,
    reserved: r.reserved,
    safetyStock: r.safetyStock,
    incoming: r.incoming,
    available: availableOf(r),
  }
}

const BATCH = 1000

/**
 * Sets on-hand quantities to counted values, level by level, under row locks taken in key order: the ledger gets a
 * `count` movement with each difference (a level created here gets a `receipt` from 0). Refuses, naming the line,
 * a quantity below what is reserved. Returns the differences.
 */
async function setOnHand(tx: Tx, actor: ActorRef, lines: StockLevelInput[], reason: string, fieldOf: (i: number) => string, offset = 0) {
  const keys = new Set<string>()
  lines.forEach((l, i) => {
    const key = `${l.variantId}|${l.locationId}`
    if (keys.has(key)) throw duplicateLine(l.variantId, fieldOf(i + offset))
    keys.add(key)
  })
  const created = await ensureLevels(tx, lines)
  const result = await tx.execute(sql`
    select s.variant_id, s.location_id, s.on_hand, s.reserved
    from stock_levels s join json_to_recordset(${JSON.stringify(lines.map((l) => ({ v: l.variantId, l: l.locationId })))}::json) as r(v text, l text)
      on s.variant_id = r.v and s.location_id = r.l
    order by s.variant_id, s.location_id for update of s`)
  const current = new Map(
    rowsOf<{ variant_id: string; location_id: string; on_hand: number; reserved: number }>(result).map((r) => [`${r.variant_id}|${r.location_id}`, r]),
  )
  const differences = lines.map((line, i) => {
    const key = `${line.variantId}|${line.locationId}`
    const level = current.get(key)
    const before = level?.on_hand ?? 0
    const reserved = level?.reserved ?? 0
    if (line.onHand < reserved)
      throw countBelowReserved({ index: i + offset, variantId: line.variantId, counted: line.onHand, reserved, field: fieldOf(i + offset) })
    return { ...line, difference: line.onHand - before, created: created.has(key) }
  })
  await applyMovements(
    tx,
    actor,
    differences.map((d) => ({ variantId: d.variantId, locationId: d.locationId, kind: d.created ? 'receipt' : 'count', onHandDelta: d.difference, reason })),
  )
  return differences
}

/** Sets on-hand quantities (initial load or import) in batches of set-based statements, each change in the ledger. */
export async function setStockLevels(tx: Tx, levels: StockLevelInput[], actor: ActorRef = { kind: 'system', id: null }): Promise<number> {
  for (let i = 0; i < levels.length; i += BATCH) {
    await setOnHand(tx, actor, levels.slice(i, i + BATCH), 'stock levels set', (index) => `/levels/${index}/onHand`, i)
  }
  const perLocation = new Map<string, number>()
  for (const level of levels) perLocation.set(level.locationId, (perLocation.get(level.locationId) ?? 0) + 1)
  for (const [locationId, variants] of perLocation) await emit(tx, INVENTORY_EVENTS.stockLevelsSet, { locationId, variants }, { locationId })
  return levels.length
}

/** Sets on hand from a physical count at one location; refuses a count below the reserved quantity (409, per line). */
export async function countStock(tx: Tx, input: { locationId: string; lines: { variantId: string; onHand: number }[]; reason?: string; actor: ActorRef }) {
  await checkReferences(tx, { locationId: input.locationId, variantIds: input.lines.map((l) => l.variantId), linesField: '/body/lines' })
  const differences = await setOnHand(
    tx,
    input.actor,
    input.lines.map((l) => ({ ...l, locationId: input.locationId })),
    input.reason ?? 'physical count',
    (i) => `/body/lines/${i}/onHand`,
  )
  const lines = differences.map((d) => ({ variantId: d.variantId, counted: d.onHand, difference: d.difference }))
  await emit(tx, INVENTORY_EVENTS.stockCounted, { locationId: input.locationId, lines }, { locationId: input.locationId })
  return { locationId: input.locationId, lines }
}

/** Goods in at one location: on hand += quantity per line (levels created as needed), `receipt` movements. */
export async function receiveStock(
  tx: Tx,
  input: { locationId: string; lines: { variantId: string; quantity: number }[]; reference?: string; actor: ActorRef },
) {
  await checkReferences(tx, { locationId: input.locationId, variantIds: input.lines.map((l) => l.variantId), linesField: '/body/lines' })
  await ensureLevels(
    tx,
    input.lines.map((l) => ({ variantId: l.variantId, locationId: input.locationId })),
  )
  const reason = input.reference ? `receipt ${input.reference}` : 'receipt'
  await applyMovements(
    tx,
    input.actor,
    input.lines.map((l) => ({ variantId: l.variantId, locationId: input.locationId, kind: 'receipt', onHandDelta: l.quantity, reason })),
  )
  await emit(
    tx,
    INVENTORY_EVENTS.stockReceived,
    { locationId: input.locationId, lines: input.lines, reference: input.reference ?? null },
    { locationId: input.locationId },
  )
  return getAvailability(tx, { variantIds: input.lines.map((l) => l.variantId), locationIds: [input.locationId] })
}

/**
 * Changes on hand by a signed quantity in one guarded statement that also writes the movement: a decrease never
 * takes on hand below `floor` (what is reserved, plus `extraFloor`), an increase never past what the counter stores.
 * Returns the level it left (for the event), or null when the guard refused it.
 */
async function guardedOnHandChange(
  tx: Tx,
  input: { variantId: string; locationId: string; delta: number; kind: 'adjustment' | 'sale'; reason: string | null; orderId?: string | null; actor: ActorRef },
): Promise<{ onHand: number; available: number } | null> {
  const result = await tx.execute(sql`
    with changed as (
      update stock_levels set on_hand = on_hand + ${input.delta}::int, updated_at = now()
      where variant_id = ${input.variantId} and location_id = ${input.locationId}
        and on_hand::bigint + ${input.delta}::int between reserved and ${INT4_MAX}
      returning variant_id, location_id, on_hand, reserved
    ), moved as (
      insert into stock_movements (id, variant_id, location_id, kind, on_hand_delta, reason, actor_kind, actor_id, order_id)
      select ${newId('mov')}::text, variant_id, location_id, ${input.kind}::text, ${input.delta}::int, ${input.reason}::text, ${input.actor.kind}::text, ${input.actor.id}::text, ${input.orderId ?? null}::text
      from changed
      returning id
    )
    select changed.on_hand, changed.reserved from changed where exists (select 1 from moved)`)
  const [row] = rowsOf<{ on_hand: number; reserved: number }>(result)
  return row ? { onHand: Number(row.on_hand), available: Number(row.on_hand) - Number(row.reserved) } : null
}

async function unreservedAt(tx: Tx, variantId: string, locationId: string): Promise<number> {
  const [row] = await tx
    .select()
    .from(stockLevels)
    .where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.locationId, locationId)))
  return row ? Math.max(0, row.onHand - row.reserved) : 0
}

/** Damage, theft, found goods: a signed change of on hand; a decrease never takes on hand below what is reserved. */
export async function adjustStock(tx: Tx, input: { locationId: string; variantId: string; quantity: number; reason: string; note?: string; actor: ActorRef }) {
  await checkReferences(tx, { locationId: input.locationId, variantIds: [input.variantId], variantField: '/body/variantId' })
  if (input.quantity > 0) await ensureLevels(tx, [input])
  const reason = input.note ? `${input.reason}: ${input.note}` : input.reason
  const left = await guardedOnHandChange(tx, { ...input, delta: input.quantity, kind: 'adjustment', reason })
  // An increase is refused only when it would carry the counter past int4 (the level exists: ensured above).
  if (!left && input.quantity > 0) throw quantityOutOfRange(input.variantId, input.locationId)
  if (!left) {
    const available = await unreservedAt(tx, input.variantId, input.locationId)
    throw insufficientStock({ variantId: input.variantId, locationId: input.locationId, requested: -input.quantity, available, field: '/body/quantity' })
  }
  await emit(
    tx,
    INVENTORY_EVENTS.stockAdjusted,
    { locationId: input.locationId, variantId: input.variantId, quantity: input.quantity, reason: input.reason, ...left },
    { locationId: input.locationId },
  )
  const [level] = await getAvailability(tx, { variantIds: [input.variantId], locationIds: [input.locationId] })
  if (!level) throw levelNotFound(input.locationId, input.variantId)
  return level
}

/** A till sale of what is on the shelf (no reservation): guarded on on hand − reserved ≥ quantity; 409 otherwise. */
export async function sellStock(tx: Tx, input: { variantId: string; locationId: string; quantity: number; orderId: string; actor: ActorRef }): Promise<void> {
  const left = await guardedOnHandChange(tx, { ...input, delta: -input.quantity, kind: 'sale', reason: null })
  if (!left) {
    const available = await unreservedAt(tx, input.variantId, input.locationId)
    throw insufficientStock({ variantId: input.variantId, locationId: input.locationId, requested: input.quantity, available })
  }
  await emit(
    tx,
    INVENTORY_EVENTS.stockSold,
    { variantId: input.variantId, locationId: input.locationId, quantity: input.quantity, orderId: input.orderId, ...left },
    { locationId: input.locationId },
  )
}

/** A resellable return: on hand += quantity at the receiving location (level created if missing), `return` movement. */
export async function returnStock(
  tx: Tx,
  input: { variantId: string; locationId: string; quantity: number; orderId: string; reason: string; actor: ActorRef },
): Promise<void> {
  await ensureLevels(tx, [input])
  await applyMovements(tx, input.actor, [
    { variantId: input.variantId, locationId: input.locationId, kind: 'return', onHandDelta: input.quantity, reason: input.reason, orderId: input.orderId },
  ])
  const { variantId, locationId, quantity, orderId, reason } = input
  await emit(tx, INVENTORY_EVENTS.stockReturned, { variantId, locationId, quantity, orderId, reason }, { locationId })
}

/** Levels of these variants (at these locations), in one primary-key prefix scan; only levels that exist. */
export async function getAvailability(tx: Tx, input: { variantIds: string[]; locationIds?: string[] }): Promise<StockAvailability[]> {
  if (input.variantIds.length === 0 || input.locationIds?.length === 0) return []
  const rows = await tx
    .select()
    .from(stockLevels)
    .where(and(inArray(stockLevels.variantId, input.variantIds), input.locationIds ? inArray(stockLevels.locationId, input.locationIds) : undefined))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.locationId))
  return rows.map(toAvailability)
}

/** Sets the safety stock of an existing level (units kept back from online availability); 404 when there is none. */
export async function setSafetyStock(
  tx: Tx,
  input: { locationId: string; variantId: string; safetyStock: number },
): Promise<StockAvailability & { updatedAt: string }> {
  const [row] = await tx
    .update(stockLevels)
    .set({ safetyStock: input.safetyStock, updatedAt: sql`now()` })
    .where(and(eq(stockLevels.variantId, input.variantId), eq(stockLevels.locationId, input.locationId)))
    .returning()
  if (!row) throw levelNotFound(input.locationId, input.variantId)
  await emit(
    tx,
    INVENTORY_EVENTS.safetyStockChanged,
    { locationId: row.locationId, variantId: row.variantId, safetyStock: row.safetyStock },
    { locationId: row.locationId },
  )
  return { ...toAvailability(row), updatedAt: row.updatedAt.toISOString() }
}

export const LEVEL_SORT_KEYS = ['onHand', 'reserved', 'updatedAt'] as const
const levelKeys = {
  onHand: { sql: stockLevels.onHand, type: 'integer' },
  reserved: { sql: stockLevels.reserved, type: 'integer' },
  updatedAt: { sql: stockLevels.updatedAt, type: 'time' },
} as const
// A level is one (variant, location): the pair breaks ties, in the order of the index the filter uses.
const levelsByVariant = defineListOrder<(typeof LEVEL_SORT_KEYS)[number]>({ keys: levelKeys, tiebreaker: [stockLevels.variantId, stockLevels.locationId], defaultDescending: false })
const levelsByLocation = defineListOrder<(typeof LEVEL_SORT_KEYS)[number]>({ keys: levelKeys, tiebreaker: [stockLevels.locationId, stockLevels.variantId], defaultDescending: false })

/**
 * Levels page by page (or in `sort` order). With a variant filter the order is (variant, location) on the primary key; otherwise
 * (location, variant) on stock_levels_location_idx. `locationIds` narrows to the caller's stores.
 */
export async function listLevels(
  tx: Tx,
  input: { locationId?: string; variantId?: string; locationIds: string[] | null; sort?: string; count?: boolean; cursor?: string; limit: number },
) {
  const byVariant = input.variantId !== undefined
  const filters: (SQL | undefined)[] = [
    input.variantId ? eq(stockLevels.variantId, input.variantId) : undefined,
    input.locationId ? eq(stockLevels.locationId, input.locationId) : undefined,
    input.locationIds ? inArray(stockLevels.locationId, input.locationIds.length > 0 ? input.locationIds : ['']) : undefined,
  ]
  return listTablePage(tx, stockLevels, byVariant ? levelsByVariant : levelsByLocation, input, and(...filters), (rows) =>
    rows.map((r) => ({ ...toAvailability(r), updatedAt: r.updatedAt.toISOString() })),
  )
}

/** The stock of one variant at every location (primary key prefix scan). */
export async function listStockForVariant(tx: Tx, variantId: string): Promise<StockLevel[]> {
  const rows = await tx.select().from(stockLevels).where(eq(stockLevels.variantId, variantId)).orderBy(asc(stockLevels.locationId))
  return rows.map((r) => ({ variantId: r.variantId, locationId: r.locationId, onHand: r.onHand, reserved: r.reserved, available: availableOf(r) }))
}
