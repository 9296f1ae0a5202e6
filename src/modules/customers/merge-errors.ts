/** The problems of profile merges (merge.ts): stable codes, each naming the input at fault. */
import { DomainError, invalidInput, notFound } from '../../platform/problems.js'
import type { PointBalances } from './merge-record.js'

export const sameCustomer = () => invalidInput('/body/mergedCustomerId', 'A profile cannot be merged into itself.', 'same-customer')

export const unknownMergedCustomer = (id: string) =>
  new DomainError({ code: 'unknown-customer', status: 400, title: 'Unknown customer', detail: `No customer has the id ${id}.`, field: '/body/mergedCustomerId' })

export const mergeNotFound = (id: string) => notFound('Customer merge', id, '/params/mergeId')

export const mergeAlreadyReverted = (id: string) =>
  new DomainError({ code: 'merge-already-reverted', status: 409, title: 'Merge already reverted', detail: `Merge ${id} was already reverted.`, field: '/params/mergeId', data: { mergeId: id } })

/** A revert is done whole or not at all; `reason` says what stands in the way. */
export const mergeNotRevertible = (id: string, detail: string, data: Record<string, unknown> = {}) =>
  new DomainError({ code: 'merge-not-revertible', status: 409, title: 'Merge cannot be reverted', detail, field: '/params/mergeId', data: { mergeId: id, ...data } })

/** The survivor spent store credit the merge brought (a customersUnmerging handler found out): no revert. */
export const mergeCreditSpent = (id: string, credit: { balance: number; amount: number }) =>
  mergeNotRevertible(id, `The survivor's store credit (${credit.balance}) is below the ${credit.amount} the merge brought: it was spent since.`, {
    balance: credit.balance,
    amount: credit.amount,
  })

/** The survivor spent loyalty points the merge brought (a customersUnmerging handler found out): no revert. */
export const mergePointsSpent = (id: string, points: { owed: PointBalances; held: PointBalances }) =>
  mergeNotRevertible(id, `The survivor no longer holds the loyalty points the merge brought (${points.owed.available} available owed, ${points.held.available} held): they were spent since.`, {
    points: { owed: points.owed, held: points.held },
  })
