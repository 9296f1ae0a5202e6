/**
 * The signed-in user of an app, kept on the device (localStorage) so that a till reopened without network still knows
 * its associate. A session past its expiry, or one the server answers 401 for, is forgotten.
 */
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react'

export interface StoredSession<User> {
  token: string
  expiresAt: string | null
  user: User
}

export interface SessionStore<User> {
  read(): StoredSession<User> | null
  write(session: StoredSession<User> | null): void
  subscribe(listener: () => void): () => void
}

/** A session kept under `omnicanal.<app>.session`; every tab of the app sees the same one. */
export function createSessionStore<User>(app: string): SessionStore<User> {
  const key = `omnicanal.${app}.session`
  const listeners = new Set<() => void>()
  let cachedRaw: string | null = null
  let cached: StoredSession<User> | null = null
  const notify = () => listeners.forEach((listener) => listener())
  window.addEventListener('storage', (event) => event.key === key && notify())
  return {
    read() {
      const raw = localStorage.getItem(key)
      if (raw !== cachedRaw) {
        cachedRaw = raw
        cached = raw ? (JSON.parse(raw) as StoredSession<User>) : null
      }
      if (cached?.expiresAt && Date.parse(cached.expiresAt) <= Date.now()) return null
      return cached
    },
    write(session) {
      if (session) localStorage.setItem(key, JSON.stringify(session))
      else localStorage.removeItem(key)
      notify()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

interface SessionContextValue<User> {
  session: StoredSession<User> | null
  signIn(session: StoredSession<User>): void
  signOut(): void
}

const SessionContext = createContext<SessionContextValue<unknown> | null>(null)

/**
 * `onSignOut` runs after the session is forgotten, with the one that ended: the app revokes its token on the server
 * and drops what it cached for that user (the next one on the device must not see it).
 */
export function SessionProvider<User>({ store, onSignOut, children }: { store: SessionStore<User>; onSignOut?: (ended: StoredSession<User>) => void; children: ReactNode }) {
  const session = useSyncExternalStore(store.subscribe, store.read)
  const signIn = useCallback((next: StoredSession<User>) => store.write(next), [store])
  const signOut = useCallback(() => {
    const ended = store.read()
    store.write(null)
    if (ended) onSignOut?.(ended)
  }, [store, onSignOut])
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut])
  return <SessionContext.Provider value={value as SessionContextValue<unknown>}>{children}</SessionContext.Provider>
}

/** The current session and the two ways to change it; throws outside a SessionProvider. */
export function useSession<User>(): SessionContextValue<User> {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value as SessionContextValue<User>
}
