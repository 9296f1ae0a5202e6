/** `npm run client:generate`: writes the client's types from the document the current code serves. */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CLIENT_TYPES_PATH, readLiveDocument, renderClientTypes } from './openapi-types.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const types = await renderClientTypes(await readLiveDocument())
await writeFile(path.join(root, CLIENT_TYPES_PATH), types)
console.log(`wrote ${CLIENT_TYPES_PATH} (${Math.round(types.length / 1024)} KiB)`)
