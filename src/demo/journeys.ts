/**
 * Demo customer journeys, so that a first `npm start` shows one customer across channels: consent decisions with
 * their history, timelines of the last 30 days (views and searches on the web and the app, store visits, kiosk
 * sessions, calls to the service desk), abandoned web and app carts, wishlists, and the heroine Léa Garcia
 * (./heroine.ts). Everything goes through the real services with the demo's own customers and staff; each story runs
 * in a savepoint, so one that cannot be written is skipped. Raw SQL only dates rows in the past (./story-kit.ts).
 * Deterministic: every customer's story draws from its own seeded PRNG (generator/random.ts).
 */
import type { Tx } from '../platform/db.js'
import { addWishlistItem, createCart } from '../modules/carts/service.js'
import { findCustomerByEmail, recordConsents, type ConsentDecision } from '../modules/customers/service.js'
import { reportTouchpoints, type ReportedTouchpoint } from '../modules/journeys/service.js'
import { generateCustomers } from './generator/index.js'
import { chance, intBetween, pick, rngFor, sample, type Rng } from './generator/random.js'
import { seedHeroine } from './heroine.js'
import { ageCart, ageConsents, ago, ageWishlistItem, customerActor, DAY, HOUR, inSavepoint, loadShelf, staffActor, storeOfPostalCode, type Shelf, type StoryContext, type StoreCity } from './story-kit.js'

export interface DemoJourneyContext extends StoryContext {
  /** How many demo customers exist (the generator's count): the stories draw from the first four times `count`. */
  customers: number
  /** Customers with a lived-in timeline; abandoned carts (half as many) and wishlists (two thirds) scale with it. */
  count: number
}

export interface JourneySummary {
  consents: number
  timelines: number
  abandonedCarts: number
  wishlists: number
  heroine: boolean
  /** Stories skipped because a service refused them (stock, a rule); 0 on the default shop. */
  skipped: number
}

interface Person {
  id: string
  index: number
  store: StoreCity | null
}

const NEWSLETTER = 'J’accepte de recevoir la newsletter Maison Lumière (nouveautés, ventes privées). Désinscription en un clic. v3'
const PERSONALISATION = 'Recommandations selon ma navigation et mes achats. v2'
const SMS_IN_STORE = 'Accord verbal en boutique pour les SMS (ventes privées, retraits prêts).'
const SERVICE_REASONS = ['Suivi de livraison', 'Question sur une taille', 'Échange en boutique', 'Carte de fidélité', 'Retour d’un article'] as const

/** Writes the demo's journeys after its orders; returns what was written. */
export async function seedDemoJourneys(tx: Tx, context: DemoJourneyContext): Promise<JourneySummary> {
  const summary: JourneySummary = { consents: 0, timelines: 0, abandonedCarts: 0, wishlists: 0, heroine: false, skipped: 0 }
  const people = await findPeople(tx, context)
  const shelf = await loadShelf(tx, context.variantIds, context.locationIds)
  if (shelf.anywhere.length === 0) return summary
  const tally = (done: boolean, key: Exclude<keyof JourneySummary, 'heroine' | 'skipped'>) => (done ? (summary[key] += 1) : (summary.skipped += 1))

  for (const person of people) {
    const rng = rngFor(context.seed, 'journey-consents', person.index)
    if (!chance(rng, 0.8)) continue // never asked
    tally(await inSavepoint(tx, (sp) => seedConsents(sp, context, person, rng)), 'consents')
  }
  // Camille (index 0) keeps the README's own walk-through; the stories go to the others.
  const others = people.filter((p) => p.index > 0)
  const rng = rngFor(context.seed, 'journeys')
  for (const person of sample(rng, others, context.count)) {
    tally(await inSavepoint(tx, (sp) => seedTimeline(sp, context, shelf, person)), 'timelines')
  }
  // A third of the abandoned carts belong to customers near Montpellier, for the seller's story there.
  const cartCount = Math.round(context.count / 2)
  const nearMontpellier = sample(rng, others.filter((p) => p.store === 'montpellier'), Math.ceil(cartCount / 3))
  const cartOwners = [...nearMontpellier, ...sample(rng, others.filter((p) => !nearMontpellier.includes(p)), cartCount - nearMontpellier.length)]
  for (const person of cartOwners) tally(await inSavepoint(tx, (sp) => seedAbandonedCart(sp, context, shelf, person)), 'abandonedCarts')
  for (const person of sample(rng, others, Math.round((context.count * 2) / 3))) {
    tally(await inSavepoint(tx, (sp) => seedWishlist(sp, context, shelf, person)), 'wishlists')
  }
  summary.heroine = await inSavepoint(tx, (sp) => seedHeroine(sp, context, shelf))
  if (!summary.heroine) summary.skipped += 1
  return summary
}

/** The first demo customers (four times `count`) with their nearest store: one indexed lookup each. */
async function findPeople(tx: Tx, context: DemoJourneyContext): Promise<Person[]> {
  const people: Person[] = []
  let index = 0
  for (const customer of generateCustomers({ seed: context.seed, count: Math.min(context.customers, context.count * 4) })) {
    const row = await findCustomerByEmail(tx, customer.email)
    if (row) people.push({ id: row.id, index, store: storeOfPostalCode(customer.postalCode) })
    index += 1
  }
  return people
}

const member = (context: StoryContext, role: 'store_associate' | 'call_centre_agent', city?: StoreCity) =>
  context.staff.find((s) => s.role === role && (!city || s.locationIds.includes(context.locationIds.get(`store-${city}`) ?? '')))

/**
 * Most customers ticked the newsletter (and personalisation) on the web form long ago; some near a store gave their
 * mobile for SMS to a seller later; a few unsubscribed since. Others said yes in store only.
 */
async function seedConsents(tx: Tx, context: StoryContext, person: Person, rng: Rng): Promise<void> {
  const web = context.channelIds.get('web') ?? null
  const storeId = person.store ? (context.locationIds.get(`store-${person.store}`) ?? null) : null
  const seller = person.store ? member(context, 'store_associate', person.store) : undefined
  const inStore = (purposes: ConsentDecision['purpose'][]): ConsentDecision[] =>
    purposes.map((purpose) => ({ purpose, granted: true, method: 'in_store', channelId: context.channelIds.get(`store-${person.store}`) ?? null, locationId: storeId, wording: SMS_IN_STORE }))
  const record = async (by: ReturnType<typeof customerActor>, decisions: ConsentDecision[], daysAgo: number) => {
    await recordConsents(tx, { actor: by, customerId: person.id, decisions })
    await ageConsents(tx, person.id, ago(daysAgo * DAY + intBetween(rng, 0, 12) * HOUR))
  }
  if (chance(rng, 0.8) || !seller) {
    const since = intBetween(rng, 60, 700)
    await record(
      customerActor(person.id),
      [
        { purpose: 'marketing_email', granted: true, method: 'web_form', channelId: web, wording: NEWSLETTER },
        { purpose: 'personalisation', granted: chance(rng, 0.85), method: 'web_form', channelId: web, wording: PERSONALISATION },
      ],
      since,
    )
    const smsAt = intBetween(rng, 20, since - 1)
    if (seller && chance(rng, 0.35)) await record(staffActor(seller), inStore(['marketing_sms']), smsAt)
    if (chance(rng, 0.15)) await record(customerActor(person.id), [{ purpose: 'marketing_email', granted: false, method: 'unsubscribe_link', channelId: web }], intBetween(rng, 1, 19))
    return
  }
  await record(staffActor(seller), inStore(['marketing_sms', 'marketing_email', 'personalisation']), intBetween(rng, 10, 400))
}

/** Views and searches on the web and the app, store visits, a kiosk session and a call, over the last 30 days. */
async function seedTimeline(tx: Tx, context: StoryContext, shelf: Shelf, person: Person): Promise<void> {
  const rng = rngFor(context.seed, 'journey-timeline', person.index)
  const when = () => ago(intBetween(rng, 1, 28) * DAY + intBetween(rng, 0, 23) * HOUR + intBetween(rng, 0, 59) * 60_000).toISOString()
  const own: ReportedTouchpoint[] = []
  for (let i = intBetween(rng, 3, 8); i > 0; i--) {
    const channelId = context.channelIds.get(pick(rng, ['web', 'web', 'mobile_app'])) ?? ''
    const item = pick(rng, shelf.anywhere)
    own.push(
      chance(rng, 0.7)
        ? { kind: 'product_view', channelId, productId: item.productId, occurredAt: when() }
        : { kind: 'search', channelId, query: searchTerm(item.title), resultCount: intBetween(rng, 2, 40), occurredAt: when() },
    )
  }
  await reportTouchpoints(tx, { actor: customerActor(person.id), entries: own })
  const seller = person.store ? member(context, 'store_associate', person.store) : undefined
  if (seller && person.store) {
    const locationId = context.locationIds.get(`store-${person.store}`) ?? ''
    const inStore: ReportedTouchpoint[] = []
    for (let i = intBetween(rng, 1, 2); i > 0; i--) inStore.push({ kind: 'store_visit', customerId: person.id, locationId, channelId: context.channelIds.get(`store-${person.store}`), occurredAt: when() })
    if (chance(rng, 0.4)) inStore.push({ kind: 'kiosk_session', customerId: person.id, locationId, channelId: context.channelIds.get(`kiosk-${person.store}`), note: 'Commande en rayon infini', occurredAt: when() })
    await reportTouchpoints(tx, { actor: staffActor(seller), entries: inStore })
  }
  const agent = member(context, 'call_centre_agent')
  if (agent && chance(rng, 0.35)) {
    await reportTouchpoints(tx, { actor: staffActor(agent), entries: [{ kind: 'service_contact', customerId: person.id, channelId: context.channelIds.get('phone'), reason: pick(rng, SERVICE_REASONS), occurredAt: when() }] })
  }
}

/** What a shopper types: the first two words of a product's name, lower-cased. */
export function searchTerm(title: string): string {
  return title.toLocaleLowerCase('fr').split(/\s+/).slice(0, 2).join(' ')
}

/** An open web or app cart of 1–3 lines, last touched between 2 hours and 5 days ago. */
async function seedAbandonedCart(tx: Tx, context: StoryContext, shelf: Shelf, person: Person): Promise<void> {
  const rng = rngFor(context.seed, 'journey-cart', person.index)
  const channelId = context.channelIds.get(chance(rng, 0.6) ? 'web' : 'mobile_app') ?? ''
  const lines = sample(rng, shelf.anywhere, intBetween(rng, 1, 3)).map((item) => ({ variantId: item.variantId, quantity: 1 }))
  const cart = await createCart(tx, { actor: customerActor(person.id), channelId, lines })
  await ageCart(tx, { cartId: cart.id, customerId: person.id, at: ago(intBetween(rng, 120, 5 * 24 * 60) * 60_000) })
}

/** 1–5 items saved on the web or the app over the last two months. */
async function seedWishlist(tx: Tx, context: StoryContext, shelf: Shelf, person: Person): Promise<void> {
  const rng = rngFor(context.seed, 'journey-wishlist', person.index)
  for (const item of sample(rng, shelf.anywhere, intBetween(rng, 1, 5))) {
    const channelId = context.channelIds.get(pick(rng, ['web', 'mobile_app']))
    await addWishlistItem(tx, { actor: customerActor(person.id), customerId: person.id, variantId: item.variantId, channelId })
    await ageWishlistItem(tx, { customerId: person.id, variantId: item.variantId, at: ago(intBetween(rng, 1, 60) * DAY + intBetween(rng, 0, 23) * HOUR) })
  }
}
