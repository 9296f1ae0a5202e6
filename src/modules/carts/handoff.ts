/**
 * Cart handoff: the same cart moves to a channel the caller sells on, and the caller is recorded as its seller. A seller
 * who identified a customer takes one of her carts by id (POST /v1/carts/{id}/handoff); a shopper shows a short code
 * (or its QR) to a seller or a kiosk, who takes the cart by that code (POST /v1/carts/claim).
 *
 * Invariants:
 * - By id, only an open cart of a customer moves, by staff holding carts:manage and customers:read; by code, any open
 *   cart whose owner showed a live code. The target channel is one the caller may sell on (channelRefusal), for a
 *   kiosk device only the kiosk channel it was registered on (claimRefusal; an ordinary device claims nothing).
 * - The customer keeps her cart (customer_id never changes); a kiosk that claims a cart becomes its device, so it may
 *   use it while the cart stays on the kiosk channel (policies.ts mayUseCart).
 * - A code is 6 symbols from HANDOFF_CODE_ALPHABET, random, valid HANDOFF_CODE_TTL_MINUTES, unique while set
 *   (partial unique index; an expired code is freed before reuse); a cart has at most one. Taking a cart clears its
 *   code in the same guarded UPDATE, so of two claims of one code exactly one succeeds.
 * - A handoff does not acknowledge price changes: the seller sees what changed since the shopper last wrote.
 *
 * Events: carts.cart_handed_off (touchpoint cart_handed_off on the new channel and its store).
 */
import { randomBytes } from 'node:crypto'
import { and, eq, gt, sql } from 'drizzle-orm'
import { can, forbidden, type Actor } from '../../platform/auth.js'
import { isUniqueViolation, type Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import { getChannel, type Channel } from '../channels/service.js'
import { recordTouchpoint } from '../journeys/service.js'
import { emitCartEvent, findUsableCart, type CartRow } from './carts.js'
import { cartNotFound, cartNotOpen, channelNotAllowed, unknownChannel } from './errors.js'
import { CART_EVENTS } from './events.js'
import { handoffCodeExpired, handoffCodeUnknown, shoppersOnly } from './handoff-errors.js'
import {
  channelRefusal,
  claimRefusal,
  EDITABLE_STATUS,
  HANDOFF_CODE_ALPHABET,
  HANDOFF_CODE_LENGTH,
  HANDOFF_CODE_TTL_MINUTES,
  HANDOFF_QR_PREFIX,
  isShopper,
  type ChannelRef,
} from './policies.js'
import { carts } from './schema.js'
import { isKioskDevice, openKioskSession } from './kiosk-sessions.js'
import { buildCartView, type CartView } from './view.js'

/** The cart as its new seller sees it. */
export type HandedOffCart = CartView & { sellerStaffId: string | null }

export interface HandoffCode {
  code: string
  /** The payload the app renders as a QR code. */
  qr: string
  expiresAt: string
}

const CODE_ATTEMPTS = 5

/** An active channel the actor may take a cart over on; 400 unknown-channel or 403 channel-not-allowed otherwise. */
async function targetChannel(tx: Tx, actor: Actor, channelId: string, refusalOf: (actor: Actor, channel: ChannelRef) => string | null): Promise<Channel> {
  let channel: Channel | undefined
  try {
    channel = await getChannel(tx, channelId)
  } catch (error) {
    if (!(error instanceof DomainError && error.status === 404)) throw error
  }
  if (!channel?.active) throw unknownChannel(channelId)
  const refusal = refusalOf(actor, channel)
  if (refusal) throw channelNotAllowed(channel.id, refusal)
  return channel
}

async function recordHandoff(
  tx: Tx,
  input: { fromChannelId: string; cart: CartRow; channel: Channel; via: 'customer_carts' | 'code' },
): Promise<HandedOffCart> {
  const { cart, channel, fromChannelId, via } = input
  const context = { cart, channel }
  const facts = { fromChannelId, toChannelId: channel.id, sellerStaffId: cart.sellerStaffId, deviceId: cart.deviceId, via }
  await emitCartEvent(tx, context, CART_EVENTS.cartHandedOff, facts)
  await recordTouchpoint(tx, {
    kind: 'cart_handed_off',
    customerId: cart.customerId,
    deviceId: cart.deviceId,
    channelId: channel.id,
    locationId: channel.locationId,
    subjectType: 'cart',
    subjectId: cart.id,
    data: { fromChannelId, sellerStaffId: cart.sellerStaffId, via },
  })
  return { ...(await buildCartView(tx, context)), sellerStaffId: cart.sellerStaffId }
}

/** Moves a customer's open cart, from any channel, to a channel the staff caller sells on, with the caller as seller. */
export async function handOffCart(tx: Tx, input: { cartId: string; channelId: string; actor: Actor }): Promise<HandedOffCart> {
  const { actor } = input
  if (isShopper(actor)) throw cartNotFound(input.cartId)
  // Serving a customer means reading her profile and carts first.
  if (!can(actor, 'customers:read')) throw forbidden('customers:read')
  const channel = await targetChannel(tx, actor, input.channelId, channelRefusal)
  const [cart] = await tx.select().from(carts).where(eq(carts.id, input.cartId)).limit(1)
  // Anything but a customer's cart (a device's, a walk-in's) is not reachable by id: it takes the shopper's code.
  if (!cart || cart.customerId === null) throw cartNotFound(input.cartId)
  const [moved] = await tx
    .update(carts)
    .set({ channelId: channel.id, sellerStaffId: actor.id, handoffCode: null, handoffCodeExpiresAt: null, updatedAt: sql`now()` })
    .where(and(eq(carts.id, cart.id), eq(carts.status, EDITABLE_STATUS)))
    .returning()
  if (!moved) {
    const [current] = await tx.select({ status: carts.status }).from(carts).where(eq(carts.id, cart.id))
    throw cartNotOpen(cart.id, current?.status ?? cart.status)
  }
  return recordHandoff(tx, { fromChannelId: cart.channelId, cart: moved, channel, via: 'customer_carts' })
}

/** A random code of HANDOFF_CODE_LENGTH symbols; 32 symbols, so the low 5 bits of a byte pick one without bias. */
export function randomHandoffCode(): string {
  return [...randomBytes(HANDOFF_CODE_LENGTH)].map((byte) => HANDOFF_CODE_ALPHABET[byte & 31]).join('')
}

/** The code as typed or scanned: the whole QR payload, lower case, spaces and dashes are accepted. */
export function normaliseHandoffCode(input: string): string {
  const trimmed = input.trim()
  const bare = trimmed.toLowerCase().startsWith(HANDOFF_QR_PREFIX) ? trimmed.slice(HANDOFF_QR_PREFIX.length) : trimmed
  return bare.replace(/[\s-]/g, '').toUpperCase()
}

/** Gives the shopper's open cart a fresh code (replacing any earlier one) valid HANDOFF_CODE_TTL_MINUTES. */
export async function createHandoffCode(tx: Tx, input: { cartId: string; actor: Actor }): Promise<HandoffCode> {
  if (!isShopper(input.actor)) throw shoppersOnly()
  const { cart } = await findUsableCart(tx, input)
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const code = randomHandoffCode()
    try {
      // A savepoint, so that a collision with a live code (unique violation) leaves the transaction usable for a retry.
      const set = await tx.transaction(async (savepoint) => {
        // An expired code still holds its slot in the unique index until someone needs it.
        await savepoint
          .update(carts)
          .set({ handoffCode: null, handoffCodeExpiresAt: null })
          .where(and(eq(carts.handoffCode, code), sql`${carts.handoffCodeExpiresAt} <= now()`))
        const [row] = await savepoint
          .update(carts)
          .set({ handoffCode: code, handoffCodeExpiresAt: sql`now() + make_interval(mins => ${HANDOFF_CODE_TTL_MINUTES})`, updatedAt: sql`now()` })
          .where(and(eq(carts.id, cart.id), eq(carts.status, EDITABLE_STATUS)))
          .returning({ code: carts.handoffCode, expiresAt: carts.handoffCodeExpiresAt })
        return row
      })
      if (!set?.code || !set.expiresAt) {
        const [current] = await tx.select({ status: carts.status }).from(carts).where(eq(carts.id, cart.id))
        throw cartNotOpen(cart.id, current?.status ?? cart.status)
      }
      return { code: set.code, qr: `${HANDOFF_QR_PREFIX}${set.code}`, expiresAt: set.expiresAt.toISOString() }
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
    }
  }
  throw new Error(`no free handoff code after ${CODE_ATTEMPTS} attempts`)
}

/**
 * Takes over the open cart showing this live code, on the caller's channel: staff become its seller, a kiosk device
 * its device. The code is spent. Unknown or spent code: 404 handoff-code-unknown; expired: 404 handoff-code-expired.
 */
export async function claimCart(tx: Tx, input: { code: string; channelId: string; actor: Actor }): Promise<HandedOffCart> {
  const { actor } = input
  const channel = await targetChannel(tx, actor, input.channelId, claimRefusal)
  const code = normaliseHandoffCode(input.code)
  // The lock queues a concurrent claim of the same code behind this one; it then finds the code spent.
  const [shown] = await tx
    .select({ id: carts.id, channelId: carts.channelId, status: carts.status, expired: sql<boolean>`${carts.handoffCodeExpiresAt} <= now()` })
    .from(carts)
    .where(eq(carts.handoffCode, code))
    .for('update')
  if (!shown) throw handoffCodeUnknown()
  if (shown.expired) throw handoffCodeExpired()
  if (shown.status !== EDITABLE_STATUS) throw cartNotOpen(shown.id, shown.status)
  const device = actor.kind === 'device'
  // claimRefusal lets only a kiosk device claim: the cart joins its passer-by's session.
  const kioskSessionId = isKioskDevice(actor) ? await openKioskSession(tx, actor) : null
  const [moved] = await tx
    .update(carts)
    .set({
      channelId: channel.id,
      // At a kiosk nobody serves the cart; the kiosk holds it as its device until the checkout.
      sellerStaffId: device ? null : actor.id,
      ...(device ? { deviceId: actor.id, kioskSessionId } : {}),
      handoffCode: null,
      handoffCodeExpiresAt: null,
      updatedAt: sql`now()`,
    })
    .where(and(eq(carts.id, shown.id), eq(carts.handoffCode, code), gt(carts.handoffCodeExpiresAt, sql`now()`), eq(carts.status, EDITABLE_STATUS)))
    .returning()
  if (!moved) throw handoffCodeUnknown()
  return recordHandoff(tx, { fromChannelId: shown.channelId, cart: moved, channel, via: 'code' })
}
