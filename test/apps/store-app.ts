/**
 * The store app's test world: the commerce world on the engine closest to production (PostgreSQL when the run has
 * it), served on a loopback port, staff accounts with passwords to type, and a signed-in page at a given screen.
 */
import { randomBytes } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { createStaffUser } from '../../src/modules/auth/service.js'
import type { TestServer } from '../harness.js'
import { engines } from '../harness.js'

/**
 * The server of a browser test file: listening on loopback, with a login limit no test reaches — a file signs in
 * many staff within a minute, all from 127.0.0.1 (the limit's own test is in test/platform/roles.test.ts).
 */
export const BROWSER_SERVER = { listen: true, env: { LOGIN_RATE_LIMIT_PER_MINUTE: '1000' } }

/** One engine for browser tests (they are slow): PostgreSQL when the run has it, else PGlite. */
export const browserEngine = engines.at(-1)!

export interface StaffAccount {
  id: string
  email: string
  password: string
  displayName: string
}

/** A staff account with a password, for typing into the login screen. */
export async function staffAccount(server: TestServer, role: 'store_associate' | 'store_manager' | 'admin', locationIds: string[], displayName = 'Sophie Delmas'): Promise<StaffAccount> {
  const email = `${displayName.toLowerCase().replace(/[^a-z]+/g, '.')}.${randomBytes(3).toString('hex')}@maison-lumiere.test`
  const password = 'Montpellier-Comedie-34'
  const user = await server.database.transaction((tx) => createStaffUser(tx, { email, displayName, role, password, locationIds, grantor: 'system' }))
  return { id: user.id, email, password, displayName }
}

/** Opens the store app in `context` and logs in as `account` through the login screen; resolves on the search screen. */
export async function logIn(context: BrowserContext, server: TestServer, account: StaffAccount): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${server.url}/store/`)
  await page.getByLabel(/E-mail professionnel|Work email/).fill(account.email)
  await page.locator('input[type="password"]').fill(account.password)
  await page.getByRole('button', { name: /Se connecter|Log in/ }).click()
  await expect.poll(() => new URL(page.url()).pathname).toBe('/store/')
  return page
}

/**
 * Opens `path` of the store app already signed in as `account`: logged in through the API and the session put where the
 * login screen keeps it (localStorage omnicanal.store.session, as apps/shared/session.tsx stores it) before the first
 * load. Only the login screen's own test types a password. The session is set once per context, so a sign-out sticks.
 */
export async function signedIn(context: BrowserContext, server: TestServer, account: Pick<StaffAccount, 'email' | 'password'>, path = '/store/'): Promise<Page> {
  const response = await fetch(`${server.url}/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account.email, password: account.password }) })
  expect(response.status, await response.clone().text()).toBe(200)
  const answer = (await response.json()) as { token: string; expiresAt: string | null; staff: unknown }
  const session = JSON.stringify({ token: answer.token, expiresAt: answer.expiresAt, user: answer.staff })
  await context.addInitScript({
    content: `if (!sessionStorage.getItem('omnicanal.test.session-set')) { localStorage.setItem('omnicanal.store.session', ${JSON.stringify(session)}); sessionStorage.setItem('omnicanal.test.session-set', '1') }`,
  })
  const page = await context.newPage()
  await page.goto(`${server.url}${path}`)
  await expect.poll(() => page.getByRole('banner').count()).toBe(1)
  return page
}
