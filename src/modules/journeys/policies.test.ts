import { describe, expect, it } from 'vitest'
import type { Actor } from '../../platform/auth.js'
import { foreignFields, mayReadTimeline, recordsProfiling, reportRefusal } from './policies.js'

const customer: Actor = { kind: 'customer', id: 'cus_1', tokenId: 't' }
const device: Actor = { kind: 'device', id: 'dev_1', tokenId: 't', kioskChannelId: null }
const associate: Actor = { kind: 'staff', id: 'usr_1', tokenId: 't', role: 'store_associate', locationIds: ['loc_mtp'] }
const agent: Actor = { kind: 'staff', id: 'usr_2', tokenId: 't', role: 'call_centre_agent', locationIds: [] }
const messaging: Actor = { kind: 'integration', id: 'usr_3', tokenId: 't', scopes: ['touchpoints:write'] }
const readOnly: Actor = { kind: 'integration', id: 'usr_4', tokenId: 't', scopes: ['customers:read'] }

describe('mayReadTimeline', () => {
  it('opens a timeline to its customer and to staff with customers:read only', () => {
    expect(mayReadTimeline(customer, 'cus_1')).toBe(true)
    expect(mayReadTimeline(customer, 'cus_2')).toBe(false)
    expect(mayReadTimeline(device, 'cus_1')).toBe(false)
    expect(mayReadTimeline(null, 'cus_1')).toBe(false)
    expect(mayReadTimeline(associate, 'cus_2')).toBe(true)
    expect(mayReadTimeline(readOnly, 'cus_2')).toBe(true)
    expect(mayReadTimeline(messaging, 'cus_2')).toBe(false)
  })
})

describe('reportRefusal', () => {
  it('lets shoppers report views and searches only', () => {
    expect(reportRefusal(customer, { kind: 'product_view' })).toBeNull()
    expect(reportRefusal(device, { kind: 'search' })).toBeNull()
    expect(reportRefusal(customer, { kind: 'store_visit', locationId: 'loc_mtp' })).toBe('kind')
    expect(reportRefusal(device, { kind: 'message_opened' })).toBe('kind')
  })

  it('lets staff report visits at their own stores and contacts anywhere, never views', () => {
    expect(reportRefusal(associate, { kind: 'store_visit', locationId: 'loc_mtp' })).toBeNull()
    expect(reportRefusal(associate, { kind: 'store_visit', locationId: 'loc_lyon' })).toBe('location')
    expect(reportRefusal(associate, { kind: 'kiosk_session' })).toBe('location_required')
    expect(reportRefusal(agent, { kind: 'service_contact' })).toBeNull()
    expect(reportRefusal(agent, { kind: 'store_visit', locationId: 'loc_mtp' })).toBe('location')
    expect(reportRefusal(associate, { kind: 'product_view' })).toBe('kind')
  })

  it('keeps messages to holders of touchpoints:write', () => {
    expect(reportRefusal(messaging, { kind: 'message_sent' })).toBeNull()
    expect(reportRefusal(associate, { kind: 'message_sent' })).toBe('kind')
    expect(reportRefusal(messaging, { kind: 'store_visit', locationId: 'loc_mtp' })).toBe('kind')
  })
})

describe('foreignFields', () => {
  it('names the fields a kind does not take', () => {
    expect(foreignFields({ kind: 'search', channelId: 'c', query: 'lin', resultCount: 3 })).toEqual([])
    expect(foreignFields({ kind: 'search', query: 'lin', productId: 'p', note: undefined })).toEqual(['productId'])
    expect(foreignFields({ kind: 'store_visit', reason: 'x' })).toEqual(['reason'])
  })
})

describe('recordsProfiling', () => {
  it('stops profiling only on a recorded refusal or withdrawal', () => {
    expect(recordsProfiling(true)).toBe(true)
    expect(recordsProfiling(null)).toBe(true)
    expect(recordsProfiling(false)).toBe(false)
  })
})
