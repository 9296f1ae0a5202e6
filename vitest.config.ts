import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
    // Builds the web apps when their sources changed, once, before any browser test loads them.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    // expect.poll waits for what a server or a browser does next; 1 s (vitest's default) is short for a loaded 2-core
    // machine running chromium, and a poll that holds returns at once.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
    // Each file opens its own database, so files run in parallel; 2 cores → 2 workers keep PGlite's WASM happy.
    maxWorkers: 2,
    pool: 'forks',
  },
})
