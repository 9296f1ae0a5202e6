/**
 * Pricing's share of checkout (issue 6): with 50 live promotions (the demo's plus the bench's, created through
 * `POST /v1/promotions` on real products, variants and categories; lib/promotion-cart.ts) and a 20-line cart of a
 * registered customer in a customer group, two rows per engine:
 *
 * - **checkout of a 20-line cart**: `POST /v1/carts` with the 20 lines, then `POST /v1/carts/{id}/checkout` (ship,
 *   test card), one client in a closed loop (lib/sequences.ts) for the step's duration; every answer must be 201;
 * - **pricing's share of checkout**: `priceCartPromotions` (what checkout calls once: its reads and the engine) on an
 *   open cart with the same lines, in the bench process against the same database once the server is stopped
 *   (lib/price-cart-timing.ts), with each read and the engine alone, and the share = its p50 / the checkout's p50.
 *
 * On PostgreSQL the checkout row also has the SQL per checkout and per pricing, counted on the wire
 * (lib/promotion-cart-sql.ts). The bench's promotions are archived at the end, so later cases price carts as the
 * demo does. No timing is asserted; a failed answer, an order without discount, fewer than 5 kinds of rule applied or
 * a live rule count other than 50 fail the row.
 */
import { STANDARD_VAT_RATE } from '../../src/modules/pricing/service.js'
import { loadConfig } from '../../src/platform/config.js'
import { openDb } from '../../src/platform/db.js'
import { isObject, num, str, type Json } from '../lib/api.js'
import { quantile } from '../lib/load.js'
import { countPromotionCheckoutSql, type PromotionCheckoutSql } from '../lib/promotion-cart-sql.js'
import { archiveBenchPromotions, timePriceCart, timingPlan, type Percentiles, type PricingTimings } from '../lib/price-cart-timing.js'
import {
  CART_LINES,
  createPromotionCart,
  LIVE_PROMOTIONS,
  preparePromotionCart,
  promotionCheckoutOnce,
  SHARE_STEPS,
  type PromotionCartWorld,
} from '../lib/promotion-cart.js'
import { p50p99, runSequences, type SequenceOutcome } from '../lib/sequences.js'
import { ENGINES, type BenchCase, type BenchContext, type BenchRow } from '../lib/types.js'

const NAME = "pricing's share of checkout"
const CHECKOUT_ROW = `checkout of a ${CART_LINES}-line cart, ${LIVE_PROMOTIONS} promotions`
/** Fewer kinds applied than this and the rule set would time the early exits only: the row fails. */
const MIN_KINDS = 5

const ms = (value: number | null, digits = 3) => (value === null ? null : Number(value.toFixed(digits)))
const fmt = (value: number | null) => (value === null ? '–' : value < 1 ? value.toFixed(3) : value.toFixed(2))
const pct = (part: number | null, whole: number | null) => (part === null || whole === null || whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)} %`)

type Obj = { [key: string]: Json }
const amountOf = (money: Json | undefined) => (isObject(money) ? num(money.amount) : 0)

/** What the cart view shows of the promotions: kinds applied, and how many were explained as not applying. */
function promotionsOf(view: Obj): { applied: number; kinds: string[]; notApplied: number; subtotal: number; discount: number } {
  const promotions = isObject(view.promotions) ? view.promotions : {}
  const applied = Array.isArray(promotions.applied) ? promotions.applied.filter(isObject) : []
  const notApplied = Array.isArray(promotions.notApplied) ? promotions.notApplied.length : 0
  const totals = isObject(view.totals) ? view.totals : {}
  return {
    applied: applied.length,
    kinds: [...new Set(applied.map((a) => str(a.kind)))].sort(),
    notApplied,
    subtotal: amountOf(totals.subtotal),
    discount: amountOf(totals.discountTotal),
  }
}

/** The input checkout would give priceCartPromotions for this open cart (its lines at the prices the view shows). */
function pricingInput(world: PromotionCartWorld, view: Obj) {
  const vat = new Map(world.products.map((p) => [p.productId, p.vatRate]))
  const lines = (Array.isArray(view.lines) ? view.lines.filter(isObject) : []).map((line) => ({
    variantId: str(line.variantId),
    productId: str(line.productId),
    quantity: num(line.quantity),
    unitPrice: amountOf(line.unitPrice),
    vatRate: vat.get(str(line.productId)) ?? STANDARD_VAT_RATE,
  }))
  if (lines.length !== CART_LINES) throw new Error(`the cart view has ${lines.length} lines, expected ${CART_LINES}`)
  return {
    cartId: str(view.id),
    channel: world.channel,
    customerId: world.customer.id,
    currency: str(view.currency) || 'EUR',
    lines,
    shippingFee: loadConfig(process.env).shippingFee,
    shippingVatRate: STANDARD_VAT_RATE,
    now: new Date(),
  }
}

async function runCheckouts(ctx: BenchContext, world: PromotionCartWorld): Promise<{ outcome: SequenceOutcome; discounts: number[] }> {
  const discounts: number[] = []
  const onOrder = (order: Json) => {
    if (isObject(order) && isObject(order.totals)) discounts.push(amountOf(order.totals.discount))
  }
  const outcome = await runSequences({
    concurrency: 1,
    warmupSec: ctx.options.warmupSec,
    durationSec: ctx.options.durationSec,
    steps: SHARE_STEPS,
    run: () => promotionCheckoutOnce(world, onOrder),
  })
  return { outcome, discounts }
}

function checkoutRow(ctx: BenchContext, outcome: SequenceOutcome, discounts: number[]): BenchRow {
  const perStep = SHARE_STEPS.map((name) => `${name} ${p50p99(outcome.stepMs.get(name) ?? new Float64Array())}`).join(', ')
  const sorted = [...discounts].sort((a, b) => a - b)
  const violations = discounts.length > 0 && (sorted[0] ?? 0) <= 0 ? [`an order got no discount (discounts ${sorted[0]}–${sorted.at(-1)})`] : []
  return {
    case: CHECKOUT_ROW,
    engine: ctx.engine,
    concurrency: 1,
    requests: outcome.sequences,
    reqPerSec: outcome.durationSec > 0 ? Number((outcome.totalMs.length / outcome.durationSec).toFixed(1)) : null,
    p50Ms: ms(quantile(outcome.totalMs, 0.5), 2),
    p99Ms: ms(quantile(outcome.totalMs, 0.99), 2),
    maxMs: ms(quantile(outcome.totalMs, 1), 2),
    errors: outcome.errors,
    non2xx: outcome.non2xx,
    statusCodes: outcome.statusCodes,
    note:
      `checkouts/s; POST /v1/carts (${CART_LINES} lines) + POST checkout (ship, test card) as a customer; p50/p99 ms ${perStep}; ` +
      `order discount ${sorted[0] ?? '–'}–${sorted.at(-1) ?? '–'} cents; the cart view of the first request prices the cart too` +
      (outcome.firstFailure ? `; FIRST FAILURE: ${outcome.firstFailure}` : ''),
    ...(violations.length > 0 ? { violations } : {}),
  }
}

function pricingRow(ctx: BenchContext, timings: PricingTimings, checkout: SequenceOutcome, world: PromotionCartWorld, violations: string[]): BenchRow {
  const { pricing, engine, evaluation } = timings
  const whole = quantile(checkout.totalMs, 0.5)
  const request = quantile(checkout.stepMs.get('checkout') ?? new Float64Array(), 0.5)
  const reads = timings.reads.map((r) => `${r.name} ${fmt(r.timing.p50)}`).join(', ')
  const kinds = [...new Set(evaluation.applied.map((a) => a.kind))].sort()
  const share = `share of checkout: pricing p50 ${fmt(pricing.p50)} / checkout p50 ${fmt(whole)} ms = ${pct(pricing.p50, whole)} (of the POST checkout request alone, p50 ${fmt(request)} ms: ${pct(pricing.p50, request)})`
  return {
    case: NAME,
    engine: ctx.engine,
    concurrency: 1,
    requests: pricing.samples,
    reqPerSec: pricing.seconds > 0 ? Math.round(pricing.samples / pricing.seconds) : null,
    p50Ms: ms(pricing.p50),
    p99Ms: ms(pricing.p99),
    maxMs: ms(pricing.max),
    errors: 0,
    non2xx: 0,
    statusCodes: {},
    note:
      `priceCartPromotions in-process on the server's database (server stopped), req/s = calls/s; ${share}; ` +
      `engine alone p50/p99 ${fmt(engine.p50)}/${fmt(engine.p99)} ms (${pct(engine.p50, pricing.p50)} of pricing); reads alone p50 ms: ${reads}; ` +
      `${timings.rules} live rules (${world.promotionIds.length} bench + ${world.demoLive} demo), ${evaluation.applied.length} applied (${kinds.join(', ')}), ` +
      `${evaluation.notApplied.length} not applied, ${evaluation.almost.length} almost`,
    ...(violations.length > 0 ? { violations } : {}),
  }
}

function sqlNote(sql: PromotionCheckoutSql): string {
  const steps = sql.perStep.map((s) => `${s.name} ${s.statements}`).join(' + ')
  const transactions = sql.perStep.map((s) => `${s.name} ${s.transactions}`).join(' + ')
  return (
    `SQL per checkout (median of ${sql.samples}, wire proxy): ${sql.total.statements} statements (${steps}), ${sql.total.roundTrips} round trips, ` +
    `${sql.total.transactions} transactions (${transactions}); priceCartPromotions alone: ${sql.pricing.statements} statements`
  )
}

const logTiming = (ctx: BenchContext, label: string, t: Percentiles) =>
  ctx.log(`  ${label}: p50 ${fmt(t.p50)} ms, p99 ${fmt(t.p99)} ms, max ${fmt(t.max)} ms (${t.samples} calls)`)

export const checkoutPricingShare: BenchCase = {
  name: NAME,
  engines: ENGINES,
  async run(ctx) {
    const server = await ctx.server()
    const world = await preparePromotionCart(server.baseUrl, ctx.log)
    // The cart priced in-process later: open, the same lines as every checkout's cart.
    const view = await createPromotionCart(world)
    const shown = promotionsOf(view)
    ctx.log(
      `  the cart view: ${shown.applied} promotions applied (${shown.kinds.join(', ')}), ${shown.notApplied} not applied; subtotal ${shown.subtotal}, discount ${shown.discount} cents`,
    )
    const { outcome, discounts } = await runCheckouts(ctx, world)
    const checkout = checkoutRow(ctx, outcome, discounts)
    ctx.log(`  ${CHECKOUT_ROW}: ${checkout.reqPerSec} checkouts/s, p50 ${checkout.p50Ms} ms, p99 ${checkout.p99Ms} ms; ${checkout.note ?? ''}`)
    if (outcome.firstFailure) ctx.log(`  ⚠ ${outcome.errors + outcome.non2xx} failed checkouts; first: ${outcome.firstFailure}`)

    // PGlite allows one process per data directory; on PostgreSQL the stop keeps the server's work out of the timings.
    await ctx.stopServer()
    const input = pricingInput(world, view)
    const database = await openDb({ databaseUrl: ctx.databaseEnv.DATABASE_URL || null, dataDir: ctx.databaseEnv.DATA_DIR ?? 'memory://', poolSize: 2 })
    let timings: PricingTimings
    try {
      if (ctx.engine === 'postgres') {
        const sql = await countPromotionCheckoutSql(ctx, world, input)
        checkout.note = `${checkout.note ?? ''}; ${sqlNote(sql)}`
        ctx.log(`  ${CHECKOUT_ROW}: ${sqlNote(sql)}`)
      } else {
        checkout.note = `${checkout.note ?? ''}; SQL counted on PostgreSQL only (wire proxy)`
      }
      timings = await timePriceCart(database, input, timingPlan(ctx.options.quick))
    } finally {
      // Even after a failure: later cases share the database and should price carts as the demo does.
      await archiveBenchPromotions(database, world.promotionIds).catch((error: unknown) =>
        ctx.log(`  ⚠ could not archive the bench's promotions: ${String(error)}`),
      )
      await database.close()
    }
    logTiming(ctx, 'priceCartPromotions', timings.pricing)
    logTiming(ctx, 'evaluatePromotions alone', timings.engine)
    for (const read of timings.reads) logTiming(ctx, `read ${read.name}`, read.timing)
    const kinds = new Set(timings.evaluation.applied.map((a) => a.kind))
    const violations = [
      ...(kinds.size < MIN_KINDS ? [`only ${kinds.size} kinds applied (${[...kinds].join(', ')})`] : []),
      ...(timings.rules !== LIVE_PROMOTIONS ? [`${timings.rules} live rules loaded, expected ${LIVE_PROMOTIONS}`] : []),
    ]
    const pricing = pricingRow(ctx, timings, outcome, world, violations)
    ctx.log(`  ${NAME}: ${pricing.note ?? ''}`)
    return [pricing, checkout]
  },
}
