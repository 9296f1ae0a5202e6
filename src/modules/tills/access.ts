/**
 * Who may use a store's till: its associates and managers, and admins. Store staff of another store get a 404 (as on
 * every location-scoped route: ids cannot be probed); anyone else (call centre, integrations, customers) a 403.
 */
import { isStoreStaff, type Actor } from '../../platform/auth.js'
import { managersOnly, sessionHolderOnly, tillStaffOnly } from './errors.js'

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

/**
 * Taking cash out, closing and reading the X report (the store's takings so far) belong to the session's opener, a
 * manager of its store or an admin: a colleague's drawer is not another associate's to empty, count or read.
 * `staff` already passed assertTillStaff for the session's store.
 */
export function assertSessionHolder(staff: TillActor, session: { openedByStaffId: string | null }, action: string): void {
  if (staff.role === 'store_associate' && session.openedByStaffId !== staff.id) throw sessionHolderOnly(action)
}
