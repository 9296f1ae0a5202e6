/**
 * The heroine of the demo: Léa Garcia, a Montpellier regular with an account, a loyalty card and a mobile, whose life
 * with Maison Lumière crosses every channel — newsletter on the web form, SMS agreed at the Montpellier till, a
 * click-and-collect order picked up there, a till sale, a kiosk session, anonymous browsing on the app that joins her
 * profile when she logs in, an app order delivered at home, a call to the service desk, a wishlist and, yesterday, a
 * web cart to collect in Montpellier that she left. A Montpellier seller who types her mobile sees all of it in the
 * customer 360. Written in the order it happened, each step then dated in the past (./story-kit.ts).
 */
import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { createAnonymousSession, loginCustomer } from '../modules/auth/service.js'
import { addWishlistItem, createCart } from '../modules/carts/service.js'
import { makeEan13 } from '../modules/catalog/service.js'
import { findCustomerByEmail, insertCustomers, recordConsents } from '../modules/customers/service.js'
import { reportTouchpoints } from '../modules/journeys/service.js'
import { checkoutCart, collectFulfilment, confirmDelivery, markReady, shipFulfilment, startPicking, TEST_CARDS, testCardProvider, type FulfilmentRequest, type OrderView, type PaymentRequest } from '../modules/orders/service.js'
import type { Actor } from '../platform/auth.js'
import type { Tx } from '../platform/db.js'
import { hashPassword } from '../platform/passwords.js'
import { DEMO_CUSTOMER_PASSWORD } from './generator/index.js'
import { pick, rngFor, sample, seedFor } from './generator/random.js'
import { ageCart, ageConsents, ageOrder, ago, ageWishlistItem, customerActor, DAY, HOUR, staffActor, type Shelf, type StoryContext } from './story-kit.js'

/** Who she is; the README's demo section names her. Her mobile is in 069x, a range the generator never draws from. */
export const HEROINE = {
  email: 'lea.garcia@example.com',
  firstName: 'Léa',
  lastName: 'Garcia',
  phone: '+33695281753',
  postalCode: '34000',
  password: DEMO_CUSTOMER_PASSWORD,
} as const

/** Her card in the format issueLoyaltyCard gives, derived from the seed rather than random bytes, so it is stable. */
function heroineCard(seed: number) {
  const digits = String(seedFor(seed, 'heroine-card') % 10_000_000_000).padStart(10, '0')
  const qr = createHash('sha256').update(`demo-heroine-qr:${seed}`).digest().subarray(0, 24).toString('base64url')
  return { cardNumber: makeEan13(`29${digits}`), qrToken: `lqr_${qr}` }
}

const CARD: PaymentRequest = { method: 'card', card: { number: TEST_CARDS.approved, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3 } }
const HOME = { name: 'Léa Garcia', line1: '12 rue de l’Aiguillerie', postalCode: HEROINE.postalCode, city: 'Montpellier', country: 'FR' }

/** Writes Léa's story; throws (and the caller's savepoint drops it) when any step is refused. */
export async function seedHeroine(tx: Tx, context: StoryContext, shelf: Shelf): Promise<void> {
  const rng = rngFor(context.seed, 'heroine')
  const store = context.locationIds.get('store-montpellier')
  const seller = context.staff.find((s) => s.role === 'store_associate' && store !== undefined && s.locationIds.includes(store))
  const agent = context.staff.find((s) => s.role === 'call_centre_agent')
  const admin = context.staff.find((s) => s.role === 'admin')
  const atStore = shelf.at('montpellier')
  if (!store || !seller || !agent || !admin || atStore.length < 4) throw new Error('the demo shop lacks what Léa’s story needs')
  const channel = (code: string) => context.channelIds.get(code) ?? code
  const sellerActor = staffActor(seller)
  const fulfilmentContext = (key: string) => ({ actor: staffActor(admin), provider: testCardProvider, operationKey: `heroine-${context.seed}-${key}` })

  // Fourteen months ago: her account on the web, with the newsletter and recommendations ticked.
  await insertCustomers(tx, [{ ...HEROINE, passwordHash: await hashPassword(HEROINE.password), locale: 'fr', loyaltyCard: heroineCard(context.seed) }])
  const lea = await findCustomerByEmail(tx, HEROINE.email)
  if (!lea) throw new Error('Léa was not created')
  const me = customerActor(lea.id)
  const since = ago(420 * DAY)
  await tx.execute(customerSince(lea.id, since))
  await recordConsents(tx, {
    actor: me,
    customerId: lea.id,
    decisions: [
      { purpose: 'marketing_email', granted: true, method: 'web_form', channelId: channel('web'), wording: 'Newsletter Maison Lumière v3' },
      { purpose: 'personalisation', granted: true, method: 'web_form', channelId: channel('web'), wording: 'Recommandations personnalisées v2' },
    ],
  })
  await ageConsents(tx, lea.id, since)

  // 45 days ago: a web order to collect in Montpellier, collected two days later, when she gave the seller her mobile for SMS.
  const place = async (input: { actor: Actor; channel: string; variantId: string; fulfilment: FulfilmentRequest; payments: PaymentRequest[]; key: string; daysAgo: number }) => {
    const cart = await createCart(tx, { actor: input.actor, channelId: channel(input.channel), customerId: input.actor.kind === 'staff' ? lea.id : undefined, lines: [{ variantId: input.variantId, quantity: 1 }] })
    const order = await checkoutCart(tx, { cartId: cart.id, actor: input.actor, fulfilment: input.fulfilment, payments: input.payments, contact: { email: HEROINE.email, phone: HEROINE.phone }, policy: context.policy, provider: testCardProvider, operationKey: `heroine-${context.seed}-${input.key}` })
    return { order, at: ago(input.daysAgo * DAY + pick(rng, [2, 5, 8]) * HOUR) }
  }
  const [collectItem, tillItem, ...wished] = sample(rng, atStore, 2 + 3)
  const collect = await place({ actor: me, channel: 'web', variantId: collectItem!.variantId, fulfilment: { method: 'click_and_collect', pickupLocationId: store }, payments: [CARD], key: 'collect', daysAgo: 45 })
  await completeCollection(tx, collect.order, fulfilmentContext('collect'))
  await ageOrder(tx, { orderId: collect.order.id, customerId: lea.id, at: collect.at })
  await recordConsents(tx, { actor: sellerActor, customerId: lea.id, decisions: [{ purpose: 'marketing_sms', granted: true, method: 'in_store', channelId: channel('store-montpellier'), locationId: store, wording: 'Accord verbal en boutique pour les SMS' }] })
  await ageConsents(tx, lea.id, ago(43 * DAY))

  // 20 days ago: in the Montpellier store — the seller recognises her, she tries the kiosk, buys at the till.
  await reportTouchpoints(tx, {
    actor: sellerActor,
    entries: [
      { kind: 'store_visit', customerId: lea.id, locationId: store, channelId: channel('store-montpellier'), occurredAt: ago(20 * DAY + 3 * HOUR).toISOString() },
      { kind: 'kiosk_session', customerId: lea.id, locationId: store, channelId: channel('kiosk-montpellier'), note: 'A cherché une taille en ligne', occurredAt: ago(20 * DAY + 2 * HOUR).toISOString() },
    ],
  })
  const till = await place({ actor: sellerActor, channel: 'store-montpellier', variantId: tillItem!.variantId, fulfilment: { method: 'in_store' }, payments: [{ method: 'card_terminal', terminalReference: 'TPE-MTP-1' }], key: 'till', daysAgo: 20 })
  await ageOrder(tx, { orderId: till.order.id, customerId: lea.id, at: till.at })

  // 12 days ago: she browses the app before logging in; the login joins that activity to her profile. She orders home.
  const device = await createAnonymousSession(tx, { userAgent: 'MaisonLumiere/4.2 (iPhone; iOS 18)', ttlDays: 1 })
  const deviceActor: Actor = { kind: 'device', id: device.deviceId, tokenId: 'demo-seed', kioskChannelId: null }
  const browsed = sample(rng, shelf.anywhere, 3)
  await reportTouchpoints(tx, {
    actor: deviceActor,
    entries: [
      { kind: 'search', channelId: channel('mobile_app'), query: 'robe lin', resultCount: 12, occurredAt: ago(12 * DAY + 30 * 60_000).toISOString() },
      ...browsed.map((item, i) => ({ kind: 'product_view' as const, channelId: channel('mobile_app'), productId: item.productId, occurredAt: ago(12 * DAY + (25 - i * 5) * 60_000).toISOString() })),
    ],
  })
  await loginCustomer(tx, { email: HEROINE.email, password: HEROINE.password, actor: deviceActor, ttlHours: 1 })
  const appOrder = await place({ actor: me, channel: 'mobile_app', variantId: browsed[0]!.variantId, fulfilment: { method: 'ship', shippingAddress: HOME }, payments: [CARD], key: 'app', daysAgo: 12 })
  await completeDelivery(tx, appOrder.order, fulfilmentContext('app'))
  await ageOrder(tx, { orderId: appOrder.order.id, customerId: lea.id, at: appOrder.at })

  // 8 days ago: she calls to ask whether a size is in stock in Montpellier.
  await reportTouchpoints(tx, { actor: staffActor(agent), entries: [{ kind: 'service_contact', customerId: lea.id, channelId: channel('phone'), reason: 'Question sur une taille', note: 'Disponibilité en boutique à Montpellier', occurredAt: ago(8 * DAY).toISOString() }] })

  // The last week: items saved on the app and the web, products viewed on the web.
  for (const [i, item] of wished.entries()) {
    await addWishlistItem(tx, { actor: me, customerId: lea.id, variantId: item.variantId, channelId: channel(i === 1 ? 'web' : 'mobile_app') })
    await ageWishlistItem(tx, { customerId: lea.id, variantId: item.variantId, at: ago((6 - i * 2) * DAY) })
  }
  await reportTouchpoints(tx, {
    actor: me,
    entries: wished.map((item, i) => ({ kind: 'product_view' as const, channelId: channel('web'), productId: item.productId, occurredAt: ago(2 * DAY - i * HOUR).toISOString() })),
  })

  // Yesterday evening: a web cart to collect in Montpellier, left before paying — the seller's cue.
  const cart = await createCart(tx, { actor: me, channelId: channel('web'), pickupLocationId: store, lines: wished.slice(0, 2).map((item) => ({ variantId: item.variantId, quantity: 1 })) })
  await ageCart(tx, { cartId: cart.id, customerId: lea.id, at: ago(26 * HOUR) })
}

/** Dates her profile and its identifiers (the card's issue date shows in the 360) at her first visit. */
function customerSince(customerId: string, since: Date) {
  const at = since.toISOString()
  return sql`with p as (update customers set created_at = ${at}::timestamptz, updated_at = ${at}::timestamptz where id = ${customerId} returning id)
    update customer_identifiers set created_at = ${at}::timestamptz where customer_id in (select id from p)`
}

type FulfilmentContext = Parameters<typeof markReady>[1]['context']

async function completeCollection(tx: Tx, order: OrderView, context: FulfilmentContext): Promise<void> {
  const [fulfilment] = order.fulfilments
  if (!fulfilment?.pickupCode) throw new Error('no pickup fulfilment')
  await startPicking(tx, { fulfilmentId: fulfilment.id, context })
  await markReady(tx, { fulfilmentId: fulfilment.id, context })
  await collectFulfilment(tx, { fulfilmentId: fulfilment.id, pickupCode: fulfilment.pickupCode, context })
}

async function completeDelivery(tx: Tx, order: OrderView, context: FulfilmentContext): Promise<void> {
  const [fulfilment] = order.fulfilments
  if (!fulfilment) throw new Error('no fulfilment')
  await startPicking(tx, { fulfilmentId: fulfilment.id, context })
  await shipFulfilment(tx, { fulfilmentId: fulfilment.id, carrier: 'Colissimo', trackingNumber: '6A00000000042', context })
  await confirmDelivery(tx, { fulfilmentId: fulfilment.id, context })
}
