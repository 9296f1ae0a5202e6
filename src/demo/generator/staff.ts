// Back-office, store and call-centre accounts. Fixed (not seeded) because the README documents them.
// Passwords are demo strings, meant to be typed in a demo; a real deployment has none of these accounts.

import type { DemoStaff } from './types.js'
import { STAFF_EMAIL_DOMAIN } from './brand.js'
import { storeCode, STORE_CITIES, WAREHOUSE_CODE } from './locations.js'

export const STAFF_PASSWORDS = {
  admin: 'demo-admin',
  store: 'demo-store',
  phone: 'demo-phone',
  integration: 'demo-integration',
} as const

const STORE_TEAMS: Readonly<Record<string, readonly [manager: string, associate1: string, associate2: string]>> = {
  montpellier: ['Sophie Delmas', 'Julien Roux', 'Inès Benali'],
  lyon: ['Claire Fabre', 'Maxime Girard', 'Léa Nguyen'],
  paris: ['Nathalie Perrin', 'Hugo Lefèvre', 'Amandine Dupuis'],
}

function email(localPart: string): string {
  return `${localPart}@${STAFF_EMAIL_DOMAIN}`
}

/**
 * Every location code referenced exists. Head-office accounts list every location explicitly, so
 * no consumer has to know that "no locations" might mean "all of them".
 */
export function generateStaff(): DemoStaff[] {
  const allLocations = [WAREHOUSE_CODE, ...STORE_CITIES.map(storeCode)]
  const staff: DemoStaff[] = [
    {
      email: email('admin'),
      displayName: 'Aurélie Marchand (administratrice)',
      role: 'admin',
      locationCodes: allLocations,
      password: STAFF_PASSWORDS.admin,
    },
  ]
  for (const city of STORE_CITIES) {
    const team = STORE_TEAMS[city]
    if (!team) throw new Error(`no staff listed for the ${city} store`)
    const [manager, associate1, associate2] = team
    const locationCodes = [storeCode(city)]
    const password = STAFF_PASSWORDS.store
    staff.push(
      { email: email(`responsable.${city}`), displayName: manager, role: 'store_manager', locationCodes, password },
      {
        email: email(`vendeur.${city}`),
        displayName: associate1,
        role: 'store_associate',
        locationCodes: [...locationCodes],
        password,
      },
      {
        email: email(`vendeuse.${city}`),
        displayName: associate2,
        role: 'store_associate',
        locationCodes: [...locationCodes],
        password,
      },
    )
  }
  staff.push(
    {
      email: email('service-client'),
      displayName: 'Karim Haddad (service client)',
      role: 'call_centre_agent',
      locationCodes: [...allLocations],
      password: STAFF_PASSWORDS.phone,
    },
    {
      email: email('integration'),
      displayName: 'Intégration marketplace et ERP',
      role: 'integration',
      locationCodes: [...allLocations],
      password: STAFF_PASSWORDS.integration,
    },
  )
  return staff
}
