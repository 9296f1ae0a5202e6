import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { seedProgressBars } from './progress.js'

/** A stream that is not a terminal (no isTTY), as when `npm run demo` writes to a CI log or a pipe. */
function logStream(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}

describe('npm run demo progress bars', () => {
  it('label each bar with what it counts when the output is not a terminal, never a literal placeholder', () => {
    const log = logStream()
    const progress = seedProgressBars({ products: 1000, customers: 20000 }, log.stream)
    progress.update('products', 500)
    progress.update('products', 1000)
    progress.update('customers', 20000)
    progress.stop()
    expect(log.text()).not.toMatch(/\{\w+\}/)
    expect(log.text()).toMatch(/products +\[[^\]]*\] 1000\/1000/)
    expect(log.text()).toMatch(/customers \[[^\]]*\] 20000\/20000/)
  })
})
