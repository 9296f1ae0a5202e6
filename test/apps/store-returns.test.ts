/**
 * The store app's returns screen, in chromium against the real server: a web order delivered home is brought back to
 * Montpellier; the associate finds the customer by email, picks the order, takes the dress back as resellable with a
 * reason, and the card is refunded. Through the API: the return exists with its refund and Montpellier's shelf holds
 * one more unit. Screenshots at phone and tablet in French and English; axe on each.
 */
import { describe, expect, it } from 'vitest'
import { card, homeAddress, httpCalls, stockedProduct, useCommerceWorld, type OrderAnswer } from '../commerce.js'
import { capture, expectAccessible, pageErrors, screenshot, useBrowser } from './browser.js'
import { BROWSER_SERVER, browserEngine, signedIn, staffAccount, type StaffAccount } from './store-app.js'

interface PlacedOrder extends OrderAnswer {
  number: number
  lines: { id: string; variantId: string; sku: string }[]
}

describe('store app: returns in store', () => {
  const shop = useCommerceWorld(browserEngine, BROWSER_SERVER)
  const chromium = useBrowser()
  const { call, expectStatus } = httpCalls(() => shop.server)

  /** A web order of a dress and a belt, shipped from the warehouse and delivered to a Montpellier address. */
  async function deliveredWebOrder(): Promise<{ order: PlacedOrder; dressId: string }> {
    const { world } = shop
    const [dress, belt] = (await stockedProduct(shop.server, world, { prices: [8990, 2490], onHand: 3 })).variants
    const cart = await expectStatus<{ id: string }>(call('POST', '/v1/carts', world.customer.headers, { channelId: world.channels.web.id, lines: [{ variantId: dress!.id, quantity: 1 }, { variantId: belt!.id, quantity: 1 }] }), 201)
    const order = await expectStatus<PlacedOrder>(call('POST', `/v1/carts/${cart.id}/checkout`, world.customer.headers, { fulfilment: { method: 'ship', shippingAddress: homeAddress('34070') }, payments: [card()] }), 201)
    const fulfilmentId = order.fulfilments[0]!.id
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilmentId}/pick`, world.admin.headers, {}), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilmentId}/ship`, world.admin.headers, { carrier: 'Colissimo', trackingNumber: `6A${Date.now()}` }), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilmentId}/deliver`, world.admin.headers, {}), 200)
    return { order, dressId: dress!.id }
  }

  const shelf = async (variantId: string) => {
    const levels = await expectStatus<{ items: { onHand: number }[] }>(call('GET', `/v1/inventory/levels?locationId=${shop.world.stores.montpellier.id}&variantId=${variantId}`, shop.world.associate.headers), 200)
    return levels.items[0]?.onHand ?? 0
  }

  let associate: StaffAccount | undefined
  const montpellierAssociate = async () => (associate ??= await staffAccount(shop.server, 'store_associate', [shop.world.stores.montpellier.id]))

  it('takes a web order back in Montpellier: refund to the card, the dress back on the shelf', async () => {
    const { order, dressId } = await deliveredWebOrder()
    const before = await shelf(dressId)
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate())
    const errors = pageErrors(page)
    await page.getByRole('link', { name: 'Retours' }).click()
    const { email } = await expectStatus<{ email: string }>(call('GET', `/v1/customers/${shop.world.customer.id}`, shop.world.admin.headers), 200)
    await page.getByLabel(/Cliente \(nom/).fill(email)
    await page.getByRole('button', { name: /Camille Martin/ }).click()
    await page.getByRole('button', { name: new RegExp(`Commande n° ${order.number}`) }).click()
    const dress = page.getByRole('group', { name: /^Robe .* S$/ })
    await expect.poll(() => dress.count()).toBe(1)
    await dress.getByLabel('Quantité rapportée').fill('1')
    await dress.getByLabel('Motif').selectOption('wrong_size')
    await screenshot(page, 'store', 'returns-form-tablet-fr')
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Reprendre et rembourser' }).click()
    const result = page.getByRole('status').filter({ hasText: 'Retour n°' })
    await expect.poll(() => result.count()).toBe(1)
    expect(await result.textContent()).toContain('Remboursé : 89,90')
    expect(await result.textContent()).toContain('Remis en stock ici')
    await screenshot(page, 'store', 'returns-done-tablet-fr')
    await expectAccessible(page)

    const returns = await expectStatus<{ items: { status: string; receivingLocationId: string; refunds: { method: string; amount: { amount: number } }[] }[] }>(call('GET', `/v1/orders/${order.id}/returns`, shop.world.associate.headers), 200)
    expect(returns.items).toMatchObject([{ status: 'refunded', receivingLocationId: shop.world.stores.montpellier.id, refunds: [{ method: 'card', amount: { amount: 8990 } }] }])
    expect(await shelf(dressId)).toBe(before + 1)
    expect(errors).toEqual([])
    await context.close()
  })

  // Screenshots and axe in two languages at two sizes on a shared two-core machine: more than the default minute.
  it('finds an order by the id on its receipt (typed or scanned, then Enter) and offers an exchange', { timeout: 120_000 }, async () => {
    const { order } = await deliveredWebOrder()
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate(), '/store/returns')
    const errors = pageErrors(page)
    const box = page.getByRole('textbox', { name: /Cliente \(nom/ })
    await box.fill(order.id)
    await box.press('Enter')
    await expect.poll(() => page.getByRole('heading', { name: `Commande n° ${order.number}` }).count()).toBe(1)
    await page.getByRole('checkbox', { name: 'Échanger contre d’autres articles' }).check()
    await capture(page, 'store', 'returns', { sizes: ['tablet', 'phone'], expect: { fr: 'Échanger contre d’autres articles', en: 'Exchange for other items' } })
    expect(errors).toEqual([])
    await context.close()
  })
})
