/**
 * Authentication: staff logins, customer accounts, anonymous device tokens, shared kiosks (kiosks.ts), integration
 * keys, logout. A login or registration on a kiosk links nothing of the kiosk to the customer.
 * Owns `staff_users`, `staff_locations`, `devices`, `access_tokens`.
 * Invariants: tokens are stored hashed and shown once; a revoked token or a disabled staff user is refused on the
 * next request; login answers the same way (and takes as long) for an unknown email as for a wrong password;
 * registration answers the same way whether or not the email is known, and never logs in, nor alters or claims an
 * existing profile (with or without a password); passwords are hashed with argon2id, and an older hash is replaced at the next successful login.
 * Events: auth.staff_user_created, auth.staff_user_updated, auth.customer_registered,
 * auth.integration_key_created, auth.integration_key_revoked.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { defineHook } from '../../platform/hooks.js'
import { newId } from '../../platform/ids.js'
import { assertStrongPassword, DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from '../../platform/passwords.js'
import {
  checkSignupConsents,
  attachPhoneIfFree,
  createCustomer,
  findCustomer,
  findCustomerByEmail,
  identifierHolder,
  isLiveCustomer,
  linkDeviceIdentifier,
  lockCustomer,
  normaliseEmail,
  normalisePhone,
  recordSignupConsents,
  toCustomerProfile,
  type CustomerProfile,
  type SignupConsent,
} from '../customers/service.js'
import { invalidCredentials } from './errors.js'
import { AUTH_EVENTS } from './events.js'
import { devices, staffUsers } from './schema.js'
import { noticeRegistrationOfKnownEmail } from './notices.js'
import { getStaffUser, type StaffUser } from './staff.js'
import { issueToken, revokeToken } from './tokens.js'

export { resolveActor, revokeToken, revokeSubjectTokens } from './tokens.js'
export { moveCustomerDevices, restoreCustomerDevices } from './customer-merge.js'
export { customerDeviceIds, eraseCustomerAccess, exportCustomerDevices, withoutKioskDevices } from './customer-data.js'
export { KIOSK_TOKEN_TTL_DAYS, registerKioskDevice, type KioskDevice } from './kiosks.js'
export * from './staff.js'

export interface Session {
  token: string
  tokenType: 'Bearer'
  expiresAt: string | null
}

function session(issued: { token: string; expiresAt: Date | null }): Session {
  return { token: issued.token, tokenType: 'Bearer', expiresAt: issued.expiresAt?.toISOString() ?? null }
}

/** Exchanges a staff email and password for a token; refuses disabled accounts and integrations. */
export async function loginStaff(tx: Tx, input: { email: string; password: string; ttlHours: number }): Promise<Session & { staff: StaffUser }> {
  const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.email, input.email)).limit(1)
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)
  if (!user || !ok || user.disabledAt || user.role === 'integration') throw invalidCredentials()
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    // Guarded on the old hash: a password changed meanwhile is never overwritten with this one.
    await tx.update(staffUsers).set({ passwordHash: await hashPassword(input.password) }).where(and(eq(staffUsers.id, user.id), eq(staffUsers.passwordHash, user.passwordHash)))
  }
  const issued = await issueToken(tx, { subjectKind: 'staff', subjectId: user.id, ttlHours: input.ttlHours })
  return { ...session(issued), staff: await getStaffUser(tx, user.id) }
}

/** The calling device, when it is the shopper's own: a shared kiosk's activity belongs to every passer-by (kiosks.ts). */
function ownDevice(actor: Actor | null): string | null {
  return actor?.kind === 'device' && actor.kioskChannelId === null ? actor.id : null
}

/** A shopper's own device now belongs to her customer (a login or a registration on it). */
export interface DeviceLinked {
  deviceId: string
  customerId: string
}

/**
 * Run when a login or registration links the shopper's own device to her customer, in its transaction: what the
 * device did anonymously joins the profile now (journeys adopt its timeline, carts its open carts: carts/adopt.ts
 * states the cart rule). Never run for a shared kiosk.
 */
export const deviceLinked = defineHook<DeviceLinked>('auth.device-linked')

/** Links the calling device (if it is her own) to the customer, so that its anonymous activity can join the profile. */
async function linkDevice(tx: Tx, actor: Actor | null, customerId: string): Promise<void> {
  const deviceId = ownDevice(actor)
  if (deviceId === null) return
  await tx.update(devices).set({ customerId }).where(eq(devices.id, deviceId))
  await deviceLinked.run(tx, { deviceId, customerId })
}

export interface RegisterCustomerInput {
  email: string
  password: string
  firstName: string
  lastName: string
  phone?: string
  postalCode?: string
  locale?: 'fr' | 'en'
  /** Decisions ticked on the registration form (web_form or checkout), recorded in the consent history. */
  consents?: SignupConsent[]
}

/** The answer to a registration: the same, status and body, whether or not the email already had an account. */
export interface RegistrationAccepted {
  status: 'accepted'
  email: string
}

/**
 * Opens a customer account, to log in to next, for an email nobody holds. An email already held by any profile (an
 * account, a guest order, a walk-in, a profile merged away) is left as it is: nothing is written, no password is set
 * (that would need proof of owning the email, which needs a mail port) and its owner gets a notice. A phone someone
 * else holds is left out of the new account. The answer is the same in every case, so registration cannot tell
 * anyone which emails or phones are known.
 */
export async function registerCustomer(tx: Tx, input: RegisterCustomerInput & { actor: Actor | null }): Promise<RegistrationAccepted> {
  // Everything that can refuse the form is checked before anything depends on whether the email is known.
  await assertStrongPassword(input.password, [input.email, input.firstName, input.lastName])
  if (input.consents?.length) await checkSignupConsents(tx, { consents: input.consents, field: '/body/consents' })
  const phone = input.phone ? normalisePhone(input.phone, '/body/phone') : null
  const passwordHash = await hashPassword(input.password)
  const accepted: RegistrationAccepted = { status: 'accepted', email: input.email }
  const email = normaliseEmail(input.email)
  // customers.email is cleared on a merged-away profile, which keeps the email only as an identifier: both are asked.
  const knownId = (await findCustomerByEmail(tx, email))?.id ?? (await identifierHolder(tx, { kind: 'email', value: email }))
  const profile = { firstName: input.firstName, lastName: input.lastName, phone: null, postalCode: input.postalCode ?? null, locale: input.locale ?? 'fr' }
  const customer = knownId === null ? await createCustomer(tx, { email, passwordHash, ...profile }) : null
  if (!customer) {
    // Known, or created by a registration committing meanwhile (the unique email decided).
    const ownerId = knownId ?? (await findCustomerByEmail(tx, email))?.id
    const owner = ownerId ? await findCustomer(tx, ownerId) : undefined
    if (owner) await noticeRegistrationOfKnownEmail(tx, { customerId: owner.id, email, locale: owner.locale === 'en' ? 'en' : 'fr' })
    return accepted
  }
  if (phone !== null) await attachPhoneIfFree(tx, { customerId: customer.id, phone })
  await linkDevice(tx, input.actor, customer.id)
  if (input.consents?.length) await recordSignupConsents(tx, { customerId: customer.id, consents: input.consents, field: '/body/consents' })
  // createCustomer gave the profile its email identifier; the registering device (her own) becomes one too.
  const deviceId = ownDevice(input.actor)
  if (deviceId !== null) await linkDeviceIdentifier(tx, { customerId: customer.id, deviceId })
  await emit(tx, AUTH_EVENTS.customerRegistered, { customerId: customer.id }, { customerId: customer.id })
  return accepted
}

/** Exchanges a customer email and password for a token. */
export async function loginCustomer(
  tx: Tx,
  input: { email: string; password: string; actor: Actor | null; ttlHours: number },
): Promise<Session & { customer: CustomerProfile }> {
  const customer = await findCustomerByEmail(tx, input.email)
  const ok = await verifyPassword(input.password, customer?.passwordHash ?? DUMMY_PASSWORD_HASH)
  if (!customer || !customer.passwordHash || !ok) throw invalidCredentials()
  // The row was read unlocked: a merge or an erasure of this profile may be committing. The lock waits for it, and
  // the check refuses a profile it merged away or erased, so no token is issued to one (the merge or erasure, if it
  // comes second, waits for this login and then revokes the token it issued).
  const locked = await lockCustomer(tx, customer.id)
  if (!locked || !isLiveCustomer(locked) || !locked.passwordHash) throw invalidCredentials()
  // A hash changed meanwhile (a concurrent login's rehash of the same password, or a new password) is checked again:
  // the password is right only if it matches the hash as it now stands.
  if (locked.passwordHash !== customer.passwordHash && !(await verifyPassword(input.password, locked.passwordHash))) throw invalidCredentials()
  if (needsRehash(locked.passwordHash)) {
    // The row is locked: the hash just verified is the one replaced.
    await tx.execute(sql`update customers set password_hash = ${await hashPassword(input.password)} where id = ${customer.id} and password_hash = ${locked.passwordHash}`)
  }
  await linkDevice(tx, input.actor, customer.id)
  const issued = await issueToken(tx, { subjectKind: 'customer', subjectId: customer.id, ttlHours: input.ttlHours })
  return { ...session(issued), customer: toCustomerProfile(customer) }
}

/** Gives an anonymous shopper a device and its token, so their carts and activity can later join a customer. */
export async function createAnonymousSession(tx: Tx, input: { userAgent: string | null; ttlDays: number }): Promise<Session & { deviceId: string }> {
  const deviceId = newId('dev')
  await tx.insert(devices).values({ id: deviceId, userAgent: input.userAgent?.slice(0, 500) ?? null })
  const issued = await issueToken(tx, { subjectKind: 'device', subjectId: deviceId, ttlHours: input.ttlDays * 24 })
  return { ...session(issued), deviceId }
}

/** Revokes the token the request was made with. */
export async function logout(tx: Tx, input: { actor: Actor }): Promise<void> {
  await revokeToken(tx, input.actor.tokenId)
}
