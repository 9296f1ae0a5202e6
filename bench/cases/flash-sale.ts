/**
 * Flash sale: exactly UNITS units of one variant, all at the warehouse (a physical count as the demo admin sets the
 * warehouse to UNITS and every store to 0), and SHOPPERS carts of one unit each over five channels — web and app
 * (device tokens, ship), the Montpellier kiosk (device token, endless_aisle), phone (the call-centre agent, ship) and
 * the Montpellier till (its store associate, endless_aisle, card terminal). Every checkout is then fired at once,
 * at most 64 in flight (16 on PGlite, see below). It reports orders placed (201) against units, the 409s, anything else, p50/p99 of
 * the checkouts, and reads the stock back as the admin. The row fails when a unit is oversold, when fewer orders
 * than units were placed while shoppers were refused, when a 409 is not insufficient-stock, when any answer is
 * neither 201 nor 409, or when the stock read back disagrees (warehouse on hand ≠ UNITS or reserved ≠ placed).
 */
import {
  activeVariants,
  call,
  channelsByCode,
  DEMO_STAFF,
  deviceTokens,
  homeAddress,
  isObject,
  locationsByCode,
  mapLimit,
  num,
  required,
  staffLogin,
  str,
  testCard,
  timedRequest,
  type Headers,
  type Place,
} from '../lib/api.js'
import { quantile } from '../lib/load.js'
import { ENGINES, type BenchCase, type BenchRow } from '../lib/types.js'

const NAME = 'flash sale'
/**
 * Checkouts in flight. PGlite runs every transaction on its one connection, so more in flight only lengthens the
 * queue inside the server: at 64, the last in line waits for 63 checkouts and, on a busy machine, passes the 10 s
 * request timeout, which says nothing about overselling. 16 still puts many shoppers on the same unit at once.
 */
const CONCURRENCY = { postgres: 64, pglite: 16 } as const
const FULL = { units: 50, shoppers: 1000 }
const QUICK = { units: 20, shoppers: 200 }
/** A product well past the checkout case's slice, so its stock is untouched. */
const PRODUCT_OFFSET = 40
const INSUFFICIENT_STOCK = 'https://omnicanal.dev/problems/insufficient-stock'

interface Seat {
  label: string
  channelId: string
  headers: Headers
  body: object
}

interface Shopper {
  seat: Seat
  cartId: string
}

/** The five channels and who checks out on each. */
async function seats(baseUrl: string): Promise<Seat[]> {
  const channels = await channelsByCode(baseUrl)
  const agent = await staffLogin(baseUrl, DEMO_STAFF.agent)
  const associate = await staffLogin(baseUrl, DEMO_STAFF.associateMontpellier)
  const [web, app, kiosk] = await deviceTokens(baseUrl, 3)
  const ship = { method: 'ship', shippingAddress: homeAddress }
  const aisle = { method: 'endless_aisle', shippingAddress: homeAddress }
  const contact = { email: 'flash@example.com' }
  const channel = (code: string) => required(channels, code).id
  return [
    { label: 'web', channelId: channel('web'), headers: web ?? {}, body: { fulfilment: ship, contact, payments: [testCard] } },
    { label: 'app', channelId: channel('mobile_app'), headers: app ?? {}, body: { fulfilment: ship, contact, payments: [testCard] } },
    { label: 'kiosk', channelId: channel('kiosk-montpellier'), headers: kiosk ?? {}, body: { fulfilment: aisle, contact, payments: [testCard] } },
    { label: 'phone', channelId: channel('phone'), headers: agent, body: { fulfilment: ship, contact, payments: [testCard] } },
    {
      label: 'till',
      channelId: channel('store-montpellier'),
      headers: associate,
      body: { fulfilment: aisle, contact, payments: [{ method: 'card_terminal', terminalReference: 'TPE-BENCH' }] },
    },
  ]
}

/** Sets the variant's stock to `units` at the warehouse and 0 at every store, by physical counts. */
async function stockExactly(baseUrl: string, admin: Headers, variantId: string, units: number): Promise<Place> {
  const locations = [...(await locationsByCode(baseUrl)).values()]
  const warehouse = locations.find((l) => l.kind === 'warehouse')
  if (!warehouse) throw new Error('the demo shop has no warehouse')
  for (const location of locations) {
    const onHand = location.id === warehouse.id ? units : 0
    await call(baseUrl, 'POST', '/v1/inventory/counts', 201, admin, { locationId: location.id, lines: [{ variantId, onHand }], reason: 'bench flash sale' })
  }
  return warehouse
}

/** The variant's levels as the admin sees them (on hand and reserved per location). */
async function levelsOf(baseUrl: string, admin: Headers, variantId: string): Promise<{ code: string; onHand: number; reserved: number }[]> {
  const body = await call(baseUrl, 'GET', `/v1/inventory/availability?variantId=${encodeURIComponent(variantId)}`, 200, admin)
  const locations = isObject(body) && Array.isArray(body.locations) ? body.locations.filter(isObject) : []
  return locations.map((l) => ({ code: str(l.code), onHand: num(l.onHand), reserved: num(l.reserved) }))
}

export const flashSale: BenchCase = {
  name: NAME,
  engines: ENGINES,
  async run(ctx) {
    const { units, shoppers } = ctx.options.quick ? QUICK : FULL
    const concurrency = CONCURRENCY[ctx.engine]
    const { baseUrl } = await ctx.server()
    const [variant] = await activeVariants(baseUrl, PRODUCT_OFFSET, 1)
    if (!variant) throw new Error(`no active product at position ${PRODUCT_OFFSET} of GET /v1/products`)
    const admin = await staffLogin(baseUrl, DEMO_STAFF.admin)
    const warehouse = await stockExactly(baseUrl, admin, variant.id, units)
    const allSeats = await seats(baseUrl)
    const queue: Shopper[] = await mapLimit(
      Array.from({ length: shoppers }, (_, i) => allSeats[i % allSeats.length] as Seat),
      16,
      async (seat) => {
        const cart = await call(baseUrl, 'POST', '/v1/carts', 201, seat.headers, { channelId: seat.channelId, lines: [{ variantId: variant.id, quantity: 1 }] })
        return { seat, cartId: isObject(cart) ? str(cart.id) : '' }
      },
    )
    ctx.log(
      `  ${shoppers} carts of 1 × ${variant.sku} over ${allSeats.map((s) => s.label).join(', ')}; ${units} units at ${warehouse.code}; firing at c=${concurrency}`,
    )

    const statusCodes: Record<string, number> = {}
    const latencies: number[] = []
    const otherConflicts = new Map<string, number>()
    let errors = 0
    let firstOther: string | null = null
    const started = performance.now()
    await mapLimit(queue, concurrency, async ({ seat, cartId }, i) => {
      try {
        const answer = await timedRequest(
          baseUrl,
          'POST',
          `/v1/carts/${cartId}/checkout`,
          { ...seat.headers, 'idempotency-key': `flash-${process.pid}-${i}` },
          seat.body,
        )
        latencies.push(answer.ms)
        statusCodes[answer.status] = (statusCodes[answer.status] ?? 0) + 1
        const type = isObject(answer.body) ? str(answer.body.type) : ''
        if (answer.status === 409 && type !== INSUFFICIENT_STOCK) otherConflicts.set(type, (otherConflicts.get(type) ?? 0) + 1)
        if (answer.status !== 201 && answer.status !== 409) firstOther ??= `${seat.label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`
      } catch (error) {
        errors++
        firstOther ??= `${seat.label}: ${error instanceof Error ? error.message : String(error)}`
      }
    })
    const seconds = (performance.now() - started) / 1000

    const placed = statusCodes['201'] ?? 0
    const refused = statusCodes['409'] ?? 0
    const others = Object.entries(statusCodes)
      .filter(([code]) => code !== '201' && code !== '409')
      .reduce((sum, [, n]) => sum + n, 0)
    const levels = await levelsOf(baseUrl, admin, variant.id)
    const atWarehouse = levels.find((l) => l.code === warehouse.code) ?? { onHand: 0, reserved: 0 }
    const reservedElsewhere = levels.filter((l) => l.code !== warehouse.code).reduce((sum, l) => sum + l.reserved, 0)
    const oversold = Math.max(0, placed - units)
    const violations: string[] = []
    if (oversold > 0) violations.push(`${oversold} units oversold`)
    if (placed < units && refused > 0) violations.push(`only ${placed} of ${units} units sold while ${refused} shoppers were refused`)
    for (const [type, n] of otherConflicts) violations.push(`${n} × 409 ${type || '(no type)'}`)
    if (atWarehouse.onHand !== units || atWarehouse.reserved !== placed || reservedElsewhere !== 0) {
      violations.push(
        `stock read back: warehouse on hand ${atWarehouse.onHand}, reserved ${atWarehouse.reserved} (expected ${units}, ${placed}); reserved elsewhere ${reservedElsewhere}`,
      )
    }
    if (firstOther) ctx.log(`  ⚠ first unexpected answer: ${firstOther}`)
    for (const violation of violations) ctx.log(`  ⚠ ${violation}`)

    const sorted = Float64Array.from(latencies).sort()
    const round = (value: number | null) => (value === null ? null : Number(value.toFixed(2)))
    const row: BenchRow = {
      case: NAME,
      engine: ctx.engine,
      concurrency,
      requests: latencies.length,
      reqPerSec: seconds > 0 ? Number((latencies.length / seconds).toFixed(1)) : null,
      p50Ms: round(quantile(sorted, 0.5)),
      p99Ms: round(quantile(sorted, 0.99)),
      maxMs: round(quantile(sorted, 1)),
      errors,
      non2xx: others,
      statusCodes,
      note:
        `${units} units, ${shoppers} carts over 5 channels: ${placed} placed, ${refused} × 409, ${others} other, oversold ${oversold}; ` +
        `stock read back on hand ${atWarehouse.onHand} reserved ${atWarehouse.reserved}; all in ${seconds.toFixed(1)} s`,
      ...(violations.length > 0 ? { violations } : {}),
    }
    ctx.log(`  ${NAME}: ${row.note}; p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms`)
    return [row]
  },
}
