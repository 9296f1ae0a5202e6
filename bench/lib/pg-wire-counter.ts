/**
 * A loopback TCP proxy in front of PostgreSQL that counts what the server sends it, from the wire protocol: statements
 * executed (Execute messages of the extended protocol, plus simple Query messages), round trips (Sync and simple
 * Query: each waits for ReadyForQuery) and transactions ended (ReadyForQuery back to idle: after a BEGIN block, or
 * on its own for an autocommitted statement). Bytes pass through untouched; it only reads the message headers.
 * It works with any PostgreSQL and any driver, without pg_stat_statements (which needs shared_preload_libraries).
 * SSL is refused ('N') so that the traffic stays readable; the bench connects over loopback.
 */
import net from 'node:net'

export interface WireCounts {
  statements: number
  roundTrips: number
  transactions: number
}

export interface WireCounter {
  /** postgres:// URL of the proxy: the target URL with host and port replaced. */
  url: string
  counts(): WireCounts
  close(): Promise<void>
}

const SSL_REQUEST = 80_877_103
const GSSENC_REQUEST = 80_877_104

/** Splits a byte stream into typed messages (1 type byte, then a 4-byte length that includes itself). */
function typedFramer(onMessage: (type: number, first: number | undefined) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0)
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let offset = 0
    while (pending.length - offset >= 5) {
      const length = pending.readUInt32BE(offset + 1)
      if (pending.length - offset < 1 + length) break
      onMessage(pending[offset] ?? 0, length > 4 ? pending[offset + 5] : undefined)
      offset += 1 + length
    }
    pending = pending.subarray(offset)
  }
}

/** Starts the proxy towards `targetUrl` on a free loopback port. */
export async function startWireCounter(targetUrl: string): Promise<WireCounter> {
  const target = new URL(targetUrl)
  const upstream = { host: target.hostname || '127.0.0.1', port: Number(target.port || 5432) }
  const totals: WireCounts = { statements: 0, roundTrips: 0, transactions: 0 }
  const sockets = new Set<net.Socket>()

  const server = net.createServer((client) => {
    sockets.add(client)
    const backend = net.connect(upstream)
    sockets.add(backend)
    let startupBuffer: Buffer | null = Buffer.alloc(0) as Buffer
    let lastStatus: number | null = null
    let worked = false
    const fromClient = typedFramer((type) => {
      if (type === 0x45 /* E */ || type === 0x51 /* Q */) {
        totals.statements++
        worked = true
      }
      if (type === 0x53 /* S */ || type === 0x51 /* Q */) totals.roundTrips++
    })
    const fromServer = typedFramer((type, status) => {
      if (type !== 0x5a /* Z: ReadyForQuery */ || status === undefined) return
      const idle = status === 0x49 /* I */
      const wasInBlock = lastStatus === 0x54 /* T */ || lastStatus === 0x45 /* E */
      if (idle && (wasInBlock || (lastStatus !== null && worked))) totals.transactions++
      lastStatus = status
      worked = false
    })
    client.on('data', (chunk: Buffer) => {
      if (startupBuffer === null) {
        backend.write(chunk)
        fromClient(chunk)
        return
      }
      startupBuffer = Buffer.concat([startupBuffer, chunk])
      // Untyped start-up messages: an optional SSL or GSS request, then the StartupMessage.
      while (startupBuffer !== null && startupBuffer.length >= 8) {
        const length = startupBuffer.readUInt32BE(0)
        if (startupBuffer.length < length) return
        const code = startupBuffer.readUInt32BE(4)
        const message = startupBuffer.subarray(0, length)
        const rest: Buffer = startupBuffer.subarray(length)
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.write('N')
          startupBuffer = rest
          continue
        }
        backend.write(message)
        startupBuffer = null
        if (rest.length > 0) {
          backend.write(rest)
          fromClient(rest)
        }
      }
    })
    backend.on('data', (chunk: Buffer) => {
      client.write(chunk)
      fromServer(chunk)
    })
    const close = () => {
      client.destroy()
      backend.destroy()
      sockets.delete(client)
      sockets.delete(backend)
    }
    client.on('close', close)
    backend.on('close', close)
    client.on('error', close)
    backend.on('error', close)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const url = new URL(targetUrl)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  url.searchParams.delete('sslmode')
  return {
    url: url.toString(),
    counts: () => ({ ...totals }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** The difference between two readings. */
export function diffCounts(after: WireCounts, before: WireCounts): WireCounts {
  return {
    statements: after.statements - before.statements,
    roundTrips: after.roundTrips - before.roundTrips,
    transactions: after.transactions - before.transactions,
  }
}
