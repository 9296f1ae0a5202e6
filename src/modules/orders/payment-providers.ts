/**
 * Payment providers behind one interface. A real acquirer adapter implements `CardProvider`; the built-in test provider
 * answers by test card number, deterministically and statelessly, so every call is idempotent and any node can serve
 * the next one. Cash and an external card terminal are tenders taken at a store: nothing to call, captured at once.
 */
import { createHash } from 'node:crypto'

export type AuthorizeOutcome =
  | { status: 'authorized'; reference: string; brand: string; last4: string }
  | { status: 'requires_action'; reference: string; brand: string; last4: string; action: { type: 'three_d_secure'; challengeUrl: string } }
  | { status: 'declined'; reason: 'card_declined' | 'insufficient_funds' | 'expired_card' | 'invalid_card'; brand: string; last4: string }

export type OperationOutcome = { status: 'succeeded'; reference: string } | { status: 'failed'; reason: string }

export interface CardDetails {
  number: string
  expiryMonth: number
  expiryYear: number
}

/** What an acquirer adapter does. Every call carries an idempotency key: the provider must not act twice for one key. */
export interface CardProvider {
  name: string
  authorize(input: { card: CardDetails; amount: number; currency: string; idempotencyKey: string }): Promise<AuthorizeOutcome>
  /** Asks the acquirer how the shopper's 3-D Secure challenge ended; the client never decides it. */
  confirm(input: { reference: string; idempotencyKey: string }): Promise<OperationOutcome>
  capture(input: { reference: string; amount: number; idempotencyKey: string }): Promise<OperationOutcome>
  refund(input: { reference: string; amount: number; idempotencyKey: string }): Promise<OperationOutcome>
  void(input: { reference: string; idempotencyKey: string }): Promise<OperationOutcome>
}

/** Test card numbers of the built-in provider (documented in the README). */
export const TEST_CARDS = {
  approved: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  /** 3-D Secure required; the challenge succeeds. */
  requiresAction: '4000002500003155',
  /** 3-D Secure required; the challenge fails. */
  requiresActionFails: '4000008400001629',
  mastercard: '5555555555554444',
} as const

/** Luhn check: a mistyped number is refused before any provider sees it. */
export function isLuhnValid(number: string): boolean {
  if (!/^[0-9]{12,19}$/.test(number)) return false
  let sum = 0
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i])
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return sum % 10 === 0
}

export function cardBrand(number: string): string {
  if (number.startsWith('4')) return 'visa'
  if (/^5[1-5]/.test(number) || /^2[2-7]/.test(number)) return 'mastercard'
  if (/^3[47]/.test(number)) return 'amex'
  return 'card'
}

function reference(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`
}

/** The built-in test acquirer: approve, decline or require 3-D Secure by card number; always succeeds afterwards. */
export const testCardProvider: CardProvider = {
  name: 'test',
  async authorize({ card, idempotencyKey }) {
    const brand = cardBrand(card.number)
    const last4 = card.number.slice(-4)
    const now = new Date()
    const expired = card.expiryYear < now.getUTCFullYear() || (card.expiryYear === now.getUTCFullYear() && card.expiryMonth < now.getUTCMonth() + 1)
    if (expired) return { status: 'declined', reason: 'expired_card', brand, last4 }
    if (card.number === TEST_CARDS.declined) return { status: 'declined', reason: 'card_declined', brand, last4 }
    if (card.number === TEST_CARDS.insufficientFunds) return { status: 'declined', reason: 'insufficient_funds', brand, last4 }
    if (card.number === TEST_CARDS.requiresAction || card.number === TEST_CARDS.requiresActionFails) {
      // The reference carries how the simulated challenge ends, so that confirm stays stateless.
      const ref = reference(card.number === TEST_CARDS.requiresAction ? 'tpay3ds_pass' : 'tpay3ds_fail', idempotencyKey)
      return { status: 'requires_action', reference: ref, brand, last4, action: { type: 'three_d_secure', challengeUrl: `https://test-acquirer.invalid/3ds/${ref}` } }
    }
    return { status: 'authorized', reference: reference('tpay', idempotencyKey), brand, last4 }
  },
  async confirm({ reference: ref }) {
    return ref.startsWith('tpay3ds_pass_') ? { status: 'succeeded', reference: ref } : { status: 'failed', reason: 'authentication_failed' }
  },
  async capture({ idempotencyKey }) {
    return { status: 'succeeded', reference: reference('tcap', idempotencyKey) }
  },
  async refund({ idempotencyKey }) {
    return { status: 'succeeded', reference: reference('tref', idempotencyKey) }
  },
  async void({ idempotencyKey }) {
    return { status: 'succeeded', reference: reference('tvoid', idempotencyKey) }
  },
}
