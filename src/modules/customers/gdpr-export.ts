/**
 * The GDPR export (right of access and portability): one JSON document with every kind of data held about a customer,
 * gathered from each module's customer-data functions in one read transaction, and logged as an 'export' access.
 * The other modules answer their sections through the customerExporting hook (handlers in src/module-hooks.ts).
 * Never in it: password and token hashes, card data (none is stored beyond a brand and last four, left out too).
 */
import { asc, eq, inArray, or, sql } from 'drizzle-orm'
import type { Actor } from '../../platform/auth.js'
import type { Tx } from '../../platform/db.js'
import { collectParts, defineHook } from '../../platform/hooks.js'
import { recordCustomerAccess, resolveServingLocation, toAccessLogItem } from './access-log.js'
import { consentsOf } from './consents.js'
import { customerNotFound } from './errors.js'
import { assertCustomerOrStaff } from './profile-guards.js'
import { customerAuditEntries, customerConsentEvents, customerGroupMembers, customerIdentifiers, customerMerges, customers } from './schema.js'

export const EXPORT_FORMAT = 'omnicanal.customer-export/1' as const

const iso = (value: Date | null) => value?.toISOString() ?? null

/**
 * Asked which devices are the customer's: given her ids and the device identifiers she holds, auth (the one module
 * that answers) gives those and the devices linked to her, shared kiosks excepted.
 */
export const customerDevicesAsked = defineHook<{ customerIds: readonly string[]; identified: readonly string[] }, string[]>('customers.devices-asked')

/** The device ids of a customer: devices linked to her, and device identifiers she holds, shared kiosks excepted. */
export async function devicesOf(tx: Tx, customerIds: readonly string[]): Promise<string[]> {
  const identified = await tx
    .select({ value: customerIdentifiers.value })
    .from(customerIdentifiers)
    .where(sql`${inArray(customerIdentifiers.customerId, [...customerIds])} and ${customerIdentifiers.kind} = 'device'`)
  // A shared kiosk's anonymous activity is every passer-by's, never hers to export or erase: auth knows the kiosks.
  return customerDevicesAsked.ask(tx, { customerIds, identified: identified.map((row) => row.value) })
}

/** Plain JSON records of one kind (the document promises their kind, not every field). */
type Records = object[]

/** The export's sections the other modules answer, in the shapes routes-gdpr-schemas.ts documents. */
export interface CustomerExportSections {
  devices: Records
  sessions: Records
  carts: Records
  wishlist: Records
  orders: Records
  returns: Records
  storeCredit: { balance: { amount: number; currency: string }; entries: Records }
  giftCards: Records
  promotions: { vouchers: Records; promotionUses: Records; couponUses: Records; redemptions: Records }
  loyalty: { balances: { available: number; pending: number; lifetime: number }; tier: string | null; entries: Records; vouchers: Records }
  touchpoints: Records
  reviews: Records
}

/** The customer being exported, and her devices (devicesOf) whose sessions are hers too. */
export interface CustomerExportInput {
  customerId: string
  deviceIds: readonly string[]
}

/** Collects the export: each handler answers its module's sections of the document (read only). */
export const customerExporting = defineHook<CustomerExportInput, Partial<CustomerExportSections>>('customers.exporting')

// Every section a handler must answer; the Record type makes tsc insist on each (the document's order is below).
const SECTIONS: Record<keyof CustomerExportSections, true> = {
  devices: true,
  sessions: true,
  carts: true,
  wishlist: true,
  orders: true,
  returns: true,
  storeCredit: true,
  giftCards: true,
  promotions: true,
  loyalty: true,
  touchpoints: true,
  reviews: true,
}

/** Every module's sections; one nobody answered would be a GDPR export missing data, so it fails instead. */
async function collectSections(tx: Tx, input: CustomerExportInput): Promise<CustomerExportSections> {
  return collectParts<CustomerExportSections>(customerExporting.name, await customerExporting.run(tx, input), SECTIONS)
}

/** Her identifiers, consent history, merges and the audit trail: the customers module's own tables. */
async function ownRecords(tx: Tx, customerId: string) {
  const [identifiers, history, merges, audit, groups] = await Promise.all([
    tx.select().from(customerIdentifiers).where(eq(customerIdentifiers.customerId, customerId)).orderBy(asc(customerIdentifiers.createdAt)),
    tx.select().from(customerConsentEvents).where(eq(customerConsentEvents.customerId, customerId)).orderBy(asc(customerConsentEvents.id)),
    tx
      .select()
      .from(customerMerges)
      .where(or(eq(customerMerges.survivorId, customerId), eq(customerMerges.mergedId, customerId)))
      .orderBy(asc(customerMerges.id)),
    tx.select().from(customerAuditEntries).where(eq(customerAuditEntries.customerId, customerId)).orderBy(asc(customerAuditEntries.id)),
    tx.select().from(customerGroupMembers).where(eq(customerGroupMembers.customerId, customerId)).orderBy(asc(customerGroupMembers.groupCode)),
  ])
  return {
    groups: groups.map((g) => ({ code: g.groupCode, addedAt: g.addedAt.toISOString() })),
    identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value, createdAt: i.createdAt.toISOString(), verifiedAt: iso(i.verifiedAt) })),
    consentHistory: history.map((e) => ({
      id: e.id,
      purpose: e.purpose,
      granted: e.granted,
      method: e.method,
      channelId: e.channelId,
      locationId: e.locationId,
      wording: e.wording,
      actor: { kind: e.actorKind, id: e.actorId },
      occurredAt: e.occurredAt.toISOString(),
    })),
    // What a merge moved is not repeated here: it may name the other profile's data, and what came to her is listed above.
    merges: merges.map((m) => ({
      id: m.id,
      role: m.survivorId === customerId ? 'survivor' : 'merged',
      survivorId: m.survivorId,
      mergedId: m.mergedId,
      trigger: m.trigger,
      createdAt: m.createdAt.toISOString(),
      revertedAt: iso(m.revertedAt),
    })),
    accessLog: audit.map(toAccessLogItem),
  }
}

/**
 * Everything held about the customer, for herself or staff with customers:export (store staff: from a store of
 * theirs). The export is logged first, so the document lists it in its access log.
 */
export async function exportCustomerData(tx: Tx, input: { actor: Actor | null; customerId: string; locationId?: string }) {
  const { actor, customerId } = input
  assertCustomerOrStaff(actor, customerId, 'customers:export')
  const locationId = await resolveServingLocation(tx, { actor, locationId: input.locationId, field: '/query/locationId' })
  const [profile] = await tx.select().from(customers).where(eq(customers.id, customerId)).limit(1)
  if (!profile) throw customerNotFound(customerId)
  await recordCustomerAccess(tx, { action: 'export', actor, customerId, locationId })
  const deviceIds = await devicesOf(tx, [customerId])
  const [own, consents, sections] = await Promise.all([ownRecords(tx, customerId), consentsOf(tx, customerId), collectSections(tx, { customerId, deviceIds })])
  return {
    format: EXPORT_FORMAT,
    generatedAt: new Date().toISOString(),
    customerId,
    profile: {
      id: profile.id,
      email: profile.email,
      firstName: profile.firstName,
      lastName: profile.lastName,
      phone: profile.phone,
      postalCode: profile.postalCode,
      locale: profile.locale,
      hasAccount: profile.passwordHash !== null,
      createdAt: profile.createdAt.toISOString(),
      updatedAt: profile.updatedAt.toISOString(),
      mergedIntoId: profile.mergedIntoId,
      erasedAt: iso(profile.erasedAt),
    },
    identifiers: own.identifiers,
    consents: { current: consents, history: own.consentHistory },
    merges: own.merges,
    devices: sections.devices,
    sessions: sections.sessions,
    carts: sections.carts,
    wishlist: sections.wishlist,
    orders: sections.orders,
    returns: sections.returns,
    storeCredit: sections.storeCredit,
    giftCards: sections.giftCards,
    promotions: sections.promotions,
    loyalty: sections.loyalty,
    groups: own.groups,
    touchpoints: sections.touchpoints,
    reviews: sections.reviews,
    accessLog: own.accessLog,
  }
}

export type CustomerExport = Awaited<ReturnType<typeof exportCustomerData>>
