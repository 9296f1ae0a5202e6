/**
 * Touchpoints reported from outside the engine's own acts: shoppers' apps (product views, searches), staff (store
 * visits, service contacts, kiosk sessions) and messaging platforms (messages sent and opened). A batch is checked
 * whole before anything is written, so it is recorded entirely or not at all.
 *
 * Profiling consent: product views and searches of an identified customer are recorded unless the customer has
 * withdrawn (or refused) `personalisation`; never asked records. Those of an anonymous device are recorded: consent
 * to tracking an anonymous visitor (the cookie banner) is the app's business, and that activity joins the profile
 * only when the shopper is identified.
 */
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { DomainError } from '../../platform/problems.js'
import { getProduct, getVariantsByIds } from '../catalog/service.js'
import { getChannel, SELF_SERVICE_CHANNEL_KINDS, type Channel } from '../channels/service.js'
import { assertLiveCustomer, consentDecision, lockCustomer } from '../customers/service.js'
import * as errors from './errors.js'
import { foreignFields, isShopper, PROFILING_KINDS, recordsProfiling, REPORT_WINDOW, reportRefusal, type ReportedKind } from './policies.js'
import { recordTouchpoints, type TouchpointInput } from './touchpoints.js'

export interface ReportedTouchpoint {
  kind: ReportedKind
  channelId?: string
  /** Staff and integrations: whose touchpoint it is. Shoppers report their own. */
  customerId?: string
  locationId?: string
  occurredAt?: string
  productId?: string
  variantId?: string
  query?: string
  resultCount?: number
  reason?: string
  note?: string
  medium?: 'email' | 'sms' | 'push' | 'phone'
  messageId?: string
  template?: string
}

export interface ReportOutcome {
  recorded: number
  /** Product views and searches not recorded because the customer withdrew personalisation. */
  withheld: number
}

/** Lookups made once per batch, whatever the number of entries naming the same channel, customer or product. */
interface Seen {
  channels: Map<string, Channel>
  customers: Set<string>
  /** Product id by the id or handle given. */
  products: Map<string, string>
}

async function channelOf(tx: Tx, seen: Seen, id: string, field: string): Promise<Channel> {
  const known = seen.channels.get(id)
  if (known) return known
  try {
    const channel = await getChannel(tx, id)
    seen.channels.set(id, channel)
    return channel
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw errors.unknownReference('Channel', id, field)
    throw error
  }
}

function checkTime(entry: ReportedTouchpoint, at: string, now: number): Date | undefined {
  if (entry.occurredAt === undefined) return undefined
  const time = Date.parse(entry.occurredAt)
  if (time > now + REPORT_WINDOW.futureMinutes * 60_000 || time < now - REPORT_WINDOW.pastDays * 86_400_000) throw errors.occurredOutOfRange(`${at}/occurredAt`, REPORT_WINDOW.pastDays)
  return new Date(time)
}

/** Who and where: shoppers on a self-service channel (its store for a kiosk), staff for a customer at their store. */
async function ownerAndPlace(tx: Tx, actor: Actor, entry: ReportedTouchpoint, at: string, seen: Seen): Promise<Pick<TouchpointInput, 'customerId' | 'deviceId' | 'channelId' | 'locationId'>> {
  const channel = entry.channelId ? await channelOf(tx, seen, entry.channelId, `${at}/channelId`) : null
  if (isShopper(actor)) {
    if (entry.customerId !== undefined && entry.customerId !== actor.id) throw errors.fieldNotApplicable(`${at}/customerId`, 'report from a shopper’s app (shoppers report their own activity)')
    if (entry.locationId !== undefined) throw errors.fieldNotApplicable(`${at}/locationId`, 'report from a shopper’s app (the store comes from the kiosk channel)')
    if (!channel) throw errors.fieldRequired(`${at}/channelId`, 'Give the channel the shopper is on (web, mobile app, kiosk).')
    if (!channel.active || !SELF_SERVICE_CHANNEL_KINDS.includes(channel.kind)) throw errors.channelNotAllowed(`${at}/channelId`, 'Shoppers report from an active web, mobile app or kiosk channel.')
    return { customerId: actor.kind === 'customer' ? actor.id : null, deviceId: actor.kind === 'device' ? actor.id : null, channelId: channel.id, locationId: channel.locationId }
  }
  if (!entry.customerId) throw errors.fieldRequired(`${at}/customerId`, 'Give the customer this touchpoint belongs to.')
  if (!seen.customers.has(entry.customerId)) {
    // Locked until the batch commits: a merge or an erasure of her waits, then moves or erases what it adds.
    const customer = await lockCustomer(tx, entry.customerId)
    if (!customer) throw errors.unknownReference('Customer', entry.customerId, `${at}/customerId`)
    // A profile merged away or erased gets no new touchpoint (409).
    assertLiveCustomer(customer, `${at}/customerId`)
    seen.customers.add(entry.customerId)
  }
  if (channel?.locationId && channel.locationId !== entry.locationId) throw errors.channelNotAllowed(`${at}/channelId`, 'This channel belongs to another store than the locationId given.')
  return { customerId: entry.customerId, deviceId: null, channelId: channel?.id ?? null, locationId: entry.locationId ?? null }
}

/** What the touchpoint is about and what it says, by kind; a product or variant viewed must exist (and be on sale). */
async function subjectAndData(tx: Tx, actor: Actor, entry: ReportedTouchpoint, at: string, seen: Seen): Promise<Pick<TouchpointInput, 'subjectType' | 'subjectId' | 'data'>> {
  const by = isShopper(actor) ? {} : { reportedBy: { kind: actor.kind, id: actor.id } }
  switch (entry.kind) {
    case 'product_view': {
      if ((entry.productId === undefined) === (entry.variantId === undefined)) throw errors.fieldRequired(`${at}/productId`, 'Give exactly one of productId and variantId.')
      if (entry.variantId !== undefined) {
        const [variant] = await getVariantsByIds(tx, { ids: [entry.variantId], audience: 'public' })
        if (!variant) throw errors.unknownReference('Variant', entry.variantId, `${at}/variantId`)
        return { subjectType: 'variant', subjectId: variant.id, data: { productId: variant.product.id } }
      }
      const reference = entry.productId ?? ''
      let productId = seen.products.get(reference)
      if (productId === undefined) {
        try {
          productId = (await getProduct(tx, { idOrHandle: reference, audience: 'public' })).id
        } catch (error) {
          if (error instanceof DomainError && error.status === 404) throw errors.unknownReference('Product', reference, `${at}/productId`)
          throw error
        }
        seen.products.set(reference, productId)
      }
      return { subjectType: 'product', subjectId: productId, data: {} }
    }
    case 'search':
      if (entry.query === undefined) throw errors.fieldRequired(`${at}/query`, 'Give the text searched for.')
      return { data: { query: entry.query, ...(entry.resultCount !== undefined && { resultCount: entry.resultCount }) } }
    case 'service_contact':
      if (entry.reason === undefined) throw errors.fieldRequired(`${at}/reason`, 'Give the reason for the contact.')
      return { data: { ...by, reason: entry.reason, ...(entry.note !== undefined && { note: entry.note }) } }
    case 'store_visit':
    case 'kiosk_session':
      return { data: { ...by, ...(entry.note !== undefined && { note: entry.note }) } }
    case 'message_sent':
    case 'message_opened':
      if (entry.medium === undefined) throw errors.fieldRequired(`${at}/medium`, 'Give the medium of the message (email, sms, push, phone).')
      return {
        ...(entry.messageId !== undefined && { subjectType: 'message', subjectId: entry.messageId }),
        data: { ...by, medium: entry.medium, ...(entry.template !== undefined && { template: entry.template }) },
      }
  }
}

/** Checks one entry (403 for a kind the caller may not report, 400/404 on the field at fault) into a touchpoint. */
async function checkEntry(tx: Tx, actor: Actor, entry: ReportedTouchpoint, at: string, seen: Seen, now: number): Promise<TouchpointInput> {
  const foreign = foreignFields({ ...entry })[0]
  if (foreign) throw errors.fieldNotApplicable(`${at}/${foreign}`, entry.kind)
  const refusal = reportRefusal(actor, entry)
  if (refusal === 'kind') {
    const detail = isShopper(actor) ? 'shoppers report product views and searches.' : 'staff report store visits, service contacts and kiosk sessions (customers:write); messages need touchpoints:write; views and searches come from the shopper’s app.'
    throw errors.kindNotReportable(entry.kind, `${at}/kind`, detail)
  }
  if (refusal === 'location_required') throw errors.locationRequired(`${at}/locationId`, entry.kind)
  if (refusal === 'location') throw errors.unknownReference('Location', entry.locationId ?? '', `${at}/locationId`)
  const occurredAt = checkTime(entry, at, now)
  const place = await ownerAndPlace(tx, actor, entry, at, seen)
  const content = await subjectAndData(tx, actor, entry, at, seen)
  return { kind: entry.kind, ...place, ...content, ...(occurredAt && { occurredAt }) }
}

/**
 * Records a batch of reported touchpoints in the caller's transaction, all or none; a customer's product views and
 * searches are withheld (not an error) when they withdrew personalisation.
 */
export async function reportTouchpoints(tx: Tx, input: { actor: Actor; entries: readonly ReportedTouchpoint[] }): Promise<ReportOutcome> {
  const { actor } = input
  const seen: Seen = { channels: new Map(), customers: new Set(), products: new Map() }
  const now = Date.now()
  const checked: TouchpointInput[] = []
  for (const [index, entry] of input.entries.entries()) checked.push(await checkEntry(tx, actor, entry, `/body/entries/${index}`, seen, now))
  const profiling = (touchpoint: TouchpointInput) => PROFILING_KINDS.includes(touchpoint.kind)
  let kept = checked
  if (actor.kind === 'customer' && checked.some(profiling)) {
    // customer_consents_pkey: one lookup for the whole batch (a shopper reports only their own activity).
    if (!recordsProfiling(await consentDecision(tx, { customerId: actor.id, purpose: 'personalisation' }))) kept = checked.filter((t) => !profiling(t))
  }
  await recordTouchpoints(tx, kept)
  return { recorded: kept.length, withheld: checked.length - kept.length }
}
