import { DomainError } from '../../platform/problems.js'

/** Unknown code and wrong PIN answer alike, so that codes cannot be probed. */
export const giftCardInvalid = (field: string) =>
  new DomainError({ code: 'gift-card-invalid', status: 404, title: 'Gift card not found', detail: 'No gift card matches this code and PIN.', field })

export const giftCardLocked = (field: string) =>
  new DomainError({
    code: 'gift-card-locked',
    status: 423,
    title: 'Gift card locked',
    detail: 'Too many wrong PINs: this gift card is locked for a while. Try again later.',
    field,
  })

export const giftCardUnusable = (reason: 'expired' | 'disabled', field: string) =>
  new DomainError({
    code: `gift-card-${reason}`,
    status: 409,
    title: reason === 'expired' ? 'Gift card expired' : 'Gift card disabled',
    detail: reason === 'expired' ? 'This gift card has expired: nothing can be spent from it.' : 'This gift card was disabled and cannot be used.',
    field,
  })

export const giftCardWrongCurrency = (currency: string, requested: string, field: string) =>
  new DomainError({
    code: 'gift-card-currency-mismatch',
    status: 409,
    title: 'Gift card in another currency',
    detail: `This gift card holds ${currency}; the order is in ${requested}.`,
    field,
    data: { currency },
  })

export const giftCardInsufficient = (balance: number, requested: number, field: string) =>
  new DomainError({
    code: 'gift-card-insufficient',
    status: 409,
    title: 'Insufficient gift card balance',
    detail: `The gift card holds ${balance}; ${requested} was asked for.`,
    field,
    data: { balance, requested },
  })

export const giftCardAdjustmentOutOfRange = (balance: number, initialAmount: number) =>
  new DomainError({
    code: 'gift-card-adjustment-out-of-range',
    status: 409,
    title: 'Adjustment out of range',
    detail: `The balance (${balance}) must stay between 0 and the amount the card was issued for (${initialAmount}).`,
    field: '/body/amount',
    data: { balance, initialAmount },
  })

export const giftCardExpiryInPast = () =>
  new DomainError({ code: 'invalid-input', status: 400, title: 'Invalid input', detail: 'expiresAt must be in the future.', field: '/body/expiresAt' })
