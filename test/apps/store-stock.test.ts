/**
 * The store app's stock screen, in chromium against the real server: a SKU scanned (typed + Enter) shows Montpellier's
 * stock, Lyon's and the warehouse's; a transfer is requested from Lyon; a size Montpellier does not have is ordered
 * for a guest customer (endless aisle, picked up here), and the API shows the order attributed to Montpellier.
 * Screenshots at phone and tablet in French and English; axe on each.
 */
import { describe, expect, it } from 'vitest'
import { httpCalls, stockedProduct, useCommerceWorld } from '../commerce.js'
import { capture, expectAccessible, pageErrors, screenshot, useBrowser } from './browser.js'
import { BROWSER_SERVER, browserEngine, signedIn, staffAccount, type StaffAccount } from './store-app.js'

describe('store app: stock and endless aisle', () => {
  const shop = useCommerceWorld(browserEngine, BROWSER_SERVER)
  const chromium = useBrowser()
  const { call, expectStatus } = httpCalls(() => shop.server)

  let associate: StaffAccount | undefined
  const montpellierAssociate = async () => (associate ??= await staffAccount(shop.server, 'store_associate', [shop.world.stores.montpellier.id]))

  async function scan(page: import('playwright-core').Page, code: string, language: 'fr' | 'en' = 'fr') {
    await page.goto(`${shop.server.url}/store/stock`)
    const box = page.getByRole('textbox', { name: language === 'fr' ? 'Référence, code-barres ou nom de produit' : 'SKU, barcode or product name' })
    await box.fill(code)
    await box.press('Enter')
  }

  // Screenshots and axe in two languages at two sizes on a shared two-core machine: more than the default minute.
  it('shows a scanned SKU’s stock here, in Lyon and in the warehouse, and requests a transfer from Lyon', { timeout: 120_000 }, async () => {
    const { stores } = shop.world
    const dress = (await stockedProduct(shop.server, shop.world, { onHand: 4, locationIds: [stores.montpellier.id, stores.lyon.id, stores.paris.id, stores.warehouse.id], prices: [7990, 7990] })).variants[0]!
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate())
    const errors = pageErrors(page)
    await scan(page, dress.sku)
    const here = page.getByRole('article', { name: `Ici (${stores.montpellier.name})` })
    await expect.poll(() => here.count()).toBe(1)
    expect(await here.textContent()).toContain('4 disponibles')
    const lyon = page.getByRole('article', { name: stores.lyon.name })
    expect(await lyon.textContent()).toContain('4 disponibles')
    expect(await page.getByRole('article', { name: stores.warehouse.name }).count()).toBe(1)
    await capture(page, 'store', 'stock', { expect: { fr: 'disponibles', en: 'available' } })
    await lyon.getByRole('button', { name: 'Faire venir ici' }).click()
    await page.getByRole('button', { name: 'Demander le transfert' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Transfert demandé' }).count()).toBe(1)
    await expect.poll(async () => (await lyon.textContent()) ?? '').toContain('3 disponibles')
    expect(errors).toEqual([])
    await context.close()
  })

  it('orders a size Montpellier does not have for a guest, to pick up here, attributed to Montpellier', async () => {
    const { stores, channels } = shop.world
    const dress = (await stockedProduct(shop.server, shop.world, { onHand: 2, locationIds: [stores.warehouse.id, stores.lyon.id], prices: [6990] })).variants[0]!
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate())
    const errors = pageErrors(page)
    await scan(page, dress.barcode ?? dress.sku)
    await expect.poll(() => page.getByRole('heading', { name: 'Commander pour la cliente' }).count()).toBe(1)
    expect(await page.getByRole('article', { name: `Ici (${stores.montpellier.name})` }).textContent()).toContain('Aucun')
    await page.getByLabel('Prénom').fill('Inès')
    await page.getByLabel('E-mail', { exact: true }).fill('ines.endless@example.com')
    await page.getByLabel('Retrait ici, quand l’article arrive').check()
    await page.getByLabel('Référence du paiement sur le terminal de carte').fill('TPE-MTP-0042')
    await page.evaluate('window.scrollTo(0, 0)')
    await screenshot(page, 'store', 'stock-endless-aisle-tablet-fr')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Encaisser et commander' }).click()
    const done = page.getByRole('status').filter({ hasText: 'passée pour' })
    await expect.poll(() => done.count()).toBe(1)
    expect(await done.textContent()).toContain(`rattachée à ${stores.montpellier.name}`)
    const number = Number(/Commande n° (\d+)/.exec((await done.textContent()) ?? '')?.[1])
    const orders = await expectStatus<{ items: { number: number; attributedLocationId: string; placedLocationId: string; contact: { email: string }; fulfilments: { method: string; pickupLocationId: string }[] }[] }>(call('GET', `/v1/orders?channelId=${channels.storeMontpellier.id}&limit=20`, shop.world.admin.headers), 200)
    const order = orders.items.find((o) => o.number === number)
    expect(order).toMatchObject({ attributedLocationId: stores.montpellier.id, contact: { email: 'ines.endless@example.com' }, fulfilments: [{ method: 'endless_aisle', pickupLocationId: stores.montpellier.id }] })
    expect(errors).toEqual([])
    await context.close()
  })
})
