/**
 * Pricing a 20-line cart with 50 promotions: the promotion engine (`evaluatePromotions`) is a pure function, so this
 * times it in-process — no server, no database — on a deterministic cart and rule set that exercise every kind of
 * rule (percent/amount off items, categories and the order, spend thresholds, buy X get Y, bundle price, free
 * shipping), both stacking modes and interleaved priorities, plus rules that fail each eligibility check (window,
 * channel, segment, usage) so the explanation paths run too. Reported once (on the first engine's row: the engine
 * plays no part). Its share of checkout time, with the reads around it, is cases/checkout-pricing.ts.
 */
import { evaluatePromotions, type PromotionCart, type PromotionRule } from '../../src/modules/pricing/service.js'
import { quantile } from '../lib/load.js'
import type { BenchCase, BenchRow } from '../lib/types.js'

const NAME = 'pricing a 20-line cart with 50 promotions'
const LINES = 20
const CATEGORIES = 5
const WARMUP = 500

/** 20 lines over 5 categories, 1–3 units, 9.90–129.90 €, mostly 20 % VAT with some 5.5 % (books, a few basics). */
export function benchCart(): PromotionCart {
  const lines = Array.from({ length: LINES }, (_, i) => ({
    variantId: `var_${i}`,
    productId: `prd_${i}`,
    categoryIds: [`cat_${i % CATEGORIES}`, ...(i % 4 === 0 ? ['cat_new'] : [])],
    quantity: 1 + (i % 3),
    unitPrice: 990 + ((i * 3_700) % 12_000),
    vatRate: i % 7 === 3 ? 550 : 2000,
  }))
  return {
    lines,
    channel: { id: 'chn_web', kind: 'web' },
    customer: { id: 'cus_bench', groupCodes: ['vip'], loyaltyTier: 'gold', isFirstOrder: false },
    shipping: { fee: 590, vatRate: 2000 },
    now: new Date('2026-11-30T12:00:00.000Z'),
    currency: 'EUR',
  }
}

/** 50 active-looking rules, 5 of each of 10 shapes; every sixth is exclusive; priorities interleave the shapes. */
export function benchPromotions(): PromotionRule[] {
  const shapes: ((i: number) => Omit<PromotionRule, 'id' | 'name' | 'priority' | 'stacking'>)[] = [
    (i) => ({ kind: 'percent_off', percent: 500 + i * 100, target: { scope: 'items', variantIds: [`var_${i}`, `var_${i + 10}`] } }),
    (i) => ({ kind: 'percent_off', percent: 1000 + i * 250, target: { scope: 'items', categoryIds: [`cat_${i % CATEGORIES}`] } }),
    (i) => ({ kind: 'percent_off', percent: 300 + i * 100, target: { scope: 'order' }, minSubtotal: 10_000 * (i + 1) }),
    (i) => ({ kind: 'amount_off', amount: 500 + i * 200, target: { scope: 'items', productIds: [`prd_${i * 3}`, `prd_${i * 3 + 1}`] } }),
    (i) => ({ kind: 'amount_off', amount: 1000 * (i + 1), target: { scope: 'order' }, minSubtotal: 20_000 + 40_000 * i }),
    (i) => ({ kind: 'buy_x_get_y', buy: 2, get: 1, percent: i % 2 === 0 ? 10_000 : 5000, target: { scope: 'items', categoryIds: [`cat_${i % CATEGORIES}`] } }),
    (i) => ({ kind: 'bundle_price', productIds: [`prd_${i}`, `prd_${i + 5}`, `prd_${i + 10}`], price: 9_900 + i * 1000 }),
    (i) => ({ kind: 'free_shipping', minSubtotal: 5_000 + 100_000 * i }),
    // Rules that fail one eligibility check each, so the not-applied and almost explanations are built too.
    (i) =>
      [
        { kind: 'percent_off' as const, percent: 1500, target: { scope: 'order' as const }, endsAt: '2026-11-01T00:00:00.000Z' },
        { kind: 'percent_off' as const, percent: 1500, target: { scope: 'order' as const }, channelIds: ['chn_app'] },
        { kind: 'amount_off' as const, amount: 2000, target: { scope: 'order' as const }, segment: { firstOrderOnly: true } },
        { kind: 'amount_off' as const, amount: 2000, target: { scope: 'order' as const }, remainingUses: 0 },
        { kind: 'percent_off' as const, percent: 2000, target: { scope: 'items' as const, categoryIds: ['cat_none'] } },
      ][i]!,
    (i) => ({ kind: 'percent_off', percent: 800 + i * 200, target: { scope: 'items', categoryIds: ['cat_new'] }, segment: { groupCodes: ['vip'], loyaltyTiers: ['gold'] } }),
  ]
  const rules: PromotionRule[] = []
  for (let i = 0; i < 5; i++) {
    for (const [s, shape] of shapes.entries()) {
      const n = rules.length
      rules.push({ ...shape(i), id: `prm_${String(n).padStart(2, '0')}`, name: `Bench ${n}`, priority: ((n * 7) % 50) * 10, stacking: n % 6 === 5 ? 'exclusive' : 'combinable', ...(s === 0 && i === 4 ? { startsAt: '2026-11-01T00:00:00.000Z' } : {}) } as PromotionRule)
    }
  }
  return rules
}

export const promotionPricing: BenchCase = {
  name: NAME,
  // The engine plays no part; one row is enough, on PGlite (the engine every run has).
  engines: ['pglite'],
  async run(ctx) {
    const cart = benchCart()
    const rules = benchPromotions()
    const iterations = ctx.options.quick ? 5_000 : 50_000
    const first = evaluatePromotions(cart, rules)
    const kinds = new Set(first.applied.map((a) => a.kind))
    // A rule set that applies nothing would time the early exits only: the row fails instead.
    const violations = kinds.size < 5 || first.notApplied.length === 0 ? [`only ${[...kinds].join(', ')} applied; ${first.notApplied.length} not applied`] : []
    for (let i = 0; i < WARMUP; i++) evaluatePromotions(cart, rules)
    const samples = new Float64Array(iterations)
    const started = performance.now()
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now()
      evaluatePromotions(cart, rules)
      samples[i] = performance.now() - t0
    }
    const elapsedMs = performance.now() - started
    samples.sort()
    const ms = (value: number | null) => (value === null ? null : Number(value.toFixed(4)))
    const us = (value: number | null) => (value === null ? '–' : (value * 1000).toFixed(0))
    const [p50, p99, max] = [quantile(samples, 0.5), quantile(samples, 0.99), quantile(samples, 1)]
    ctx.log(`  ${NAME}: p50 ${us(p50)} µs, p99 ${us(p99)} µs, ${first.applied.length} applied, ${first.notApplied.length} not applied, ${first.almost.length} almost`)
    const row: BenchRow = {
      case: NAME,
      engine: ctx.engine,
      concurrency: null,
      requests: iterations,
      reqPerSec: Math.round((iterations / elapsedMs) * 1000),
      p50Ms: ms(p50),
      p99Ms: ms(p99),
      maxMs: ms(max),
      errors: 0,
      non2xx: 0,
      statusCodes: {},
      note:
        `in-process, no database (engine irrelevant); req/s = evaluations/s; p50/p99 ${us(p50)}/${us(p99)} µs; ` +
        `${first.applied.length} applied (${[...kinds].join(', ')}), ${first.notApplied.length} not applied, ${first.almost.length} almost; ` +
        "share of checkout time: see the case pricing's share of checkout (cases/checkout-pricing.ts)",
      ...(violations.length > 0 ? { violations } : {}),
    }
    return [row]
  },
}
