/**
 * A customer's consent history: every decision recorded by consents.ts, newest first and cursor-paged, beside the
 * state of every purpose. Reads `customer_consent_events`; writes nothing.
 */
import { and, eq } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { countWhen, defineListOrder, planList } from '../../platform/list-order.js'
import { consentsOf } from './consents.js'
import { getCustomer } from './profile.js'
import { customerConsentEvents, type ConsentMethod, type ConsentPurpose } from './schema.js'

export interface ConsentHistoryEntry {
  id: string
  purpose: ConsentPurpose
  granted: boolean
  method: ConsentMethod
  channelId: string | null
  locationId: string | null
  wording: string | null
  actor: { kind: string; id: string | null }
  occurredAt: string
}

export const CONSENT_HISTORY_SORT_KEYS = ['occurredAt'] as const
const consentHistoryOrder = defineListOrder<(typeof CONSENT_HISTORY_SORT_KEYS)[number]>({
  keys: { occurredAt: { sql: customerConsentEvents.occurredAt, type: 'time' } },
  tiebreaker: customerConsentEvents.id,
  defaultDescending: true,
  defaultSort: [{ key: 'occurredAt', descending: true }],
})

/**
 * The state of every purpose and the history, newest first and cursor-paged, for the customer themself or staff
 * with customers:read (anyone else: 404).
 */
export async function getConsents(tx: Tx, input: { actor: Actor | null; customerId: string; sort?: string; count?: boolean; cursor?: string; limit: number }) {
  await getCustomer(tx, { actor: input.actor, customerId: input.customerId })
  const plan = planList(consentHistoryOrder, input)
  const where = eq(customerConsentEvents.customerId, input.customerId)
  // The cursor keeps microseconds, so that it compares exactly what the state's guard compares.
  const rows = await tx
    .select({ row: customerConsentEvents, cursorKey: plan.cursorKey })
    .from(customerConsentEvents)
    // customer_consent_events_customer_idx finds the customer's decisions; they are few, so sorting them is cheap.
    .where(and(where, plan.after))
    .orderBy(...plan.orderBy)
    .limit(input.limit + 1)
  const totalCount = await countWhen(input.count, tx, customerConsentEvents, where)
  const history = plan.page(
    rows,
    input.limit,
    ({ row }): ConsentHistoryEntry => ({
      id: row.id,
      purpose: row.purpose,
      granted: row.granted,
      method: row.method,
      channelId: row.channelId,
      locationId: row.locationId,
      wording: row.wording,
      actor: { kind: row.actorKind, id: row.actorId },
      occurredAt: row.occurredAt.toISOString(),
    }),
    totalCount,
  )
  const purposes = await consentsOf(tx, input.customerId)
  return { customerId: input.customerId, purposes, history: history.items, nextCursor: history.nextCursor, ...(totalCount === undefined ? {} : { totalCount }) }
}
