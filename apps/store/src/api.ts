/** The store app's session and API client: an associate's bearer token, forgotten on the first 401. */
import type { components } from '@omnicanal/client'
import { createApi } from '../../shared/api.js'
import { createSessionStore } from '../../shared/session.js'

export type StaffUser = components['schemas']['StaffUser']
export type Schemas = components['schemas']

export const sessions = createSessionStore<StaffUser>('store')

export const api = createApi(() => sessions.read()?.token)

api.use({
  onResponse({ response, request }) {
    // An expired or revoked token: back to the login screen. A failed login answers 401 too, and has no session.
    if (response.status === 401 && !request.url.endsWith('/v1/auth/staff/login')) sessions.write(null)
    return response
  },
})
