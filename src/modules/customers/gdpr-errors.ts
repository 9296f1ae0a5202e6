/** The problems of GDPR acts and audited staff access (gdpr.ts, access-log.ts): stable codes, each naming the input at fault. */
import { DomainError, invalidInput } from '../../platform/problems.js'

/** Store staff serving several stores must say from which one they look a customer up. */
export const locationRequired = (field: string) =>
  invalidInput(field, 'You work at several stores: give the locationId of the store you are serving from.', 'location-required')

/** Orders not yet handed over need the customer's contact and address: erasure waits until they are delivered, collected or cancelled. */
export const ordersInProgress = (customerId: string, inProgress: readonly { id: string; number: number; status: string }[]) =>
  new DomainError({
    code: 'orders-in-progress',
    status: 409,
    title: 'Orders in progress',
    detail: `Customer ${customerId} has ${inProgress.length} order(s) not yet delivered, collected or cancelled; their contact and address are needed until then. Erase once they are.`,
    field: '/params/id',
    data: { orders: inProgress.map((o) => ({ id: o.id, number: o.number, status: o.status })) },
  })

/** A profile merged into another holds nothing of the person any more: the live profile is the one to erase. */
export const erasureOfMergedProfile = (customerId: string, mergedIntoId: string) =>
  new DomainError({
    code: 'customer-merged',
    status: 409,
    title: 'Customer merged',
    detail: `Customer ${customerId} was merged into ${mergedIntoId}; erase that profile (it erases this one too).`,
    field: '/params/id',
    data: { customerId, mergedIntoId },
  })
