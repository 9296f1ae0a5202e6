import type { ReactNode } from 'react'
import { Redirect } from 'wouter'
import { useSession } from '../../../shared/session.js'
import type { StaffUser } from '../api.js'
import { StoreProvider } from '../store-context.js'

/** The screens of a signed-in associate, in her store; anyone else goes to the login screen. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession<StaffUser>()
  if (!session) return <Redirect to="/login" replace />
  return <StoreProvider>{children}</StoreProvider>
}
