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
