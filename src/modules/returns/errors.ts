import { DomainError, notFound } from '../../platform/problems.js'

export const returnNotFound = (id: string, field = '/params/id') => notFound('Return', id, field)

export const illegalReturnTransition = (from: string, to: string, allowed: readonly string[]) =>
  new DomainError({
    code: 'illegal-transition',
    status: 409,
    title: 'Illegal status change',
    detail: `A return that is ${from} cannot become ${to}${allowed.length > 0 ? `; it can become ${allowed.join(', ')}` : '; it is final'}.`,
    data: { from, to, allowed },
  })

export const returnWindowClosed = (deadline: Date, windowDays: number) =>
  new DomainError({
    code: 'return-window-closed',
    status: 409,
    title: 'Return window closed',
    detail: `This order could be returned until ${deadline.toISOString()} (${windowDays} days after hand-over). Staff may override with overrideWindow and a note.`,
    data: { deadline: deadline.toISOString(), windowDays },
  })

export const returnExceedsPurchase = (orderLineId: string, returnable: number, field: string) =>
  new DomainError({
    code: 'return-exceeds-purchase',
    status: 409,
    title: 'More than was bought',
    detail: `Only ${returnable} unit(s) of order line ${orderLineId} can still be returned.`,
    field,
    data: { orderLineId, returnable },
  })

export const unknownOrderLine = (orderLineId: string, field: string) =>
  new DomainError({
    code: 'unknown-order-line',
    status: 400,
    title: 'Unknown order line',
    detail: `Order line ${orderLineId} is not part of this order.`,
    field,
  })

export const duplicateOrderLine = (orderLineId: string, field: string) =>
  new DomainError({
    code: 'duplicate-return-line',
    status: 400,
    title: 'Order line given twice',
    detail: `Order line ${orderLineId} appears twice: give its total quantity once.`,
    field,
  })

export const overrideNotAllowed = () =>
  new DomainError({
    code: 'forbidden',
    status: 403,
    title: 'Forbidden',
    detail: 'Only staff with returns:manage may override the return window.',
    field: '/body/overrideWindow',
  })

export const overrideNoteRequired = () =>
  new DomainError({
    code: 'override-note-required',
    status: 400,
    title: 'Override note required',
    detail: 'Say why the return window is overridden.',
    field: '/body/overrideNote',
  })

export const receivingLocationRequired = () =>
  new DomainError({
    code: 'receiving-location-required',
    status: 400,
    title: 'Receiving store required',
    detail: 'Store staff take returns with the goods in hand: give locationId, the store where they are handed in.',
    field: '/body/locationId',
  })

export const invalidReceivingLocation = (locationId: string, detail: string, field = '/body/locationId') =>
  new DomainError({ code: 'invalid-receiving-location', status: 400, title: 'Invalid receiving location', detail: `${locationId}: ${detail}`, field })

export const noChannelFor = (what: string) =>
  new DomainError({
    code: 'no-return-channel',
    status: 409,
    title: 'No channel to take the return on',
    detail: `No active ${what} channel exists to record this return.`,
  })

export const storeCreditNeedsCustomer = (field = '/body/refundMethod') =>
  new DomainError({
    code: 'store-credit-needs-customer',
    status: 409,
    title: 'Store credit needs a customer',
    detail: 'This order belongs to no customer account: refund it to the original payment.',
    field,
  })

export const exchangeNeedsGoodsInHand = () =>
  new DomainError({
    code: 'exchange-needs-goods-in-hand',
    status: 400,
    title: 'Exchange only at the counter',
    detail: 'An exchange is done in one go at a store, with the goods in hand (give locationId).',
    field: '/body/exchange',
  })

export const unknownReturnLine = (id: string, field: string) =>
  new DomainError({ code: 'unknown-return-line', status: 400, title: 'Unknown return line', detail: `Return line ${id} is not part of this return.`, field })

export const nothingToReturn = () =>
  new DomainError({
    code: 'nothing-to-return',
    status: 400,
    title: 'Nothing to return',
    detail: 'Give at least one line with a positive quantity.',
    field: '/body/lines',
  })
