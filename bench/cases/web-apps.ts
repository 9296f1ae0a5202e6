/**
 * What a tablet downloads to open each web app: the index.html served by the real server, then every script, module
 * preload and stylesheet it names, fetched and gzipped as a server's compression would send them. The JS total is the
 * app's first load (lazy screens come later, from the service worker's precache); over the budget, the row fails.
 */
import { gzipSync } from 'node:zlib'
import type { BenchCase, BenchRow } from '../lib/types.js'

/** First-load JS budgets in bytes (gzip), from issue #16: the store app under 200 kB. */
const BUDGETS: Record<string, number> = { store: 200_000 }

function assetsOf(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]!)
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]!)
  return { scripts, styles }
}

export const webAppFirstLoad: BenchCase = {
  name: 'web app first load (gzip)',
  engines: ['pglite'],
  async run(ctx) {
    const server = await ctx.server()
    const rows: BenchRow[] = []
    for (const [app, budget] of Object.entries(BUDGETS)) {
      const started = performance.now()
      const index = await fetch(`${server.baseUrl}/${app}/`)
      const html = await index.text()
      const { scripts, styles } = assetsOf(html)
      const gzipped = async (path: string) => gzipSync(Buffer.from(await (await fetch(new URL(path, `${server.baseUrl}/${app}/`))).arrayBuffer()), { level: 9 }).length
      const js = (await Promise.all(scripts.map(gzipped))).reduce((sum, size) => sum + size, 0)
      const css = (await Promise.all(styles.map(gzipped))).reduce((sum, size) => sum + size, 0)
      const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`
      ctx.log(`  /${app}/: JS ${kB(js)} gzip in ${scripts.length} file(s), CSS ${kB(css)} gzip (budget ${kB(budget)} JS)`)
      rows.push({
        case: `/${app}/ first load`,
        engine: ctx.engine,
        concurrency: null,
        requests: 1 + scripts.length + styles.length,
        reqPerSec: null,
        p50Ms: Number((performance.now() - started).toFixed(1)),
        p99Ms: null,
        maxMs: null,
        errors: 0,
        non2xx: index.ok ? 0 : 1,
        statusCodes: { [String(index.status)]: 1 },
        note: `JS ${kB(js)} gzip (budget ${kB(budget)}), CSS ${kB(css)} gzip; time = all files over loopback`,
        sizes: { jsGzipBytes: js, cssGzipBytes: css, budgetJsGzipBytes: budget },
        violations: scripts.length === 0 ? [`/${app}/ names no script: is the app built?`] : js > budget ? [`/${app}/ first-load JS ${kB(js)} gzip is over its ${kB(budget)} budget`] : [],
      })
    }
    return rows
  },
}
