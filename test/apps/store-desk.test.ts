/**
 * The store app's click-and-collect desk, in chromium against the real server: a web order for pickup in Montpellier
 * is prepared, readied and handed over (a wrong pickup code first, then the right one); a new order appears on the
 * open desk through the event stream without a reload; a Lyon associate sees only Lyon's desk and the API refuses her
 * Montpellier's queue. Screenshots at phone and tablet in French and English; axe on each.
 */
import { describe, expect, it } from 'vitest'
import { card, httpCalls, stockedProduct, useCommerceWorld, type OrderAnswer } from '../commerce.js'
import { capture, expectAccessible, pageErrors, screenshot, useBrowser } from './browser.js'
import { BROWSER_SERVER, browserEngine, signedIn, staffAccount, type StaffAccount } from './store-app.js'

describe('store app: the click-and-collect desk', () => {
  const shop = useCommerceWorld(browserEngine, BROWSER_SERVER)
  const chromium = useBrowser()
  const { call, expectStatus } = httpCalls(() => shop.server)

  /** A web order of the world's customer, to collect in Montpellier; its number, fulfilment and pickup code. */
  async function pickupOrder(): Promise<{ order: OrderAnswer & { number: number }; fulfilmentId: string; pickupCode: string }> {
    const { world } = shop
    const montpellier = world.stores.montpellier.id
    const variant = (await stockedProduct(shop.server, world, { onHand: 2, locationIds: [montpellier], prices: [4990] })).variants[0]!
    const cart = await expectStatus<{ id: string }>(call('POST', '/v1/carts', world.customer.headers, { channelId: world.channels.web.id, pickupLocationId: montpellier, lines: [{ variantId: variant.id, quantity: 1 }] }), 201)
    const order = await expectStatus<OrderAnswer & { number: number }>(call('POST', `/v1/carts/${cart.id}/checkout`, { ...world.customer.headers, 'idempotency-key': `cc-${cart.id}` }, { fulfilment: { method: 'click_and_collect', pickupLocationId: montpellier }, payments: [card()] }), 201)
    const fulfilment = order.fulfilments[0]!
    return { order, fulfilmentId: fulfilment.id, pickupCode: fulfilment.pickupCode! }
  }

  let associate: StaffAccount | undefined
  const montpellierAssociate = async () => (associate ??= await staffAccount(shop.server, 'store_associate', [shop.world.stores.montpellier.id]))

  it('prepares, readies and hands over a web order: a wrong pickup code is refused in words, the right one collects it', async () => {
    const { order, pickupCode } = await pickupOrder()
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate(), '/store/desk')
    const errors = pageErrors(page)
    const card = page.getByRole('article', { name: `Commande n° ${order.number}` })
    await expect.poll(() => card.count()).toBe(1)
    await card.getByRole('button', { name: 'Commencer la préparation' }).click()
    await card.getByRole('button', { name: 'Prête : prévenir la cliente' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'la cliente est prévenue' }).count()).toBe(1)
    await expect.poll(() => card.getByRole('textbox', { name: 'Code de retrait' }).count()).toBe(1)
    const wrong = pickupCode === '000000' ? '000001' : '000000'
    await card.getByRole('textbox', { name: 'Code de retrait' }).fill(wrong)
    await card.getByRole('button', { name: 'Remettre' }).click()
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('Code de retrait incorrect')
    expect(await card.getByRole('alert').textContent()).toMatch(/Encore \d+ essais? avant verrouillage/)
    await screenshot(page, 'store', 'desk-wrong-code-tablet-fr')
    await expectAccessible(page)
    await card.getByRole('textbox', { name: 'Code de retrait' }).fill(pickupCode)
    await card.getByRole('button', { name: 'Remettre' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Commande n° ${order.number} remise` }).count()).toBe(1)
    await expect.poll(() => card.count()).toBe(0)
    const seen = await expectStatus(call('GET', `/v1/orders/${order.id}`, shop.world.associate.headers), 200)
    expect(seen).toMatchObject({ status: 'collected', fulfilments: [{ status: 'collected' }] })
    expect(errors.filter((error) => !/409|status of 4/.test(error))).toEqual([])
    await context.close()
  })

  it('shows a new click-and-collect order on the open desk, live, without a reload', async () => {
    const context = await chromium.context({ language: 'en', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate(), '/store/desk')
    await expect.poll(() => page.getByRole('heading', { name: 'Click-and-collect desk' }).count()).toBe(1)
    await expect.poll(() => page.getByRole('heading', { name: /^To prepare/ }).count()).toBe(1)
    let reloads = 0
    page.on('framenavigated', () => reloads++)
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Live updates' }).count()).toBe(1)
    const { order } = await pickupOrder()
    await expect.poll(() => page.getByRole('article', { name: `Order #${order.number}` }).count(), { timeout: 10_000 }).toBe(1)
    expect(reloads).toBe(0)
    await context.close()
  })

  it('shows a Lyon associate her own store only; the API refuses her Montpellier’s queue', async () => {
    const { order } = await pickupOrder()
    const lyon = await staffAccount(shop.server, 'store_associate', [shop.world.stores.lyon.id], 'Claire Roux')
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, lyon, '/store/desk')
    await expect.poll(() => page.getByRole('heading', { name: /^À remettre/ }).count()).toBe(1)
    expect(await page.getByRole('banner').textContent()).toContain(shop.world.stores.lyon.name)
    expect(await page.getByRole('article', { name: `Commande n° ${order.number}` }).count()).toBe(0)
    const refused = await call('GET', `/v1/locations/${shop.world.stores.montpellier.id}/work`, shop.world.lyonAssociate.headers)
    expect(refused.status).toBe(404)
    await context.close()
  })

  // Screenshots and axe in two languages at two sizes on a shared two-core machine: more than the default minute.
  it('lays the desk out at phone and tablet sizes in French and English', { timeout: 120_000 }, async () => {
    const { order, fulfilmentId } = await pickupOrder()
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilmentId}/pick`, shop.world.associate.headers), 200)
    await expectStatus(call('POST', `/v1/fulfilments/${fulfilmentId}/ready`, shop.world.associate.headers), 200)
    await pickupOrder()
    const context = await chromium.context({ language: 'fr', viewport: 'tablet' })
    const page = await signedIn(context, shop.server, await montpellierAssociate(), '/store/desk')
    const errors = pageErrors(page)
    await expect.poll(() => page.getByRole('article', { name: `Commande n° ${order.number}` }).count()).toBe(1)
    await capture(page, 'store', 'desk', { expect: { fr: `Commande n° ${order.number}`, en: `Order #${order.number}` } })
    expect(errors).toEqual([])
    await context.close()
  })
})
