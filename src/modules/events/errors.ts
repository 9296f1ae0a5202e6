import { invalidInput, notFound } from '../../platform/problems.js'

/** A location outside the caller's reach answers as if it did not exist, so that ids cannot be probed. */
export const streamLocationNotFound = (id: string) => notFound('Location', id, '/query/locationId')

export const streamCustomerNotFound = (id: string) => notFound('Customer', id, '/query/customerId')

export const invalidEventTypes = (field: string, pattern: string) =>
  invalidInput(field, `"${pattern}" is not an event type: use a name such as catalog.product_created, a prefix such as orders.*, or *.`, 'invalid-event-types')
