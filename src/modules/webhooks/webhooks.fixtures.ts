/** Test helpers of the webhooks module: a real HTTP receiver on loopback, and a bounded wait. */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface Receiver {
  url: string
  received: Received[]
  /** The status to answer the n-th request (0-based); change it to make the receiver recover. */
  answer: (index: number) => number
  close(): Promise<void>
}

/** A real HTTP endpoint on loopback that records every request's headers and raw body. */
export async function startReceiver(answer: (index: number) => number = () => 200): Promise<Receiver> {
  const receiver: Receiver = { url: '', received: [], answer, close: async () => {} }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const index = receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks) }) - 1
      res.statusCode = receiver.answer(index)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()))
  return receiver
}

/** Polls until `probe` returns a value; fails with `what` after a generous bound (a wait, not a timing assertion). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, boundMs = 45_000): Promise<T> {
  const deadline = Date.now() + boundMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 15))
  }
}
