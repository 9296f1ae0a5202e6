/** Problems of the handoff, short code, share link and wishlist endpoints (kept apart from errors.ts while it is busy). */
import { DomainError, notFound } from '../../platform/problems.js'

export const shoppersOnly = () =>
  new DomainError({
    code: 'shoppers-only',
    status: 403,
    title: 'Shoppers only',
    detail: 'Only the cart’s owner (the customer or the anonymous device that opened it) does this; staff hand carts off instead.',
  })

export const customerNotFound = (id: string) => notFound('Customer', id, '/params/id')

export const variantNotFound = (id: string) => notFound('Variant', id, '/params/variantId')

export const handoffCodeUnknown = () =>
  new DomainError({
    code: 'handoff-code-unknown',
    status: 404,
    title: 'Unknown handoff code',
    detail: 'No cart shows this code: it may be mistyped or already used.',
    field: '/body/code',
  })

export const handoffCodeExpired = () =>
  new DomainError({
    code: 'handoff-code-expired',
    status: 404,
    title: 'Handoff code expired',
    detail: 'This code has expired; ask the shopper to show a new one.',
    field: '/body/code',
  })

export const invalidShareLink = () =>
  new DomainError({
    code: 'invalid-share-link',
    status: 400,
    title: 'Invalid link',
    detail: 'This link is not one we signed, or it was altered.',
    field: '/body/token',
  })

export const shareLinkExpired = (expiresAt: string) =>
  new DomainError({
    code: 'share-link-expired',
    status: 410,
    title: 'Link expired',
    detail: `This link expired at ${expiresAt}; send the cart again.`,
    field: '/body/token',
    data: { expiresAt },
  })

export const loginRequired = (detail = 'This cart belongs to a customer account: log in as that customer on this device to open it.') =>
  new DomainError({ code: 'login-required', status: 403, title: 'Login required', detail })
