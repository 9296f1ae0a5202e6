import { describe, expect, it } from 'vitest'
import type { Actor } from '../../platform/auth.js'
import type { OutboxEvent } from '../../platform/events.js'
import { audienceOf, eventSelector, matchesEventType, parseEventTypes } from './policies.js'

const event = (type: string, scope: { locationId?: string; customerId?: string } = {}): OutboxEvent => ({
  id: 'evt_1',
  type,
  payload: {},
  locationId: scope.locationId ?? null,
  customerId: scope.customerId ?? null,
  occurredAt: new Date(0).toISOString(),
  txid: '1',
  position: 1,
})
const staff = (role: 'admin' | 'store_manager' | 'store_associate' | 'call_centre_agent', locationIds: string[] = []): Actor => ({
  kind: 'staff',
  id: 'usr_1',
  tokenId: 'tok_1',
  role,
  locationIds,
})

describe('matchesEventType', () => {
  it('matches exact names, prefixes and *, and everything when no pattern is given', () => {
    expect(matchesEventType(['orders.order_placed'], 'orders.order_placed')).toBe(true)
    expect(matchesEventType(['orders.*'], 'orders.order_placed')).toBe(true)
    expect(matchesEventType(['orders.*'], 'ordersx.order_placed')).toBe(false)
    expect(matchesEventType(['orders.*'], 'orders')).toBe(false)
    expect(matchesEventType(['*'], 'anything.at_all')).toBe(true)
    expect(matchesEventType([], 'anything.at_all')).toBe(true)
  })
})

describe('parseEventTypes', () => {
  it('splits, trims and deduplicates, and refuses what is not a type', () => {
    expect(parseEventTypes(' orders.*, catalog.product_created ,orders.*', '/query/types')).toEqual(['orders.*', 'catalog.product_created'])
    expect(parseEventTypes(undefined, '/query/types')).toEqual([])
    expect(() => parseEventTypes('orders.*.x', '/query/types')).toThrow(/not an event type/)
    expect(() => parseEventTypes('Orders', '/query/types')).toThrow(/not an event type/)
  })
})

describe('who sees which event', () => {
  it('gives admins and scoped keys everything, and nothing to devices or keys without the scope', () => {
    expect(audienceOf(staff('admin'))).toEqual({ kind: 'everything' })
    expect(audienceOf({ kind: 'integration', id: 'usr_2', tokenId: 'tok_2', scopes: ['events:read'] })).toEqual({ kind: 'everything' })
    expect(audienceOf({ kind: 'integration', id: 'usr_2', tokenId: 'tok_2', scopes: ['webhooks:manage'] })).toBeNull()
    expect(audienceOf({ kind: 'device', id: 'dev_1', tokenId: 'tok_3', kioskChannelId: null })).toBeNull()
    expect(audienceOf(null)).toBeNull()
  })

  it('shows store staff only their locations, and refuses a filter on another one', () => {
    const audience = audienceOf(staff('store_associate', ['loc_lyon']))
    if (!audience) throw new Error('no audience')
    const accept = eventSelector(audience, { types: [] })
    expect(accept(event('x.y', { locationId: 'loc_lyon' }))).toBe(true)
    expect(accept(event('x.y', { locationId: 'loc_montpellier' }))).toBe(false)
    expect(accept(event('x.y'))).toBe(false)
    expect(() => eventSelector(audience, { types: [], locationId: 'loc_montpellier' })).toThrow('No location with id loc_montpellier.')
  })

  it('shows the call centre events about customers, and a customer only their own', () => {
    const centre = audienceOf(staff('call_centre_agent'))
    const customer = audienceOf({ kind: 'customer', id: 'cus_1', tokenId: 'tok_4' })
    if (!centre || !customer) throw new Error('no audience')
    expect(eventSelector(centre, { types: [] })(event('x.y', { customerId: 'cus_2' }))).toBe(true)
    expect(eventSelector(centre, { types: [] })(event('x.y'))).toBe(false)
    expect(eventSelector(customer, { types: [] })(event('x.y', { customerId: 'cus_1' }))).toBe(true)
    expect(eventSelector(customer, { types: [] })(event('x.y', { customerId: 'cus_2' }))).toBe(false)
    expect(() => eventSelector(customer, { types: [], customerId: 'cus_2' })).toThrow('No customer with id cus_2.')
  })
})
