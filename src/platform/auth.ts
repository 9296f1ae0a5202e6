/**
 * Who is calling and what they may do. The auth module resolves a bearer token into an Actor; this file holds the
 * role → permission table and the checks routes use. Deny by default: a permission not listed is refused, and a
 * resource outside the caller's reach answers 404 so that ids cannot be probed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from './problems.js'

export const STAFF_ROLES = ['admin', 'store_manager', 'store_associate', 'call_centre_agent', 'integration'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const PERMISSIONS = [
  'catalog:write',
  'channels:write',
  'locations:write',
  'locations:update',
  'webhooks:manage',
  'events:read',
  'staff:manage',
  'customers:read',
  /** Create walk-in customers at the till or by phone, change profiles, issue loyalty cards. */
  'customers:write',
  /** Merge two customer profiles into one, and revert a merge (identity resolution by hand). */
  'customers:merge',
  /** Export everything held about a customer (GDPR access right) and read who accessed their data. */
  'customers:export',
  /** Erase a customer's personal data (GDPR right to erasure); orders and invoices stay, anonymised. */
  'customers:erase',
  /** Stock levels, availability details, movements and transfers (reading). */
  'inventory:read',
  /** Receipts, adjustments, counts, safety stock, holds and transfers (store staff: at their own stores). */
  'inventory:write',
  /** Open and change carts on a customer's behalf (store till, phone); shoppers need no permission for their own. */
  'carts:manage',
  /** Read orders of any customer (store staff: orders placed at, fulfilled from or collected at their stores). */
  'orders:read',
  /** Move orders and fulfilments through their lifecycle, take payments at the till, hand over pickups. */
  'orders:manage',
  /** Take returns and refunds for any order, at any store. */
  'returns:manage',
  /** Adjust a customer's store credit by hand (goodwill, corrections). */
  'credit:adjust',
  /**
   * Issue gift cards, look them up and read their ledger (admins and integrations with the scope): an issued card is
   * money, so stores get it once gift cards are sold through checkout. Disabling and adjusting need credit:adjust.
   */
  'gift_cards:issue',
  /** Report messages sent and opened on customers' timelines (messaging and CRM integrations). */
  'touchpoints:write',
  /** Price lists, their prices, customer groups, promotions, coupons and the loyalty programme's settings, tiers and rewards. */
  'pricing:manage',
  /** Credit or debit a customer's loyalty points by hand (goodwill, corrections), through the ledger. */
  'loyalty:adjust',
  /** Publish, hold or reject customers' product reviews, and read the moderation queue. */
  'reviews:moderate',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export type Actor =
  | { kind: 'staff'; id: string; tokenId: string; role: Exclude<StaffRole, 'integration'>; locationIds: string[] }
  /** An integration (API key) holds only the scopes it was given; it is not bound to locations. */
  | { kind: 'integration'; id: string; tokenId: string; scopes: Permission[] }
  | { kind: 'customer'; id: string; tokenId: string }
  /** kioskChannelId is set for a shared in-store kiosk (registered by staff), null for a shopper's own device. */
  | { kind: 'device'; id: string; tokenId: string; kioskChannelId: string | null }

/** Who did something, as ledgers and histories record it: the actor's kind and id, or the system (a job). */
export interface ActorRef {
  kind: Actor['kind'] | 'system' | 'anonymous'
  id: string | null
}

export const SYSTEM_ACTOR: ActorRef = { kind: 'system', id: null }

export function actorRefOf(actor: Actor | null): ActorRef {
  return actor ? { kind: actor.kind, id: actor.id } : { kind: 'anonymous', id: null }
}

const ROLE_PERMISSIONS: Record<Exclude<StaffRole, 'integration'>, readonly Permission[]> = {
  admin: PERMISSIONS,
  // `locations:update` for store roles is further narrowed to their own locations by canActAt.
  store_manager: ['locations:update', 'events:read', 'customers:read', 'customers:write', 'inventory:read', 'inventory:write', 'carts:manage', 'orders:read', 'orders:manage', 'returns:manage'],
  store_associate: ['events:read', 'customers:read', 'customers:write', 'inventory:read', 'inventory:write', 'carts:manage', 'orders:read', 'orders:manage', 'returns:manage'],
  // The call centre sells and takes returns by phone and mail; it changes no stock by hand.
  call_centre_agent: ['events:read', 'customers:read', 'customers:write', 'inventory:read', 'carts:manage', 'orders:read', 'orders:manage', 'returns:manage'],
}

/** The permissions a staff role carries; an integration account carries none by itself, only its keys' scopes. */
export function permissionsOfRole(role: StaffRole): readonly Permission[] {
  return role === 'integration' ? [] : ROLE_PERMISSIONS[role]
}

/** Every permission the actor holds: its role's for staff, its key's scopes for an integration. */
export function permissionsOf(actor: Actor | null): readonly Permission[] {
  switch (actor?.kind) {
    case 'staff':
      return ROLE_PERMISSIONS[actor.role]
    case 'integration':
      return actor.scopes
    case 'customer':
      return ['events:read']
    default:
      return []
  }
}

/** True when the actor holds the permission (location scope is checked separately with canActAt). */
export function can(actor: Actor | null, permission: Permission): boolean {
  return permissionsOf(actor).includes(permission)
}

/**
 * Permissions only an admin grants: holding one lets an account create accounts and keys, so a key or a role that
 * carries it is admin-scoped, whoever else holds it.
 */
export const ADMIN_ONLY_PERMISSIONS: readonly Permission[] = ['staff:manage']

/** True for a staff actor with the admin role (never an integration key, whatever its scopes). */
export function isAdmin(actor: Actor | null): boolean {
  return actor?.kind === 'staff' && actor.role === 'admin'
}

/** What stops the actor from granting `permissions`: those it lacks, and the admin-only ones (for a non-admin). */
export function grantShortfall(actor: Actor | null, permissions: readonly Permission[]): { missing: Permission[]; adminOnly: Permission[] } {
  if (isAdmin(actor)) return { missing: [], adminOnly: [] }
  const held = permissionsOf(actor)
  const wanted = [...new Set(permissions)]
  return { missing: wanted.filter((p) => !held.includes(p)), adminOnly: wanted.filter((p) => ADMIN_ONLY_PERMISSIONS.includes(p)) }
}

/** True when the actor may give a key these scopes: it holds each one itself, and only admins give admin-only ones. */
export function canGrantScopes(actor: Actor | null, scopes: readonly Permission[]): boolean {
  const shortfall = grantShortfall(actor, scopes)
  return shortfall.missing.length === 0 && shortfall.adminOnly.length === 0
}

/** True when the actor may give an account this role: admins any; others a non-admin role within their own permissions. */
export function canGrantRole(actor: Actor | null, role: StaffRole): boolean {
  return (role !== 'admin' || isAdmin(actor)) && canGrantScopes(actor, permissionsOfRole(role))
}

function grantRefused(field: string, what: string, shortfall: { missing: Permission[]; adminOnly: Permission[] }): DomainError {
  const reasons = [
    ...(shortfall.adminOnly.length > 0 ? [`only an admin grants ${shortfall.adminOnly.join(', ')}`] : []),
    ...(shortfall.missing.length > 0 ? [`you do not hold ${shortfall.missing.join(', ')}`] : []),
  ]
  return new DomainError({
    code: 'forbidden',
    status: 403,
    title: 'Forbidden',
    detail: `You may not ${what}: ${reasons.join('; ')}. Nobody grants a role or a scope they do not hold.`,
    field,
    data: { missing: shortfall.missing, adminOnly: shortfall.adminOnly },
  })
}

/** Throws a 403 naming `field` unless the actor may grant `role` (canGrantRole). */
export function assertCanGrantRole(actor: Actor | null, role: StaffRole, field = '/body/role'): void {
  if (canGrantRole(actor, role)) return
  // The admin role carries every permission, admin-only ones included, so the shortfall always names why.
  throw grantRefused(field, `grant the ${role} role`, grantShortfall(actor, permissionsOfRole(role)))
}

/** Throws a 403 naming `field` unless the actor may grant every one of `scopes` (canGrantScopes). */
export function assertCanGrantScopes(actor: Actor | null, scopes: readonly Permission[], field = '/body/scopes'): void {
  if (!canGrantScopes(actor, scopes)) throw grantRefused(field, 'grant these scopes', grantShortfall(actor, scopes))
}

/**
 * Throws a 403 naming `field` unless the actor could have granted everything an existing account or key holds (its
 * role and its keys' scopes): changing, disabling, resetting the password of or revoking the keys of a more powerful
 * account would be a way around the grant rule.
 */
export function assertCanManage(actor: Actor | null, target: { role: StaffRole; scopes: readonly Permission[] }, field: string): void {
  if (canGrantRole(actor, target.role) && canGrantScopes(actor, target.scopes)) return
  const what = target.role === 'integration' ? 'manage this integration or its key' : `manage this ${target.role} account`
  throw grantRefused(field, what, grantShortfall(actor, [...permissionsOfRole(target.role), ...target.scopes]))
}

/** Store managers and associates: staff bound to their own stores (canActAt narrows them to those). */
export function isStoreStaff(actor: Actor | null): actor is Extract<Actor, { kind: 'staff' }> {
  return actor?.kind === 'staff' && (actor.role === 'store_manager' || actor.role === 'store_associate')
}

/** True when the actor may act for this location: admins and integrations everywhere, store staff at their own. */
export function canActAt(actor: Actor | null, locationId: string): boolean {
  if (!actor) return false
  if (actor.kind === 'integration') return true
  if (actor.kind !== 'staff') return false
  return actor.role === 'admin' || actor.locationIds.includes(locationId)
}

export function unauthenticated(detail = 'Send a valid bearer token in the Authorization header.'): DomainError {
  return new DomainError({ code: 'unauthenticated', status: 401, title: 'Authentication required', detail })
}

export function forbidden(permission: string): DomainError {
  return new DomainError({ code: 'forbidden', status: 403, title: 'Forbidden', detail: `This action needs the ${permission} permission.` })
}

/** Returns the authenticated actor or throws a 401 problem. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthenticated()
  return request.actor
}

export type ActorResolver = (rawToken: string) => Promise<Actor | null>

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null
  }
  interface FastifyContextConfig {
    /** The permission a route requires; checked before the handler runs. Routes without it are public. */
    can?: Permission
    /** The route needs any authenticated caller (customer, device or staff). */
    authenticated?: boolean
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  return match?.[1] ?? null
}

/** onRequest hook: resolves the bearer token once per request; a bad or revoked token is a 401, never anonymous. */
export function authenticateRequest(resolve: ActorResolver) {
  return async (request: FastifyRequest): Promise<void> => {
    request.actor = null
    const token = bearerToken(request)
    if (request.headers.authorization && !token) throw unauthenticated('The Authorization header must be "Bearer <token>".')
    if (!token) return
    const actor = await resolve(token)
    if (!actor) throw unauthenticated('The token is unknown, expired or revoked.')
    request.actor = actor
  }
}

/** preHandler hook: enforces the route's `config.can` / `config.authenticated`. */
export async function authorizeRoute(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const config = request.routeOptions.config
  if (!config.can && !config.authenticated) return
  if (!request.actor) throw unauthenticated()
  if (config.can && !can(request.actor, config.can)) throw forbidden(config.can)
}
