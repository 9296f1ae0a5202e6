/** Fixtures for the customers suites: callers and small request helpers over HTTP. */
import { randomBytes } from 'node:crypto'
import type { TestServer } from '../../../test/harness.js'
import { customerSession, staffSession, seedStores, type Session } from '../../../test/fixtures.js'

export interface CustomerCallers {
  admin: Session
  associate: Session
  agent: Session
  shopper: Session & { email: string }
}

/** An admin, a Montpellier associate, a call-centre agent and a registered shopper. */
export async function customerCallers(server: TestServer): Promise<CustomerCallers> {
  const stores = await seedStores(server.database)
  return {
    admin: await staffSession(server, 'admin'),
    associate: await staffSession(server, 'store_associate', [stores.montpellier.id]),
    agent: await staffSession(server, 'call_centre_agent'),
    shopper: await customerSession(server),
  }
}

/** A unique email for one test. */
export const uniqueEmail = (name = 'client') => `${name}.${randomBytes(4).toString('hex')}@example.com`

/** A valid French mobile number, different on every call, in national format (06 …). */
export function uniqueMobile(): { national: string; e164: string } {
  const digits = String(10_000_000 + Math.floor(Math.random() * 89_999_999))
  return { national: `06 ${digits.replace(/(\d{2})(?=\d)/g, '$1 ')}`, e164: `+336${digits}` }
}

/** HTTP helpers bound to a server and a session. */
export function requests(server: () => TestServer) {
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, session: Session | null, payload?: unknown) =>
    server().app.inject({ method, url, payload: payload as object | undefined, headers: session?.headers ?? {} })
  return {
    get: (url: string, session: Session | null) => call('GET', url, session),
    post: (url: string, session: Session | null, payload?: unknown) => call('POST', url, session, payload ?? {}),
    patch: (url: string, session: Session | null, payload: unknown) => call('PATCH', url, session, payload),
  }
}
