/**
 * Demo orders, so that a first `npm start` shows a shop at work: web deliveries at every stage, click-and-collect
 * orders waiting to be prepared or handed over in each store, reserve-in-store holds, till sales, kiosk and phone
 * orders. Everything goes through the real services (carts → checkout → fulfilment actions) with the demo's own
 * customers and staff; each order runs in a savepoint, so one that cannot be placed (stock) is simply skipped.
 */
import type { Actor } from '../platform/auth.js'
import type { Tx } from '../platform/db.js'
import { createCart } from '../modules/carts/service.js'
import { findCustomerByEmail } from '../modules/customers/service.js'
import { getAvailability } from '../modules/inventory/service.js'
import { checkoutCart, collectFulfilment, confirmDelivery, markReady, shipFulfilment, startPicking, TEST_CARDS, testCardProvider, type CheckoutPolicy, type FulfilmentRequest, type OrderView, type PaymentRequest } from '../modules/orders/service.js'
import { generateCustomers } from './generator/index.js'
import { chance, pick, rngFor, type Rng } from './generator/random.js'

export interface DemoStaffMember {
  id: string
  role: 'admin' | 'store_manager' | 'store_associate' | 'call_centre_agent' | 'integration'
  locationIds: string[]
}

export interface DemoOrderContext {
  seed: number
  count: number
  policy: CheckoutPolicy
  channelIds: Map<string, string>
  locationIds: Map<string, string>
  staff: DemoStaffMember[]
  /** Variants to sell from (the demo's first products). */
  variantIds: string[]
}

const STORES = ['montpellier', 'lyon', 'paris'] as const
const CARD: PaymentRequest = { method: 'card', card: { number: TEST_CARDS.approved, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 } }

type Scenario = 'web_ship' | 'click_and_collect' | 'reserve_in_store' | 'till' | 'kiosk' | 'phone'
const SCENARIOS: Scenario[] = ['web_ship', 'web_ship', 'click_and_collect', 'click_and_collect', 'click_and_collect', 'reserve_in_store', 'till', 'till', 'kiosk', 'phone']

const staffActor = (member: DemoStaffMember): Actor =>
  member.role === 'integration' ? { kind: 'integration', id: member.id, tokenId: 'demo-seed', scopes: [] } : { kind: 'staff', id: member.id, tokenId: 'demo-seed', role: member.role, locationIds: member.locationIds }

/** Places `count` demo orders and moves some of them along; returns how many were placed. */
export async function seedDemoOrders(tx: Tx, context: DemoOrderContext): Promise<number> {
  const rng = rngFor(context.seed, 'orders')
  const customers = (await Promise.all([...generateCustomers({ seed: context.seed, count: 40 })].map((c) => findCustomerByEmail(tx, c.email)))).filter((c) => c !== undefined)
  const stock = await getAvailability(tx, { variantIds: context.variantIds })
  const shelf = (locationId: string) => [...new Set(stock.filter((s) => s.locationId === locationId && s.available >= 3).map((s) => s.variantId))]
  const anywhere = [...new Set(stock.filter((s) => s.available >= 3).map((s) => s.variantId))]
  const store = (city: (typeof STORES)[number]) => context.locationIds.get(`store-${city}`) ?? ''
  const staffAt = (locationId: string) => context.staff.find((s) => s.role === 'store_associate' && s.locationIds.includes(locationId))
  const agent = context.staff.find((s) => s.role === 'call_centre_agent')
  const admin = context.staff.find((s) => s.role === 'admin')
  if (customers.length === 0 || !agent || !admin || anywhere.length === 0) return 0

  let placed = 0
  for (let i = 0; i < context.count; i++) {
    const scenario = pick(rng, SCENARIOS)
    const customer = pick(rng, customers)
    const customerActor: Actor = { kind: 'customer', id: customer.id, tokenId: 'demo-seed' }
    const city = pick(rng, STORES)
    const storeId = store(city)
    const associate = staffAt(storeId)
    const address = { name: `${customer.firstName ?? ''} ${customer.lastName ?? ''}`.trim() || 'Client', line1: `${1 + Math.floor(rng() * 80)} rue de la République`, postalCode: customer.postalCode ?? '34000', city: 'France', country: 'FR' }
    const plan = ((): { actor: Actor; channel: string; variants: string[]; fulfilment: FulfilmentRequest; payments: PaymentRequest[]; customerId?: string } | null => {
      switch (scenario) {
        case 'web_ship':
          return { actor: customerActor, channel: pick(rng, ['web', 'mobile_app']), variants: anywhere, fulfilment: { method: 'ship', shippingAddress: address }, payments: [CARD] }
        case 'click_and_collect':
          return { actor: customerActor, channel: 'web', variants: anywhere, fulfilment: { method: 'click_and_collect', pickupLocationId: storeId }, payments: [CARD] }
        case 'reserve_in_store':
          return { actor: customerActor, channel: 'web', variants: shelf(storeId), fulfilment: { method: 'reserve_in_store', pickupLocationId: storeId }, payments: [] }
        case 'till':
          return associate ? { actor: staffActor(associate), channel: `store-${city}`, variants: shelf(storeId), fulfilment: { method: 'in_store' }, payments: [chance(rng, 0.3) ? { method: 'cash', tendered: 20_000 } : { method: 'card_terminal', terminalReference: `TPE-${i}` }], customerId: customer.id } : null
        case 'kiosk':
          return associate ? { actor: staffActor(associate), channel: `kiosk-${city}`, variants: anywhere, fulfilment: { method: 'endless_aisle', shippingAddress: address }, payments: [CARD], customerId: customer.id } : null
        case 'phone':
          return { actor: staffActor(agent), channel: 'phone', variants: anywhere, fulfilment: { method: 'ship', shippingAddress: address }, payments: [CARD], customerId: customer.id }
      }
    })()
    if (!plan || plan.variants.length === 0) continue
    const channelId = context.channelIds.get(plan.channel)
    if (!channelId) continue
    const order = await placeOne(tx, { ...plan, channelId, variantId: pick(rng, plan.variants), rng, policy: context.policy, key: `demo-${context.seed}-${i}` })
    if (!order) continue
    placed += 1
    await advance(tx, order, rng, { associate: associate ? staffActor(associate) : null, admin: staffActor(admin), key: `demo-${context.seed}-${i}` })
  }
  return placed
}

async function placeOne(tx: Tx, input: { actor: Actor; channelId: string; variantId: string; fulfilment: FulfilmentRequest; payments: PaymentRequest[]; customerId?: string; rng: Rng; policy: CheckoutPolicy; key: string }): Promise<OrderView | null> {
  try {
    // A savepoint: an order the stock cannot serve is skipped without spoiling the seeding transaction.
    return await tx.transaction(async (sp) => {
      const cart = await createCart(sp, { actor: input.actor, channelId: input.channelId, customerId: input.customerId, lines: [{ variantId: input.variantId, quantity: 1 }] })
      return checkoutCart(sp, { cartId: cart.id, actor: input.actor, fulfilment: input.fulfilment, payments: input.payments, contact: { email: 'demo@maison-lumiere.demo' }, policy: input.policy, provider: testCardProvider, operationKey: input.key })
    })
  } catch {
    return null
  }
}

/** Moves an order a random way along its lifecycle, as a busy week would leave it. */
async function advance(tx: Tx, order: OrderView, rng: Rng, who: { associate: Actor | null; admin: Actor; key: string }): Promise<void> {
  const [fulfilment] = order.fulfilments
  if (!fulfilment || fulfilment.status !== 'allocated') return
  const context = { actor: who.admin, provider: testCardProvider, operationKey: who.key }
  const roll = rng()
  if (fulfilment.method === 'reserve_in_store') {
    if (roll < 0.5) await markReady(tx, { fulfilmentId: fulfilment.id, context })
    return
  }
  if (roll < 0.3) return
  await startPicking(tx, { fulfilmentId: fulfilment.id, context })
  if (roll < 0.45) return
  if (fulfilment.pickupLocationId === null) {
    await shipFulfilment(tx, { fulfilmentId: fulfilment.id, carrier: 'Colissimo', trackingNumber: `6A${who.key.replace(/\D/g, '').padStart(11, '0')}`, context })
    if (roll < 0.75) return
    await confirmDelivery(tx, { fulfilmentId: fulfilment.id, context })
    return
  }
  if (fulfilment.transferId) return
  await markReady(tx, { fulfilmentId: fulfilment.id, context })
  if (roll < 0.8 || !fulfilment.pickupCode) return
  await collectFulfilment(tx, { fulfilmentId: fulfilment.id, pickupCode: fulfilment.pickupCode, context })
}
