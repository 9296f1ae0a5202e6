import { DomainError } from '../../platform/problems.js'

export const invalidCredentials = () =>
  new DomainError({ code: 'invalid-credentials', status: 401, title: 'Invalid credentials', detail: 'The email or the password is wrong, or the account is disabled.' })

export const emailTaken = (field = '/body/email') =>
  new DomainError({ code: 'email-taken', status: 409, title: 'Email already registered', detail: 'An account already uses this email. Log in instead.', field })

export const locationsRequired = () =>
  new DomainError({ code: 'locations-required', status: 400, title: 'Locations required', detail: 'Store managers and associates must be bound to at least one location.', field: '/body/locationIds' })

export const locationsNotAllowed = () =>
  new DomainError({ code: 'locations-not-allowed', status: 400, title: 'Locations not allowed', detail: 'Only store managers and associates are bound to locations.', field: '/body/locationIds' })

export const unknownLocation = (id: string) =>
  new DomainError({ code: 'unknown-location', status: 400, title: 'Unknown location', detail: `No location with id ${id}.`, field: '/body/locationIds' })

export const notAnIntegration = () =>
  new DomainError({ code: 'not-an-integration', status: 409, title: 'Not an integration account', detail: 'API keys are issued to staff users with the integration role only.' })

export const notAKioskChannel = (channelId: string, reason: 'kind' | 'inactive') =>
  new DomainError({
    code: 'not-a-kiosk-channel',
    status: 409,
    title: 'Not an active kiosk channel',
    detail: reason === 'kind' ? `Channel ${channelId} is not a kiosk channel: kiosks are registered on kiosk channels only.` : `Channel ${channelId} is inactive: activate it first.`,
    field: '/params/id',
  })

export const notTheKioskStore = (channelId: string) =>
  new DomainError({
    code: 'forbidden',
    status: 403,
    title: 'Forbidden',
    detail: `Only an admin or a manager of the store of channel ${channelId} registers kiosks on it.`,
    field: '/params/id',
  })

export const noPasswordForIntegration = () =>
  new DomainError({
    code: 'password-not-allowed',
    status: 400,
    title: 'No password for an integration',
    detail: 'Integration accounts sign in with API keys only: they cannot have a password.',
    field: '/body/password',
  })

export const keyOutlivesGrantor = (notAfter: Date) =>
  new DomainError({
    code: 'key-outlives-grantor',
    status: 403,
    title: 'Key would outlive its grantor',
    detail: `A key you issue expires no later than your own token, which expires at ${notAfter.toISOString()}. Ask for a shorter expiresInHours, or have an admin issue it.`,
    field: '/body/expiresInHours',
    data: { notAfter: notAfter.toISOString() },
  })
