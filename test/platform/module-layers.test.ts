// The module layers as written (module-layers.cjs, which dependency-cruiser checks in `npm test`) against the folders
// that exist and the README's diagram; and the hooks that let a lower module be reacted to, each with its handlers.
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
// The app loads every module, so a hook declared in a file the wiring never imports is seen here too.
import '../../src/app.js'
import '../../src/module-hooks.js'
import { hookWiring } from '../../src/platform/hooks.js'

const { LAYERS } = createRequire(import.meta.url)('../../module-layers.cjs') as { LAYERS: string[][] }

/** The README's diagram: the lines between its two rules, top layer first, names separated by " · ". */
async function readmeLayers(): Promise<string[][]> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('### Module layers'))
  const block = section.slice(section.indexOf('```text') + 7, section.indexOf('```', section.indexOf('```text') + 7))
  const lines = block.split('\n')
  const rules = lines.flatMap((line, index) => (line.trim().startsWith('───') ? [index] : []))
  expect(rules).toHaveLength(2)
  return lines
    .slice(rules[0]! + 1, rules[1])
    .map((line) => line.trim().split(/\s{2,}/)[0]!.split(' · ').map((name) => name.trim()))
    .reverse()
}

describe('module layers', () => {
  it('puts every module folder on exactly one layer', async () => {
    const folders = (await readdir(new URL('../../src/modules/', import.meta.url), { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
    const listed = LAYERS.flat()
    expect([...listed].sort()).toEqual([...new Set(listed)].sort())
    expect([...listed].sort()).toEqual([...folders].sort())
  })

  it('shows the same layers in the README diagram', async () => {
    expect(await readmeLayers()).toEqual(LAYERS)
  })
})

describe('hooks', () => {
  it('has at least one handler for every hook a module declares, named by the module that registered it', () => {
    const wiring = hookWiring()
    expect(wiring.length).toBeGreaterThan(0)
    const modules = new Set(LAYERS.flat())
    for (const hook of wiring) {
      expect(hook.handlers, hook.name).not.toHaveLength(0)
      expect(modules.has(hook.name.split('.')[0]!), hook.name).toBe(true)
      for (const by of hook.handlers) expect(modules.has(by), `${hook.name} ← ${by}`).toBe(true)
    }
  })
})
