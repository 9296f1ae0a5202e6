/**
 * Builds the web apps with Vite when their sources changed since the last build, so that `npm install` (postinstall),
 * `npm start` and the browser tests all serve what the sources say, and a start with nothing changed costs one hash.
 * The hash covers the app, apps/shared, the generated API client, the lockfile and this file; it is kept in
 * dist/.build-hash.
 * `npm run build:apps` (`node --import tsx apps/build.ts [--force]`).
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { webAppsIn } from '../src/platform/web-apps.js'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The apps, served under /<name>: the same folders the server serves. */
export const WEB_APPS = webAppsIn(join(root, 'apps'))
const HASH_FILE = '.build-hash'

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : filesUnder(path)
    return [path]
  })
}

/** A digest of everything the app's build reads. */
function sourceHash(name: string): string {
  const hash = createHash('sha256')
  const inputs = [join(root, 'apps', name), join(root, 'apps/shared'), join(root, 'packages/client/src')].flatMap(filesUnder)
  for (const file of [...inputs, join(root, 'package-lock.json'), fileURLToPath(import.meta.url)].sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

function distDir(name: string): string {
  return join(root, 'apps', name, 'dist')
}

function isFresh(name: string, hash: string): boolean {
  const file = join(distDir(name), HASH_FILE)
  return existsSync(file) && statSync(file).isFile() && readFileSync(file, 'utf8') === hash
}

/** Builds each app whose sources changed (or every app with force); returns the names built. */
export async function buildWebApps(options: { force?: boolean; log?: (line: string) => void } = {}): Promise<string[]> {
  const built: string[] = []
  for (const name of WEB_APPS) {
    const hash = sourceHash(name)
    if (!options.force && isFresh(name, hash)) continue
    options.log?.(`building the ${name} app…`)
    // Vite is a development dependency: loaded only when a build is needed.
    const { build } = await import('vite')
    // Vite takes React's build from NODE_ENV when it is set: under vitest (NODE_ENV=test) it would bundle React's
    // development build, three times the size. What is built is always what production serves.
    const nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'production'
    try {
      await build({ configFile: join(root, 'apps', name, 'vite.config.ts'), mode: 'production', logLevel: 'warn' })
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV
      else process.env.NODE_ENV = nodeEnv
    }
    writeFileSync(join(distDir(name), HASH_FILE), hash)
    built.push(name)
  }
  return built
}

/** True when Vite can be loaded: a production install (npm ci --omit=dev) has no build tools, and serves what it has. */
export async function canBuild(): Promise<boolean> {
  try {
    await import('vite')
    return true
  } catch {
    return false
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now()
  // --if-vite (postinstall): skip quietly where the development dependencies are not installed.
  if (process.argv.includes('--if-vite') && !(await canBuild())) process.exit(0)
  const built = await buildWebApps({ force: process.argv.includes('--force'), log: console.log })
  console.log(built.length ? `web apps built (${built.join(', ')}) in ${Math.round(performance.now() - started)} ms` : 'web apps up to date')
}
