/**
 * Bulk codes (a social-network contest's 500 codes): drawn in JS, inserted in ONE statement per round from a JSON
 * recordset with ON CONFLICT (code) DO NOTHING, topped up with fresh draws until the batch has its quantity — so the
 * codes are unique whatever the table already holds, and a collision never aborts the transaction. The batch row
 * keeps what was asked, and its codes export as CSV (with each code's QR link) for the mailing or printing tool.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { ActorRef } from '../../platform/auth.js'
import { rowsOf, type Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { notFound } from '../../platform/problems.js'
import { newCouponCode } from './coupon-codes.js'
import { COUPON_EVENTS } from './coupon-events.js'
import { checkFutureExpiry, couponStatusSql, couponUsesSql, promotionForCoupons, typedCouponPrefix } from './coupons.js'
import { couponBatches, coupons, promotions } from './schema.js'

export const MAX_BATCH_QUANTITY = 100_000
/** Draws are 60 bits: a round that inserts fewer than asked is already rare, three in a row means a bug. */
const MAX_ROUNDS = 5

export interface CouponBatchView {
  id: string
  promotionId: string
  name: string
  prefix: string | null
  quantity: number
  maxUsesPerCode: number | null
  perCustomerLimit: number | null
  expiresAt: string | null
  createdAt: string
}

type BatchRow = typeof couponBatches.$inferSelect

function toBatchView(row: BatchRow): CouponBatchView {
  return {
    id: row.id,
    promotionId: row.promotionId,
    name: row.name,
    prefix: row.prefix,
    quantity: row.quantity,
    maxUsesPerCode: row.maxUsesPerCode,
    perCustomerLimit: row.perCustomerLimit,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }
}

/** Inserts `codes` into the batch in one statement; returns how many were new. */
async function insertCodes(tx: Tx, batch: BatchRow, codes: readonly string[]): Promise<number> {
  const records = JSON.stringify(codes.map((code) => ({ id: newId('cpn'), code })))
  const result = await tx.execute(sql`
    with inserted as (
      insert into ${coupons} (id, code, promotion_id, batch_id, max_uses, per_customer_limit, expires_at)
      select r.id, r.code, ${batch.promotionId}, ${batch.id}, ${batch.maxUsesPerCode}::int, ${batch.perCustomerLimit}::int, ${batch.expiresAt?.toISOString() ?? null}::timestamptz
      from json_to_recordset(${records}::json) as r(id text, code text)
      on conflict (code) do nothing
      returning 1)
    select count(*)::int as count from inserted`)
  return Number(rowsOf<{ count: number | string }>(result)[0]?.count ?? 0)
}

function drawCodes(count: number, prefix: string | null): string[] {
  const codes = new Set<string>()
  while (codes.size < count) codes.add(newCouponCode(prefix))
  return [...codes]
}

export interface CreateCouponBatchInput {
  promotionId: string
  name: string
  quantity: number
  prefix?: string | null
  /** Per code: 1 = single-use (the default for a contest), null = unlimited. */
  maxUsesPerCode?: number | null
  perCustomerLimit?: number | null
  expiresAt?: string | null
  actor: ActorRef
}

/** Creates a batch of `quantity` unique drawn codes for a promotion that is not archived. */
export async function createCouponBatch(tx: Tx, input: CreateCouponBatchInput): Promise<CouponBatchView> {
  const prefix = typedCouponPrefix(input.prefix)
  await promotionForCoupons(tx, input.promotionId)
  const expiresAt = checkFutureExpiry(input.expiresAt)
  const [batch] = await tx
    .insert(couponBatches)
    .values({
      id: newId('cpb'),
      promotionId: input.promotionId,
      name: input.name,
      prefix,
      quantity: input.quantity,
      maxUsesPerCode: input.maxUsesPerCode === undefined ? 1 : input.maxUsesPerCode,
      perCustomerLimit: input.perCustomerLimit ?? null,
      expiresAt,
      createdByKind: input.actor.kind,
      createdById: input.actor.id,
    })
    .returning()
  if (!batch) throw new Error('coupon batch insert returned nothing')
  let made = 0
  for (let round = 0; made < batch.quantity; round += 1) {
    if (round === MAX_ROUNDS) throw new Error(`coupon batch ${batch.id}: ${made} of ${batch.quantity} codes after ${MAX_ROUNDS} rounds`)
    made += await insertCodes(tx, batch, drawCodes(batch.quantity - made, prefix))
  }
  await emit(tx, COUPON_EVENTS.batchCreated, { batchId: batch.id, promotionId: batch.promotionId, quantity: batch.quantity })
  return toBatchView(batch)
}

async function findBatch(tx: Tx, batchId: string): Promise<BatchRow> {
  const [batch] = await tx.select().from(couponBatches).where(eq(couponBatches.id, batchId))
  if (!batch) throw notFound('Coupon batch', batchId, '/params/id')
  return batch
}

/** One batch as it was asked; 404 on /params/id. */
export async function getCouponBatch(tx: Tx, input: { batchId: string }): Promise<CouponBatchView> {
  return toBatchView(await findBatch(tx, input.batchId))
}

/** A cell as RFC 4180 wants it, and never a formula a spreadsheet would run (=, +, -, @ at the start). */
function csvCell(value: string | number | null): string {
  if (value === null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export const COUPON_CSV_HEADER = ['code', 'promotion_id', 'promotion_name', 'max_uses', 'used', 'status', 'expires_at', 'qr_url'] as const

/**
 * The batch's codes as CSV (header first, codes in creation order), each with its QR link under `baseUrl`; the file
 * name says which batch it is.
 */
export async function exportCouponBatchCsv(tx: Tx, input: { batchId: string; baseUrl: string }): Promise<{ filename: string; csv: string }> {
  const batch = await findBatch(tx, input.batchId)
  const rows = await tx
    .select({ row: coupons, status: couponStatusSql, uses: couponUsesSql, promotionName: promotions.name })
    .from(coupons)
    .innerJoin(promotions, eq(promotions.id, coupons.promotionId))
    .where(eq(coupons.batchId, batch.id))
    .orderBy(asc(coupons.id))
  const base = input.baseUrl.replace(/\/+$/, '')
  const lines = [COUPON_CSV_HEADER.join(',')]
  for (const { row, status, uses, promotionName } of rows) {
    const qrUrl = `${base}/v1/coupons/${encodeURIComponent(row.code)}/qr`
    lines.push([row.code, row.promotionId, promotionName, row.maxUses, uses, status, row.expiresAt?.toISOString() ?? null, qrUrl].map(csvCell).join(','))
  }
  return { filename: `coupons-${batch.id}.csv`, csv: `${lines.join('\r\n')}\r\n` }
}
