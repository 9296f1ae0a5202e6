/**
 * The store app's till and the manager's day, in chromium against the real server: an associate opens her till with a
 * float of 150 €, a cash sale with change is rung through the API on the store channel, she takes 20 € out with a
 * reason, reads the X report (expected cash), closes with a count a few euros short and reads the Z report with that
 * variance. A manager sees the day (Lyon's, with the sales that scenario makes there) under seller and tender; the
 * associate is refused the day; a Lyon associate sees only Lyon's till. Screenshots at phone and tablet in French and English; axe on each screen.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { cartWith, checkout, httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { capture, expectAccessible, pageErrors, screenshot, switchLanguage, useBrowser } from './browser.js'
import { BROWSER_SERVER, browserEngine, signedIn, staffAccount, type StaffAccount } from './store-app.js'

type Lang = 'fr' | 'en'
const words = {
  fr: { till: 'Caisse', register: 'Caisse de cet appareil', change: 'Changer de caisse', save: 'Enregistrer', float: 'Fond de caisse', count: 'Compter pièces et billets', open: 'Ouvrir la caisse', amount: 'Montant', reason: 'Motif', record: 'Enregistrer le mouvement', refresh: 'Actualiser', counted: 'Espèces comptées', close: 'Clôturer la caisse', yes: 'Oui, clôturer', closed: 'Caisse clôturée' },
  en: { till: 'Till', register: 'This device’s till', change: 'Change till', save: 'Save', float: 'Float', count: 'Count coins and notes', open: 'Open the till', amount: 'Amount', reason: 'Reason', record: 'Record the movement', refresh: 'Refresh', counted: 'Cash counted', close: 'Close the till', yes: 'Yes, close', closed: 'Till closed' },
} as const
/** Intl puts no-break spaces in amounts ("167,50 €"): compare text with plain spaces. */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ')

describe('store app: the till session and the store’s day', () => {
  const shop = useCommerceWorld(browserEngine, BROWSER_SERVER)
  const chromium = useBrowser()
  const { call, expectStatus } = httpCalls(() => shop.server)
  const montpellier = () => shop.world.stores.montpellier.id

  let associate: StaffAccount | undefined
  const ines = async () => (associate ??= await staffAccount(shop.server, 'store_associate', [montpellier()], 'Inès Moreau'))
  const tokenOf = async (account: StaffAccount) => (await expectStatus<{ token: string }>(call('POST', '/v1/auth/staff/login', {}, { email: account.email, password: account.password }), 200)).token

  /** A cash sale through the API by `seller` (Inès at Montpellier unless said): `price` paid with `tendered`, the change given back. */
  async function cashSale(price: number, tendered: number, seller?: { account: StaffAccount; locationId: string; channelId: string }) {
    const by = seller ?? { account: await ines(), locationId: montpellier(), channelId: shop.world.channels.storeMontpellier.id }
    const headers = { authorization: `Bearer ${await tokenOf(by.account)}` }
    const variant = (await stockedProduct(shop.server, shop.world, { prices: [price], onHand: 5, locationIds: [by.locationId] })).variants[0]!
    const cartId = await cartWith(shop.server, headers, by.channelId, [{ variantId: variant.id, quantity: 1 }], { customerId: shop.world.customer.id })
    const res = await checkout(shop.server, cartId, { fulfilment: { method: 'in_store' }, payments: [{ method: 'cash', tendered }] }, headers)
    expect(res.statusCode, res.body).toBe(201)
  }

  async function openTill(page: Page, lang: Lang, float: string) {
    const w = words[lang]
    await page.getByLabel(w.float, { exact: true }).fill(float)
    await page.getByRole('button', { name: w.open }).click()
    await expect.poll(async () => plain(await page.getByRole('main').textContent())).toContain(lang === 'fr' ? 'par vous (Inès Moreau)' : 'by you (Inès Moreau)')
  }

  async function cashOut(page: Page, lang: Lang, amount: string, reason: string) {
    const w = words[lang]
    await page.getByLabel(w.amount, { exact: true }).fill(amount)
    await page.getByLabel(w.reason, { exact: true }).fill(reason)
    await page.getByRole('button', { name: w.record }).click()
    await expect.poll(async () => plain(await page.locator('.till-report').first().textContent())).toContain(reason)
  }

  async function closeTill(page: Page, lang: Lang, counted: string) {
    const w = words[lang]
    await page.getByLabel(w.counted, { exact: true }).fill(counted)
    await page.getByRole('button', { name: w.close }).click()
    await page.getByRole('button', { name: w.yes }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: w.closed }).count()).toBe(1)
  }

  // Three screens captured in two languages at two sizes (twelve axe runs): more than the minute on a shared machine.
  it('opens the till with 150 €, takes 20 € out, reads the X report and closes 2,50 € short into the Z report', { timeout: 150_000 }, async () => {
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await ines())
    const errors = pageErrors(page)
    await page.getByRole('link', { name: 'Caisse', exact: true }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Ouvrir la caisse' }).count()).toBe(1)
    await page.getByRole('button', { name: words.fr.count }).click()
    await page.getByLabel('Nombre de 50,00 €').fill('3')
    await expect.poll(async () => plain(await page.getByRole('main').textContent())).toContain('Total compté : 150,00 €')
    await capture(page, 'store', 'till-open', { expect: { fr: '150,00 €', en: '€150.00' } })
    await page.getByRole('button', { name: 'Reprendre ce total' }).click()
    expect(await page.getByLabel('Fond de caisse', { exact: true }).inputValue()).toBe('150')
    await openTill(page, 'fr', '150')

    await cashSale(3750, 5000) // 12,50 € change
    await cashOut(page, 'fr', '20', 'Dépôt en banque')
    await page.getByRole('button', { name: 'Actualiser' }).click()
    // 150 + 50 − 12,50 − 20 = 167,50
    await expect.poll(async () => plain(await page.getByTestId('till-expected').textContent())).toBe('Attendu167,50 €')
    expect(plain(await page.getByTestId('tender-cash').textContent())).toContain('1 vente · 37,50 €')
    await capture(page, 'store', 'till-x-report', { expect: { fr: '167,50 €', en: '€167.50' } })

    await closeTill(page, 'fr', '165')
    expect(plain(await page.getByTestId('till-variance').textContent())).toContain('Écart : −2,50 €')
    expect(plain(await page.getByTestId('till-variance').textContent())).toContain('Il manque 2,50 €')
    expect(plain(await page.getByTestId('till-counted').textContent())).toBe('Compté165,00 €')
    await capture(page, 'store', 'till-z-report', { expect: { fr: '165,00 €', en: '€165.00' } })
    // Printed, the Z report stands alone: no header, menu or buttons.
    await page.emulateMedia({ media: 'print' })
    expect(await page.getByRole('banner').isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: 'Imprimer' }).isVisible()).toBe(false)
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'store', 'till-z-report-print-tablet-fr')
    await page.emulateMedia({ media: 'screen' })

    // Back to the register: the last Z report is still there to read.
    await page.getByRole('button', { name: 'Fermer le ticket' }).click()
    await page.getByRole('button', { name: 'Lire le dernier ticket Z' }).click()
    await expect.poll(async () => plain(await page.getByTestId('till-variance').textContent())).toContain('−2,50 €')
    expect(errors).toEqual([])
    await context.close()
  })

  it('runs a session on another register, in English on a phone, closing 0,10 € over', async () => {
    const w = words.en
    const context = await chromium.context({ language: 'en', viewport: 'phone' })
    const page = await signedIn(context, shop.server, await ines(), '/store/till')
    const errors = pageErrors(page)
    await page.getByRole('button', { name: w.change }).click()
    await page.getByLabel(w.register).fill('till-3')
    await page.getByRole('button', { name: w.save }).click()
    await expect.poll(() => page.getByRole('heading', { name: w.open }).count()).toBe(1)
    await openTill(page, 'en', '100')
    await cashSale(1990, 2000)
    await cashOut(page, 'en', '5', 'Stamps')
    await page.getByRole('button', { name: w.refresh }).click()
    // 100 + 20 − 0,10 − 5 = 114,90
    await expect.poll(async () => plain(await page.getByTestId('till-expected').textContent())).toContain('€114.90')
    await closeTill(page, 'en', '115')
    expect(plain(await page.getByTestId('till-variance').textContent())).toContain('€0.10 over')
    await expectAccessible(page)
    expect(errors).toEqual([])
    await context.close()
  })

  it('shows the manager the day with the sales under their seller and tender', async () => {
    // Lyon's day, with its own sales made here: no other scenario sells in Lyon, so the totals hold in any order.
    const lyon = shop.world.stores.lyon.id
    const seller = { account: await staffAccount(shop.server, 'store_associate', [lyon], 'Inès Moreau'), locationId: lyon, channelId: shop.world.channels.storeLyon.id }
    await cashSale(3750, 5000, seller)
    await cashSale(1990, 2000, seller)
    const manager = await staffAccount(shop.server, 'store_manager', [lyon], 'Marc Aubert')
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, manager, '/store/day')
    const errors = pageErrors(page)
    await expect.poll(async () => plain(await page.getByTestId('day-sellers').textContent())).toContain('Inès Moreau')
    expect(plain(await page.getByTestId('day-sellers').textContent())).toContain('2 commandes · 57,40 €')
    expect(plain(await page.getByTestId('day-tenders').textContent())).toContain('Espèces2 paiements · 57,40 €')
    await capture(page, 'store', 'day', { expect: { fr: '2 commandes · 57,40 €', en: '2 orders · €57.40' } })
    await switchLanguage(page, 'en')
    expect(plain(await page.getByTestId('day-tenders').textContent())).toContain('Cash2 payments · €57.40')
    await page.getByRole('button', { name: 'Previous day' }).click()
    await expect.poll(async () => plain(await page.getByTestId('day-sellers').textContent())).toContain('No store sale')
    await switchLanguage(page, 'fr')
    await expect.poll(async () => plain(await page.getByTestId('day-sellers').textContent())).toContain('Aucune vente')
    expect(errors).toEqual([])
    await context.close()
  })

  it('tells an associate the day is for managers (and the API refuses her)', async () => {
    const account = await ines()
    const context = await chromium.context({ language: 'fr', viewport: 'phone' })
    const page = await signedIn(context, shop.server, account)
    expect(await page.getByRole('link', { name: 'Journée' }).count()).toBe(0)
    await page.goto(`${shop.server.url}/store/day`)
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Réservé aux responsables' }).count()).toBe(1)
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'store', 'day-refused-phone-fr')
    await expectAccessible(page)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date())
    await expectStatus(call('GET', `/v1/locations/${montpellier()}/day?date=${today}`, { authorization: `Bearer ${await tokenOf(account)}` }), 403)
    await context.close()
  })

  it('shows a Lyon associate only her own store’s till (Montpellier’s is a 404)', async () => {
    const montpellierToken = await tokenOf(await ines())
    const session = await expectStatus<{ id: string }>(call('POST', `/v1/locations/${montpellier()}/tills/till-9/sessions`, { authorization: `Bearer ${montpellierToken}` }, { float: { amount: 10000, currency: 'EUR' } }), 201)
    const lyon = await staffAccount(shop.server, 'store_associate', [shop.world.stores.lyon.id], 'Chloé Bernard')
    const lyonHeaders = { authorization: `Bearer ${await tokenOf(lyon)}` }
    await expectStatus(call('GET', `/v1/locations/${montpellier()}/tills/till-9`, lyonHeaders), 404)
    await expectStatus(call('GET', `/v1/till-sessions/${session.id}/x-report`, lyonHeaders), 404)
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, lyon, '/store/till')
    await page.getByRole('button', { name: words.fr.change }).click()
    await page.getByLabel(words.fr.register).fill('till-9')
    await page.getByRole('button', { name: words.fr.save }).click()
    // Montpellier's till-9 is open; Lyon's till-9, the one her screen reads, is not.
    await expect.poll(() => page.getByRole('heading', { name: 'Ouvrir la caisse' }).count()).toBe(1)
    expect(plain(await page.getByRole('banner').textContent())).toContain(shop.world.stores.lyon.name)
    expect(plain(await page.getByRole('main').textContent())).not.toContain('Inès Moreau')
    await context.close()
  })
})
