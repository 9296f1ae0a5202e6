/**
 * Staff accounts, their store bindings and integration keys. Whoever changes them (`grantor`) is held to the grant rule
 * of platform/auth.ts: nobody grants a role or a scope they do not hold, nor changes an account or revokes a key more
 * powerful than they could have made; only the in-process seed and fixtures act as 'system'.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { assertCanGrantRole, assertCanGrantScopes, assertCanManage, isAdmin, PERMISSIONS, type Actor, type Permission } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { newId } from '../../platform/ids.js'
import { defineListOrder, listTablePage } from '../../platform/list-order.js'
import { notFound } from '../../platform/problems.js'
import { assertStrongPassword, hashPassword } from '../../platform/passwords.js'
import { missingLocationIds } from '../locations/service.js'
import { emailTaken, keyOutlivesGrantor, locationsNotAllowed, locationsRequired, noPasswordForIntegration, notAnIntegration, unknownLocation } from './errors.js'
import { AUTH_EVENTS } from './events.js'
import { accessTokens, staffLocations, staffUsers } from './schema.js'
import { issueToken, revokeSubjectTokens, tokenExpiry } from './tokens.js'

export type StaffRoleName = (typeof staffUsers.$inferSelect)['role']

/** Who grants: the calling actor at the routes, or 'system' for the in-process demo seed and test fixtures. */
export type Grantor = Actor | 'system'

export interface StaffUser {
  id: string
  email: string
  displayName: string
  role: StaffRoleName
  locationIds: string[]
  disabled: boolean
  createdAt: string
}

const LOCATION_BOUND: readonly StaffRoleName[] = ['store_manager', 'store_associate']

async function locationIdsOf(tx: Tx, userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>()
  if (userIds.length === 0) return map
  const rows = await tx.select().from(staffLocations).where(inArray(staffLocations.staffUserId, userIds)).orderBy(asc(staffLocations.locationId))
  for (const row of rows) map.set(row.staffUserId, [...(map.get(row.staffUserId) ?? []), row.locationId])
  return map
}

function toStaffUser(row: typeof staffUsers.$inferSelect, locationIds: string[]): StaffUser {
  return { id: row.id, email: row.email, displayName: row.displayName, role: row.role, locationIds, disabled: row.disabledAt !== null, createdAt: row.createdAt.toISOString() }
}

/** One staff user, or a 404. */
export async function getStaffUser(tx: Tx, id: string): Promise<StaffUser> {
  const [row] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1)
  if (!row) throw notFound('Staff user', id, '/params/id')
  return toStaffUser(row, (await locationIdsOf(tx, [id])).get(id) ?? [])
}

export const STAFF_SORT_KEYS = ['createdAt', 'email', 'displayName'] as const
const staffListOrder = defineListOrder<(typeof STAFF_SORT_KEYS)[number]>({
  keys: { createdAt: { sql: staffUsers.createdAt, type: 'time' }, email: { sql: staffUsers.email, type: 'text' }, displayName: { sql: staffUsers.displayName, type: 'text' } },
  tiebreaker: staffUsers.id,
  defaultDescending: false,
})

/** Staff users by creation order (or `sort`), one cursor page at a time. */
export async function listStaffUsers(tx: Tx, input: { sort?: string; count?: boolean; cursor?: string; limit: number }) {
  return listTablePage(tx, staffUsers, staffListOrder, input, undefined, async (rows) => {
    const locationMap = await locationIdsOf(tx, rows.map((r) => r.id))
    return rows.map((r) => toStaffUser(r, locationMap.get(r.id) ?? []))
  })
}

async function bindLocations(tx: Tx, userId: string, role: StaffRoleName, locationIds: string[]): Promise<void> {
  if (LOCATION_BOUND.includes(role) && locationIds.length === 0) throw locationsRequired()
  if (!LOCATION_BOUND.includes(role) && locationIds.length > 0) throw locationsNotAllowed()
  const unique = [...new Set(locationIds)]
  const [missing] = await missingLocationIds(tx, unique)
  if (missing) throw unknownLocation(missing)
  await tx.delete(staffLocations).where(eq(staffLocations.staffUserId, userId))
  if (unique.length > 0) await tx.insert(staffLocations).values(unique.map((locationId) => ({ staffUserId: userId, locationId })))
}

export interface NewStaffUser {
  email: string
  displayName: string
  role: StaffRoleName
  password?: string
  locationIds?: string[]
  /** Precomputed hash (demo seeding hashes each demo password once). */
  passwordHash?: string
  grantor: Grantor
}

function asPermissions(scopes: string[]): Permission[] {
  return scopes.filter((s): s is Permission => (PERMISSIONS as readonly string[]).includes(s))
}

/** The scopes of an account's live keys (none for a person). */
async function liveKeyScopes(tx: Tx, staffUserId: string): Promise<Permission[]> {
  const rows = await tx
    .select({ scopes: accessTokens.scopes })
    .from(accessTokens)
    .where(and(eq(accessTokens.subjectKind, 'integration'), eq(accessTokens.subjectId, staffUserId), isNull(accessTokens.revokedAt)))
  return asPermissions(rows.flatMap((r) => r.scopes))
}

/**
 * Creates a staff user bound to its locations; integrations get no password. The grantor must hold the role's
 * permissions (admins alone create admins), and a password must pass the strength check.
 */
export async function createStaffUser(tx: Tx, input: NewStaffUser): Promise<StaffUser> {
  if (input.grantor !== 'system') assertCanGrantRole(input.grantor, input.role)
  if (input.password && input.role !== 'integration') await assertStrongPassword(input.password, [input.email, input.displayName])
  const id = newId('usr')
  const passwordHash = input.role === 'integration' ? null : (input.passwordHash ?? (input.password ? await hashPassword(input.password) : null))
  const [row] = await tx
    .insert(staffUsers)
    .values({ id, email: input.email, displayName: input.displayName, role: input.role, passwordHash })
    .onConflictDoNothing({ target: staffUsers.email })
    .returning()
  if (!row) throw emailTaken()
  await bindLocations(tx, id, input.role, input.locationIds ?? [])
  await emit(tx, AUTH_EVENTS.staffUserCreated, { staffUserId: id, role: input.role })
  return getStaffUser(tx, id)
}

/**
 * Changes a staff user; disabling revokes every token at once. The grantor must be able to grant what the account
 * holds now (its role and its keys' scopes) and any new role; a new password must pass the strength check.
 */
export async function updateStaffUser(
  tx: Tx,
  input: { id: string; displayName?: string; role?: StaffRoleName; password?: string; locationIds?: string[]; disabled?: boolean; grantor: Grantor },
): Promise<StaffUser> {
  const current = await getStaffUser(tx, input.id)
  if (input.grantor !== 'system') {
    assertCanManage(input.grantor, { role: current.role, scopes: await liveKeyScopes(tx, current.id) }, '/params/id')
    if (input.role !== undefined) assertCanGrantRole(input.grantor, input.role)
  }
  const role = input.role ?? current.role
  // As at creation: an integration signs in with keys only, so a password on it would be a second, unmanaged way in.
  if (input.password !== undefined && role === 'integration') throw noPasswordForIntegration()
  if (input.password) await assertStrongPassword(input.password, [current.email, input.displayName ?? current.displayName])
  await tx
    .update(staffUsers)
    .set({
      displayName: input.displayName ?? current.displayName,
      role,
      ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
      ...(input.disabled === undefined ? {} : { disabledAt: input.disabled ? sql`coalesce(${staffUsers.disabledAt}, now())` : null }),
      updatedAt: sql`now()`,
    })
    .where(eq(staffUsers.id, input.id))
  if (input.locationIds !== undefined || input.role !== undefined) await bindLocations(tx, input.id, role, input.locationIds ?? current.locationIds)
  if (input.disabled) {
    await revokeSubjectTokens(tx, 'staff', input.id)
    await revokeSubjectTokens(tx, 'integration', input.id)
  }
  await emit(tx, AUTH_EVENTS.staffUserUpdated, { staffUserId: input.id, role, disabled: input.disabled ?? current.disabled })
  return getStaffUser(tx, input.id)
}

export interface IntegrationKey {
  id: string
  label: string
  scopes: Permission[]
  expiresAt: string | null
  revoked: boolean
  createdAt: string
}

/**
 * Issues an API key for an integration account, limited to `scopes` the grantor may grant and, for a non-admin, to the
 * lifetime of the grantor's own token (no expiry asked: it expires with it; a longer one asked: a 403); the secret is
 * returned once.
 */
export async function createIntegrationKey(
  tx: Tx,
  input: { staffUserId: string; label: string; scopes: Permission[]; ttlHours: number | null; grantor: Grantor },
): Promise<IntegrationKey & { token: string }> {
  if (input.grantor !== 'system') assertCanGrantScopes(input.grantor, input.scopes)
  const user = await getStaffUser(tx, input.staffUserId)
  if (user.role !== 'integration') throw notAnIntegration()
  // A non-admin's key lives no longer than the token that issues it, so a short-lived key cannot mint a lasting one.
  const notAfter = input.grantor === 'system' || isAdmin(input.grantor) ? null : await tokenExpiry(tx, input.grantor.tokenId)
  if (notAfter !== null && input.ttlHours !== null && Date.now() + input.ttlHours * 3_600_000 > notAfter.getTime()) throw keyOutlivesGrantor(notAfter)
  const issued = await issueToken(tx, { subjectKind: 'integration', subjectId: user.id, ttlHours: input.ttlHours, notAfter, scopes: input.scopes, label: input.label })
  await emit(tx, AUTH_EVENTS.integrationKeyCreated, { staffUserId: user.id, keyId: issued.id, scopes: input.scopes })
  return { id: issued.id, label: input.label, scopes: input.scopes, expiresAt: issued.expiresAt?.toISOString() ?? null, revoked: false, createdAt: new Date().toISOString(), token: issued.token }
}

/** Revokes one API key of an integration account, if the grantor could have granted its scopes; an unknown key is a 404. */
export async function revokeIntegrationKey(tx: Tx, input: { staffUserId: string; keyId: string; grantor: Grantor }): Promise<void> {
  if (input.grantor !== 'system') {
    const [key] = await tx
      .select({ scopes: accessTokens.scopes })
      .from(accessTokens)
      .where(and(eq(accessTokens.id, input.keyId), eq(accessTokens.subjectKind, 'integration'), eq(accessTokens.subjectId, input.staffUserId), isNull(accessTokens.revokedAt)))
    if (key) assertCanManage(input.grantor, { role: 'integration', scopes: asPermissions(key.scopes) }, '/params/keyId')
  }
  const revoked = await tx
    .update(accessTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(accessTokens.id, input.keyId), eq(accessTokens.subjectKind, 'integration'), eq(accessTokens.subjectId, input.staffUserId), isNull(accessTokens.revokedAt)))
    .returning({ id: accessTokens.id })
  if (revoked.length === 0) throw notFound('API key', input.keyId, '/params/keyId')
  await emit(tx, AUTH_EVENTS.integrationKeyRevoked, { staffUserId: input.staffUserId, keyId: input.keyId })
}
