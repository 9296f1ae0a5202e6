/**
 * The README's promise, in chromium on the demo shop as `npm start` seeds it: the Montpellier seller logs in with the
 * published demo account, types Léa Garcia's mobile as she says it, sees her 360 — her loyalty card and points, the
 * web cart she left with Montpellier's stock — takes the cart over and closes the sale in cash with change. The
 * screenshots of this run are the README's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoShop } from '../../src/demo/seed.js'
import { checkoutPolicyOf } from '../../src/modules/orders/service.js'
import { startTestServer, type TestServer } from '../harness.js'
import { expectAccessible, pageErrors, screenshot, useBrowser } from './browser.js'
import { BROWSER_SERVER, browserEngine } from './store-app.js'

const SELLER = { email: 'vendeuse.montpellier@maison-lumiere.demo', password: 'demo-store' }

describe('store app on the demo shop', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ engine: browserEngine, ...BROWSER_SERVER })
    await ensureDemoShop(server.database, { seed: server.config.demoSeed, log: () => {}, policy: checkoutPolicyOf(server.config) })
  }, 600_000)
  afterAll(async () => server?.close())
  const chromium = useBrowser()

  it('the Montpellier seller finds Léa by phone, sees her 360 and closes her web cart in cash', async () => {
    const context = await chromium.context({ language: 'fr', viewport: 'desktop' })
    const page = await context.newPage()
    const errors = pageErrors(page)
    await page.goto(`${server.url}/store/`)
    await page.getByLabel('E-mail professionnel').fill(SELLER.email)
    await page.locator('input[type="password"]').fill(SELLER.password)
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.getByLabel(/Nom, e-mail/).fill('06 95 28 17 53')
    await page.getByRole('button', { name: 'Léa Garcia' }).click()
    const main = page.getByRole('main')
    await expect.poll(() => page.getByRole('heading', { name: 'Léa Garcia' }).count(), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => main.textContent(), { timeout: 15_000 }).toMatch(/\d+ points/)
    await expect.poll(() => main.textContent()).toContain('Abandonné')
    await expect.poll(() => main.textContent()).toMatch(/\d+ en stock|Épuisé ici/)
    await screenshot(page, 'store', 'demo-customer-360-desktop-fr')
    await expectAccessible(page)

    await main.getByRole('button', { name: 'Reprendre ce panier' }).first().click()
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 15_000 }).toMatch(/^\/store\/sale\/cart_/)
    const total = page.getByTestId('sale-total')
    await expect.poll(() => total.textContent(), { timeout: 15_000 }).toMatch(/\d+,\d{2}/)
    const due = Number((await total.textContent())!.replace(/[^\d,]/g, '').replace(',', '.'))
    const handedOver = Math.ceil(due / 50) * 50 + 50
    await page.getByLabel('Montant remis').fill(String(handedOver))
    await expect.poll(() => main.textContent()).toContain('Rendu')
    await screenshot(page, 'store', 'demo-sale-desktop-fr')
    await expectAccessible(page)
    await page.getByRole('button', { name: /^Encaisser/ }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Ticket de caisse' }).count(), { timeout: 15_000 }).toBe(1)
    expect(await page.getByRole('article').textContent()).toMatch(/Commande n° \d+/)
    expect(errors).toEqual([])
    await context.close()
  }, 180_000)
})
