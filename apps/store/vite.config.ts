/** The store app, served by the API server under /store; `npm run dev` proxies the API to a running `npm start`. */
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const apiOrigin = process.env.OMNICANAL_API ?? 'http://127.0.0.1:3000'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/store/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { port: 5173, proxy: { '/v1': { target: apiOrigin, changeOrigin: false } } },
})
