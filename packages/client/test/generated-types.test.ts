/**
 * The checked-in types are the document the current code serves, byte for byte: a route whose schema changed without
 * `npm run client:generate` fails here, before any app or integrator compiles against stale types.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { CLIENT_TYPES_PATH, readLiveDocument, renderClientTypes } from '../scripts/openapi-types.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** The first line where two texts part, for a failure message a person can act on. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split('\n')
  const have = actual.split('\n')
  const at = want.findIndex((line, i) => line !== have[i])
  const line = at === -1 ? want.length : at
  return `line ${line + 1}: generated ${JSON.stringify(want[line] ?? '(end of file)')}, checked in ${JSON.stringify(have[line] ?? '(end of file)')}`
}

// Opening PGlite, migrating, building every route and rendering ~1.5 MB of types: half a minute on an idle machine,
// well over the default minute on a loaded one.
const GENERATION_TIMEOUT_MS = 240_000

describe(CLIENT_TYPES_PATH, () => {
  it(
    'is what npm run client:generate writes from the document the app serves now',
    async () => {
      const generated = await renderClientTypes(await readLiveDocument())
      const checkedIn = await readFile(path.join(root, CLIENT_TYPES_PATH), 'utf8').catch(() => '')
      if (generated !== checkedIn) {
        expect.fail(`${CLIENT_TYPES_PATH} no longer matches /openapi.json (${firstDifference(generated, checkedIn)}): run npm run client:generate`)
      }
    },
    GENERATION_TIMEOUT_MS,
  )
})
