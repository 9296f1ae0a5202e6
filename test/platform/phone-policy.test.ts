/**
 * One phone policy (platform/phone.ts): every phone that comes in is accepted as people type it, read in
 * DEFAULT_PHONE_COUNTRY, stored as E.164, and refused with a 400 naming its field when it is no number.
 */
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/platform/config.js'
import { normalisePhone, setDefaultPhoneCountry } from '../../src/platform/phone.js'
import { card, cartWith, checkout, requests, stockedProduct, useCommerceWorld } from '../commerce.js'
import { registerAndLogIn } from '../fixtures.js'
import { engines } from '../harness.js'

/** A French mobile nobody else in the suite has, in the two forms people write it. */
function mobile(): { typed: string; e164: string } {
  const digits = String(10_000_000 + (randomBytes(4).readUInt32BE() % 89_999_999))
  return { typed: `06 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`, e164: `+336${digits}` }
}

describe('DEFAULT_PHONE_COUNTRY', () => {
  afterEach(() => setDefaultPhoneCountry('FR'))

  it('reads national numbers in the configured country and refuses an unknown country at start', () => {
    expect(loadConfig({}).defaultPhoneCountry).toBe('FR')
    expect(loadConfig({ DEFAULT_PHONE_COUNTRY: 'be' }).defaultPhoneCountry).toBe('BE')
    expect(() => loadConfig({ DEFAULT_PHONE_COUNTRY: 'XX' })).toThrow(/DEFAULT_PHONE_COUNTRY/)
    setDefaultPhoneCountry('BE')
    expect(normalisePhone('0470 12 34 56', '/body/phone')).toBe('+32470123456')
    // A number with its country code means the same whatever the default.
    expect(normalisePhone('+33 6 12 34 56 78', '/body/phone')).toBe('+33612345678')
  })
})

describe.each(engines)('one phone policy on %s', (engine) => {
  const shop = useCommerceWorld(engine)
  const http = requests(() => shop.server)

  it('accepts a typed number at registration and stores it as E.164; refuses a non-number on /body/phone', async () => {
    const phone = mobile()
    const email = `tel.${randomBytes(4).toString('hex')}@example.com`
    const session = await registerAndLogIn(shop.server, { email, password: 'motdepasse-solide', firstName: 'Léa', lastName: 'Roux', phone: phone.typed })
    expect((await http.get(`/v1/customers/${session.id}`, session.headers)).json().phone).toBe(phone.e164)
    const refused = await http.post(
      '/v1/auth/customers/register',
      { email: `x.${email}`, password: 'motdepasse-solide', firstName: 'A', lastName: 'B', phone: 'pas un numéro' },
      {},
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toMatchObject({ type: 'https://omnicanal.dev/problems/invalid-phone', field: '/body/phone' })
  })

  it('stores E.164 from a walk-in creation and a profile change, and finds her by any form of it', async () => {
    const { associate, admin } = shop.world
    const first = mobile()
    const created = await http.post('/v1/customers', { firstName: 'Paul', lastName: 'Roux', phone: first.typed }, associate.headers)
    expect(created.statusCode).toBe(201)
    expect(created.json().phone).toBe(first.e164)
    const id = created.json().id as string

    const second = mobile()
    const changed = await http.patch(`/v1/customers/${id}`, { phone: second.e164.replace('+33', '+33 ') }, admin.headers)
    expect(changed.json().phone).toBe(second.e164)
    const refused = await http.patch(`/v1/customers/${id}`, { phone: '12' }, admin.headers)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().field).toBe('/body/phone')

    for (const form of [second.typed, second.e164, second.e164.replace('+', '00')]) {
      const found = await http.get(`/v1/customers/lookup?phone=${encodeURIComponent(form)}`, associate.headers)
      expect(found.statusCode, form).toBe(200)
      expect(found.json().id).toBe(id)
    }
    const bad = await http.get(`/v1/customers/lookup?phone=abc`, associate.headers)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().field).toBe('/query/phone')
  })

  it('stores a guest order contact phone as E.164 and refuses a non-number on /body/contact/phone', async () => {
    const { device, channels, stores } = shop.world
    const product = await stockedProduct(shop.server, shop.world)
    const phone = mobile()
    const body = (contactPhone: string) => ({
      fulfilment: { method: 'click_and_collect', pickupLocationId: stores.montpellier.id },
      payments: [card()],
      contact: { phone: contactPhone, firstName: 'Hugo' },
    })
    const refusedCart = await cartWith(shop.server, device.headers, channels.web.id, [{ variantId: product.variants[0]!.id, quantity: 1 }])
    const refused = await checkout(shop.server, refusedCart, body('0000'), device.headers)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().field).toBe('/body/contact/phone')
    const placed = await checkout(shop.server, refusedCart, body(phone.typed), device.headers)
    expect(placed.statusCode).toBe(201)
    expect(placed.json().contact.phone).toBe(phone.e164)
  })
})
