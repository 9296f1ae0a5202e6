/**
 * Customer groups: named sets of customers (staff, a B2B account, VIP) that price lists and promotions target.
 * Owns `customer_groups` and `customer_group_members`.
 * Invariants: a code is lower-case `[a-z0-9][a-z0-9_-]{0,39}` (CHECK); a customer is in a group at most once
 * (primary key), so adding is idempotent; only live profiles (not merged, not erased) join a group.
 * Events: customers.group_saved, customers.group_member_added, customers.group_member_removed.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { preconditionFailed, versionCondition, type ExpectedVersion } from '../../platform/concurrency.js'
import type { Tx } from '../../platform/db.js'
import { emit } from '../../platform/events.js'
import { defineListOrder, listTablePage, type ListPage, type ListWindow } from '../../platform/list-order.js'
import { notFound } from '../../platform/problems.js'
import { CUSTOMER_GROUP_EVENTS } from './events.js'
import { lockLiveCustomer } from './profile-guards.js'
import { customerGroupMembers, customerGroups } from './schema.js'

export { CUSTOMER_GROUP_EVENTS }

export interface CustomerGroup {
  code: string
  name: string
  memberCount: number
  version: number
  createdAt: string
}

const groupNotFound = (code: string) => notFound('Customer group', code, '/params/code')

function memberCountOf(code: SQL | typeof customerGroups.code): SQL<number> {
  return sql<number>`(select count(*)::int from ${customerGroupMembers} where ${customerGroupMembers.groupCode} = ${code})`
}

/**
 * Creates the group or renames it; the code never changes. A rename that names a version (If-Match) happens only if
 * the group is still at it: the upsert's conflict WHERE compares it, and no row back means 412.
 */
export async function saveCustomerGroup(tx: Tx, input: { code: string; name: string; expectedVersion?: ExpectedVersion }): Promise<CustomerGroup> {
  const [row] = await tx
    .insert(customerGroups)
    .values({ code: input.code, name: input.name })
    .onConflictDoUpdate({ target: customerGroups.code, set: { name: sql`excluded.name` }, setWhere: versionCondition(customerGroups.version, input.expectedVersion) })
    .returning()
  if (!row) {
    const [current] = await tx.select({ version: customerGroups.version }).from(customerGroups).where(eq(customerGroups.code, input.code))
    throw preconditionFailed('customer group', current?.version ?? 0)
  }
  await emit(tx, CUSTOMER_GROUP_EVENTS.saved, { code: row.code, name: row.name })
  const [count] = await tx
    .select({ memberCount: memberCountOf(customerGroups.code) })
    .from(customerGroups)
    .where(eq(customerGroups.code, row.code))
  return { code: row.code, name: row.name, memberCount: count?.memberCount ?? 0, version: row.version, createdAt: row.createdAt.toISOString() }
}

export const CUSTOMER_GROUP_SORT_KEYS = ['code', 'name', 'createdAt'] as const
const customerGroupListOrder = defineListOrder<(typeof CUSTOMER_GROUP_SORT_KEYS)[number]>({
  keys: { code: { sql: customerGroups.code, type: 'text' }, name: { sql: customerGroups.name, type: 'text' }, createdAt: { sql: customerGroups.createdAt, type: 'time' } },
  tiebreaker: customerGroups.code,
  defaultDescending: false,
})

/** One page of groups with their number of members, by code unless `sort` says otherwise. */
export async function listCustomerGroups(tx: Tx, input: ListWindow): Promise<ListPage<CustomerGroup>> {
  return listTablePage(tx, customerGroups, customerGroupListOrder, input, undefined, async (rows) => {
    const codes = rows.map((row) => row.code)
    const counts =
      codes.length === 0
        ? []
        : await tx
            .select({ code: customerGroupMembers.groupCode, n: count() })
            .from(customerGroupMembers)
            .where(inArray(customerGroupMembers.groupCode, codes))
            .groupBy(customerGroupMembers.groupCode)
    const memberCounts = new Map(counts.map((row) => [row.code, row.n]))
    return rows.map((row) => ({ code: row.code, name: row.name, memberCount: memberCounts.get(row.code) ?? 0, version: row.version, createdAt: row.createdAt.toISOString() }))
  })
}

/** The codes of every group, for checking the groups a price list or promotion names. */
export async function customerGroupCodes(tx: Tx): Promise<Set<string>> {
  const rows = await tx.select({ code: customerGroups.code }).from(customerGroups)
  return new Set(rows.map((row) => row.code))
}

/** Puts a live customer in the group; adding twice changes nothing and emits once. */
export async function addCustomerToGroup(tx: Tx, input: { code: string; customerId: string }): Promise<{ code: string; customerId: string }> {
  const [group] = await tx.select({ code: customerGroups.code }).from(customerGroups).where(eq(customerGroups.code, input.code)).for('key share')
  if (!group) throw groupNotFound(input.code)
  await lockLiveCustomer(tx, { customerId: input.customerId, field: '/params/customerId' })
  const added = await tx.insert(customerGroupMembers).values({ groupCode: input.code, customerId: input.customerId }).onConflictDoNothing().returning()
  if (added.length > 0) await emit(tx, CUSTOMER_GROUP_EVENTS.memberAdded, { code: input.code, customerId: input.customerId }, { customerId: input.customerId })
  return { code: input.code, customerId: input.customerId }
}

/** Takes the customer out of the group; 404 when the group is unknown or the customer not in it. */
export async function removeCustomerFromGroup(tx: Tx, input: { code: string; customerId: string }): Promise<void> {
  const removed = await tx
    .delete(customerGroupMembers)
    .where(and(eq(customerGroupMembers.groupCode, input.code), eq(customerGroupMembers.customerId, input.customerId)))
    .returning()
  if (removed.length === 0) throw notFound('Group member', input.customerId, '/params/customerId')
  await emit(tx, CUSTOMER_GROUP_EVENTS.memberRemoved, { code: input.code, customerId: input.customerId }, { customerId: input.customerId })
}

/** The codes of the groups the customer belongs to, sorted. */
export async function groupsOfCustomer(tx: Tx, customerId: string): Promise<string[]> {
  const rows = await tx
    .select({ code: customerGroupMembers.groupCode })
    .from(customerGroupMembers)
    .where(eq(customerGroupMembers.customerId, customerId))
    .orderBy(asc(customerGroupMembers.groupCode))
  return rows.map((row) => row.code)
}

/** SQL for the text[] of the customer's group codes, to join in another module's query without a round trip. */
export function groupCodesOfCustomerSql(customerId: string): SQL<string[]> {
  return sql<string[]>`array(select ${customerGroupMembers.groupCode} from ${customerGroupMembers} where ${customerGroupMembers.customerId} = ${customerId})`
}

/** What a merge did to group memberships: the groups the survivor joined through it, and those it already had. */
export interface MovedGroups {
  joined: string[]
  dropped: string[]
}

/** The merged profile's groups become the survivor's (union); the merged profile leaves them. */
export async function moveGroupMemberships(tx: Tx, input: { fromCustomerId: string; toCustomerId: string }): Promise<MovedGroups> {
  const left = await tx.delete(customerGroupMembers).where(eq(customerGroupMembers.customerId, input.fromCustomerId)).returning({ code: customerGroupMembers.groupCode })
  if (left.length === 0) return { joined: [], dropped: [] }
  const joined = await tx
    .insert(customerGroupMembers)
    .values(left.map((row) => ({ groupCode: row.code, customerId: input.toCustomerId })))
    .onConflictDoNothing()
    .returning({ code: customerGroupMembers.groupCode })
  const joinedCodes = joined.map((row) => row.code)
  return { joined: joinedCodes, dropped: left.map((row) => row.code).filter((code) => !joinedCodes.includes(code)) }
}

/** Undoes moveGroupMemberships: the survivor leaves the groups it joined through the merge, the merged profile rejoins all. */
export async function restoreGroupMemberships(tx: Tx, input: { moved: MovedGroups; fromCustomerId: string; toCustomerId: string }): Promise<void> {
  const { joined, dropped } = input.moved
  if (joined.length > 0) {
    await tx.delete(customerGroupMembers).where(and(eq(customerGroupMembers.customerId, input.fromCustomerId), inArray(customerGroupMembers.groupCode, joined)))
  }
  const all = [...joined, ...dropped]
  if (all.length > 0) await tx.insert(customerGroupMembers).values(all.map((code) => ({ groupCode: code, customerId: input.toCustomerId }))).onConflictDoNothing()
}
