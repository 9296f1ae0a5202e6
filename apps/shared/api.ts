/**
 * The apps' one way to the Commerce API: the typed client generated from /openapi.json (`@omnicanal/client`), on the
 * page's own origin, with the signed-in user's bearer token and a fresh Idempotency-Key on every mutating call.
 */
import { createOmnicanalClient, dataOf, ProblemError, type OmnicanalClient } from '@omnicanal/client'

export { dataOf, ProblemError }
export type { OmnicanalClient }

/** A client whose token is read before each request, so signing in or out needs no new client. */
export function createApi(token: () => string | undefined): OmnicanalClient {
  return createOmnicanalClient({ baseUrl: window.location.origin, token, idempotencyKeys: true })
}

/** True for an answer that never reached the server (offline, DNS, connection refused) rather than a problem. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && !(error instanceof ProblemError)
}
