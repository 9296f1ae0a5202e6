/**
 * What the demo's customer stories (./journeys.ts, ./heroine.ts) share: who acts, which shelf they buy from, and
 * how a story written now is dated in the past. Everything is written through the modules' services; the only raw
 * SQL here moves timestamps back, since the services stamp every row with the transaction's now().
 */
import { sql } from 'drizzle-orm'
import type { Actor } from '../platform/auth.js'
import type { Tx } from '../platform/db.js'
import { getVariantsByIds } from '../modules/catalog/service.js'
import { getAvailability } from '../modules/inventory/service.js'
import type { CheckoutPolicy } from '../modules/orders/service.js'
import { CATCHMENTS } from './generator/places.js'
import type { DemoStaffMember } from './orders.js'

export const HOUR = 3_600_000
export const DAY = 24 * HOUR
export const STORES = ['montpellier', 'lyon', 'paris'] as const
export type StoreCity = (typeof STORES)[number]

export interface StoryContext {
  seed: number
  policy: CheckoutPolicy
  channelIds: Map<string, string>
  locationIds: Map<string, string>
  staff: DemoStaffMember[]
  /** Variants the stories show and sell (the demo's first products). */
  variantIds: string[]
}

/** A product on sale, as the stories view, search, save and buy it. */
export interface ShelfItem {
  variantId: string
  productId: string
  title: string
}

export interface Shelf {
  /** On sale with at least 3 available somewhere. */
  anywhere: ShelfItem[]
  /** On sale with at least 3 available at that store. */
  at: (city: StoreCity) => ShelfItem[]
}

/** Reads the catalogue and stock once for every story: two queries. */
export async function loadShelf(tx: Tx, variantIds: readonly string[], locationIds: Map<string, string>): Promise<Shelf> {
  const variants = await getVariantsByIds(tx, { ids: variantIds, audience: 'public' })
  const stock = await getAvailability(tx, { variantIds: variants.map((v) => v.id) })
  const items = new Map(variants.map((v) => [v.id, { variantId: v.id, productId: v.product.id, title: v.product.title.fr }]))
  const where = (locationId?: string) => [...new Set(stock.filter((s) => s.available >= 3 && (!locationId || s.locationId === locationId)).map((s) => s.variantId))].flatMap((id) => items.get(id) ?? [])
  const anywhere = where()
  return { anywhere, at: (city) => where(locationIds.get(`store-${city}`) ?? 'none') }
}

export const customerActor = (id: string): Actor => ({ kind: 'customer', id, tokenId: 'demo-seed' })

export function staffActor(member: DemoStaffMember): Actor {
  if (member.role === 'integration') return { kind: 'integration', id: member.id, tokenId: 'demo-seed', scopes: [] }
  return { kind: 'staff', id: member.id, tokenId: 'demo-seed', role: member.role, locationIds: member.locationIds }
}

/** The store whose catchment holds the postal code; null for customers far from every store. */
export function storeOfPostalCode(postalCode: string | null): StoreCity | null {
  return STORES.find((city) => CATCHMENTS[city].some((place) => place.postalCode === postalCode)) ?? null
}

export const ago = (ms: number): Date => new Date(Date.now() - ms)

/** Runs one story in a savepoint: a story that fails (stock, a rule) is skipped without spoiling the seed. */
export async function inSavepoint(tx: Tx, work: (sp: Tx) => Promise<void>): Promise<boolean> {
  try {
    await tx.transaction(work)
    return true
  } catch {
    return false
  }
}

/** The customer's touchpoints written by this transaction (occurred_at = now()), dated at `at`: a CTE for the statements below. */
function touchpointsAt(customerId: string, at: Date) {
  // A delivery or a collection shows two days after its order. Reported touchpoints carry their own time and stay.
  return sql`update touchpoints
    set occurred_at = ${at.toISOString()}::timestamptz + case when kind in ('order_collected', 'order_delivered') then interval '2 days' else interval '0 seconds' end
    where customer_id = ${customerId} and occurred_at = now()`
}

/** Dates at `at` what the services just wrote for the customer on her timeline. */
export async function ageTouchpoints(tx: Tx, customerId: string, at: Date): Promise<void> {
  await tx.execute(touchpointsAt(customerId, at))
}

/** Dates a cart, its lines (its last write: an open cart with lines reads as abandoned) and its touchpoints; one statement. */
export async function ageCart(tx: Tx, input: { cartId: string; customerId: string; at: Date }): Promise<void> {
  const at = input.at.toISOString()
  await tx.execute(sql`
    with c as (update carts set created_at = ${at}::timestamptz, updated_at = ${at}::timestamptz where id = ${input.cartId}),
      l as (update cart_lines set added_at = ${at}::timestamptz, updated_at = ${at}::timestamptz where cart_id = ${input.cartId})
    ${touchpointsAt(input.customerId, input.at)}`)
}

/** Dates one wishlist item and the touchpoint that recorded it; one statement. */
export async function ageWishlistItem(tx: Tx, input: { customerId: string; variantId: string; at: Date }): Promise<void> {
  await tx.execute(sql`
    with w as (update wishlist_items set added_at = ${input.at.toISOString()}::timestamptz where customer_id = ${input.customerId} and variant_id = ${input.variantId})
    ${touchpointsAt(input.customerId, input.at)}`)
}

/**
 * Dates the consent decisions this transaction just recorded for the customer, and moves each purpose's state time
 * with its newest decision (the state's guard compares times, so they must match the history); one statement.
 */
export async function ageConsents(tx: Tx, customerId: string, at: Date): Promise<void> {
  await tx.execute(sql`
    with e as (
      update customer_consent_events set occurred_at = ${at.toISOString()}::timestamptz
      where customer_id = ${customerId} and occurred_at = now() returning id, occurred_at
    )
    update customer_consents c set updated_at = e.occurred_at from e where c.last_event_id = e.id`)
}

/** Dates an order placed now (and its customer's fresh touchpoints) at `at`; one statement. */
export async function ageOrder(tx: Tx, input: { orderId: string; customerId: string; at: Date }): Promise<void> {
  const at = input.at.toISOString()
  await tx.execute(sql`
    with o as (update orders set placed_at = ${at}::timestamptz, updated_at = ${at}::timestamptz + interval '2 days' where id = ${input.orderId})
    ${touchpointsAt(input.customerId, input.at)}`)
}
