import { describe, expect, it } from 'vitest'
// A closed session is final: tills.test.ts closes one twice through the API and gets the 409 illegal-transition.
import { expectedCash } from './policies.js'

describe('till policies', () => {
  it('counts the drawer: float + cash tendered − change + cash in − cash out − cash refunds', () => {
    expect(expectedCash({ float: 20000, tendered: 15000, change: 6010, cashIn: 1000, cashOut: 5000, refunds: 3000 })).toBe(21990)
    expect(expectedCash({ float: 0, tendered: 0, change: 0, cashIn: 0, cashOut: 0, refunds: 0 })).toBe(0)
  })
})
