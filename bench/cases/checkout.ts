/**
 * Guest checkout, end to end: `POST /v1/carts` (web channel, empty) → `POST /v1/carts/{id}/lines` (one unit) →
 * `POST /v1/carts/{id}/checkout` (ship to a home address, test card 4242…, guest contact e-mail, an Idempotency-Key)
 * as one sequence, at 1, 8 and 32 virtual clients, each with its own device token. Closed loop with fetch (see
 * lib/sequences.ts): checkouts per second, p50/p99 of the whole sequence and of each request. The lines rotate over
 * ~100 variants topped up at the warehouse first (+1,000 each through `POST /v1/inventory/receipts` as the demo
 * admin), so stock never runs out and no single stock row is the bottleneck. Every answer must be 201.
 * On PostgreSQL it also counts the SQL behind one checkout (lib/pg-wire-counter.ts) on a second server.
 */
import { activeVariants, call, channelsByCode, DEMO_STAFF, deviceTokens, locationsByCode, required, staffLogin, type Headers } from '../lib/api.js'
import { countCheckoutSql, type SqlPerCheckout } from '../lib/checkout-sql.js'
import { CHECKOUT_STEPS, guestCheckoutOnce, type CheckoutWorld } from '../lib/guest-checkout.js'
import { p50p99, runSequences } from '../lib/sequences.js'
import { quantile } from '../lib/load.js'
import { ENGINES, type BenchCase, type BenchContext, type BenchRow } from '../lib/types.js'

const NAME = 'guest checkout'
const CONCURRENCIES = [1, 8, 32] as const
const STEPS = CHECKOUT_STEPS
const TOP_UP = 1000
/** Products (≈ 10 variants each) whose variants the checkouts rotate over; the flash sale takes later ones. */
const PRODUCTS = { offset: 0, count: 10 }

/** Web channel, deep stock on the rotation's variants, and one device token per virtual client. */
async function prepare(ctx: BenchContext, baseUrl: string): Promise<CheckoutWorld> {
  const [channels, locations] = await Promise.all([channelsByCode(baseUrl), locationsByCode(baseUrl)])
  const warehouse = [...locations.values()].find((l) => l.kind === 'warehouse') ?? required(locations, 'warehouse-orleans')
  const variants = await activeVariants(baseUrl, PRODUCTS.offset, PRODUCTS.count)
  if (variants.length === 0) throw new Error('no active variants to check out')
  const admin = await staffLogin(baseUrl, DEMO_STAFF.admin)
  await call(baseUrl, 'POST', '/v1/inventory/receipts', 201, admin, {
    locationId: warehouse.id,
    lines: variants.map((v) => ({ variantId: v.id, quantity: TOP_UP })),
    reference: 'BENCH-CHECKOUT',
  })
  const tokens = await deviceTokens(baseUrl, Math.max(...CONCURRENCIES))
  ctx.log(`  ${variants.length} variants topped up by ${TOP_UP} at ${warehouse.code}; ${tokens.length} device tokens`)
  return { baseUrl, channelId: required(channels, 'web').id, variants, tokens }
}

function sqlNote(sql: SqlPerCheckout): string {
  const per = sql.perStep.map((s) => `${s.name} ${s.statements}`).join(' + ')
  const transactions = sql.perStep.map((s) => `${s.name} ${s.transactions}`).join(' + ')
  return (
    `; SQL per checkout (median of ${sql.samples}): ${sql.total.statements} statements (${per}), ${sql.total.roundTrips} round trips, ` +
    `${sql.total.transactions} transactions (${transactions}; the token look-up is its own), ${sql.rowsWritten} rows written`
  )
}

export const guestCheckout: BenchCase = {
  name: NAME,
  engines: ENGINES,
  async run(ctx) {
    const server = await ctx.server()
    const world = await prepare(ctx, server.baseUrl)
    const rows: BenchRow[] = []
    for (const concurrency of CONCURRENCIES) {
      const outcome = await runSequences({
        concurrency,
        warmupSec: ctx.options.warmupSec,
        durationSec: ctx.options.durationSec,
        steps: STEPS,
        run: (client) => guestCheckoutOnce(world, world.tokens[client] as Headers),
      })
      const perStep = STEPS.map((name) => `${name} ${p50p99(outcome.stepMs.get(name) ?? new Float64Array())}`).join(', ')
      const round = (value: number | null) => (value === null ? null : Number(value.toFixed(2)))
      const row: BenchRow = {
        case: NAME,
        engine: ctx.engine,
        concurrency,
        requests: outcome.sequences,
        reqPerSec: outcome.durationSec > 0 ? Number((outcome.totalMs.length / outcome.durationSec).toFixed(1)) : null,
        p50Ms: round(quantile(outcome.totalMs, 0.5)),
        p99Ms: round(quantile(outcome.totalMs, 0.99)),
        maxMs: round(quantile(outcome.totalMs, 1)),
        errors: outcome.errors,
        non2xx: outcome.non2xx,
        statusCodes: outcome.statusCodes,
        note: `checkouts/s; 3 HTTP requests each; p50/p99 ms ${perStep}`,
      }
      ctx.log(`  ${NAME} c=${concurrency}: ${row.reqPerSec} checkouts/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms (${perStep})`)
      if (outcome.firstFailure) ctx.log(`  ⚠ ${outcome.errors + outcome.non2xx} failed checkouts; first: ${outcome.firstFailure}`)
      rows.push(row)
    }
    const first = rows[0]
    if (ctx.engine === 'postgres' && first) {
      // The shared server is stopped so that only the counting server talks to the database; later cases restart it.
      await ctx.stopServer()
      const sql = await countCheckoutSql(ctx, world)
      first.note = `${first.note ?? ''}${sqlNote(sql)}`
      ctx.log(`  ${NAME}${sqlNote(sql)}`)
    } else if (first) {
      first.note = `${first.note ?? ''}; SQL counted on PostgreSQL only (wire proxy)`
    }
    return rows
  },
}
