/**
 * `npm run dev`: the API (`npm start`, on PORT or 3000) and each web app's Vite dev server with hot reload, proxying
 * /v1 to that API: the store app on http://127.0.0.1:5173/store/. Ctrl-C stops them all.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { webAppsIn } from '../src/platform/web-apps.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const apiPort = process.env.PORT ?? '3000'
process.env.OMNICANAL_API = `http://127.0.0.1:${apiPort}`
const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: apiPort } })
// One Vite server per app, each on the next free port from 5173 (Vite moves on when a port is taken).
const servers: ViteDevServer[] = []
for (const name of webAppsIn(fileURLToPath(new URL('.', import.meta.url)))) {
  const server = await createServer({ configFile: fileURLToPath(new URL(`${name}/vite.config.ts`, import.meta.url)) })
  await server.listen()
  server.printUrls()
  servers.push(server)
}
const closeAll = () => Promise.all(servers.map((server) => server.close()))
const stop = () => {
  api.kill('SIGTERM')
  void closeAll().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
api.on('exit', (code) => {
  console.error(`the API stopped (exit ${code ?? 'signal'})`)
  void closeAll().then(() => process.exit(code ?? 1))
})
