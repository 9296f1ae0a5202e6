import { describe, expect, it } from 'vitest'
import type { Actor } from '../../platform/auth.js'
import { cartTotals, channelRefusal, lineAvailability, mayUseCart, statusesLeadingTo } from './policies.js'

const store = { id: 'chn_store', kind: 'store', locationId: 'loc_a' }
const kiosk = { id: 'chn_kiosk', kind: 'kiosk', locationId: 'loc_b' }
const web = { id: 'chn_web', kind: 'web', locationId: null }
const phone = { id: 'chn_phone', kind: 'phone', locationId: null }
const associate: Actor = { kind: 'staff', id: 'stf_1', tokenId: 't', role: 'store_associate', locationIds: ['loc_a'] }
const agent: Actor = { kind: 'staff', id: 'stf_2', tokenId: 't', role: 'call_centre_agent', locationIds: [] }
const customer: Actor = { kind: 'customer', id: 'cus_1', tokenId: 't' }
const device: Actor = { kind: 'device', id: 'dev_1', tokenId: 't', kioskChannelId: null }

describe('channelRefusal', () => {
  it('lets store staff sell only at their own stores, the call centre on phone and catalogue, shoppers on self-service channels', () => {
    expect(channelRefusal(associate, store)).toBeNull()
    expect(channelRefusal(associate, kiosk)).not.toBeNull()
    expect(channelRefusal(associate, web)).not.toBeNull()
    expect(channelRefusal(agent, phone)).toBeNull()
    expect(channelRefusal(agent, store)).not.toBeNull()
    expect(channelRefusal(customer, web)).toBeNull()
    expect(channelRefusal(device, kiosk)).toBeNull()
    expect(channelRefusal(customer, phone)).not.toBeNull()
    expect(channelRefusal({ kind: 'integration', id: 'stf_3', tokenId: 't', scopes: ['events:read'] }, web)).not.toBeNull()
  })
})

describe('mayUseCart', () => {
  it('gives shoppers only the carts they opened themselves', () => {
    const own = { customerId: 'cus_1', deviceId: null, createdByStaffId: null }
    expect(mayUseCart(customer, own, web)).toBe(true)
    expect(mayUseCart(customer, { ...own, createdByStaffId: 'stf_2' }, web)).toBe(false)
    expect(mayUseCart(device, own, web)).toBe(false)
    expect(mayUseCart(device, { customerId: null, deviceId: 'dev_1', createdByStaffId: null }, web)).toBe(true)
    expect(mayUseCart(null, own, web)).toBe(false)
  })
})

describe('cartTotals', () => {
  it('sums tax-inclusive lines and breaks the VAT down per rate, highest first', () => {
    const totals = cartTotals(
      [
        { quantity: 1, unitPrice: 1055, vatRate: 550 },
        { quantity: 3, unitPrice: 1000, vatRate: 2000 },
      ],
      'EUR',
    )
    expect(totals).toEqual({
      itemCount: 4,
      subtotal: { amount: 4055, currency: 'EUR' },
      discountTotal: { amount: 0, currency: 'EUR' },
      vat: [
        { rate: 2000, amount: { amount: 500, currency: 'EUR' } },
        { rate: 550, amount: { amount: 55, currency: 'EUR' } },
      ],
      total: { amount: 4055, currency: 'EUR' },
    })
    expect(cartTotals([], 'EUR')).toEqual({ itemCount: 0, subtotal: { amount: 0, currency: 'EUR' }, discountTotal: { amount: 0, currency: 'EUR' }, vat: [], total: { amount: 0, currency: 'EUR' } })
  })

  it('takes discounts off the total and computes the VAT on what is left', () => {
    const totals = cartTotals(
      [
        { quantity: 2, unitPrice: 5000, vatRate: 2000, discount: 2000 },
        { quantity: 1, unitPrice: 1055, vatRate: 550 },
      ],
      'EUR',
    )
    expect(totals.subtotal.amount).toBe(11055)
    expect(totals.discountTotal.amount).toBe(2000)
    expect(totals.total.amount).toBe(9055)
    // 8000 at 20 % holds 1333; 1055 at 5.5 % holds 55.
    expect(totals.vat).toEqual([
      { rate: 2000, amount: { amount: 1333, currency: 'EUR' } },
      { rate: 550, amount: { amount: 55, currency: 'EUR' } },
    ])
  })
})

describe('lineAvailability and transitions', () => {
  it('classifies lines and knows which states lead to checked_out', () => {
    expect(lineAvailability({ quantity: 2, sellable: true, available: 2 })).toBe('available')
    expect(lineAvailability({ quantity: 3, sellable: true, available: 2 })).toBe('insufficient')
    expect(lineAvailability({ quantity: 1, sellable: false, available: 9 })).toBe('unavailable')
    expect(statusesLeadingTo('checked_out')).toEqual(['open'])
    expect(statusesLeadingTo('open')).toEqual([])
  })
})
