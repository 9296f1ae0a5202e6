/** Small, explicit fixtures for module tests: stores, staff sessions and customer sessions made through real code. */
import { randomBytes } from 'node:crypto'
import { createStaffUser, type StaffRoleName } from '../src/modules/auth/service.js'
import { createLocation, type Location } from '../src/modules/locations/service.js'
import type { Database } from '../src/platform/db.js'
import type { TestServer } from './harness.js'

export interface Stores {
  montpellier: Location
  lyon: Location
  paris: Location
  warehouse: Location
}

const HOURS = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const).map((day) => ({ day, opens: '10:00', closes: '19:00' }))

/** Three stores and a warehouse, as in the demo shop. */
export async function seedStores(database: Database): Promise<Stores> {
  return database.transaction(async (tx) => ({
    montpellier: await createLocation(tx, {
      code: 'store-montpellier', name: 'Montpellier Comédie', kind: 'store',
      address: { line1: '12 rue de la Loge', postalCode: '34000', city: 'Montpellier', country: 'FR' },
      coordinates: { latitude: 43.6108, longitude: 3.8767 }, openingHours: HOURS, catchmentPostalCodes: ['34000', '34070', '34080', '34090'],
    }),
    lyon: await createLocation(tx, {
      code: 'store-lyon', name: 'Lyon Presqu’île', kind: 'store',
      address: { line1: '45 rue de la République', postalCode: '69002', city: 'Lyon', country: 'FR' },
      coordinates: { latitude: 45.7597, longitude: 4.8422 }, openingHours: HOURS, catchmentPostalCodes: ['69001', '69002', '69003'],
    }),
    paris: await createLocation(tx, {
      code: 'store-paris', name: 'Paris Marais', kind: 'store',
      address: { line1: '8 rue des Francs-Bourgeois', postalCode: '75003', city: 'Paris', country: 'FR' },
      coordinates: { latitude: 48.8575, longitude: 2.3585 }, openingHours: HOURS, catchmentPostalCodes: ['75003', '75004'],
    }),
    warehouse: await createLocation(tx, {
      code: 'warehouse-orleans', name: 'Entrepôt Orléans', kind: 'warehouse',
      address: { line1: '1 rue de l’Expansion', postalCode: '45770', city: 'Saran', country: 'FR' },
      coordinates: { latitude: 47.95, longitude: 1.875 },
    }),
  }))
}

export interface Session {
  id: string
  token: string
  headers: { authorization: string }
}

/** A staff user of `role` (bound to `locationIds`), logged in over HTTP. */
export async function staffSession(server: TestServer, role: Exclude<StaffRoleName, 'integration'>, locationIds: string[] = []): Promise<Session> {
  const email = `${role}.${randomBytes(4).toString('hex')}@test.omnicanal`
  const password = 'correct horse battery'
  const user = await server.database.transaction((tx) => createStaffUser(tx, { email, displayName: role, role, password, locationIds, grantor: 'system' }))
  const res = await server.app.inject({ method: 'POST', url: '/v1/auth/staff/login', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`staff login failed: ${res.body}`)
  const token = res.json<{ token: string }>().token
  return { id: user.id, token, headers: { authorization: `Bearer ${token}` } }
}

export interface Registration {
  email: string
  password: string
  firstName: string
  lastName: string
  [field: string]: unknown
}

/**
 * Registers a customer over HTTP (202, the same answer for a known email) and logs her in, as an app does. The
 * device's headers, if any, go with the registration only, so that what the registration links stays under test.
 */
export async function registerAndLogIn(server: TestServer, registration: Registration, headers: Record<string, string> = {}): Promise<Session> {
  const registered = await server.app.inject({ method: 'POST', url: '/v1/auth/customers/register', headers, payload: registration })
  if (registered.statusCode !== 202) throw new Error(`register failed: ${registered.body}`)
  const login = await server.app.inject({ method: 'POST', url: '/v1/auth/customers/login', payload: { email: registration.email, password: registration.password } })
  if (login.statusCode !== 200) throw new Error(`login after registration failed: ${login.body}`)
  const body = login.json<{ token: string; customer: { id: string } }>()
  return { id: body.customer.id, token: body.token, headers: { authorization: `Bearer ${body.token}` } }
}

/** A new customer account, registered over HTTP and logged in. */
export async function customerSession(server: TestServer, overrides: { email?: string } = {}): Promise<Session & { email: string }> {
  const email = overrides.email ?? `client.${randomBytes(4).toString('hex')}@example.com`
  const session = await registerAndLogIn(server, { email, password: 'motdepasse-solide', firstName: 'Camille', lastName: 'Martin' })
  return { ...session, email }
}
