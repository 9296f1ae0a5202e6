/**
 * Browser tests of the web apps: Debian's chromium driven by playwright-core against the real server on a loopback
 * port. One browser per test file (launched in beforeAll), one context per scenario; screenshots land under
 * test-results/<app>/ for a person to look at, and axe-core checks each screen for serious or critical violations.
 */
import { AxeBuilder } from '@axe-core/playwright'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'

/** Where chromium is: CHROMIUM_PATH, else Debian's package (.ci/run installs it). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  tablet: { width: 1024, height: 768 },
  desktop: { width: 1440, height: 900 },
} as const
export type Viewport = keyof typeof VIEWPORTS

export interface BrowserSuite {
  readonly browser: Browser
  /** A fresh context (its own storage) in `language` at `viewport`; closed with the browser. */
  context(options?: { language?: 'fr' | 'en'; viewport?: Viewport }): Promise<BrowserContext>
}

/** Launches one chromium for the file's tests and closes it after them. */
export function useBrowser(): BrowserSuite {
  let browser: Browser | undefined
  beforeAll(async () => {
    // Root in CI and containers: chromium's sandbox needs user namespaces it may not have there.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
  })
  afterAll(async () => browser?.close())
  return {
    get browser() {
      if (!browser) throw new Error('the browser is not launched yet: use it inside a test or hook')
      return browser
    },
    async context({ language = 'fr', viewport = 'tablet' } = {}) {
      if (!browser) throw new Error('the browser is not launched yet')
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport], locale: language === 'fr' ? 'fr-FR' : 'en-GB', timezoneId: 'Europe/Paris' })
      // The app keeps the language on the device: set it before the first page loads.
      await context.addInitScript({ content: `localStorage.setItem('omnicanal.language', ${JSON.stringify(language)})` })
      return context
    },
  }
}

const RESULTS = join(process.cwd(), 'test-results')

/** Saves a full-page screenshot as test-results/<app>/<name>.png and returns its path. */
export async function screenshot(page: Page, app: string, name: string): Promise<string> {
  const dir = join(RESULTS, app)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}

/** Fails on any serious or critical axe-core violation of the page as it stands, naming the rule and the elements. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze()
  const grave = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  expect(grave.map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes.map((node) => `${node.target.join(' ')} (${node.any[0]?.message ?? node.failureSummary ?? ''})`).join(', ')}`)).toEqual([])
}

/** Collects the page's console errors and uncaught exceptions, to assert a screen ran clean. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  return errors
}

/** Switches the language with the header's FR | EN control, at tablet size where the header shows it in full. */
export async function switchLanguage(page: Page, language: 'fr' | 'en'): Promise<void> {
  await page.setViewportSize(VIEWPORTS.tablet)
  await page.getByRole('banner').getByText(language.toUpperCase(), { exact: true }).click()
  await expect.poll(() => page.evaluate('document.documentElement.lang')).toBe(language)
}

export interface CaptureOptions {
  /** Sizes to save, in order (default tablet then phone), or per language; the page ends at the first (of `from`). */
  sizes?: readonly Viewport[] | { fr: readonly Viewport[]; en: readonly Viewport[] }
  /** Text the main region shows in each language once the screen has re-rendered (Intl money, a translated title…). */
  expect?: { fr: string; en: string }
  /** The language the page is in and returns to (the context's; default fr). */
  from?: 'fr' | 'en'
}

/**
 * Screenshots (test-results/<app>/<name>-<size>-<lang>.png) and axe of the screen as it stands, in French and English
 * at each size, switching the language in place and resizing the one page instead of replaying the flow per size.
 * Ends in the `from` language at the first size, so the flow carries on where it was.
 */
export async function capture(page: Page, app: string, name: string, options: CaptureOptions = {}): Promise<void> {
  const { sizes = ['tablet', 'phone'], from = 'fr' } = options
  const sizesIn = (language: 'fr' | 'en'): readonly Viewport[] => ('fr' in sizes ? sizes[language] : sizes)
  const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ')
  for (const language of from === 'fr' ? (['fr', 'en'] as const) : (['en', 'fr'] as const)) {
    if (language !== from) await switchLanguage(page, language)
    for (const size of sizesIn(language)) {
      await page.setViewportSize(VIEWPORTS[size])
      if (options.expect) await expect.poll(async () => plain(await page.getByRole('main').textContent())).toContain(plain(options.expect[language]))
      // A full-page screenshot taken scrolled draws the fixed header in the middle of the page: shoot from the top.
      await page.evaluate('window.scrollTo(0, 0)')
      await screenshot(page, app, `${name}-${size}-${language}`)
      await expectAccessible(page)
    }
  }
  await switchLanguage(page, from)
  await page.setViewportSize(VIEWPORTS[sizesIn(from)[0] ?? 'tablet'])
}
