/**
 * The store app, first screens, in chromium against the real server: the associate logs in (a wrong password first),
 * finds the customer by the phone number she says, and sees her 360 with the web cart she abandoned and Montpellier's
 * stock for it. Screenshots at phone, tablet and desktop sizes in French and English; axe on each screen.
 */
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { capture, expectAccessible, pageErrors, screenshot, switchLanguage, useBrowser } from './browser.js'
import { BROWSER_SERVER, browserEngine, signedIn, staffAccount, type StaffAccount } from './store-app.js'

describe('store app: identify the customer and see her 360', () => {
  const shop = useCommerceWorld(browserEngine, BROWSER_SERVER)
  const chromium = useBrowser()
  const { call, expectStatus } = httpCalls(() => shop.server)

  async function lea(): Promise<{ customerId: string; nationalPhone: string }> {
    const { world } = shop
    const montpellier = world.stores.montpellier.id
    const dress = (await stockedProduct(shop.server, world, { onHand: 4, locationIds: [montpellier], prices: [8990] })).variants[0]!
    const mobile = `6${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}`
    const email = `lea.${mobile}@example.com`
    await expectStatus(call('POST', '/v1/auth/customers/register', {}, { email, password: 'Soleil-de-Sete-34', firstName: 'Léa', lastName: 'Garcia', phone: `+33${mobile}` }), 202)
    const session = await expectStatus<{ token: string; customer: { id: string } }>(call('POST', '/v1/auth/customers/login', {}, { email, password: 'Soleil-de-Sete-34' }), 200)
    const cart = await expectStatus<{ id: string }>(call('POST', '/v1/carts', { authorization: `Bearer ${session.token}` }, { channelId: world.channels.web.id, lines: [{ variantId: dress.id, quantity: 1 }] }), 201)
    await shop.server.database.db.execute(sql`update carts set updated_at = now() - interval '3 hours' where id = ${cart.id}`)
    return { customerId: session.customer.id, nationalPhone: `0${mobile}`.replace(/(\d{2})(?=\d)/g, '$1 ') }
  }

  let associate: StaffAccount | undefined
  const montpellierAssociate = async () => (associate ??= await staffAccount(shop.server, 'store_associate', [shop.world.stores.montpellier.id]))

  it('refuses a wrong password in words, then logs the associate in', async () => {
    const associate = await montpellierAssociate()
    const context = await chromium.context({ language: 'fr' })
    const page = await context.newPage()
    const errors = pageErrors(page)
    await page.goto(`${shop.server.url}/store/`)
    await expect.poll(() => new URL(page.url()).pathname).toBe('/store/login')
    await page.getByLabel('E-mail professionnel').fill(associate.email)
    await page.locator('input[type="password"]').fill('not-her-password')
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('E-mail ou mot de passe incorrect')
    await screenshot(page, 'store', 'login-refused-tablet-fr')
    await expectAccessible(page)
    await page.locator('input[type="password"]').fill(associate.password)
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Identifier la cliente' }).count()).toBe(1)
    expect(errors.filter((error) => !error.includes('401'))).toEqual([])
    await context.close()
  })

  // Screenshots and axe in two languages at two sizes on a shared two-core machine: more than the default minute.
  it('finds her by the phone she says and shows her 360 with the abandoned web cart', { timeout: 150_000 }, async () => {
    const { customerId, nationalPhone } = await lea()
    // As before the shared capture: tablet and phone in French, desktop and phone in English.
    const sizes = { fr: ['tablet', 'phone'], en: ['desktop', 'phone'] } as const
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate())
    const errors = pageErrors(page)
    await page.getByRole('searchbox').or(page.getByLabel('Nom, e-mail')).first().fill(nationalPhone)
    const result = page.getByRole('button', { name: 'Léa Garcia' })
    await expect.poll(() => result.count()).toBe(1)
    await capture(page, 'store', 'customer-search', { sizes, expect: { fr: 'Léa Garcia', en: 'Léa Garcia' } })
    await result.click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/store/customers/${customerId}`)
    await expect.poll(() => page.getByRole('heading', { name: 'Léa Garcia' }).count()).toBe(1)
    const main = page.getByRole('main')
    await expect.poll(() => main.textContent()).toContain('Abandonné')
    // The cart's lines and this store's stock come from a second read (her carts), after the overview.
    await expect.poll(() => main.textContent()).toContain('4 en stock')
    expect(await main.getByRole('button', { name: 'Reprendre ce panier' }).count()).toBe(1)
    await capture(page, 'store', 'customer-360', { sizes, expect: { fr: '4 en stock', en: '4 in stock' } })
    await switchLanguage(page, 'en')
    await expect.poll(() => main.textContent()).toContain('Abandoned')
    expect(await main.getByRole('button', { name: 'Take over this cart' }).count()).toBe(1)
    await switchLanguage(page, 'fr')
    expect(errors).toEqual([])
    await context.close()
  })
})
