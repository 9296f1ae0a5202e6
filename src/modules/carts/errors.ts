import { DomainError, notFound } from '../../platform/problems.js'

/** Also the answer for a cart the caller may not see, so that cart ids cannot be probed. */
export const cartNotFound = (id: string, field = '/params/id') => notFound('Cart', id, field)

export const cartLineNotFound = (id: string) => notFound('Cart line', id, '/params/lineId')

export const cartNotOpen = (id: string, status: string) =>
  new DomainError({ code: 'cart-not-open', status: 409, title: 'Cart not open', detail: `Cart ${id} is ${status}; it can no longer change.`, data: { cartId: id, status } })

export const cartEmpty = (id: string) => new DomainError({ code: 'cart-empty', status: 409, title: 'Cart empty', detail: `Cart ${id} has no lines.`, data: { cartId: id } })

export const unknownChannel = (id: string) =>
  new DomainError({ code: 'unknown-channel', status: 400, title: 'Unknown channel', detail: `No active channel has the id ${id}.`, field: '/body/channelId' })

export const channelNotAllowed = (id: string, detail: string) =>
  new DomainError({ code: 'channel-not-allowed', status: 403, title: 'Channel not allowed', detail: `You cannot open a cart on channel ${id}: ${detail}`, field: '/body/channelId' })

export const unknownCustomer = (id: string, field = '/body/customerId') =>
  new DomainError({ code: 'unknown-customer', status: 400, title: 'Unknown customer', detail: `No customer has the id ${id}.`, field })

export const customerNotSettable = (field = '/body/customerId') =>
  new DomainError({ code: 'customer-not-settable', status: 400, title: 'Customer not settable', detail: 'Only staff open or move a cart on a customer’s behalf; a shopper’s cart is their own.', field })

export const invalidPickupLocation = (id: string) =>
  new DomainError({ code: 'invalid-pickup-location', status: 400, title: 'Invalid pickup location', detail: `Location ${id} is not an active store.`, field: '/body/pickupLocationId' })

export const variantReferenceRequired = (field: string) =>
  new DomainError({ code: 'invalid-input', status: 400, title: 'Invalid input', detail: 'Give exactly one of variantId, sku or barcode.', field })

export const unknownVariant = (reference: string, field: string) =>
  new DomainError({ code: 'unknown-variant', status: 400, title: 'Unknown variant', detail: `No variant has the ${field.split('/').at(-1)} ${reference}.`, field, data: { reference } })

export const variantNotSellable = (variantId: string, field?: string, lineId?: string) =>
  new DomainError({
    code: 'variant-not-sellable',
    status: 409,
    title: 'Variant not sellable',
    detail: `Variant ${variantId} is not on sale (its product is not active).`,
    field,
    data: { variantId, ...(lineId ? { lineId } : {}) },
  })

export const currencyMismatch = (variantId: string, variantCurrency: string, cartCurrency: string, field: string) =>
  new DomainError({
    code: 'currency-mismatch',
    status: 409,
    title: 'Currency mismatch',
    detail: `Variant ${variantId} is priced in ${variantCurrency}, the cart in ${cartCurrency}.`,
    field,
    data: { variantId, variantCurrency, cartCurrency },
  })

export const quantityLimit = (variantId: string, max: number, field: string) =>
  new DomainError({
    code: 'quantity-limit',
    status: 409,
    title: 'Quantity limit',
    detail: `A cart holds at most ${max} of one variant; this would put more of ${variantId} in it.`,
    field,
    data: { variantId, max },
  })

export const insufficientStock = (variantId: string, requested: number, available: number, field: string) =>
  new DomainError({
    code: 'insufficient-stock',
    status: 409,
    title: 'Insufficient stock',
    detail: `${requested} of variant ${variantId} requested, ${available} available for this cart.`,
    field,
    data: { variantId, requested, available },
  })
