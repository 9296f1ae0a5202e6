/**
 * `priceCartPromotions` timed in the bench process against the scratch database the server used (stopped first:
 * PGlite allows one process per data directory, and on PostgreSQL nothing else then competes), on the root handle
 * (each read its own statement, as inside checkout's transaction, without the BEGIN/COMMIT around it). Also each of
 * its reads alone and the engine alone on the very rules and cart it built, so a slow part shows by name.
 */
import { listCartCoupons, priceCartPromotions, type CartPromotionsInput } from '../../src/modules/carts/service.js'
import { categoryIdsOfProducts } from '../../src/modules/catalog/service.js'
import { groupsOfCustomer } from '../../src/modules/customers/service.js'
import { loyaltyTierOf } from '../../src/modules/loyalty/service.js'
import { hasPlacedOrder } from '../../src/modules/orders/service.js'
import { evaluatePromotions, type PromotionEvaluation } from '../../src/modules/pricing/service.js'
import { archivePromotion, loadPromotionRules } from '../../src/modules/promotions/service.js'
import type { Database } from '../../src/platform/db.js'
import { quantile } from './load.js'

export interface Percentiles {
  samples: number
  /** Seconds spent in the timed calls themselves. */
  seconds: number
  p50: number | null
  p99: number | null
  max: number | null
}

export interface PricingTimings {
  pricing: Percentiles
  /** Each read of priceCartPromotions alone, in the order it runs them. */
  reads: { name: string; timing: Percentiles }[]
  engine: Percentiles
  evaluation: PromotionEvaluation
  rules: number
}

function percentiles(samples: Float64Array, seconds: number): Percentiles {
  samples.sort()
  return { samples: samples.length, seconds, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: quantile(samples, 1) }
}

/** `count` timed calls of synchronous work after `warmup` untimed ones. */
function timedSync(warmup: number, count: number, work: () => unknown): Percentiles {
  for (let i = 0; i < warmup; i++) work()
  const samples = new Float64Array(count)
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    work()
    samples[i] = performance.now() - t0
  }
  return percentiles(samples, (performance.now() - started) / 1000)
}

export interface TimingPlan {
  pricing: number
  reads: number
  engine: number
}

export const timingPlan = (quick: boolean): TimingPlan => (quick ? { pricing: 1000, reads: 300, engine: 2000 } : { pricing: 5000, reads: 1000, engine: 20_000 })

/**
 * Times the whole call and, interleaved with it (every few rounds, so both see the same machine), each of its reads.
 * `now` is taken per call, as checkout does.
 */
export async function timePriceCart(database: Database, input: CartPromotionsInput, plan: TimingPlan): Promise<PricingTimings> {
  const { db } = database
  const now = () => new Date()
  const customerId = input.customerId
  const productIds = input.lines.map((line) => line.productId)
  const whole = () => priceCartPromotions(db, { ...input, now: now() })
  const cartId = input.cartId
  const parts: [string, () => Promise<unknown>][] = [
    ...(cartId ? [['coupons', () => listCartCoupons(db, { cartId, customerId, now: now() })] as [string, () => Promise<unknown>]] : []),
    ['rules', () => loadPromotionRules(db, { now: now(), customerId, couponPromotionIds: [] })],
    ['categories', () => categoryIdsOfProducts(db, productIds)],
    ...(customerId
      ? ([
          ['groups', () => groupsOfCustomer(db, customerId)],
          ['tier', () => loyaltyTierOf(db, customerId)],
          ['first order', () => hasPlacedOrder(db, customerId)],
        ] as [string, () => Promise<unknown>][])
      : []),
  ]
  for (let i = 0; i < Math.ceil(plan.pricing / 10); i++) {
    await whole()
    for (const [, work] of parts) await work()
  }
  const wholeMs = new Float64Array(plan.pricing)
  const partMs = parts.map(() => new Float64Array(plan.reads))
  const stride = Math.max(1, Math.floor(plan.pricing / plan.reads))
  let taken = 0
  for (let i = 0; i < plan.pricing; i++) {
    const t0 = performance.now()
    await whole()
    wholeMs[i] = performance.now() - t0
    if (i % stride !== 0 || taken >= plan.reads) continue
    for (const [k, [, work]] of parts.entries()) {
      const t1 = performance.now()
      await work()
      ;(partMs[k] as Float64Array)[taken] = performance.now() - t1
    }
    taken++
  }
  const sum = (samples: Float64Array) => samples.reduce((total, ms) => total + ms, 0) / 1000
  const pricing = percentiles(wholeMs, sum(wholeMs))
  const reads = parts.map(([name], k) => {
    const samples = (partMs[k] as Float64Array).subarray(0, taken)
    return { name, timing: percentiles(samples, sum(samples)) }
  })
  // The engine alone on what priceCartPromotions gives it (the same gathering, done once).
  const rules = await loadPromotionRules(db, { now: input.now, customerId, couponPromotionIds: [] })
  const categories = await categoryIdsOfProducts(db, productIds)
  const cart = {
    lines: input.lines.map((line) => ({ ...line, categoryIds: categories.get(line.productId) ?? [] })),
    channel: input.channel,
    customer: {
      id: customerId,
      groupCodes: customerId ? await groupsOfCustomer(db, customerId) : [],
      loyaltyTier: customerId ? await loyaltyTierOf(db, customerId) : null,
      isFirstOrder: customerId !== null && !(await hasPlacedOrder(db, customerId)),
    },
    shipping: { fee: input.shippingFee, vatRate: input.shippingVatRate },
    now: input.now,
    currency: input.currency,
  }
  const engine = timedSync(Math.ceil(plan.engine / 10), plan.engine, () => evaluatePromotions(cart, rules))
  const { evaluation } = await priceCartPromotions(db, { ...input, now: now() })
  return { pricing, reads, engine, evaluation, rules: rules.length }
}

/** Archives the bench's promotions (one transaction), so that later cases price carts as the demo does. */
export async function archiveBenchPromotions(database: Database, ids: readonly string[]): Promise<void> {
  await database.transaction(async (tx) => {
    for (const id of ids) await archivePromotion(tx, { id })
  })
}
