import { DomainError } from '../../platform/problems.js'

export const insufficientStoreCredit = (balance: number, requested: number, field = '/body/payments') =>
  new DomainError({
    code: 'insufficient-store-credit',
    status: 409,
    title: 'Insufficient store credit',
    detail: `The customer has ${balance} of store credit; ${requested} was asked for.`,
    field,
    data: { balance, requested },
  })

export const adjustmentBelowZero = (balance: number) =>
  new DomainError({
    code: 'insufficient-store-credit',
    status: 409,
    title: 'Insufficient store credit',
    detail: `This adjustment would take the balance (${balance}) below zero.`,
    field: '/body/amount',
    data: { balance },
  })
