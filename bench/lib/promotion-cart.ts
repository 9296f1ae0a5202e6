/**
 * The world of the "pricing's share of checkout" case, built through the API on the demo data: 20 active products
 * (one variant each, topped up at the warehouse), a registered customer in a customer group of the bench's, and
 * promotions created with `POST /v1/promotions` as the demo admin until 50 are live for her cart (the demo's own
 * count), targeting the cart's real products, variants and categories so that many apply. Deterministic: the same
 * demo seed gives the same products, rules and cart. Also one checkout of the 20-line cart as a two-request sequence.
 */
import {
  call,
  channelsByCode,
  DEMO_STAFF,
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
  type Json,
} from './api.js'
import { step, type SequenceRun } from './sequences.js'

export const CART_LINES = 20
export const LIVE_PROMOTIONS = 50
/** Products of the first page the cart takes (checkout takes 0–9, the flash sale 40). */
const PRODUCT_OFFSET = 60
const TOP_UP = 5000
const GROUP = 'bench-promo'
export const SHARE_STEPS = ['cart', 'checkout'] as const

export interface CartProduct {
  productId: string
  variantId: string
  vatRate: number
  categoryIds: string[]
  quantity: number
}

export interface PromotionCartWorld {
  baseUrl: string
  channel: { id: string; kind: string }
  customer: { id: string; headers: Headers }
  products: CartProduct[]
  /** Live promotions the demo had before the bench's (active, in their window, no coupon needed). */
  demoLive: number
  /** The bench's promotions, for archiving them afterwards. */
  promotionIds: string[]
  /** Distinct categories of the cart's products, sorted. */
  categories: string[]
}

type Obj = { [key: string]: Json }
const objects = (value: Json | undefined): Obj[] => (Array.isArray(value) ? value.filter(isObject) : [])

async function pages(baseUrl: string, path: string, headers: Headers = {}): Promise<Obj[]> {
  const items: Obj[] = []
  let cursor: string | null = null
  do {
    const page = await call(
      baseUrl,
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      200,
      headers,
    )
    if (!isObject(page)) throw new Error(`GET ${path}: expected an object`)
    items.push(...objects(page.items))
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : null
  } while (cursor)
  return items
}

/** 20 active products from the first page, one variant each (the first active one), 1–3 units a line. */
async function cartProducts(baseUrl: string): Promise<CartProduct[]> {
  const page = await call(baseUrl, 'GET', '/v1/products?limit=200', 200)
  const ids = (isObject(page) ? objects(page.items) : []).filter((p) => p.status === undefined || p.status === 'active').map((p) => str(p.id))
  if (ids.length < CART_LINES) throw new Error(`the demo shop lists ${ids.length} active products, the cart needs ${CART_LINES}`)
  const offset = Math.min(PRODUCT_OFFSET, ids.length - CART_LINES)
  const details = await mapLimit(ids.slice(offset, offset + CART_LINES), 4, (id) => call(baseUrl, 'GET', `/v1/products/${encodeURIComponent(id)}`, 200))
  return details.map((detail, i) => {
    if (!isObject(detail)) throw new Error('GET /v1/products/{id}: expected an object')
    const variants = objects(detail.variants)
    const variant = variants.find((v) => v.status === undefined || v.status === 'active') ?? variants[0]
    if (!variant) throw new Error(`product ${str(detail.id)} has no variant`)
    const categoryIds = Array.isArray(detail.categoryIds) ? detail.categoryIds.map((c) => str(c)) : []
    return { productId: str(detail.id), variantId: str(variant.id), vatRate: num(detail.vatRate), categoryIds, quantity: 1 + (i % 3) }
  })
}

interface RuleContext {
  p: string[]
  v: string[]
  c: string[]
  outside: string
  tiers: string[]
  appChannel: string | null
}

type RuleBody = Record<string, Json>

/** Ten shapes of rule, five of each; every sixth exclusive; interleaved priorities (as cases/pricing.ts). */
export function promotionBodies(ctx: RuleContext, count: number): RuleBody[] {
  const { p, v, c } = ctx
  const cat = (i: number) => c[i % c.length] as string
  const shapes: ((i: number) => RuleBody)[] = [
    (i) => ({ kind: 'percent_off', percent: 500 + i * 100, target: { scope: 'items', variantIds: [v[i], v[i + 10]] as string[] } }),
    (i) => ({ kind: 'percent_off', percent: 1000 + i * 250, target: { scope: 'items', categoryIds: [cat(i)] } }),
    (i) => ({ kind: 'percent_off', percent: 300 + i * 100, target: { scope: 'order' }, minSubtotal: 10_000 * (i + 1) }),
    (i) => ({ kind: 'amount_off', amount: 500 + i * 200, target: { scope: 'items', productIds: [p[i * 3], p[i * 3 + 1]] as string[] } }),
    (i) => ({ kind: 'amount_off', amount: 1000 * (i + 1), target: { scope: 'order' }, minSubtotal: 20_000 + 40_000 * i }),
    (i) => ({ kind: 'buy_x_get_y', buy: 2, get: 1, percent: i % 2 === 0 ? 10_000 : 5000, target: { scope: 'items', categoryIds: [cat(i + 1)] } }),
    (i) => ({ kind: 'bundle_price', productIds: [p[i], p[i + 5], p[i + 10]] as string[], price: 9_900 + i * 1000 }),
    (i) => ({ kind: 'free_shipping', minSubtotal: 5_000 + 100_000 * i }),
    // Live rules that fail one check each (channel, first order, per-customer use, category, spend), so the
    // explanations and the customer queries run too.
    (i) =>
      [
        { kind: 'percent_off', percent: 1500, target: { scope: 'order' }, channelIds: ctx.appChannel ? [ctx.appChannel] : [] },
        { kind: 'amount_off', amount: 2000, target: { scope: 'order' }, segment: { firstOrderOnly: true } },
        { kind: 'amount_off', amount: 1500, target: { scope: 'order' }, perCustomerLimit: 1 },
        { kind: 'percent_off', percent: 2000, target: { scope: 'items', categoryIds: [ctx.outside] } },
        { kind: 'percent_off', percent: 1000, target: { scope: 'order' }, minSubtotal: 5_000_000 },
      ][i] as RuleBody,
    (i) => ({
      kind: 'percent_off',
      percent: 800 + i * 200,
      target: { scope: 'items', categoryIds: [cat(i + 2)] },
      segment: i % 2 === 0 ? { groupCodes: [GROUP] } : { loyaltyTiers: ctx.tiers },
    }),
  ]
  const rules: RuleBody[] = []
  for (let i = 0; i < 5 && rules.length < count; i++) {
    for (const shape of shapes) {
      if (rules.length === count) break
      const n = rules.length
      rules.push({
        ...shape(i),
        name: `Bench ${String(n).padStart(2, '0')}`,
        priority: ((n * 7) % 50) * 10,
        stacking: n % 6 === 5 ? 'exclusive' : 'combinable',
      })
    }
  }
  return rules
}

/** Builds the world; `log` gets one line of what was made. */
export async function preparePromotionCart(baseUrl: string, log: (line: string) => void): Promise<PromotionCartWorld> {
  const [channels, locations] = await Promise.all([channelsByCode(baseUrl), locationsByCode(baseUrl)])
  const web = required(channels, 'web')
  const warehouse = [...locations.values()].find((l) => l.kind === 'warehouse') ?? required(locations, 'warehouse-orleans')
  const products = await cartProducts(baseUrl)
  const admin = await staffLogin(baseUrl, DEMO_STAFF.admin)
  await call(baseUrl, 'POST', '/v1/inventory/receipts', 201, admin, {
    locationId: warehouse.id,
    lines: products.map((p) => ({ variantId: p.variantId, quantity: TOP_UP })),
    reference: 'BENCH-PROMOTIONS',
  })
  const categories = [...new Set(products.flatMap((p) => p.categoryIds))].sort()
  if (categories.length === 0) throw new Error('the cart’s products have no category')
  const outside = (await pages(baseUrl, '/v1/categories')).map((c) => str(c.id)).find((id) => id && !categories.includes(id))
  if (!outside) throw new Error('no category outside the cart')
  const tiersBody = await call(baseUrl, 'GET', '/v1/loyalty/tiers', 200)
  const tiers = isObject(tiersBody) ? objects(tiersBody.items).map((t) => str(t.code)) : []
  if (tiers.length === 0) throw new Error('the demo shop has no loyalty tier')

  await call(baseUrl, 'PUT', `/v1/customer-groups/${GROUP}`, 200, admin, { name: 'Bench promotions' })
  // Registration answers 202 without a token (the same for a known email); the session comes from logging in.
  const credentials = { email: `promo.bench.${process.pid}@example.com`, password: 'bench-promo-password' }
  await call(baseUrl, 'POST', '/v1/auth/customers/register', 202, {}, { ...credentials, firstName: 'Inès', lastName: 'Remise' })
  const session = await call(baseUrl, 'POST', '/v1/auth/customers/login', 200, {}, credentials)
  const customerId = isObject(session) && isObject(session.customer) ? str(session.customer.id) : ''
  const token = isObject(session) ? str(session.token) : ''
  if (!customerId || !token) throw new Error('POST /v1/auth/customers/login: no customer id or token in the answer')
  await call(baseUrl, 'PUT', `/v1/customer-groups/${GROUP}/members/${customerId}`, 200, admin)

  const now = new Date().toISOString()
  const live = await pages(baseUrl, `/v1/promotions?status=active&activeAt=${encodeURIComponent(now)}`, admin)
  const demoLive = live.filter((promotion) => promotion.requiresCoupon !== true).length
  const bodies = promotionBodies(
    {
      p: products.map((x) => x.productId),
      v: products.map((x) => x.variantId),
      c: categories,
      outside,
      tiers,
      appChannel: channels.get('mobile_app')?.id ?? null,
    },
    LIVE_PROMOTIONS - demoLive,
  )
  const promotionIds: string[] = []
  for (const [n, body] of bodies.entries()) {
    const created = await call(baseUrl, 'POST', '/v1/promotions', 201, { ...admin, 'idempotency-key': `bench-promo-${process.pid}-${n}` }, body)
    promotionIds.push(isObject(created) ? str(created.id) : '')
  }
  log(
    `  ${products.length} products topped up by ${TOP_UP} at ${warehouse.code} (${categories.length} categories); ` +
      `${promotionIds.length} promotions created + ${demoLive} of the demo live = ${promotionIds.length + demoLive}; customer ${customerId} in group ${GROUP}`,
  )
  return {
    baseUrl,
    channel: { id: web.id, kind: web.kind },
    customer: { id: customerId, headers: bearerOf(token) },
    products,
    demoLive,
    promotionIds,
    categories,
  }
}

const bearerOf = (token: string): Headers => ({ authorization: `Bearer ${token}` })

/** `POST /v1/carts` with the 20 lines, as the customer; the answer (the priced cart view) or a thrown error. */
export async function createPromotionCart(world: PromotionCartWorld): Promise<Obj> {
  const body = await call(world.baseUrl, 'POST', '/v1/carts', 201, world.customer.headers, cartBody(world))
  if (!isObject(body)) throw new Error('POST /v1/carts: expected an object')
  return body
}

const cartBody = (world: PromotionCartWorld) => ({
  channelId: world.channel.id,
  lines: world.products.map((p) => ({ variantId: p.variantId, quantity: p.quantity })),
})

let serial = 0

/**
 * One checkout: the cart with its 20 lines, then ship + test card; `onOrder` sees each placed order, `afterStep` is
 * called after each answer (the SQL count reads its counters there).
 */
export async function promotionCheckoutOnce(world: PromotionCartWorld, onOrder: (order: Json) => void, afterStep: () => void = () => {}): Promise<SequenceRun> {
  const run: SequenceRun = { stepMs: [], statuses: [], failure: null }
  const n = serial++
  const cart = await step(run, 201, 'POST /v1/carts (20 lines)', () =>
    timedRequest(world.baseUrl, 'POST', '/v1/carts', world.customer.headers, cartBody(world)),
  )
  afterStep()
  if (!cart) return run
  const cartId = isObject(cart.body) ? str(cart.body.id) : ''
  const headers = { ...world.customer.headers, 'idempotency-key': `bench-promo-checkout-${process.pid}-${n}` }
  const body = { fulfilment: { method: 'ship', shippingAddress: homeAddress }, payments: [testCard] }
  const order = await step(run, 201, 'POST /v1/carts/{id}/checkout', () => timedRequest(world.baseUrl, 'POST', `/v1/carts/${cartId}/checkout`, headers, body))
  afterStep()
  if (order) onOrder(order.body)
  return run
}
