import { DomainError } from '../../platform/problems.js'

/**
 * Unknown codes and another customer's voucher answer the same 404, so that nobody learns which codes exist by trying
 * them on a cart; the code is not echoed back either.
 */
export const couponNotFound = (field = '/body/code') =>
  new DomainError({ code: 'coupon-not-found', status: 404, title: 'Coupon not found', detail: 'No coupon you may use has this code.', field })

/** At checkout (field null) no input is at fault: the code is on the cart. */
export const couponExpired = (code: string, field: string | null = '/body/code') =>
  new DomainError({ code: 'coupon-expired', status: 409, title: 'Coupon expired', detail: `The coupon ${code} has expired, or its offer has ended.`, field: field ?? undefined, data: { code } })

/** At checkout (field null) no input is at fault: the code is on the cart. */
export const couponDisabled = (code: string, reason: 'disabled' | 'promotion_inactive', field: string | null = '/body/code') =>
  new DomainError({
    code: 'coupon-disabled',
    status: 409,
    title: 'Coupon disabled',
    detail: reason === 'disabled' ? `The coupon ${code} has been disabled.` : `The offer behind the coupon ${code} is no longer running.`,
    field: field ?? undefined,
    data: { code, reason },
  })

/** Every use taken, in all or by this customer; `reason` tells which. At checkout (field null) no input is at fault. */
export const couponUsedUp = (code: string, reason: 'used_up' | 'customer_limit_reached', field: string | null = '/body/code') =>
  new DomainError({
    code: 'coupon-used-up',
    status: 409,
    title: 'Coupon used up',
    detail: reason === 'used_up' ? `Every use of the coupon ${code} has been taken.` : `This customer has used the coupon ${code} as many times as it allows.`,
    field: field ?? undefined,
    data: { code, reason },
  })

/** A coupon with a per-customer limit counts uses per customer: a guest cart cannot take it until someone signs in. */
export const couponCustomerRequired = (code: string, field = '/body/code') =>
  new DomainError({
    code: 'coupon-customer-required',
    status: 409,
    title: 'Coupon needs a customer',
    detail: `The coupon ${code} may be used a limited number of times per customer: sign in, or attach the customer to the cart.`,
    field,
    data: { code },
  })

export const couponCodeTaken = (code: string) =>
  new DomainError({ code: 'coupon-code-taken', status: 409, title: 'Code already exists', detail: `A coupon with the code ${code} already exists.`, field: '/body/code', data: { code } })

export const couponCodeInvalid = (field: string, detail: string) => new DomainError({ code: 'invalid-coupon-code', status: 400, title: 'Invalid coupon code', detail, field })

/** A promotion taken by other orders up to its limit, in all or by this customer, while this checkout ran. */
export const promotionUsedUp = (promotionId: string, name: string, reason: 'used_up' | 'customer_limit_reached') =>
  new DomainError({
    code: 'promotion-used-up',
    status: 409,
    title: 'Promotion used up',
    detail: reason === 'used_up' ? `The promotion "${name}" has reached its limit of uses.` : `This customer has used the promotion "${name}" as many times as it allows.`,
    data: { promotionId, reason },
  })

/** The checkout priced a coupon-only promotion, but the cart holds none of its codes any more. */
export const promotionCouponMissing = (promotionId: string, name: string) =>
  new DomainError({
    code: 'coupon-missing',
    status: 409,
    title: 'Coupon no longer on the cart',
    detail: `The promotion "${name}" needs one of its coupons on the cart, and the cart holds none.`,
    data: { promotionId },
  })

/** Coupons are not added to an archived promotion: it never runs again. */
export const promotionArchived = (promotionId: string, field = '/body/promotionId') =>
  new DomainError({ code: 'promotion-archived', status: 409, title: 'Promotion archived', detail: `The promotion ${promotionId} is archived: it takes no new coupons.`, field, data: { promotionId } })
