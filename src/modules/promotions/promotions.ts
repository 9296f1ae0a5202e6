/**
 * Promotions as the back office manages them: create, change (PATCH; the kind is fixed), list, pause and archive.
 * Never deleted: orders and coupons reference them, so DELETE archives, and an archived promotion is final.
 * Lifecycle: active ⇄ paused, either → archived. A usage limit never goes below the uses already counted (the
 * UPDATE is guarded, a CHECK backs it). Referenced channels, products, variants, categories and groups exist.
 */
import { and, eq, getTableColumns, gt, isNull, lte, or, sql } from 'drizzle-orm'
import { preconditionFailed, versionMatches, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { defineHook } from '../../platform/hooks.js'
import { newId } from '../../platform/ids.js'
import { countWhen, defineListOrder, planList, type ListPage } from '../../platform/list-order.js'
import { DomainError } from '../../platform/problems.js'
import { getCategory, getProduct, getVariantsByIds } from '../catalog/service.js'
import { getChannel } from '../channels/service.js'
import { customerGroupCodes } from '../customers/service.js'
import type { PromotionKind, PromotionTarget } from '../pricing/service.js'
import { promotionArchived, promotionBacksRewards, promotionKindImmutable, promotionNotFound, promotionWindowInvalid, unknownReference, usageLimitBelowUsed, type PromotionReference } from './errors.js'
import { PROMOTION_EVENTS } from './events.js'
import { checkKindFields, KIND_FIELDS, toPromotion, type Promotion, type PromotionChanges, type PromotionInput } from './promotion-rules.js'
import { promotions, type PromotionStatus } from './schema.js'

/** The lifecycle: archived is final, so that a promotion stays as the orders that used it knew it. */
export const PROMOTION_TRANSITIONS: Record<PromotionStatus, readonly PromotionStatus[]> = {
  active: ['paused', 'archived'],
  paused: ['active', 'archived'],
  archived: [],
}

/** The fields a promotion names other records by; a PATCH checks only those it sends. */
interface References {
  channelIds?: readonly string[]
  target?: PromotionTarget
  productIds?: readonly string[]
  segment?: { groupCodes?: readonly string[] }
}

/** Runs a look-up whose 404 means "not there". */
async function found<T>(lookup: () => Promise<T>): Promise<T | null> {
  try {
    return await lookup()
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return null
    throw error
  }
}

/** Throws a 400 on the first entry of `values` that `exists` does not know (`field/index`). */
async function checkList(values: readonly string[] | undefined, field: string, what: PromotionReference, exists: (ids: string[]) => Promise<Set<string>>) {
  if (!values || values.length === 0) return
  const known = await exists([...new Set(values)])
  const index = values.findIndex((value) => !known.has(value))
  if (index >= 0) throw unknownReference(what, values[index] ?? '', `${field}/${index}`)
}

/** Each id that the one-by-one `lookup` finds under that very id (catalogue look-ups also take codes and handles). */
async function eachFound(ids: string[], lookup: (id: string) => Promise<{ id: string } | null>): Promise<Set<string>> {
  const known = new Set<string>()
  // One indexed read per id, stopping at the first unknown: channels, categories and products have no batch look-up.
  for (const id of ids) {
    if ((await lookup(id))?.id !== id) break
    known.add(id)
  }
  return known
}

async function checkReferences(tx: Tx, fields: References): Promise<void> {
  await checkList(fields.channelIds, '/body/channelIds', 'channel', (ids) => eachFound(ids, (id) => found(() => getChannel(tx, id))))
  const target = fields.target?.scope === 'items' ? fields.target : undefined
  await checkList(target?.variantIds, '/body/target/variantIds', 'variant', async (ids) => {
    return new Set((await getVariantsByIds(tx, { ids, audience: 'staff' })).map((variant) => variant.id))
  })
  const product = (ids: string[]) => eachFound(ids, (id) => found(() => getProduct(tx, { idOrHandle: id, audience: 'staff' })))
  await checkList(target?.productIds, '/body/target/productIds', 'product', product)
  await checkList(fields.productIds, '/body/productIds', 'product', product)
  await checkList(target?.categoryIds, '/body/target/categoryIds', 'category', (ids) => eachFound(ids, (id) => found(() => getCategory(tx, id))))
  await checkList(fields.segment?.groupCodes, '/body/segment/groupCodes', 'customer-group', () => customerGroupCodes(tx))
}

function checkWindow(startsAt: string | null | undefined, endsAt: string | null | undefined, field: string): void {
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) throw promotionWindowInvalid(field)
}

const toDate = (value: string | null | undefined) => (value ? new Date(value) : null)

/** The row's columns for a promotion's fields: the kind's own in `definition`, the shared ones as columns. */
function rowValues(fields: PromotionInput) {
  const source = fields as unknown as Record<string, unknown>
  return {
    name: fields.name,
    description: fields.description ?? null,
    kind: fields.kind,
    definition: Object.fromEntries(KIND_FIELDS[fields.kind].flatMap((key) => (source[key] === undefined ? [] : [[key, source[key]]]))),
    priority: fields.priority,
    stacking: fields.stacking,
    startsAt: toDate(fields.startsAt),
    endsAt: toDate(fields.endsAt),
    channelIds: [...new Set(fields.channelIds ?? [])],
    segment: fields.segment ?? {},
    minSubtotal: fields.minSubtotal ?? null,
    usageLimit: fields.usageLimit ?? null,
    perCustomerLimit: fields.perCustomerLimit ?? null,
    requiresCoupon: fields.requiresCoupon ?? false,
  }
}

/** Creates a promotion whose references all exist and whose window is ordered; active unless told paused. */
export async function createPromotion(tx: Tx, input: PromotionInput): Promise<Promotion> {
  checkWindow(input.startsAt, input.endsAt, '/body/endsAt')
  await checkReferences(tx, input)
  const [row] = await tx
    .insert(promotions)
    .values({ ...rowValues(input), id: newId('prm'), status: input.status ?? 'active' })
    .returning()
  if (!row) throw new Error('the promotion insert returned no row')
  await emit(tx, PROMOTION_EVENTS.created, { promotionId: row.id, kind: row.kind, name: row.name, status: row.status, requiresCoupon: row.requiresCoupon })
  return toPromotion(row)
}

/**
 * A promotion row with its uses: the guarded counter of a limited promotion, the redemptions of an unlimited one
 * (whose row is not counted on, see redemptions.ts). Column names are written whole: a select list's columns are bare.
 */
const withUses = {
  ...getTableColumns(promotions),
  usedCount: sql<number>`case when "promotions"."usage_limit" is null
    then (select count(*)::int from promotion_redemptions r where r.promotion_id = "promotions"."id" and r.status = 'redeemed')
    else "promotions"."used_count" end`.mapWith(Number),
}

/** One promotion (any status), or a 404. */
export async function getPromotion(tx: Tx, input: { id: string }): Promise<Promotion> {
  const [row] = await tx.select(withUses).from(promotions).where(eq(promotions.id, input.id))
  if (!row) throw promotionNotFound(input.id)
  return toPromotion(row)
}

export interface ListPromotionsInput {
  status?: PromotionStatus
  kind?: PromotionKind
  /** Promotions that apply on this channel: those naming it and those on every channel. */
  channelId?: string
  /** Promotions whose window holds this instant (whatever their status). */
  activeAt?: string
  /** Part of the name, case-insensitive. */
  q?: string
  sort?: string
  count?: boolean
  cursor?: string
  limit: number
}

export const PROMOTION_SORT_KEYS = ['createdAt', 'name', 'priority'] as const
const promotionListOrder = defineListOrder<(typeof PROMOTION_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: promotions.createdAt, type: 'time' }, name: { sql: promotions.name, type: 'text' }, priority: { sql: promotions.priority, type: 'integer' } },
  tiebreaker: promotions.id,
  defaultDescending: true,
})

/** Promotions newest first, filtered; the cursor walks every page without skipping or repeating one. */
export async function listPromotions(tx: Tx, input: ListPromotionsInput): Promise<ListPage<Promotion>> {
  const plan = planList(promotionListOrder, input)
  const at = input.activeAt === undefined ? undefined : new Date(input.activeAt)
  const where = and(
    input.status ? eq(promotions.status, input.status) : undefined,
    input.kind ? eq(promotions.kind, input.kind) : undefined,
    input.channelId ? sql`(cardinality(${promotions.channelIds}) = 0 or ${input.channelId} = any(${promotions.channelIds}))` : undefined,
    at ? and(or(isNull(promotions.startsAt), lte(promotions.startsAt, at)), or(isNull(promotions.endsAt), gt(promotions.endsAt, at))) : undefined,
    // Both sides unaccented, as in every search: "ete" finds "Soldes d'été".
    input.q ? sql`omni_unaccent(${promotions.name}) ilike omni_unaccent(${`%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`})` : undefined,
  )
  const rows = await tx
    .select({ ...withUses, cursorKey: plan.cursorKey })
    .from(promotions)
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  return plan.page(rows, input.limit, toPromotion, await countWhen(input.count, tx, promotions, where))
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Changes a promotion (PATCH: what is sent replaces, nested objects whole; null clears). The merged promotion must
 * still be a valid one of its kind; a usage limit below the uses counted is a 409 (guarded UPDATE). Emits the names
 * of the fields whose value changed, and nothing when none did.
 */
export async function updatePromotion(tx: Tx, input: { id: string; changes: PromotionChanges; expectedVersion?: ExpectedVersion }): Promise<Promotion> {
  const [row] = await tx.select().from(promotions).where(eq(promotions.id, input.id)).for('update')
  if (!row) throw promotionNotFound(input.id)
  // Compared under the row lock just taken: 412 when the promotion moved past the request's If-Match.
  if (!versionMatches(row.version, input.expectedVersion)) throw preconditionFailed('promotion', row.version)
  const { status, ...changes } = input.changes
  if (row.status === 'archived') {
    if (Object.keys(changes).length === 0 && status === 'archived') return toPromotion(row)
    throw promotionArchived(row.id)
  }
  if (changes.kind !== undefined && changes.kind !== row.kind) throw promotionKindImmutable(row.kind)
  const nextStatus = status ?? row.status
  if (nextStatus !== row.status && !PROMOTION_TRANSITIONS[row.status].includes(nextStatus)) throw promotionArchived(row.id)
  const current = toPromotion(row)
  const { id: _id, usedCount: _used, version: _version, createdAt: _created, updatedAt: _updated, status: _status, ...fields } = current
  const merged: Record<string, unknown> = { ...fields, ...changes }
  checkKindFields(row.kind, merged)
  const next = merged as unknown as PromotionInput
  checkWindow(next.startsAt, next.endsAt, 'endsAt' in changes ? '/body/endsAt' : '/body/startsAt')
  await checkReferences(tx, changes as References)
  const changed = Object.keys(changes).filter((key) => !same((fields as Record<string, unknown>)[key], merged[key]))
  if (nextStatus !== row.status) changed.push('status')
  if (changed.length === 0) return current
  const values = rowValues(next)
  await checkRewardsStillServed(tx, row, { requiresCoupon: values.requiresCoupon, usageLimit: values.usageLimit, perCustomerLimit: values.perCustomerLimit, status: nextStatus })
  // An unlimited promotion's uses are not counted on its row (redemptions.ts): a limit set on it counts them first.
  const redeemed = sql<number>`(select count(*)::int from promotion_redemptions r where r.promotion_id = ${row.id} and r.status = 'redeemed')`
  const counted = row.usageLimit === null && values.usageLimit !== null ? redeemed : promotions.usedCount
  const [updated] = await tx
    .update(promotions)
    .set({ ...values, ...(counted === redeemed ? { usedCount: redeemed } : {}), status: nextStatus, updatedAt: sql`now()` })
    .where(and(eq(promotions.id, row.id), values.usageLimit === null ? undefined : sql`${counted} <= ${values.usageLimit}`))
    .returning()
  if (!updated) throw usageLimitBelowUsed(row.usedCount, values.usageLimit ?? 0)
  await emit(tx, PROMOTION_EVENTS.updated, { promotionId: row.id, changes: changed, status: updated.status })
  return toPromotion(updated)
}

/**
 * Asked before a coupon-only promotion changes in a way its vouchers would feel: each handler answers the ids of the
 * active rewards whose vouchers unlock it (loyalty sells them for points), in id order.
 */
export const backingRewards = defineHook<{ promotionId: string }, string[]>('promotions.backing-rewards')

/**
 * Vouchers customers bought with points unlock a coupon-only promotion: while an active reward sells them, the
 * promotion stays coupon-only (else everyone gets it free), in force and without limits (else a voucher paid for may
 * find it used up). 409 promotion-backs-rewards on the field that would change that.
 */
async function checkRewardsStillServed(
  tx: Tx,
  row: { id: string; requiresCoupon: boolean; usageLimit: number | null; perCustomerLimit: number | null; status: PromotionStatus },
  next: { requiresCoupon: boolean; usageLimit: number | null; perCustomerLimit: number | null; status: PromotionStatus },
): Promise<void> {
  const breaks: [boolean, string][] = [
    [!next.requiresCoupon, '/body/requiresCoupon'],
    [next.usageLimit !== null && next.usageLimit !== row.usageLimit, '/body/usageLimit'],
    [next.perCustomerLimit !== null && next.perCustomerLimit !== row.perCustomerLimit, '/body/perCustomerLimit'],
    [next.status !== 'active' && next.status !== row.status, '/body/status'],
  ]
  const broken = breaks.find(([breaking]) => breaking)
  if (!row.requiresCoupon || !broken) return
  const rewards = (await backingRewards.run(tx, { promotionId: row.id })).flat()
  if (rewards.length > 0) throw promotionBacksRewards(rewards, broken[1])
}

/** Archives a promotion for good (DELETE): it applies nowhere any more; archiving an archived one changes nothing. */
export async function archivePromotion(tx: Tx, input: { id: string; expectedVersion?: ExpectedVersion }): Promise<Promotion> {
  return updatePromotion(tx, { id: input.id, changes: { status: 'archived' }, expectedVersion: input.expectedVersion })
}
