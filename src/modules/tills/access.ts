/**
 * Who may use a store's till: its associates and managers, and admins. Store staff of another store get a 404 (as on
 * every location-scoped route: ids cannot be probed); anyone else (call centre, integrations, customers) a 403.
 */
import { isStoreStaff, type Actor } from '../../platform/auth.js'
import { managersOnly, tillStaffOnly } from './errors.js'

export type TillActor = Extract<Actor, { kind: 'staff' }>

/** The staff actor when it may act at the location's till; throws 404 `notHere` for another store's staff, 403 otherwise. */
export function assertTillStaff(actor: Actor | null, locationId: string, notHere: () => Error): TillActor {
  if (actor?.kind === 'staff' && actor.role === 'admin') return actor
  if (isStoreStaff(actor)) {
    if (!actor.locationIds.includes(locationId)) throw notHere()
    return actor
  }
  throw tillStaffOnly()
}

/** The staff actor when it is a manager of the location or an admin; associates get a 403 naming who may. */
export function assertStoreManager(actor: Actor | null, locationId: string, notHere: () => Error): TillActor {
  const staff = assertTillStaff(actor, locationId, notHere)
  if (staff.role === 'store_associate') throw managersOnly()
  return staff
}
