/** Pricing's problems: price lists and their prices. */
import { DomainError, invalidInput, notFound } from '../../platform/problems.js'

export const priceListNotFound = (id: string) => notFound('Price list', id, '/params/id')

export const priceListCodeTaken = (code: string) =>
  new DomainError({
    code: 'price-list-code-taken',
    status: 409,
    title: 'Price list code taken',
    detail: `Another price list has the code ${code}.`,
    field: '/body/code',
    data: { code },
  })

export const priceListScopeRequired = (field: string) =>
  invalidInput(field, 'A price list applies only where it says: name at least one channel or customer group.', 'price-list-scope-required')

export const priceListWindowInvalid = (field: string) => invalidInput(field, 'endsAt must be after startsAt.', 'invalid-window')

export const unknownChannel = (channelId: string, field: string) => invalidInput(field, `No channel has the id ${channelId}.`, 'unknown-channel')

export const unknownCustomerGroup = (code: string, field: string) => invalidInput(field, `No customer group has the code ${code}.`, 'unknown-customer-group')

export const unknownPriceVariant = (reference: string, field: string) => invalidInput(field, `No variant has the id or SKU ${reference}.`, 'unknown-variant')

export const priceReferenceRequired = (field: string) => invalidInput(field, 'Give exactly one of variantId or sku.', 'variant-reference-required')

export const duplicatePriceVariant = (variantId: string, field: string) =>
  invalidInput(field, `Variant ${variantId} is priced twice in this call.`, 'duplicate-variant')

export const priceCurrencyMismatch = (variantId: string, variantCurrency: string, listCurrency: string, field: string) =>
  new DomainError({
    code: 'currency-mismatch',
    status: 400,
    title: 'Currency mismatch',
    detail: `Variant ${variantId} is sold in ${variantCurrency}; this price list is in ${listCurrency}.`,
    field,
    data: { variantId, variantCurrency, listCurrency },
  })

export const listPriceNotFound = (variantId: string) => notFound('Price', variantId, '/params/variantId')

export const priceListCurrencyLocked = (currency: string) =>
  new DomainError({
    code: 'price-list-currency-locked',
    status: 409,
    title: 'Price list currency locked',
    detail: `This list holds prices in ${currency}: remove them before changing its currency.`,
    field: '/body/currency',
    data: { currency },
  })
