import { fileURLToPath } from 'node:url'
import { createOmnicanalClient, dataOf, ProblemError } from '@omnicanal/client'

/** A web shopper's guest checkout against the demo shop: a declined card first, then the order. */
export async function guestCheckout(baseUrl: string) {
  const visitor = createOmnicanalClient({ baseUrl })
  const { token } = await dataOf(visitor.POST('/v1/auth/anonymous'))
  const shop = createOmnicanalClient({ baseUrl, token, idempotencyKeys: true })

  const channels = await dataOf(shop.GET('/v1/channels', { params: { query: { kind: 'web', limit: 1 } } }))
  const products = await dataOf(shop.GET('/v1/products', { params: { query: { q: 'robe', limit: 1 } } }))
  const web = channels.items[0]
  const found = products.items[0]
  if (!web || !found) throw new Error('seed the demo shop first: npm run demo -- --reset')
  const product = await dataOf(shop.GET('/v1/products/{id}', { params: { path: { id: found.id } } }))
  const variant = product.variants[0]
  if (!variant) throw new Error(`${product.handle} has no variant on sale`)

  const cart = await dataOf(shop.POST('/v1/carts', { body: { channelId: web.id, lines: [{ variantId: variant.id, quantity: 1 }] } }))
  const shipping = {
    fulfilment: {
      method: 'ship' as const,
      shippingAddress: { name: 'Camille Martin', line1: '3 rue de la Monnaie', postalCode: '34000', city: 'Montpellier', country: 'FR' },
    },
    contact: { email: 'camille@example.com' },
  }
  let declined: ProblemError | undefined
  try {
    // The test acquirer declines 4000000000000002: a 402 problem, thrown as a ProblemError.
    await dataOf(
      shop.POST('/v1/carts/{id}/checkout', {
        params: { path: { id: cart.id } },
        body: { ...shipping, payments: [{ method: 'card', card: { number: '4000000000000002', expiryMonth: 12, expiryYear: 2035 } }] },
      }),
    )
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error
    declined = error
  }
  const order = await dataOf(
    shop.POST('/v1/carts/{id}/checkout', {
      params: { path: { id: cart.id } },
      body: { ...shipping, payments: [{ method: 'card', card: { number: '4242424242424242', expiryMonth: 12, expiryYear: 2035 } }] },
    }),
  )
  return { declined, order }
}

// `npx tsx packages/client/examples/guest-checkout.ts [baseUrl]` while `npm start` serves the demo shop.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { declined, order } = await guestCheckout(process.argv[2] ?? 'http://127.0.0.1:3000')
  console.log(declined?.status, declined?.code, declined?.problem.field) // 402 payment-declined /body/payments/0
  const { amount, currency } = order.totals.total
  console.log(`order ${order.number}, ${order.status}:`, new Intl.NumberFormat('fr-FR', { style: 'currency', currency }).format(amount / 100))
}
