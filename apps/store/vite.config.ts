/** The store app, served by the API server under /store; `npm run dev` proxies the API to a running `npm start`. */
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const apiOrigin = process.env.OMNICANAL_API ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/store/',
  plugins: [
    react(),
    // The till keeps selling when the network drops: every built file (each screen's lazy chunk too) is precached, so
    // the app opens and every screen loads offline after one online visit. The API is never cached by the worker: the
    // catalogue and the sales waiting live in IndexedDB (src/offline/), where the app decides what is stale.
    VitePWA({
      strategies: 'generateSW',
      // A new version waits until the app is next opened (no skipWaiting): a reload in the middle of a sale loses it.
      registerType: 'prompt',
      // main.tsx registers it (virtual:pwa-register): no inline script, which the CSP (script-src 'self') would refuse.
      injectRegister: false,
      scope: '/store/',
      base: '/store/',
      includeAssets: ['icon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/store/',
        name: 'Omnicanal — Magasin',
        short_name: 'Magasin',
        description: 'La caisse et le comptoir du magasin : vente, clients, stock, retraits et retours.',
        lang: 'fr',
        start_url: '/store/',
        scope: '/store/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#364fc7',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2,webmanifest}'],
        // Sourcemaps are for people debugging, not for the till to download.
        globIgnores: ['**/*.map'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: '/store/index.html',
        navigateFallbackAllowlist: [/^\/store(\/|$)/],
        // The API answers for itself, online or not: a navigation to /v1/* never gets the app's page instead.
        navigateFallbackDenylist: [/^\/v1\//],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
      },
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { port: 5173, proxy: { '/v1': { target: apiOrigin, changeOrigin: false } } },
})
