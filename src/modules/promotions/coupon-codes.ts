/**
 * Coupon codes: how people type them and how they are drawn. A code is stored upper-case without spaces (dashes are
 * kept: `SUMMER-K7QW…` reads better at a till); a drawn code has COUPON_RANDOM_LENGTH symbols from an alphabet without
 * 0/O/1/I after an optional prefix, 60 bits from the CSPRNG, so that nobody can guess a contest's other codes.
 */
import { randomBytes } from 'node:crypto'
import { Type } from 'typebox'

/** No 0/O, 1/I: read aloud on the phone or typed from a flyer, a code must not be misread. 32 symbols. */
export const COUPON_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
export const COUPON_RANDOM_LENGTH = 12
/** What the table's CHECK accepts. */
export const COUPON_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,39}$/
/** A prefix leaves room for its dash and the random part within the 40 characters a code may have. */
export const COUPON_PREFIX_MAX = 40 - COUPON_RANDOM_LENGTH - 1

/** A code as clients type it (coupon routes, and carts' routes entering one on a cart). */
export const CouponCode = Type.String({ minLength: 1, maxLength: 64, description: 'Any case; spaces are ignored (stored upper-case, 3 to 40 letters, digits or dashes)' })

/** Trims, upper-cases and drops every space: `" summer 24 "` → `SUMMER24`. */
export function normalizeCouponCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '')
}

/** True when the normalised code could be stored (the table's CHECK). */
export function isValidCouponCode(code: string): boolean {
  return COUPON_CODE_PATTERN.test(code)
}

/** A fresh code `PREFIX-XXXXXXXXXXXX` (or just the random part); 32 symbols, so 5 bits of a byte keep them uniform. */
export function newCouponCode(prefix?: string | null): string {
  const random = [...randomBytes(COUPON_RANDOM_LENGTH)].map((b) => COUPON_ALPHABET[b & 31]).join('')
  if (!prefix) return random
  return prefix.endsWith('-') ? prefix + random : `${prefix}-${random}`
}

/** A prefix as typed, normalised; null when absent. Throws nothing: the caller checks it with isValidCouponPrefix. */
export function normalizeCouponPrefix(prefix: string | null | undefined): string | null {
  if (prefix === undefined || prefix === null) return null
  const normalized = normalizeCouponCode(prefix)
  return normalized === '' ? null : normalized
}

/** A prefix that keeps every drawn code valid: starts with a letter or digit, at most COUPON_PREFIX_MAX characters. */
export function isValidCouponPrefix(prefix: string): boolean {
  return prefix.length <= COUPON_PREFIX_MAX && /^[A-Z0-9][A-Z0-9-]*$/.test(prefix)
}
