// The retailer's physical network (one warehouse, three stores) and its sales channels.
// Store addresses are real streets in each city centre; coordinates are those city centres.

import type { DemoChannel, DemoLocation, Weekday } from './types.js'
import { CATCHMENTS } from './places.js'
import { RETAILER_NAME } from './brand.js'

export const WAREHOUSE_CODE = 'warehouse-orleans'

type StoreCity = keyof typeof CATCHMENTS

type StoreSpec = {
  city: StoreCity
  label: string
  address: DemoLocation['address']
  latitude: number
  longitude: number
  weekdays: { opens: string; closes: string }
  sunday: { opens: string; closes: string } | null
}

const STORES: readonly StoreSpec[] = [
  {
    city: 'montpellier',
    label: 'Montpellier',
    address: { line1: '14 rue de la Loge', postalCode: '34000', city: 'Montpellier', country: 'FR' },
    latitude: 43.6085,
    longitude: 3.8794,
    weekdays: { opens: '10:00', closes: '19:30' },
    sunday: null,
  },
  {
    city: 'lyon',
    label: 'Lyon',
    address: { line1: '38 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
    latitude: 45.7632,
    longitude: 4.8357,
    weekdays: { opens: '10:00', closes: '19:30' },
    sunday: null,
  },
  {
    city: 'paris',
    label: 'Paris',
    address: { line1: '52 rue de Rivoli', postalCode: '75004', city: 'Paris', country: 'FR' },
    latitude: 48.8574,
    longitude: 2.3532,
    // Rue de Rivoli is in a tourist zone (ZTI), where Sunday trading is allowed.
    weekdays: { opens: '10:00', closes: '20:00' },
    sunday: { opens: '11:00', closes: '19:00' },
  },
]

const MON_TO_SAT: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export function storeCode(city: string): string {
  return `store-${city}`
}

function storeLocation(spec: StoreSpec): DemoLocation {
  const openingHours: DemoLocation['openingHours'] = MON_TO_SAT.map((day) => ({ day, ...spec.weekdays }))
  if (spec.sunday) openingHours.push({ day: 'sun', ...spec.sunday })
  return {
    code: storeCode(spec.city),
    name: `${RETAILER_NAME} ${spec.label}`,
    kind: 'store',
    address: { ...spec.address },
    latitude: spec.latitude,
    longitude: spec.longitude,
    openingHours,
    catchmentPostalCodes: CATCHMENTS[spec.city].map((place) => place.postalCode),
    timezone: 'Europe/Paris',
  }
}

/** The warehouse first, then the stores; every store has a non-empty catchment. */
export function generateLocations(): DemoLocation[] {
  const warehouse: DemoLocation = {
    code: WAREHOUSE_CODE,
    name: `${RETAILER_NAME} Entrepôt Orléans-Saran`,
    kind: 'warehouse',
    address: { line1: '1250 rue de la Bruyère', postalCode: '45770', city: 'Saran', country: 'FR' },
    latitude: 47.9503,
    longitude: 1.8753,
    openingHours: [
      ...(['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, opens: '06:00', closes: '21:00' })),
      { day: 'sat', opens: '07:00', closes: '13:00' },
    ],
    // The warehouse ships anywhere in France; it is nobody's "local" location.
    catchmentPostalCodes: [],
    timezone: 'Europe/Paris',
  }
  return [warehouse, ...STORES.map(storeLocation)]
}

/** Web, app, marketplace, phone and catalogue are not tied to a location; each store has a till and a kiosk. */
export function generateChannels(): DemoChannel[] {
  const channels: DemoChannel[] = [
    { code: 'web', name: 'Site web', kind: 'web', locationCode: null },
    { code: 'mobile_app', name: 'Application mobile', kind: 'mobile_app', locationCode: null },
  ]
  for (const store of STORES) {
    const code = storeCode(store.city)
    channels.push({ code, name: `Boutique ${store.label}`, kind: 'store', locationCode: code })
  }
  for (const store of STORES) {
    channels.push({
      code: `kiosk-${store.city}`,
      name: `Borne interactive ${store.label}`,
      kind: 'kiosk',
      locationCode: storeCode(store.city),
    })
  }
  channels.push(
    { code: 'marketplace', name: 'Place de marché partenaire', kind: 'marketplace', locationCode: null },
    { code: 'phone', name: 'Service client téléphonique', kind: 'phone', locationCode: null },
    { code: 'catalogue', name: 'Catalogue papier et vente par correspondance', kind: 'catalogue', locationCode: null },
  )
  return channels
}

export const STORE_CITIES: readonly StoreCity[] = STORES.map((store) => store.city)

/**
 * Where each channel may fulfil from. Web, app, phone and catalogue ship from the warehouse and from every store
 * (ship-from-store); the marketplace only from the warehouse; a store's till and kiosk from that store and the
 * warehouse (endless aisle).
 */
export function generateFulfilmentLocations(): { channelCode: string; locationCodes: string[] }[] {
  const stores = STORES.map((store) => storeCode(store.city))
  return generateChannels().map((channel) => {
    if (channel.locationCode) return { channelCode: channel.code, locationCodes: [channel.locationCode, WAREHOUSE_CODE] }
    if (channel.kind === 'marketplace') return { channelCode: channel.code, locationCodes: [WAREHOUSE_CODE] }
    return { channelCode: channel.code, locationCodes: [WAREHOUSE_CODE, ...stores] }
  })
}
