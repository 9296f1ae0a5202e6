import { DomainError, notFound } from '../../platform/problems.js'

export const reviewNotFound = (id: string, field = '/params/id') => notFound('Review', id, field)

export const productNotFound = (idOrHandle: string) => notFound('Product', idOrHandle, '/params/id')

export const customerNotFound = (id: string, field = '/params/id') => notFound('Customer', id, field)

export const notPurchased = (productId: string) =>
  new DomainError({
    code: 'purchase-required',
    status: 403,
    title: 'Purchase required',
    detail: `Only a customer who bought product ${productId} (a paid order on any channel, not cancelled) may review it.`,
    field: '/params/id',
    data: { productId },
  })

export const alreadyReviewed = (productId: string, reviewId: string) =>
  new DomainError({
    code: 'review-exists',
    status: 409,
    title: 'Already reviewed',
    detail: `You already reviewed product ${productId} (review ${reviewId}): one review per product (GET /v1/reviews/${reviewId} shows it and whether it can still be changed).`,
    field: '/params/id',
    data: { productId, reviewId },
  })

export const illegalReviewTransition = (from: string, to: string, allowed: readonly string[]) =>
  new DomainError({
    code: 'illegal-transition',
    status: 409,
    title: 'Illegal status change',
    detail: `A review that is ${from} cannot become ${to}${allowed.length > 0 ? `; it can become ${allowed.join(', ')}` : '; it is final'}.`,
    field: '/body/status',
    data: { from, to, allowed },
  })

export const reviewRejected = (id: string) =>
  new DomainError({ code: 'review-rejected', status: 409, title: 'Review rejected', detail: `Review ${id} was rejected: a rejection is final and the review can no longer be changed.`, data: { reviewId: id } })

export const customersOnly = () =>
  new DomainError({ code: 'forbidden', status: 403, title: 'Forbidden', detail: 'A review is written by the customer who bought the product, logged in as herself.' })

export const emptyEdit = () =>
  new DomainError({ code: 'invalid-input', status: 400, title: 'Invalid input', detail: 'Send at least one of rating, title, body or locale.', field: '/body' })
