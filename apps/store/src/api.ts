/** The store app's session and API client: an associate's bearer token, forgotten (with the data cached) on the first 401. */
import type { components } from '@omnicanal/client'
import { createApi } from '../../shared/api.js'
import { createSessionStore } from '../../shared/session.js'
import { queryClient } from './query-client.js'

export type StaffUser = components['schemas']['StaffUser']
export type Schemas = components['schemas']

export const sessions = createSessionStore<StaffUser>('store')

export const api = createApi(() => sessions.read()?.token)

api.use({
  onResponse({ response, request }) {
    // An expired or revoked token: back to the login screen, and nothing read with it stays in the cache. A failed
    // login answers 401 too, and has no session; a late logout's 401 is about the token already ended, not the next one.
    if (response.status === 401 && !request.url.endsWith('/v1/auth/staff/login') && !request.url.endsWith('/v1/auth/logout')) {
      sessions.write(null)
      queryClient.clear()
    }
    return response
  },
})
