// Shapes of the demo shop. No ids: the seeder creates them, so records refer to each other by code, sku or email.
// Money is integer minor units of EUR, tax-inclusive; VAT rates are basis points (2000 = 20 %).

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'

export type DemoLocation = {
  code: string
  name: string
  kind: 'warehouse' | 'store'
  address: { line1: string; postalCode: string; city: string; country: 'FR' }
  latitude: number
  longitude: number
  /** A day missing from the list is a closed day. */
  openingHours: { day: Weekday; opens: string; closes: string }[]
  catchmentPostalCodes: string[]
  timezone: 'Europe/Paris'
}

export type DemoChannel = {
  code: string
  name: string
  kind: 'web' | 'mobile_app' | 'store' | 'kiosk' | 'marketplace' | 'phone' | 'catalogue'
  locationCode: string | null
}

export type DemoCategory = {
  code: string
  name: { fr: string; en: string }
  parentCode: string | null
}

export type DemoVariant = {
  sku: string
  /** Valid EAN-13 with a French GS1 prefix (37x). */
  barcode: string
  options: Record<string, string>
  price: number
  compareAtPrice: number | null
}

export type DemoProduct = {
  handle: string
  title: { fr: string; en: string }
  description: { fr: string; en: string }
  brand: string
  categoryCodes: string[]
  vatRate: number
  imageUrls: string[]
  variants: DemoVariant[]
}

export type DemoStock = { sku: string; locationCode: string; onHand: number }

export type DemoStaff = {
  email: string
  displayName: string
  role: 'admin' | 'store_manager' | 'store_associate' | 'call_centre_agent' | 'integration'
  locationCodes: string[]
  password: string
}

export type DemoCustomer = {
  email: string
  firstName: string
  lastName: string
  /** E.164 French mobile, +336… or +337… */
  phone: string
  postalCode: string
  city: string
  locale: 'fr' | 'en'
  /** null: a customer known from orders or loyalty but without an online account. */
  password: string | null
  /** The loyalty card (EAN-13 in the in-store prefix 29) and its QR token; null for customers without a card. */
  loyaltyCard: { cardNumber: string; qrToken: string } | null
}

export type DemoShop = {
  locations: DemoLocation[]
  channels: DemoChannel[]
  categories: DemoCategory[]
  products: DemoProduct[]
  stock: DemoStock[]
  staff: DemoStaff[]
  customers: DemoCustomer[]
}
