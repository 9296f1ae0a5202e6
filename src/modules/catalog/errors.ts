import { DomainError, notFound } from '../../platform/problems.js'

export const productNotFound = (idOrHandle: string) => notFound('Product', idOrHandle, '/params/id')

export const variantNotFound = (id: string, field = '/params/variantId') => notFound('Variant', id, field)

/** The scanner and shelf-QR miss: no variant has this SKU or barcode. */
export const unknownVariantCode = (code: string) =>
  new DomainError({
    code: 'not-found',
    status: 404,
    title: 'Variant not found',
    detail: `No variant has the SKU or barcode ${code}.`,
    field: '/params/skuOrBarcode',
    data: { code },
  })

export const categoryNotFound = (idOrCode: string) => notFound('Category', idOrCode, '/params/id')

export const skuTaken = (sku: string, field: string) =>
  new DomainError({ code: 'sku-taken', status: 409, title: 'SKU taken', detail: `Another variant already uses the SKU ${sku}.`, field, data: { sku } })

export const barcodeTaken = (barcode: string, field: string) =>
  new DomainError({
    code: 'barcode-taken',
    status: 409,
    title: 'Barcode taken',
    detail: `Another variant already uses the barcode ${barcode}.`,
    field,
    data: { barcode },
  })

export const invalidBarcode = (barcode: string, field: string) =>
  new DomainError({
    code: 'invalid-barcode',
    status: 400,
    title: 'Invalid barcode',
    detail: `${barcode} is not a valid EAN-13: 13 digits whose last one is the GS1 check digit.`,
    field,
  })

export const handleTaken = (handle: string, field = '/body/handle') =>
  new DomainError({
    code: 'handle-taken',
    status: 409,
    title: 'Handle taken',
    detail: `Another product already uses the handle ${handle}.`,
    field,
    data: { handle },
  })

export const unknownCategory = (idOrCode: string, field: string) =>
  new DomainError({ code: 'unknown-category', status: 400, title: 'Unknown category', detail: `No category has the id or code ${idOrCode}.`, field })

export const categoryCodeTaken = (code: string) =>
  new DomainError({
    code: 'category-code-taken',
    status: 409,
    title: 'Category code taken',
    detail: `Another category already uses the code ${code}.`,
    field: '/body/code',
  })

export const categoryTooDeep = (parentId: string, field = '/body/parentId') =>
  new DomainError({
    code: 'category-too-deep',
    status: 400,
    title: 'Category too deep',
    detail: `Category ${parentId} is itself a sub-category; the tree has two levels.`,
    field,
  })

export const invalidCompareAtPrice = (field: string) =>
  new DomainError({
    code: 'invalid-compare-at-price',
    status: 400,
    title: 'Invalid compare-at price',
    detail: 'The compare-at price must be higher than the price, in the same currency.',
    field,
  })

export const invalidVatRate = (rate: number, field: string) =>
  new DomainError({
    code: 'invalid-vat-rate',
    status: 400,
    title: 'Invalid VAT rate',
    detail: `${rate} is not a French VAT rate in basis points (2000, 1000, 550 or 210).`,
    field,
  })

export const handleRequired = () =>
  new DomainError({
    code: 'handle-required',
    status: 400,
    title: 'Handle required',
    detail: 'No handle can be made from this title; give one.',
    field: '/body/handle',
  })
