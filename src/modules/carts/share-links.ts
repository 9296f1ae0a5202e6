/**
 * "Send my cart to myself": a signed link, valid SHARE_LINK_TTL_HOURS, that reopens a shopper's open cart on another
 * device. The token is `base64url({ v, cart, exp }).base64url(HMAC-SHA256)` with the `cart-share-link` key of
 * platform/signing.ts; it names the cart and its expiry, nothing else.
 *
 * Invariants:
 * - Only the cart's owner (its customer or its anonymous device) makes a link, for an open cart.
 * - Opening needs a valid signature (400 invalid-share-link) and an unexpired token (410 share-link-expired). A
 *   customer's cart opens only for that customer, logged in (403 login-required otherwise), and changes nothing; an
 *   anonymous cart moves to the calling device, or joins the calling customer's account, in one guarded UPDATE.
 *
 * Events: carts.cart_updated (changed deviceId or customerId) when an anonymous cart moves.
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { signingKey, signToken, verifyToken } from '../../platform/signing.js'
import { getChannel } from '../channels/service.js'
import { emitCartEvent, findUsableCart } from './carts.js'
import { cartNotFound, cartNotOpen } from './errors.js'
import { CART_EVENTS } from './events.js'
import { invalidShareLink, loginRequired, shareLinkExpired, shoppersOnly } from './handoff-errors.js'
import { EDITABLE_STATUS, isShopper, SHARE_LINK_TTL_HOURS } from './policies.js'
import { isKioskDevice, openKioskSession } from './kiosk-sessions.js'
import { carts } from './schema.js'
import { buildCartView, type CartView } from './view.js'

export const SHARE_LINK_PURPOSE = 'cart-share-link'

export interface ShareLink {
  url: string
  token: string
  expiresAt: string
}

export type CartLinkReading =
  { status: 'valid'; cartId: string; expiresAt: Date } | { status: 'expired'; cartId: string; expiresAt: Date } | { status: 'invalid' }

/** The token for a cart link; `expiresAt` is kept to the second. */
export function signCartLink(link: { cartId: string; expiresAt: Date }, secret: Buffer): string {
  return signToken({ v: 1, cart: link.cartId, exp: Math.floor(link.expiresAt.getTime() / 1000) }, secret)
}

/** What a token says: invalid unless signed with `secret` and well-formed; expired from its expiry on. */
export function readCartLink(token: string, secret: Buffer, now: Date): CartLinkReading {
  const payload = verifyToken(token, secret)
  if (typeof payload !== 'object' || payload === null) return { status: 'invalid' }
  const { v, cart, exp } = payload as Record<string, unknown>
  if (v !== 1 || typeof cart !== 'string' || cart.length === 0 || typeof exp !== 'number' || !Number.isSafeInteger(exp)) return { status: 'invalid' }
  const expiresAt = new Date(exp * 1000)
  return now.getTime() < expiresAt.getTime() ? { status: 'valid', cartId: cart, expiresAt } : { status: 'expired', cartId: cart, expiresAt }
}

/** A link to the shopper's own open cart, valid SHARE_LINK_TTL_HOURS; the token rides in the URL fragment, kept out of logs. */
export async function createShareLink(tx: Tx, input: { cartId: string; actor: Actor; baseUrl: string; now?: Date }): Promise<ShareLink> {
  if (!isShopper(input.actor)) throw shoppersOnly()
  const { cart } = await findUsableCart(tx, input)
  if (cart.status !== EDITABLE_STATUS) throw cartNotOpen(cart.id, cart.status)
  const expiresAt = new Date(Math.floor(((input.now ?? new Date()).getTime() + SHARE_LINK_TTL_HOURS * 3_600_000) / 1000) * 1000)
  const token = signCartLink({ cartId: cart.id, expiresAt }, await signingKey(tx, SHARE_LINK_PURPOSE))
  return { url: `${input.baseUrl.replace(/\/+$/, '')}/carts/open#token=${token}`, token, expiresAt: expiresAt.toISOString() }
}

/** Reopens the cart a link names on the caller's device (see the header for who may); answers the cart. */
export async function openShareLink(tx: Tx, input: { token: string; actor: Actor; now?: Date }): Promise<CartView> {
  const { actor } = input
  const reading = readCartLink(input.token, await signingKey(tx, SHARE_LINK_PURPOSE), input.now ?? new Date())
  if (reading.status === 'invalid') throw invalidShareLink()
  if (reading.status === 'expired') throw shareLinkExpired(reading.expiresAt.toISOString())
  if (!isShopper(actor)) throw shoppersOnly()
  const [cart] = await tx.select().from(carts).where(eq(carts.id, reading.cartId)).limit(1)
  // A cart staff opened for a customer was never the shopper's to send.
  if (!cart || cart.createdByStaffId !== null) throw cartNotFound(reading.cartId, '/body/token')
  if (cart.status !== EDITABLE_STATUS) throw cartNotOpen(cart.id, cart.status)
  if (cart.customerId !== null) {
    if (actor.kind !== 'customer' || actor.id !== cart.customerId) throw loginRequired()
    return buildCartView(tx, await findUsableCart(tx, { cartId: cart.id, actor }))
  }
  const owner = actor.kind === 'device' ? { deviceId: actor.id } : { customerId: actor.id }
  // The cart leaves any kiosk session it was in; opened on a shared kiosk, it joins its current passer-by's.
  const kioskSessionId = isKioskDevice(actor) ? await openKioskSession(tx, actor) : null
  // Guarded: the cart must still be anonymous and open, or a login merge or a checkout got there first.
  const [moved] = await tx
    .update(carts)
    .set({ ...owner, kioskSessionId, updatedAt: sql`now()` })
    .where(and(eq(carts.id, cart.id), isNull(carts.customerId), isNull(carts.createdByStaffId), eq(carts.status, EDITABLE_STATUS)))
    .returning()
  if (!moved) {
    const [current] = await tx.select({ status: carts.status }).from(carts).where(eq(carts.id, cart.id))
    if (current?.status !== EDITABLE_STATUS) throw cartNotOpen(cart.id, current?.status ?? cart.status)
    throw loginRequired()
  }
  const context = { cart: moved, channel: await getChannel(tx, moved.channelId) }
  await emitCartEvent(tx, context, CART_EVENTS.cartUpdated, { changed: Object.keys(owner) })
  return buildCartView(tx, context)
}
