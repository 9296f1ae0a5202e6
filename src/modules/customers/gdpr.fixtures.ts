/**
 * Fixtures of the GDPR and 360 suites: a customer with every kind of data the shop holds, built through the real API
 * (register from a device, loyalty card, consents, carts, checkouts, fulfilment, a return, store credit, a merge) and,
 * where no public endpoint writes it yet, through the owning module's service or plain SQL (wishlist).
 */
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { card, cartWith, checkout, stockedProduct, type CartWorld } from '../../../test/commerce.js'
import { registerAndLogIn } from '../../../test/fixtures.js'
import type { TestServer } from '../../../test/harness.js'
import { emitTestEvent } from '../../../test/outbox.js'
import { recordTouchpoints } from '../journeys/service.js'
import { uniqueMobile } from './customers.fixtures.js'

type Headers = Record<string, string>

export interface Lea {
  id: string
  headers: Headers
  deviceId: string
  email: string
  password: string
  phone: { national: string; e164: string }
  firstName: string
  lastName: string
  cardNumber: string
  qrToken: string
  /** A walk-in profile of hers, merged into this one. */
  walkInId: string
  /** Her variants: `inCart` in her open web cart (2 units), `wished` on her wishlist. */
  variants: { inCart: string; wished: string; bought: string }
  orders: { shipped: string; collected: string }
  returnId: string
  /** An outbox event carrying her contact, queued for a webhook subscription. */
  contactEventId: string
  webhookId: string
  /** The last event before anything of hers: replaying the stream from here shows all of her events. */
  markerEventId: string
}

async function call(server: TestServer, method: 'GET' | 'POST', url: string, headers: Headers, payload?: unknown, status = 200) {
  const res = await server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status)
  return res.json()
}

async function step(server: TestServer, fulfilmentId: string, action: string, headers: Headers, payload: object = {}) {
  return call(server, 'POST', `/v1/fulfilments/${fulfilmentId}/${action}`, headers, payload)
}

/** Waits until `probe` is true (a wait with a generous bound, never a timing assertion). */
export async function eventually(what: string, probe: () => Promise<boolean>, boundMs = 30_000): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}


/** Léa: one customer with every kind of data held about a person. Her name and contacts are unique to the call. */
export async function customerWithEverything(server: TestServer, world: CartWorld): Promise<Lea> {
  const tag = randomBytes(3).toString('hex')
  const firstName = `Léa${tag}`
  const lastName = `Dubois-${tag}`
  const email = `lea.dubois.${tag}@example.com`
  const password = 'mot-de-passe-de-lea'
  const phone = uniqueMobile()
  const markerEventId = await server.database.transaction((tx) => emitTestEvent(tx, 'tests.marker', {}))

  const device = await call(server, 'POST', '/v1/auth/anonymous', { 'user-agent': `LeaPhone/${tag}` }, undefined, 201)
  const deviceHeaders = { authorization: `Bearer ${device.token}` }
  await recordTouchpoints(server.database.db, [
    { kind: 'product_view', deviceId: device.deviceId, channelId: world.channels.web.id, data: { query: 'robe lin' } },
  ])
  const registered = await registerAndLogIn(server, { email, password, firstName, lastName, phone: phone.e164, postalCode: '34070' }, deviceHeaders)
  const id: string = registered.id
  const headers = registered.headers
  const loyalty = await call(server, 'POST', `/v1/customers/${id}/loyalty-card`, headers, {})
  await call(server, 'POST', `/v1/customers/${id}/consents`, headers, {
    decisions: [{ purpose: 'marketing_email', granted: true, method: 'account_settings', wording: `Newsletter pour ${firstName}` }],
  })

  const product = await stockedProduct(server, world, { prices: [5990, 3490, 2490, 1990] })
  const [inCart, wished, bought, collected] = product.variants.map((v) => v.id) as [string, string, string, string]
  await cartWith(server, headers, world.channels.web.id, [{ variantId: inCart, quantity: 2 }])
  await server.database.db.execute(sql`insert into wishlist_items (customer_id, variant_id, channel_id) values (${id}, ${wished}, ${world.channels.web.id})`)
  await recordTouchpoints(server.database.db, [{ kind: 'search', customerId: id, channelId: world.channels.web.id, data: { query: 'robe' } }])
  const giftCard = await server.app.inject({ method: 'POST', url: '/v1/gift-cards', payload: { amount: 2500, customerId: id }, headers: world.admin.headers })
  if (giftCard.statusCode !== 201) throw new Error(`gift card: ${giftCard.body}`)
  await server.database.db.execute(sql`insert into customer_groups (code, name) values ('vip', 'VIP') on conflict do nothing`)
  await server.database.db.execute(sql`insert into customer_group_members (group_code, customer_id) values ('vip', ${id})`)

  // A web order shipped home (sent with an Idempotency-Key: its stored answer holds her contact), then delivered.
  const address = { name: `${firstName} ${lastName}`, line1: '3 rue de la Monnaie', postalCode: '34070', city: 'Montpellier', country: 'FR', phone: phone.e164 }
  const shipCart = await cartWith(server, headers, world.channels.web.id, [{ variantId: bought, quantity: 2 }])
  const shippedRes = await checkout(
    server,
    shipCart,
    { fulfilment: { method: 'ship', shippingAddress: address }, payments: [card()], note: `Sonner chez ${lastName}` },
    headers,
    { 'idempotency-key': `lea-${tag}` },
  )
  expect(shippedRes.statusCode, shippedRes.body).toBe(201)
  const shipped = shippedRes.json()
  for (const f of shipped.fulfilments) {
    await step(server, f.id, 'pick', world.admin.headers)
    await step(server, f.id, 'ship', world.admin.headers, { carrier: 'Colissimo', trackingNumber: `6A${tag}` })
    await step(server, f.id, 'deliver', world.admin.headers)
  }
  // Click-and-collect at Montpellier, prepared and handed over there.
  const collectCart = await cartWith(server, headers, world.channels.web.id, [{ variantId: collected, quantity: 1 }])
  const collectRes = await checkout(
    server,
    collectCart,
    { fulfilment: { method: 'click_and_collect', pickupLocationId: world.stores.montpellier.id }, payments: [card()] },
    headers,
  )
  expect(collectRes.statusCode, collectRes.body).toBe(201)
  const toCollect = collectRes.json()
  for (const f of toCollect.fulfilments) {
    expect(f.sourceLocationId).toBe(world.stores.montpellier.id)
    await step(server, f.id, 'pick', world.associate.headers)
    await step(server, f.id, 'ready', world.associate.headers)
    await step(server, f.id, 'collect', world.associate.headers, { pickupCode: f.pickupCode })
  }
  // One unit of the web order brought back at Montpellier, refunded as store credit; and a goodwill credit.
  const line = shipped.lines[0]
  const ret = await call(
    server,
    'POST',
    `/v1/orders/${shipped.id}/returns`,
    world.associate.headers,
    {
      lines: [{ orderLineId: line.id, quantity: 1, reason: 'wrong_size', reasonNote: `Trop petit pour ${firstName}` }],
      refundMethod: 'store_credit',
      locationId: world.stores.montpellier.id,
    },
    201,
  )
  await call(server, 'POST', `/v1/customers/${id}/store-credit/adjustments`, world.admin.headers, { amount: 1000, note: 'Geste commercial' }, 201)

  // A walk-in profile created at the till, then merged into hers.
  const walkIn = await call(
    server,
    'POST',
    '/v1/customers',
    world.associate.headers,
    { firstName, lastName, email: `l.dubois.${tag}@example.org`, postalCode: '34000' },
    201,
  )
  await call(server, 'POST', `/v1/customers/${id}/merges`, world.admin.headers, { mergedCustomerId: walkIn.id, reason: 'Même cliente' }, 201)

  // A webhook subscription and an event carrying her contact (as an integration's or a later module's event may).
  const webhook = await call(
    server,
    'POST',
    '/v1/webhooks',
    world.admin.headers,
    { url: 'http://127.0.0.1:9/hooks', eventTypes: ['crm.contact_captured'] },
    201,
  )
  const contactEventId = await server.database.transaction((tx) =>
    emitTestEvent(
      tx,
      'crm.contact_captured',
      {
        customerId: id,
        contact: { email, phone: phone.e164, firstName, lastName },
        shippingAddress: address,
        note: `Rappeler ${firstName} au ${phone.national}`,
      },
      { customerId: id },
    ),
  )
  await eventually('the webhook delivery of her contact event', async () => {
    const page = await call(server, 'GET', `/v1/webhooks/${webhook.id}/deliveries`, world.admin.headers)
    return page.items.some((d: { eventId: string }) => d.eventId === contactEventId)
  })
  return {
    id,
    headers,
    deviceId: device.deviceId,
    email,
    password,
    phone,
    firstName,
    lastName,
    cardNumber: loyalty.cardNumber,
    qrToken: loyalty.qrToken,
    walkInId: walkIn.id,
    variants: { inCart, wished, bought },
    orders: { shipped: shipped.id, collected: toCollect.id },
    returnId: ret.id,
    contactEventId,
    webhookId: webhook.id,
    markerEventId,
  }
}

/** Every string that would identify Léa, as it may be written: email, phone (E.164 and national), names. */
export const personalStrings = (lea: Lea): string[] => [
  lea.email,
  lea.phone.e164,
  lea.phone.national.replace(/\s/g, ''),
  lea.phone.national,
  lea.firstName,
  lea.lastName,
]
