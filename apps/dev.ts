/**
 * `npm run dev`: the API (`npm start`, on PORT or 3000) and each web app's Vite dev server with hot reload, proxying
 * /v1 to that API: the store app on http://127.0.0.1:5173/store/. Ctrl-C stops both.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer } from 'vite'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = process.env.PORT ?? '3000'
process.env.OMNICANAL_API = `http://127.0.0.1:${apiPort}`
const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: apiPort } })
const store = await createServer({ configFile: fileURLToPath(new URL('store/vite.config.ts', import.meta.url)) })
await store.listen()
store.printUrls()
const stop = () => {
  api.kill('SIGTERM')
  void store.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
api.on('exit', (code) => {
  console.error(`the API stopped (exit ${code ?? 'signal'})`)
  void store.close().then(() => process.exit(code ?? 1))
})
