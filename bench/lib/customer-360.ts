/**
 * The customer 360 case's customer, written into the shared (demo-seeded) scratch database through the real services
 * with the database open in the bench process, as src/demo/orders.ts does: a new profile with a loyalty card, stock
 * received for 24 variants at the warehouse and at Montpellier, 200 orders placed one transaction each over five
 * channels (web delivery and app click-and-collect by herself, Montpellier till and kiosk by an associate, phone by
 * the call centre), three open carts, a wishlist of 12 and 150 browsing touchpoints over six months.
 */
import { sql } from 'drizzle-orm'
import { addWishlistItem, createCart } from '../../src/modules/carts/service.js'
import { createCustomer, findCustomerByEmail, issueLoyaltyCard } from '../../src/modules/customers/service.js'
import { receiveStock } from '../../src/modules/inventory/service.js'
import { recordTouchpoints, type TouchpointInput } from '../../src/modules/journeys/service.js'
import { checkoutCart, checkoutPolicyOf, TEST_CARDS, testCardProvider, type FulfilmentRequest, type PaymentRequest } from '../../src/modules/orders/service.js'
import type { Actor } from '../../src/platform/auth.js'
import { loadConfig } from '../../src/platform/config.js'
import { rowsOf, type Database, type Tx } from '../../src/platform/db.js'
import { DEMO_STAFF } from './api.js'

export const ORDERS = 200
const VARIANTS = 24
const WISHLIST = 12
const TOUCHPOINTS = 150
const TOP_UP = 1000

export interface Customer360 {
  customerId: string
  montpellierId: string
  orders: number
  carts: number
  wishlist: number
  touchpoints: number
  seconds: number
}

const CARD: PaymentRequest = { method: 'card', card: { number: TEST_CARDS.approved, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 } }
const HOME = { name: 'Léa Fidèle', line1: '12 rue de l’Aiguillerie', postalCode: '34000', city: 'Montpellier', country: 'FR' }

async function idsByCode(db: Tx, table: 'channels' | 'locations'): Promise<Map<string, string>> {
  const rows = rowsOf<{ id: string; code: string }>(await db.execute(sql`select id, code from ${sql.identifier(table)}`))
  return new Map(rows.map((r) => [r.code, r.id]))
}

function need(ids: Map<string, string>, code: string): string {
  const id = ids.get(code)
  if (!id) throw new Error(`the demo shop has no "${code}"`)
  return id
}

/** The demo staff member with this email, as the actor a token of theirs would give. */
async function staffActor(db: Tx, email: string): Promise<Actor> {
  const [row] = rowsOf<{ id: string; role: string; location_ids: string[] | null }>(
    await db.execute(sql`
      select s.id, s.role, array_remove(array_agg(l.location_id), null) as location_ids
      from staff_users s left join staff_locations l on l.staff_user_id = s.id
      where s.email = ${email} group by s.id, s.role`),
  )
  if (!row || (row.role !== 'store_associate' && row.role !== 'call_centre_agent')) throw new Error(`no demo staff ${email}`)
  return { kind: 'staff', id: row.id, tokenId: 'bench-360', role: row.role, locationIds: row.location_ids ?? [] }
}

interface World {
  customer: Actor
  customerId: string
  associate: Actor
  agent: Actor
  channels: Map<string, string>
  montpellierId: string
  variants: string[]
}

/** Order i's channel, seller and fulfilment: five channels in turn. */
function planOf(world: World, i: number): { actor: Actor; channel: string; fulfilment: FulfilmentRequest; payments: PaymentRequest[] } {
  const { customer, associate, agent, montpellierId } = world
  switch (i % 5) {
    case 0:
      return { actor: customer, channel: 'web', fulfilment: { method: 'ship', shippingAddress: HOME }, payments: [CARD] }
    case 1:
      return { actor: customer, channel: 'mobile_app', fulfilment: { method: 'click_and_collect', pickupLocationId: montpellierId }, payments: [CARD] }
    case 2:
      return {
        actor: associate,
        channel: 'store-montpellier',
        fulfilment: { method: 'in_store' },
        payments: [{ method: 'card_terminal', terminalReference: `TPE-360-${i}` }],
      }
    case 3:
      return { actor: associate, channel: 'kiosk-montpellier', fulfilment: { method: 'endless_aisle', shippingAddress: HOME }, payments: [CARD] }
    default:
      return { actor: agent, channel: 'phone', fulfilment: { method: 'ship', shippingAddress: HOME }, payments: [CARD] }
  }
}

/** 1 to 3 lines of distinct variants. */
function linesOf(world: World, i: number) {
  const count = 1 + (i % 3)
  return Array.from({ length: count }, (_, k) => ({ variantId: world.variants[(i * 7 + k * 5) % world.variants.length] as string, quantity: 1 }))
}

async function prepareWorld(database: Database): Promise<World> {
  const { db } = database
  const channels = await idsByCode(db, 'channels')
  const locations = await idsByCode(db, 'locations')
  const montpellierId = need(locations, 'store-montpellier')
  const warehouseId = need(locations, 'warehouse-orleans')
  const [associate, agent] = [await staffActor(db, DEMO_STAFF.associateMontpellier.email), await staffActor(db, DEMO_STAFF.agent.email)]
  // The last variants by SKU: the checkout and flash-sale cases sell from the first products of the list.
  const variants = rowsOf<{ id: string }>(
    await db.execute(sql`
      select v.id from product_variants v join products p on p.id = v.product_id
      where p.status = 'active' order by v.sku desc limit ${VARIANTS}`),
  ).map((r) => r.id)
  if (variants.length === 0) throw new Error('no active variants in the demo shop')
  const customerId = await database.transaction(async (tx) => {
    const input = { email: 'client.360@bench.example', passwordHash: null, firstName: 'Léa', lastName: 'Fidèle', phone: '+33630360360', postalCode: '34000' }
    const row = (await createCustomer(tx, input)) ?? (await findCustomerByEmail(tx, input.email))
    if (!row) throw new Error('could not create the 360 customer')
    await issueLoyaltyCard(tx, { customerId: row.id })
    const lines = variants.map((variantId) => ({ variantId, quantity: TOP_UP }))
    for (const locationId of [warehouseId, montpellierId]) {
      await receiveStock(tx, { locationId, lines, reference: 'BENCH-360', actor: { kind: 'system', id: null } })
    }
    return row.id
  })
  return { customer: { kind: 'customer', id: customerId, tokenId: 'bench-360' }, customerId, associate, agent, channels, montpellierId, variants }
}

/** Browsing over the last six months, newest last: product views on web and app, searches, store visits. */
function browsing(world: World): TouchpointInput[] {
  const now = Date.now()
  return Array.from({ length: TOUCHPOINTS }, (_, i) => {
    const occurredAt = new Date(now - (TOUCHPOINTS - i) * 29 * 3_600_000)
    const variantId = world.variants[i % world.variants.length] as string
    switch (i % 3) {
      case 0:
        return {
          kind: 'product_view',
          customerId: world.customerId,
          channelId: world.channels.get('web'),
          subjectType: 'variant',
          subjectId: variantId,
          occurredAt,
        }
      case 1:
        return { kind: 'search', customerId: world.customerId, channelId: world.channels.get('mobile_app'), data: { q: 'robe lin' }, occurredAt }
      default:
        return { kind: 'store_visit', customerId: world.customerId, locationId: world.montpellierId, occurredAt }
    }
  })
}

/** Writes the customer and her history; resolves once everything is committed. */
export async function seedCustomer360(database: Database, log: (line: string) => void): Promise<Customer360> {
  const started = performance.now()
  const world = await prepareWorld(database)
  const policy = checkoutPolicyOf(loadConfig({}))
  let orders = 0
  for (let i = 0; i < ORDERS; i++) {
    const plan = planOf(world, i)
    const channelId = need(world.channels, plan.channel)
    const customerId = plan.actor.kind === 'customer' ? undefined : world.customerId
    await database.transaction(async (tx) => {
      const cart = await createCart(tx, { actor: plan.actor, channelId, customerId, lines: linesOf(world, i) })
      await checkoutCart(tx, {
        cartId: cart.id,
        actor: plan.actor,
        fulfilment: plan.fulfilment,
        payments: plan.payments,
        policy,
        provider: testCardProvider,
        operationKey: `bench-360-${i}`,
      })
    })
    orders++
    if (orders % 50 === 0) log(`    ${orders} orders after ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  await database.transaction(async (tx) => {
    const { customer, associate, customerId } = world
    await createCart(tx, { actor: customer, channelId: need(world.channels, 'web'), lines: linesOf(world, 1) })
    await createCart(tx, { actor: customer, channelId: need(world.channels, 'mobile_app'), lines: linesOf(world, 2) })
    await createCart(tx, { actor: associate, channelId: need(world.channels, 'store-montpellier'), customerId, lines: linesOf(world, 0) })
    for (let i = 0; i < WISHLIST; i++) {
      const variantId = world.variants[(i * 2 + 1) % world.variants.length] as string
      await addWishlistItem(tx, { actor: customer, customerId, variantId, channelId: need(world.channels, i % 2 ? 'mobile_app' : 'web') })
    }
    await recordTouchpoints(tx, browsing(world))
  })
  return {
    customerId: world.customerId,
    montpellierId: world.montpellierId,
    orders,
    carts: 3,
    wishlist: WISHLIST,
    touchpoints: TOUCHPOINTS,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  }
}
