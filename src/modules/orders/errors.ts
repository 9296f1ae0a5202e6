import { DomainError, notFound } from '../../platform/problems.js'

export const orderNotFound = (id: string, field = '/params/id') => notFound('Order', id, field)

export const fulfilmentNotFound = (id: string, field = '/params/id') => notFound('Fulfilment', id, field)

export const paymentNotFound = (id: string, field = '/params/paymentId') => notFound('Payment', id, field)

export const illegalTransition = (what: 'order' | 'fulfilment', from: string, to: string, allowed: readonly string[]) =>
  new DomainError({
    code: 'illegal-transition',
    status: 409,
    title: 'Illegal status change',
    detail: `A ${what} that is ${from} cannot become ${to}${allowed.length > 0 ? `; it can become ${allowed.join(', ')}` : '; it is final'}.`,
    data: { from, to, allowed },
  })

export const methodNotOffered = (method: string, channelKind: string, field: string, detail = `A ${channelKind} order cannot be fulfilled by ${method}.`) =>
  new DomainError({ code: 'fulfilment-method-not-offered', status: 400, title: 'Fulfilment method not offered', detail, field })

export const fulfilmentDetailMissing = (detail: string, field: string) =>
  new DomainError({ code: 'fulfilment-detail-missing', status: 400, title: 'Fulfilment detail missing', detail, field })

export const invalidPickupLocation = (locationId: string, field: string) =>
  new DomainError({
    code: 'invalid-pickup-location',
    status: 400,
    title: 'Invalid pickup location',
    detail: `${locationId} is not an active store this channel can deliver to.`,
    field,
  })

export const insufficientStockForOrder = (shortages: { variantId: string; requested: number; available: number; lineId: string }[]) =>
  new DomainError({
    code: 'insufficient-stock',
    status: 409,
    title: 'Insufficient stock',
    detail: shortages.map((s) => `Only ${s.available} of ${s.requested} available for variant ${s.variantId}.`).join(' '),
    data: { shortages, available: shortages[0]?.available ?? 0 },
  })

export const totalChanged = (expected: number, actual: number) =>
  new DomainError({
    code: 'total-changed',
    status: 409,
    title: 'Total changed',
    detail: `The order total is ${actual}, not the expected ${expected}: show the shopper the cart again.`,
    field: '/body/expectedTotal',
    data: { expected, actual },
  })

export const paymentMismatch = (due: number, offered: number) =>
  new DomainError({
    code: 'payment-amount-mismatch',
    status: 400,
    title: 'Payments do not cover the order',
    detail: `The payments add up to ${offered} but ${due} is due.`,
    field: '/body/payments',
    data: { due, offered },
  })

export const paymentDeclined = (reason: string, field: string) =>
  new DomainError({
    code: 'payment-declined',
    status: 402,
    title: 'Payment declined',
    detail: `The payment was declined (${reason}). Nothing was ordered and no stock is held; try another card.`,
    field,
    data: { reason },
  })

export const invalidCard = (field: string) =>
  new DomainError({ code: 'invalid-card', status: 400, title: 'Invalid card', detail: 'The card number is not valid.', field })

export const paymentNotAllowed = (detail: string, field: string) =>
  new DomainError({ code: 'payment-not-allowed', status: 400, title: 'Payment not allowed', detail, field })

export const contactRequired = () =>
  new DomainError({
    code: 'contact-required',
    status: 400,
    title: 'Contact required',
    detail: 'A guest order needs an email or a phone number to reach the customer.',
    field: '/body/contact',
  })

/** `attemptsLeft`: wrong codes the fulfilment still takes before it locks (pickup-codes.ts). */
export const wrongPickupCode = (attemptsLeft?: number) =>
  new DomainError({
    code: 'wrong-pickup-code',
    status: 409,
    title: 'Wrong pickup code',
    detail: 'This pickup code does not match the order.',
    field: '/body/pickupCode',
    ...(attemptsLeft !== undefined && { data: { attemptsLeft } }),
  })

export const pickupLocked = (fulfilmentId: string) =>
  new DomainError({
    code: 'pickup-locked',
    status: 423,
    title: 'Pickup locked',
    detail: `Too many wrong pickup codes were tried for fulfilment ${fulfilmentId}: a store manager checks the customer's identity and unlocks it.`,
    field: '/body/pickupCode',
    data: { fulfilmentId },
  })

export const pickupUnlockForbidden = () =>
  new DomainError({ code: 'forbidden', status: 403, title: 'Forbidden', detail: 'Only a manager of the pickup store (or an admin) unlocks a pickup.' })

export const stockInTransit = (transferId: string) =>
  new DomainError({
    code: 'stock-in-transit',
    status: 409,
    title: 'Stock still in transit',
    detail: `The units travel with transfer ${transferId}; receive it at the pickup store first.`,
    data: { transferId },
  })

export const paymentOutstanding = (due: number) =>
  new DomainError({
    code: 'payment-outstanding',
    status: 409,
    title: 'Payment outstanding',
    detail: `${due} is still due: take the payment before handing the order over.`,
    data: { due },
  })

export const notAHomeDelivery = (fulfilmentId: string) =>
  new DomainError({
    code: 'not-a-home-delivery',
    status: 409,
    title: 'Not a home delivery',
    detail: `Fulfilment ${fulfilmentId} is collected at a store: mark it ready, then hand it over with its pickup code.`,
  })

export const notAPickup = (fulfilmentId: string) =>
  new DomainError({
    code: 'not-a-pickup',
    status: 409,
    title: 'Not a pickup',
    detail: `Fulfilment ${fulfilmentId} is delivered to the customer: pick it, then ship it.`,
  })

export const guestCannotCancel = () =>
  new DomainError({
    code: 'guest-cannot-cancel',
    status: 403,
    title: 'Sign in to cancel',
    detail: 'An order placed without an account (often on a shared kiosk) is cancelled by customer service or in store, not from the device.',
  })
