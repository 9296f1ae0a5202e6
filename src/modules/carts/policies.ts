/**
 * Pure rules of the carts module: who may use which channel and cart, the lifecycle table, line availability and
 * the totals. No I/O here, so each rule is unit-tested directly; `cartTotals` takes each line's promotion discount
 * from the one pricing function (promotions.ts) without touching SQL.
 */
import { sql, type SQL } from 'drizzle-orm'
import { can, canActAt, type Actor } from '../../platform/auth.js'
import { SELF_SERVICE_CHANNEL_KINDS } from '../channels/service.js'
import { vatBreakdown, type Money } from '../pricing/service.js'
import type { CartStatus } from './schema.js'

export const MAX_LINE_QUANTITY = 99

/** Which states a cart may move to; a new state is one line here and one in CART_STATUSES. */
export const CART_TRANSITIONS: Record<CartStatus, readonly CartStatus[]> = {
  open: ['checked_out', 'merged'],
  checked_out: [],
  merged: [],
}

/** Only an open cart takes new lines, quantities, prices or a pickup store. */
export const EDITABLE_STATUS: CartStatus = 'open'

/** The states from which `to` is reachable: the guard of the UPDATE that performs the transition. */
export function statusesLeadingTo(to: CartStatus): CartStatus[] {
  return (Object.keys(CART_TRANSITIONS) as CartStatus[]).filter((from) => CART_TRANSITIONS[from].includes(to))
}

export interface ChannelRef {
  id: string
  kind: string
  locationId: string | null
}

export interface CartOwnership {
  customerId: string | null
  deviceId: string | null
  createdByStaffId: string | null
  /** The kiosk session that opened or claimed it (kiosk-sessions.ts). */
  kioskSessionId?: string | null
}

/** Customers and anonymous devices: they shop for themselves and need no permission for their own carts. */
export const isShopper = (actor: Actor) => actor.kind === 'customer' || actor.kind === 'device'

/** Why the actor may not open a cart on the channel, or null when they may. */
export function channelRefusal(actor: Actor, channel: ChannelRef): string | null {
  if (isShopper(actor)) return SELF_SERVICE_CHANNEL_KINDS.includes(channel.kind) ? null : 'shoppers open carts on the web, mobile app and kiosk channels only.'
  if (!can(actor, 'carts:manage')) return 'this needs the carts:manage permission.'
  if (actor.kind === 'integration' || (actor.kind === 'staff' && actor.role === 'admin')) return null
  if (actor.kind === 'staff' && actor.role === 'call_centre_agent') {
    return channel.kind === 'phone' || channel.kind === 'catalogue' ? null : 'the call centre sells on the phone and catalogue channels.'
  }
  const atOwnStore = (channel.kind === 'store' || channel.kind === 'kiosk') && channel.locationId !== null && canActAt(actor, channel.locationId)
  return atOwnStore ? null : 'store staff sell on the store and kiosk channels of their own stores.'
}

/**
 * True when the actor may see and change the cart: a shopper the carts they opened themselves (same customer or
 * device, not opened by staff), staff and integrations the carts of channels they could open one on. A handoff moves
 * a cart to the seller's channel, so its seller and that store's staff use it through the channel rule, while the
 * customer keeps it. A kiosk that claimed a customer's cart by its code holds it as its device while the cart stays
 * on that kiosk channel (a later handoff elsewhere ends that). A kiosk uses a cart only during the kiosk session that
 * opened or claimed it (`kioskSessionId`: the kiosk's current session).
 */
export function mayUseCart(actor: Actor | null, cart: CartOwnership, channel: ChannelRef, kioskSessionId: string | null = null): boolean {
  if (!actor) return false
  if (actor.kind === 'customer') return cart.createdByStaffId === null && cart.customerId === actor.id
  // A shared kiosk serves one passer-by after another: only during the session that opened or claimed the cart.
  if (actor.kind === 'device' && actor.kioskChannelId !== null && (kioskSessionId === null || cart.kioskSessionId !== kioskSessionId)) return false
  if (actor.kind === 'device') return cart.createdByStaffId === null && cart.deviceId === actor.id && (cart.customerId === null || isKioskOf(actor, channel))
  return channelRefusal(actor, channel) === null
}

/** True for a kiosk device registered on this very kiosk channel; a shopper's own device never is one. */
export function isKioskOf(actor: Actor, channel: ChannelRef): boolean {
  return actor.kind === 'device' && channel.kind === 'kiosk' && actor.kioskChannelId !== null && actor.kioskChannelId === channel.id
}

/**
 * Why the actor may not take a cart over on the channel by its short code, or null: staff as for a handoff, and the
 * kiosk registered on that kiosk channel (any other device could otherwise read a customer's cart by guessing codes).
 */
export function claimRefusal(actor: Actor, channel: ChannelRef): string | null {
  if (actor.kind === 'device') return isKioskOf(actor, channel) ? null : 'only the kiosk registered on this kiosk channel takes a cart over on it.'
  if (actor.kind === 'customer') return 'a code is shown to a seller or a kiosk; customers open their own carts directly.'
  return channelRefusal(actor, channel)
}

/**
 * Abandoned cart: an open cart with lines and no write (line, pickup store, customer, handoff) for
 * ABANDONED_AFTER_MINUTES. Reading does not count as activity.
 */
export const ABANDONED_AFTER_MINUTES = 60

/**
 * The abandoned-cart rule as one SQL condition over a cart row (its id, status and updated_at columns as the query
 * names them): every list that flags or filters abandoned carts (customer-carts.ts, customer-data.ts) uses it.
 */
export function abandonedCartSql(cart: { id: SQL; status: SQL; updatedAt: SQL }): SQL {
  return sql`(${cart.status} = ${EDITABLE_STATUS} and exists (select 1 from cart_lines al where al.cart_id = ${cart.id}) and ${cart.updatedAt} <= now() - make_interval(mins => ${ABANDONED_AFTER_MINUTES}))`
}

/** Short codes a shopper shows a seller or a kiosk: no 0/O or 1/I to misread; 32 symbols, so a byte maps without bias. */
export const HANDOFF_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
export const HANDOFF_CODE_LENGTH = 6
export const HANDOFF_CODE_TTL_MINUTES = 15
/** What the app encodes in the QR code; a scanner may send it whole as the code. */
export const HANDOFF_QR_PREFIX = 'omnicanal:cart:'

/** How long a "send my cart to myself" link opens the cart. */
export const SHARE_LINK_TTL_HOURS = 24

export type LineAvailabilityStatus = 'available' | 'insufficient' | 'unavailable'

/** A line is unavailable when its product is off sale, insufficient when fewer are available than it holds. */
export function lineAvailability(line: { quantity: number; sellable: boolean; available: number }): LineAvailabilityStatus {
  if (!line.sellable) return 'unavailable'
  return line.available >= line.quantity ? 'available' : 'insufficient'
}

export interface PricedLine {
  quantity: number
  /** Tax-inclusive, minor units. */
  unitPrice: number
  /** Basis points. */
  vatRate: number
  /** What promotions take off the line (minor units); none when absent. */
  discount?: number
}

export interface CartTotals {
  itemCount: number
  subtotal: Money
  discountTotal: Money
  vat: { rate: number; amount: Money }[]
  total: Money
}

/**
 * Tax-inclusive totals of the lines: the subtotal at their prices, what promotions take off, and the VAT inside what
 * is left per rate (highest first), exact to the minor unit.
 */
export function cartTotals(lines: readonly PricedLine[], currency: string): CartTotals {
  const amounts = lines.map((line) => ({ amount: line.unitPrice * line.quantity - (line.discount ?? 0), vatRate: line.vatRate }))
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0)
  const discountTotal = lines.reduce((sum, line) => sum + (line.discount ?? 0), 0)
  return {
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: { amount: subtotal, currency },
    discountTotal: { amount: discountTotal, currency },
    vat: vatBreakdown(amounts).map((line) => ({ rate: line.rate, amount: { amount: line.vat, currency } })),
    total: { amount: subtotal - discountTotal, currency },
  }
}
