/**
 * The store app's catalogues: English has exactly French's keys (tsc checks the shape, this checks the values), no
 * text is empty, both languages use the same {{placeholders}}, and every key the sources name in t('…') exists.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { en, fr } from './locales.js'

type Tree = { [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') found.set(path, value)
    else for (const [leaf, text] of leaves(value, path)) found.set(leaf, text)
  }
  return found
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort()

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourcesUnder(path)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

describe('store app catalogues', () => {
  const french = leaves(fr as unknown as Tree)
  const english = leaves(en as unknown as Tree)

  it('has the same keys in English and French, none empty', () => {
    expect([...english.keys()].sort()).toEqual([...french.keys()].sort())
    for (const [key, text] of [...french, ...english]) expect(text.trim(), key).not.toBe('')
  })

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of french) expect(placeholders(english.get(key) ?? ''), key).toEqual(placeholders(text))
  })

  it('has every key the sources ask for with a literal t(…)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url))
    const shared = fileURLToPath(new URL('../../shared', import.meta.url))
    const missing: string[] = []
    for (const file of [...sourcesUnder(join(root, 'src')), ...sourcesUnder(shared)]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) {
        const key = match[1]!
        // A plural key is asked for by its stem: t('items', { count }) reads items_one / items_other.
        if (!french.has(key) && !french.has(`${key}_one`)) missing.push(`${file.slice(root.length)}: ${key}`)
      }
    }
    expect(missing).toEqual([])
  })
})
