import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { generateCustomers, generateDemoShop, generateProducts, type DemoShop } from './index.js'
// barcodes.ts is a pure leaf with no database code; going through catalog/service.ts would load Drizzle into this pure generator.
// eslint-disable-next-line no-restricted-imports
import { isValidEan13 } from '../../modules/catalog/barcodes.js'

const DEMO = { seed: 1, products: 150, customers: 300 }
const shop = generateDemoShop(DEMO)

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>()
  return values.filter((value) => (seen.has(value) ? true : (seen.add(value), false)))
}

function allVariants(of: DemoShop) {
  return of.products.flatMap((product) => product.variants)
}

describe('generateDemoShop', () => {
  it('gives deep-equal output for the same options', () => {
    expect(generateDemoShop(DEMO)).toEqual(shop)
  })

  it('gives different products and customers for a different seed', () => {
    const other = generateDemoShop({ ...DEMO, seed: 2 })
    expect(other.products.map((p) => p.handle)).not.toEqual(shop.products.map((p) => p.handle))
    expect(other.customers.slice(1)).not.toEqual(shop.customers.slice(1))
    expect(other.locations).toEqual(shop.locations)
  })

  it('makes the requested number of products and customers', () => {
    expect(shop.products).toHaveLength(150)
    expect(shop.customers).toHaveLength(300)
    expect(generateDemoShop({ seed: 1, products: 0, customers: 0 })).toMatchObject({
      products: [],
      customers: [],
      stock: [],
    })
  })

  it('refuses negative or fractional counts', () => {
    expect(() => generateDemoShop({ seed: 1, products: -1, customers: 0 })).toThrow(RangeError)
    expect(() => generateDemoShop({ seed: 1, products: 1, customers: 1.5 })).toThrow(RangeError)
  })

  it('has one warehouse and stores in Montpellier, Lyon and Paris with their catchments', () => {
    expect(shop.locations.filter((l) => l.kind === 'warehouse')).toHaveLength(1)
    const stores = shop.locations.filter((l) => l.kind === 'store')
    expect(stores.map((s) => s.address.city)).toEqual(['Montpellier', 'Lyon', 'Paris'])
    const catchment = (city: string) => stores.find((s) => s.address.city === city)?.catchmentPostalCodes ?? []
    expect(catchment('Montpellier')).toEqual(expect.arrayContaining(['34000', '34070', '34080', '34090', '34170', '34970']))
    expect(catchment('Lyon')).toEqual(expect.arrayContaining(['69001', '69009', '69100']))
    expect(catchment('Paris')).toEqual(expect.arrayContaining(['75001', '75020', '92100', '93100', '94300']))
    for (const location of shop.locations) {
      expect(location.address.postalCode).toMatch(/^\d{5}$/)
      for (const { opens, closes } of location.openingHours) {
        expect(opens).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/)
        expect(closes).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/)
        expect(opens < closes).toBe(true)
      }
    }
  })

  it('gives every store a store channel and a kiosk tied to it', () => {
    for (const store of shop.locations.filter((l) => l.kind === 'store')) {
      const channels = shop.channels.filter((c) => c.locationCode === store.code)
      expect(channels.map((c) => c.kind).sort()).toEqual(['kiosk', 'store'])
    }
    const kinds = new Set(shop.channels.map((c) => c.kind))
    expect([...kinds].sort()).toEqual(['catalogue', 'kiosk', 'marketplace', 'mobile_app', 'phone', 'store', 'web'])
    expect(duplicates(shop.channels.map((c) => c.code))).toEqual([])
  })

  it('refers only to codes that exist', () => {
    const categoryCodes = new Set(shop.categories.map((c) => c.code))
    const locationCodes = new Set(shop.locations.map((l) => l.code))
    const skus = new Set(allVariants(shop).map((v) => v.sku))
    const leaves = new Set(shop.categories.filter((c) => c.parentCode !== null).map((c) => c.code))
    for (const category of shop.categories) {
      if (category.parentCode !== null) expect(categoryCodes).toContain(category.parentCode)
    }
    for (const product of shop.products) {
      expect(product.categoryCodes.length).toBeGreaterThanOrEqual(1)
      expect(product.categoryCodes.length).toBeLessThanOrEqual(2)
      for (const code of product.categoryCodes) expect(leaves).toContain(code)
    }
    for (const channel of shop.channels) if (channel.locationCode) expect(locationCodes).toContain(channel.locationCode)
    for (const member of shop.staff) for (const code of member.locationCodes) expect(locationCodes).toContain(code)
    for (const row of shop.stock) {
      expect(locationCodes).toContain(row.locationCode)
      expect(skus).toContain(row.sku)
    }
  })

  it('has unique handles, SKUs, barcodes, e-mails and codes', () => {
    expect(duplicates(shop.products.map((p) => p.handle))).toEqual([])
    expect(duplicates(allVariants(shop).map((v) => v.sku))).toEqual([])
    expect(duplicates(allVariants(shop).map((v) => v.barcode))).toEqual([])
    expect(duplicates(shop.customers.map((c) => c.email))).toEqual([])
    expect(duplicates(shop.staff.map((s) => s.email))).toEqual([])
    expect(duplicates(shop.categories.map((c) => c.code))).toEqual([])
    expect(duplicates(shop.locations.map((l) => l.code))).toEqual([])
  })

  it('gives every variant a valid French EAN-13', () => {
    for (const variant of allVariants(shop)) {
      expect(isValidEan13(variant.barcode), variant.barcode).toBe(true)
      expect(Number(variant.barcode.slice(0, 3))).toBeGreaterThanOrEqual(300)
      expect(Number(variant.barcode.slice(0, 3))).toBeLessThanOrEqual(379)
    }
  })

  it('prices in integer cents ending in 90 or 00, with sale prices below the compare-at price', () => {
    for (const product of shop.products) {
      expect([2000, 550]).toContain(product.vatRate)
      expect(product.variants.length).toBeGreaterThan(0)
      expect(product.title.fr).not.toEqual('')
      expect(product.title.en).not.toEqual('')
      expect(product.imageUrls.length).toBeGreaterThanOrEqual(1)
      expect(product.imageUrls.length).toBeLessThanOrEqual(3)
      for (const url of product.imageUrls) {
        expect(url).toMatch(new RegExp(`^https://images\\.omnicanal\\.dev/demo/${product.handle}-[1-3]\\.jpg$`))
      }
      for (const variant of product.variants) {
        expect(Number.isInteger(variant.price)).toBe(true)
        expect(variant.price).toBeGreaterThan(0)
        expect(variant.price % 100 === 90 || variant.price % 100 === 0).toBe(true)
        if (variant.compareAtPrice !== null) expect(variant.compareAtPrice).toBeGreaterThan(variant.price)
      }
    }
    expect(shop.products.some((p) => p.variants.some((v) => v.compareAtPrice !== null))).toBe(true)
  })

  it('stocks every variant at the warehouse, more deeply than in stores, with some store sell-outs', () => {
    const warehouse = shop.locations.find((l) => l.kind === 'warehouse')?.code
    const atWarehouse = new Set(shop.stock.filter((r) => r.locationCode === warehouse).map((r) => r.sku))
    for (const variant of allVariants(shop)) expect(atWarehouse).toContain(variant.sku)
    for (const row of shop.stock) expect(Number.isInteger(row.onHand) && row.onHand >= 0).toBe(true)
    const stores = shop.stock.filter((r) => r.locationCode !== warehouse)
    const mean = (rows: { onHand: number }[]) => rows.reduce((sum, r) => sum + r.onHand, 0) / rows.length
    expect(mean(shop.stock.filter((r) => r.locationCode === warehouse))).toBeGreaterThan(mean(stores))
    expect(stores.some((r) => r.onHand === 0)).toBe(true)
    expect(duplicates(shop.stock.map((r) => `${r.sku}@${r.locationCode}`))).toEqual([])
  })

  it('has the documented staff accounts', () => {
    expect(shop.staff).toContainEqual(expect.objectContaining({ email: 'admin@maison-lumiere.demo', role: 'admin', password: 'demo-admin' }))
    for (const store of shop.locations.filter((l) => l.kind === 'store')) {
      const team = shop.staff.filter((s) => s.locationCodes.length === 1 && s.locationCodes[0] === store.code)
      expect(team.map((s) => s.role).sort()).toEqual(['store_associate', 'store_associate', 'store_manager'])
      for (const member of team) expect(member.password).toBe('demo-store')
    }
    expect(shop.staff).toContainEqual(expect.objectContaining({ role: 'call_centre_agent', password: 'demo-phone' }))
    expect(shop.staff.filter((s) => s.role === 'integration')).toHaveLength(1)
  })
})

describe('generateCustomers', () => {
  it('starts with Camille Martin of Montpellier, whatever the seed', () => {
    for (const seed of [1, 2, 99]) {
      const [first] = generateCustomers({ seed, count: 1 })
      expect(first).toEqual(
        expect.objectContaining({
          email: 'camille.martin@example.com',
          password: 'demo-customer',
          postalCode: '34000',
          city: 'Montpellier',
        }),
      )
    }
  })

  it('yields from startIndex exactly the customers a full run has at those indexes', () => {
    const full = [...generateCustomers({ seed: 7, count: 1_000 })]
    expect([...generateCustomers({ seed: 7, count: 100, startIndex: 450 })]).toEqual(full.slice(450, 550))
    expect([...generateCustomers({ seed: 7, count: 0, startIndex: 10 })]).toEqual([])
  })

  it('refuses bad options when called, not on first iteration', () => {
    expect(() => generateCustomers({ seed: 1, count: -1 })).toThrow(RangeError)
    expect(() => generateCustomers({ seed: 1, count: 1, startIndex: 0.5 })).toThrow(RangeError)
    expect(() => generateCustomers({ seed: Number.NaN, count: 1 })).toThrow(RangeError)
  })

  it('makes French mobile numbers, real postal codes and unique e-mails', () => {
    const customers = [...generateCustomers({ seed: 3, count: 20_000 })]
    expect(duplicates(customers.map((c) => c.email))).toEqual([])
    for (const customer of customers) {
      expect(customer.phone).toMatch(/^\+33[67]\d{8}$/)
      expect(customer.postalCode).toMatch(/^\d{5}$/)
      expect(customer.email).toMatch(/^[a-z-]+\.[a-z-]+\d*@example\.(com|net|org)$/)
    }
    const share = (test: (c: (typeof customers)[number]) => boolean) => customers.filter(test).length / customers.length
    expect(share((c) => c.postalCode.startsWith('34'))).toBeGreaterThan(0.2)
    expect(share((c) => c.locale === 'en')).toBeGreaterThan(0.01)
    expect(share((c) => c.locale === 'en')).toBeLessThan(0.1)
    expect(share((c) => c.password === null)).toBeGreaterThan(0.9)
    expect(share((c) => c.password === 'demo-customer')).toBeGreaterThan(0)
  })

  it('gives every customer a distinct valid mobile and most a distinct loyalty card with its QR token', () => {
    const customers = [...generateCustomers({ seed: 3, count: 50_000 })]
    expect(duplicates(customers.map((c) => c.phone))).toEqual([])
    for (const customer of customers.slice(0, 2_000)) expect(parsePhoneNumberFromString(customer.phone)?.getType()).toBe('MOBILE')
    const cards = customers.flatMap((c) => (c.loyaltyCard ? [c.loyaltyCard] : []))
    expect(cards.length / customers.length).toBeGreaterThan(0.55)
    expect(cards.length / customers.length).toBeLessThan(0.65)
    expect(duplicates(cards.map((c) => c.cardNumber))).toEqual([])
    expect(duplicates(cards.map((c) => c.qrToken))).toEqual([])
    for (const card of cards.slice(0, 2_000)) {
      expect(card.cardNumber).toMatch(/^29\d{11}$/)
      expect(isValidEan13(card.cardNumber)).toBe(true)
      expect(card.qrToken).toMatch(/^lqr_[A-Za-z0-9_-]{32}$/)
    }
    expect([...generateCustomers({ seed: 3, count: 3 })][2]?.loyaltyCard).toEqual(customers[2]?.loyaltyCard)
  })
})

describe('generateProducts', () => {
  const options = { seed: 1, warehouseCode: 'warehouse-orleans', storeCodes: ['store-montpellier'] }

  it('makes the demo products the first products of a larger run', () => {
    const small = [...generateProducts({ ...options, count: 150 })]
    const large = [...generateProducts({ ...options, count: 400 })]
    expect(large.slice(0, 150)).toEqual(small)
  })

  it('keeps handles, SKUs and barcodes unique once every template combination is used', () => {
    const products = [...generateProducts({ ...options, count: 5_000 })].map((p) => p.product)
    const variants = products.flatMap((p) => p.variants)
    expect(duplicates(products.map((p) => p.handle))).toEqual([])
    expect(duplicates(variants.map((v) => v.sku))).toEqual([])
    expect(duplicates(variants.map((v) => v.barcode))).toEqual([])
    expect(variants.every((v) => isValidEan13(v.barcode))).toBe(true)
    expect(products.some((p) => p.vatRate === 550)).toBe(true)
  })
})

describe('demo stock network', () => {
  it('knows the centre of every catchment postal code, for "available near me"', async () => {
    const { CATCHMENTS, POSTAL_CODE_CENTRES } = await import('./places.js')
    const codes = Object.values(CATCHMENTS).flatMap((places) => places.map((p) => p.postalCode))
    expect(codes.filter((code) => !POSTAL_CODE_CENTRES[code])).toEqual([])
  })

  it('lets web and phone ship from every location, the marketplace from the warehouse, stores from themselves and the warehouse', async () => {
    const { generateFulfilmentLocations, WAREHOUSE_CODE } = await import('./locations.js')
    const byChannel = Object.fromEntries(generateFulfilmentLocations().map((f) => [f.channelCode, f.locationCodes]))
    expect(byChannel.web).toEqual([WAREHOUSE_CODE, 'store-montpellier', 'store-lyon', 'store-paris'])
    expect(byChannel.marketplace).toEqual([WAREHOUSE_CODE])
    expect(byChannel['kiosk-lyon']).toEqual(['store-lyon', WAREHOUSE_CODE])
    expect(Object.keys(byChannel)).toHaveLength(shop.channels.length)
  })
})
