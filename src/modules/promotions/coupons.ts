/**
 * Coupons one by one: a code for a promotion (typed by the back office or drawn), a customer's voucher, reading,
 * listing and changing them. Bulk generation is in coupon-batches.ts, the rules of codes on carts in coupon-states.ts.
 * Invariants: a code is unique (ON CONFLICT on coupons_code_key: a taken typed code is a 409, a drawn one draws
 * again); a coupon names a promotion that is not archived; a voucher's customer is live when it is issued (her row is
 * key-share locked, so a merge or erasure waits and then moves or detaches it).
 */
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { countWhen, defineListOrder, planList, type ListPage } from '../../platform/list-order.js'
import { invalidInput, notFound } from '../../platform/problems.js'
import { lockLiveCustomer } from '../customers/service.js'
import { isValidCouponCode, isValidCouponPrefix, newCouponCode, normalizeCouponCode, normalizeCouponPrefix } from './coupon-codes.js'
import { couponCodeInvalid, couponCodeTaken, promotionArchived } from './coupon-errors.js'
import { COUPON_EVENTS } from './coupon-events.js'
import { coupons, promotions } from './schema.js'

export type CouponRow = typeof coupons.$inferSelect
export const COUPON_VIEW_STATUSES = ['active', 'disabled', 'expired', 'used_up'] as const
export type CouponViewStatus = (typeof COUPON_VIEW_STATUSES)[number]

export interface CouponView {
  id: string
  code: string
  promotionId: string
  batchId: string | null
  customerId: string | null
  maxUses: number | null
  perCustomerLimit: number | null
  usedCount: number
  /** What `status` says now: disabled by hand, past its expiry, every use taken, or usable. */
  status: CouponViewStatus
  expiresAt: string | null
  version: number
  createdAt: string
  updatedAt: string
}

/** The status as of now, in SQL so that lists filter on it. */
export const couponStatusSql = sql<CouponViewStatus>`case
  when ${coupons.status} = 'disabled' then 'disabled'
  when ${coupons.expiresAt} <= now() then 'expired'
  when ${coupons.maxUses} is not null and ${coupons.usedCount} >= ${coupons.maxUses} then 'used_up'
  else 'active' end`

/**
 * A code's uses: the guarded counter of a limited code, the redemptions of an unlimited one (a public code is not
 * counted on its row, or every checkout using it would queue on that row's lock; see redemptions.ts). Column names
 * are written whole: a select list's columns are bare.
 */
export const couponUsesSql = sql<number>`case when "coupons"."max_uses" is null
  then (select count(*)::int from promotion_redemptions r where r.coupon_id = "coupons"."id" and r.status = 'redeemed')
  else "coupons"."used_count" end`.mapWith(Number)

export function toCouponView(row: CouponRow, status: CouponViewStatus, uses: number = row.usedCount): CouponView {
  return {
    id: row.id,
    code: row.code,
    promotionId: row.promotionId,
    batchId: row.batchId,
    customerId: row.customerId,
    maxUses: row.maxUses,
    perCustomerLimit: row.perCustomerLimit,
    usedCount: uses,
    status,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The promotion coupons are added to: 404 on `field` when unknown, 409 promotion-archived when archived. */
export async function promotionForCoupons(tx: Tx, promotionId: string, field = '/body/promotionId'): Promise<{ id: string; name: string }> {
  const [row] = await tx.select({ id: promotions.id, name: promotions.name, status: promotions.status }).from(promotions).where(eq(promotions.id, promotionId))
  if (!row) throw notFound('Promotion', promotionId, field)
  if (row.status === 'archived') throw promotionArchived(promotionId, field)
  return row
}

/** An expiry must lie ahead: a coupon born expired is a typo. */
export function checkFutureExpiry(expiresAt: string | Date | null | undefined, field = '/body/expiresAt'): Date | null {
  if (expiresAt === undefined || expiresAt === null) return null
  const date = new Date(expiresAt)
  if (date.getTime() <= Date.now()) throw invalidInput(field, 'The expiry must be in the future.')
  return date
}

/** A typed code, normalised; 400 invalid-coupon-code when it cannot be stored. */
export function typedCouponCode(raw: string, field = '/body/code'): string {
  const code = normalizeCouponCode(raw)
  if (!isValidCouponCode(code)) throw couponCodeInvalid(field, 'A code has 3 to 40 letters, digits or dashes and starts with a letter or a digit (spaces are ignored).')
  return code
}

/** A prefix, normalised; 400 on `field` when drawn codes could not be stored with it. */
export function typedCouponPrefix(raw: string | null | undefined, field = '/body/prefix'): string | null {
  const prefix = normalizeCouponPrefix(raw)
  if (prefix !== null && !isValidCouponPrefix(prefix)) throw couponCodeInvalid(field, 'A prefix has up to 27 letters, digits or dashes and starts with a letter or a digit.')
  return prefix
}

interface NewCoupon {
  promotionId: string
  batchId?: string | null
  customerId: string | null
  maxUses: number | null
  perCustomerLimit: number | null
  expiresAt: Date | null
}

/**
 * Inserts one coupon under `code`, or under drawn codes until one is free. ON CONFLICT keeps the transaction usable
 * where a unique violation would abort it; a typed code already taken is a 409.
 */
async function insertCoupon(tx: Tx, values: NewCoupon, code: { typed: string } | { prefix: string | null }): Promise<CouponRow> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const candidate = 'typed' in code ? code.typed : newCouponCode(code.prefix)
    const [row] = await tx
      .insert(coupons)
      .values({ id: newId('cpn'), code: candidate, ...values })
      .onConflictDoNothing({ target: coupons.code })
      .returning()
    if (row) {
      await emit(
        tx,
        COUPON_EVENTS.created,
        { couponId: row.id, promotionId: row.promotionId, batchId: row.batchId, customerId: row.customerId, maxUses: row.maxUses, expiresAt: row.expiresAt?.toISOString() ?? null },
        { customerId: row.customerId },
      )
      return row
    }
    if ('typed' in code) throw couponCodeTaken(code.typed)
  }
  throw new Error('no free coupon code after 5 draws')
}

export interface CreateCouponInput {
  promotionId: string
  /** Typed by the back office (any case, spaces ignored); drawn when absent. */
  code?: string
  /** For a drawn code. */
  prefix?: string | null
  /** 1 = single-use; null or absent = unlimited. */
  maxUses?: number | null
  perCustomerLimit?: number | null
  expiresAt?: string | null
  /** A voucher only this customer may use. */
  customerId?: string | null
  actor: ActorRef
}

/** Creates one coupon for a promotion that is not archived; 409 coupon-code-taken when the typed code exists. */
export async function createCoupon(tx: Tx, input: CreateCouponInput): Promise<CouponView> {
  const code = input.code === undefined ? { prefix: typedCouponPrefix(input.prefix) } : { typed: typedCouponCode(input.code) }
  await promotionForCoupons(tx, input.promotionId)
  const expiresAt = checkFutureExpiry(input.expiresAt)
  if (input.customerId) await lockLiveCustomer(tx, { customerId: input.customerId, field: '/body/customerId' })
  const row = await insertCoupon(
    tx,
    { promotionId: input.promotionId, customerId: input.customerId ?? null, maxUses: input.maxUses ?? null, perCustomerLimit: input.perCustomerLimit ?? null, expiresAt },
    code,
  )
  return toCouponView(row, 'active')
}

/**
 * Issues a single-use voucher of the promotion bound to the customer (a loyalty reward, a goodwill gesture), under a
 * drawn code; nobody else can use it, and it counts as used once an order redeems it.
 */
export async function issueCustomerCoupon(tx: Tx, input: { promotionId: string; customerId: string; expiresAt: Date | null; prefix?: string }): Promise<{ id: string; code: string }> {
  const prefix = typedCouponPrefix(input.prefix, '/prefix')
  await promotionForCoupons(tx, input.promotionId, '/promotionId')
  await lockLiveCustomer(tx, { customerId: input.customerId, field: '/customerId' })
  const row = await insertCoupon(tx, { promotionId: input.promotionId, customerId: input.customerId, maxUses: 1, perCustomerLimit: null, expiresAt: input.expiresAt }, { prefix })
  return { id: row.id, code: row.code }
}

async function findCouponWithStatus(tx: Tx, code: string): Promise<{ row: CouponRow; status: CouponViewStatus; uses: number } | undefined> {
  const [found] = await tx.select({ row: coupons, status: couponStatusSql, uses: couponUsesSql }).from(coupons).where(eq(coupons.code, code))
  return found
}

/** One coupon by code (any case, spaces ignored); 404 on /params/code. */
export async function getCoupon(tx: Tx, input: { code: string }): Promise<CouponView> {
  const found = await findCouponWithStatus(tx, normalizeCouponCode(input.code))
  if (!found) throw notFound('Coupon', input.code, '/params/code')
  return toCouponView(found.row, found.status, found.uses)
}

export interface ListCouponsInput {
  promotionId?: string
  batchId?: string
  customerId?: string
  status?: CouponViewStatus
  sort?: string
  count?: boolean
  cursor?: string
  limit: number
}

export const COUPON_SORT_KEYS = ['createdAt', 'code'] as const
const couponListOrder = defineListOrder<(typeof COUPON_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: coupons.createdAt, type: 'time' }, code: { sql: coupons.code, type: 'text' } },
  tiebreaker: coupons.id,
  defaultDescending: true,
})

/** Coupons, newest first, filtered; cursor pages keyed on the (time-ordered) id. */
export async function listCoupons(tx: Tx, input: ListCouponsInput): Promise<ListPage<CouponView>> {
  const plan = planList(couponListOrder, input)
  const filters: (SQL | undefined)[] = [
    input.promotionId ? eq(coupons.promotionId, input.promotionId) : undefined,
    input.batchId ? eq(coupons.batchId, input.batchId) : undefined,
    input.customerId ? eq(coupons.customerId, input.customerId) : undefined,
    input.status ? sql`${couponStatusSql} = ${input.status}` : undefined,
  ]
  const rows = await tx
    .select({ row: coupons, status: couponStatusSql, uses: couponUsesSql, cursorKey: plan.cursorKey })
    .from(coupons)
    .where(and(...filters, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  return plan.page(rows, input.limit, (r) => toCouponView(r.row, r.status, r.uses), await countWhen(input.count, tx, coupons, and(...filters)))
}

export interface UpdateCouponInput {
  code: string
  status?: 'active' | 'disabled'
  /** A new expiry (in the future), or null for none. */
  expiresAt?: string | null
  /** From If-Match: 412 when the coupon moved past it. */
  expectedVersion?: ExpectedVersion
}

/** Disables or enables a coupon, or moves its expiry; uses already counted stay counted. */
export async function updateCoupon(tx: Tx, input: UpdateCouponInput): Promise<CouponView> {
  const code = normalizeCouponCode(input.code)
  const changes = {
    ...(input.status !== undefined && { status: input.status }),
    ...(input.expiresAt !== undefined && { expiresAt: checkFutureExpiry(input.expiresAt) }),
  }
  const [row] = await tx
    .update(coupons)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(coupons.code, code), versionCondition(coupons.version, input.expectedVersion)))
    .returning()
  if (!row) {
    const [current] = await tx.select({ version: coupons.version }).from(coupons).where(eq(coupons.code, code))
    throw current ? preconditionFailed('coupon', current.version) : notFound('Coupon', input.code, '/params/code')
  }
  await emit(tx, COUPON_EVENTS.updated, { couponId: row.id, status: row.status, expiresAt: row.expiresAt?.toISOString() ?? null }, { customerId: row.customerId })
  const found = await findCouponWithStatus(tx, code)
  return toCouponView(row, found?.status ?? 'active', found?.uses ?? row.usedCount)
}
