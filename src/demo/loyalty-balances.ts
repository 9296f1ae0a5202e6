/**
 * Points the demo accounts can spend from the first start: the README's redemption example exchanges Léa's points for
 * a 25 € voucher, and Camille can take the 10 € one. Orders earn points only as pending until their return window
 * closes, so the seeded orders alone leave nothing to redeem; these come, as in a real migration, from the paper
 * card the shop had before (an adjustment of available points, lifetime and tier unmoved).
 */
import { findCustomerByEmail } from '../modules/customers/service.js'
import { adjustLoyaltyPoints } from '../modules/loyalty/service.js'
import { SYSTEM_ACTOR } from '../platform/auth.js'
import type { Tx } from '../platform/db.js'
import { HEROINE } from './heroine.js'

/** Available points carried over per demo account: enough for the 25 € reward (1000) and the 10 € one (500). */
export const DEMO_CARRIED_POINTS = [
  { email: HEROINE.email, points: 1200 },
  // The generator's customer 0, whatever the seed.
  { email: 'camille.martin@example.com', points: 600 },
] as const

/** Credits each demo account that exists (Léa only when journeys were seeded); answers how many were credited. */
export async function seedDemoLoyaltyBalances(tx: Tx): Promise<number> {
  let credited = 0
  for (const { email, points } of DEMO_CARRIED_POINTS) {
    const customer = await findCustomerByEmail(tx, email)
    if (!customer) continue
    await adjustLoyaltyPoints(tx, { customerId: customer.id, points, note: 'Points de l’ancienne carte de fidélité repris', actor: SYSTEM_ACTOR })
    credited++
  }
  return credited
}
