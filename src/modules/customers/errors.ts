import { DomainError, invalidInput, notFound } from '../../platform/problems.js'
import type { IdentifierKind } from './schema.js'

export const customerNotFound = (id: string) => notFound('Customer', id, '/params/id')

/** Another customer already holds this identifier: one email, phone, card… belongs to one person. */
export const identifierTaken = (kind: IdentifierKind, field: string) =>
  new DomainError({
    code: `${kind.replace('_', '-')}-taken`,
    status: 409,
    title: 'Identifier already in use',
    detail: `Another customer already has this ${kind.replace('_', ' ')}.`,
    field,
    data: { kind },
  })


export const contactRequired = () => invalidInput('/body/email', 'Give an email or a phone number (or both).', 'contact-required')

export const oneIdentifierRequired = () =>
  invalidInput('/query', 'Give exactly one of email, phone, loyaltyCard, qr, marketplaceBuyer.', 'one-identifier-required')

export const customerNotFoundBy = (field: string) =>
  new DomainError({ code: 'not-found', status: 404, title: 'Customer not found', detail: 'No customer has this identifier.', field })

export const accountEmailRequired = () =>
  invalidInput('/body/email', 'A customer with an account signs in with their email; it can be changed but not removed.', 'account-email-required')

/** Consents: a decision recorded by a method this caller may not vouch for (a customer cannot claim an in-store form). */
export const consentMethodNotAllowed = (field: string, detail: string) =>
  new DomainError({ code: 'consent-method-not-allowed', status: 403, title: 'Consent method not allowed', detail, field })

export const consentLocationRequired = (field: string) =>
  invalidInput(field, 'Store staff record a consent given in store: give the locationId of one of your stores.', 'location-required')

export const duplicateConsentPurpose = (field: string) => invalidInput(field, 'One decision per purpose in a call.', 'duplicate-purpose')

/** A profile merged into another is a tombstone: it takes no new data, is merged no further and absorbs nobody. */
export const customerMerged = (id: string, mergedIntoId: string, field: string) =>
  new DomainError({
    code: 'customer-merged',
    status: 409,
    title: 'Customer merged',
    detail: `Customer ${id} was merged into ${mergedIntoId}: use that profile, or revert the merge first.`,
    field,
    data: { customerId: id, mergedIntoId },
  })

/** An erased profile is nobody any more: it takes no new data and takes part in no merge. */
export const customerErased = (id: string, field: string) =>
  new DomainError({
    code: 'customer-erased',
    status: 409,
    title: 'Customer erased',
    detail: `Customer ${id} was erased: nothing new is recorded about it.`,
    field,
    data: { customerId: id },
  })
