/**
 * What ending an associate's session does beyond forgetting it on the device: the server revokes her token (it would
 * stay valid 12 h otherwise), and the till forgets what it read for her — the query cache, the store she picked.
 * The sales she rang offline stay queued: they are hers and are sent when she next signs in (offline/sync-policy.ts).
 */
import type { StoredSession } from '../../shared/session.js'
import { api, type StaffUser } from './api.js'
import { queryClient } from './query-client.js'
import { forgetPickedStore } from './store-context.js'

/** Called by SessionProvider once the session is forgotten (the screens unmount, nothing refetches with her token). */
export function endSession(ended: StoredSession<StaffUser>): void {
  queryClient.clear()
  forgetPickedStore()
  // Best effort: offline, or already expired, the token simply runs out; the sign-out never waits for it.
  void api.POST('/v1/auth/logout', { headers: { authorization: `Bearer ${ended.token}` } }).catch(() => undefined)
}
