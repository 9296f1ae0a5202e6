import { DomainError, notFound } from '../../platform/problems.js'

/** 409 with what was asked and what there is, so that a client can offer the available quantity. */
export const insufficientStock = (input: { variantId: string; locationId: string; requested: number; available: number; field?: string }) =>
  new DomainError({
    code: 'insufficient-stock',
    status: 409,
    title: 'Insufficient stock',
    detail: `Only ${input.available} unit(s) of variant ${input.variantId} are available at location ${input.locationId}; ${input.requested} requested.`,
    field: input.field,
    data: { variantId: input.variantId, locationId: input.locationId, requested: input.requested, available: input.available },
  })

/** A physical count below what is reserved: the store must release (or hand over) the holds first. */
export const countBelowReserved = (input: { index: number; variantId: string; counted: number; reserved: number; field?: string }) =>
  new DomainError({
    code: 'count-below-reserved',
    status: 409,
    title: 'Count below reserved quantity',
    detail: `Line ${input.index}: ${input.counted} counted for variant ${input.variantId}, but ${input.reserved} unit(s) are reserved there. Release or fulfil those reservations first, then count again.`,
    field: input.field ?? `/body/lines/${input.index}/onHand`,
    data: { variantId: input.variantId, counted: input.counted, reserved: input.reserved },
  })

/** 409 when a change would carry a stock counter past what it stores (about 2.1 billion units): nothing is changed. */
export const quantityOutOfRange = (variantId: string, locationId: string) =>
  new DomainError({
    code: 'quantity-out-of-range',
    status: 409,
    title: 'Quantity out of range',
    detail: `This change would carry the stock of variant ${variantId} at location ${locationId} past 2,147,483,647 units (or below its negative); nothing was changed.`,
    data: { variantId, locationId },
  })

export const levelNotFound = (locationId: string, variantId: string) =>
  new DomainError({
    code: 'not-found',
    status: 404,
    title: 'Stock level not found',
    detail: `No stock level for variant ${variantId} at location ${locationId}.`,
    field: '/params/variantId',
  })

export const locationNotFound = (id: string, field: string) => notFound('Location', id, field)

export const variantNotFound = (id: string, field: string) => notFound('Variant', id, field)

export const reservationNotFound = (id: string) => notFound('Reservation', id, '/params/id')

export const transferNotFound = (id: string) => notFound('Transfer', id, '/params/id')

export const reservationNotActive = (id: string, status: string) =>
  new DomainError({
    code: 'reservation-not-active',
    status: 409,
    title: 'Reservation not active',
    detail: `Reservation ${id} is already ${status}.`,
    data: { reservationId: id, status },
  })

export const invalidTransferTransition = (id: string, from: string, to: string) =>
  new DomainError({
    code: 'invalid-transfer-transition',
    status: 409,
    title: 'Invalid transfer transition',
    detail: `Transfer ${id} is ${from}; it cannot become ${to}.`,
    data: { transferId: id, status: from, requested: to },
  })

export const duplicateLine = (variantId: string, field: string) =>
  new DomainError({
    code: 'duplicate-line',
    status: 400,
    title: 'Duplicate line',
    detail: `Variant ${variantId} is listed twice; give each variant once.`,
    field,
  })

export const unknownTransferLine = (variantId: string, field: string) =>
  new DomainError({
    code: 'unknown-transfer-line',
    status: 400,
    title: 'Not on this transfer',
    detail: `Variant ${variantId} is not a line of this transfer.`,
    field,
  })

export const sameLocation = () =>
  new DomainError({
    code: 'same-location',
    status: 400,
    title: 'Same location',
    detail: 'A transfer goes from one location to another one.',
    field: '/body/toLocationId',
  })

export const variantCodeRequired = () =>
  new DomainError({
    code: 'variant-required',
    status: 400,
    title: 'Variant required',
    detail: 'Name the variant with exactly one of sku, barcode or variantId.',
    field: '/query/sku',
  })

export const unknownVariantCode = (field: string, code: string) =>
  new DomainError({ code: 'not-found', status: 404, title: 'Variant not found', detail: `No variant matches ${code}.`, field, data: { code } })

export const originRequired = () =>
  new DomainError({
    code: 'origin-required',
    status: 400,
    title: 'Origin required',
    detail: 'Give a postalCode, or both latitude and longitude.',
    field: '/query/postalCode',
  })

export const unknownChannel = (id: string) =>
  new DomainError({ code: 'unknown-channel', status: 400, title: 'Unknown channel', detail: `No channel has the id ${id}.`, field: '/query/channelId' })

/** Stock held or moved for an order follows that order's fulfilment; staff act on the order, not on its stock. */
export const ownedByOrder = (what: 'reservation' | 'transfer', id: string, orderId: string) =>
  new DomainError({
    code: 'owned-by-order',
    status: 409,
    title: 'Belongs to an order',
    detail: `This ${what} (${id}) serves order ${orderId}: cancel or ship the order's fulfilment instead.`,
    data: { orderId },
  })
