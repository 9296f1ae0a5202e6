/**
 * Pure rules of the carts module: who may use which channel and cart, the lifecycle table, line availability and
 * the totals. No I/O here, so each rule is unit-tested directly and the pricing issue can slot adjustments
 * (promotions, coupons, loyalty) into `cartTotals` without touching SQL.
 */
import { can, canActAt, type Actor } from '../../platform/auth.js'
import { vatBreakdown, type Money } from '../pricing/service.js'
import type { CartStatus } from './schema.js'

export const MAX_LINE_QUANTITY = 99

/** Channels where shoppers (customers and anonymous devices) open their own carts. */
export const SELF_SERVICE_CHANNEL_KINDS: readonly string[] = ['web', 'mobile_app', 'kiosk']

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
 * device, not opened by staff), staff and integrations the carts of channels they could open one on.
 */
export function mayUseCart(actor: Actor | null, cart: CartOwnership, channel: ChannelRef): boolean {
  if (!actor) return false
  if (actor.kind === 'customer') return cart.createdByStaffId === null && cart.customerId === actor.id
  if (actor.kind === 'device') return cart.createdByStaffId === null && cart.customerId === null && cart.deviceId === actor.id
  return channelRefusal(actor, channel) === null
}

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
}

export interface CartTotals {
  itemCount: number
  subtotal: Money
  vat: { rate: number; amount: Money }[]
  total: Money
}

/** Tax-inclusive totals of the lines, with the VAT inside them per rate (highest first), exact to the minor unit. */
export function cartTotals(lines: readonly PricedLine[], currency: string): CartTotals {
  const amounts = lines.map((line) => ({ amount: line.unitPrice * line.quantity, vatRate: line.vatRate }))
  const subtotal = amounts.reduce((sum, item) => sum + item.amount, 0)
  return {
    itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
    subtotal: { amount: subtotal, currency },
    vat: vatBreakdown(amounts).map((line) => ({ rate: line.rate, amount: { amount: line.vat, currency } })),
    total: { amount: subtotal, currency },
  }
}
