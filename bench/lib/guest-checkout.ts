/**
 * One guest checkout as a device would do it: `POST /v1/carts` (empty cart on the web channel) →
 * `POST /v1/carts/{id}/lines` (one unit of the next variant of a rotation) → `POST /v1/carts/{id}/checkout` (ship to a
 * home address, test card, guest contact e-mail, an Idempotency-Key as the API asks). Shared by the checkout case and
 * by the SQL count behind it.
 */
import { homeAddress, isObject, str, testCard, timedRequest, type Headers, type VariantRef } from './api.js'
import { step, type SequenceRun } from './sequences.js'

export const CHECKOUT_STEPS = ['cart', 'line', 'checkout'] as const

export interface CheckoutWorld {
  baseUrl: string
  /** The web channel. */
  channelId: string
  /** Variants with deep stock, rotated over. */
  variants: VariantRef[]
  /** One device token per virtual client. */
  tokens: Headers[]
}

let serial = 0

/** Runs the three requests as `headers`, timing each into the returned run; `afterStep` is called after each answer. */
export async function guestCheckoutOnce(world: CheckoutWorld, headers: Headers, afterStep: () => void = () => {}): Promise<SequenceRun> {
  const run: SequenceRun = { stepMs: [], statuses: [], failure: null }
  const n = serial++
  const variant = world.variants[n % world.variants.length] as VariantRef
  const cart = await step(run, 201, 'POST /v1/carts', () => timedRequest(world.baseUrl, 'POST', '/v1/carts', headers, { channelId: world.channelId }))
  afterStep()
  if (!cart) return run
  const cartId = isObject(cart.body) ? str(cart.body.id) : ''
  const line = await step(run, 201, 'POST /v1/carts/{id}/lines', () =>
    timedRequest(world.baseUrl, 'POST', `/v1/carts/${cartId}/lines`, headers, { variantId: variant.id, quantity: 1 }),
  )
  afterStep()
  if (!line) return run
  const body = { fulfilment: { method: 'ship', shippingAddress: homeAddress }, contact: { email: `guest.${n}@example.com` }, payments: [testCard] }
  const idempotency = { 'idempotency-key': `bench-${process.pid}-${n}` }
  await step(run, 201, 'POST /v1/carts/{id}/checkout', () =>
    timedRequest(world.baseUrl, 'POST', `/v1/carts/${cartId}/checkout`, { ...headers, ...idempotency }, body),
  )
  afterStep()
  return run
}
