/**
 * A loopback TCP proxy between the app and PostgreSQL that a test can cut: `refuse()` makes every new connection fail
 * at once (reset) and drops the open ones; `blackhole()` is a network gone silent: connections are accepted and
 * nothing flows either way; `pass()` forwards again (connections silenced meanwhile are dropped, as after a real
 * partition); `orphan()` ends the server side of every open connection without the app being told, which learns it
 * only when it next sends on one (then reset); `silenceOn(marker)` goes silent when the app sends bytes containing
 * `marker`, so a test can cut the network in the middle of a transaction. Only the connections made through it are
 * disturbed, never other users of the machine's PostgreSQL.
 */
import net from 'node:net'

export type ProxyMode = 'pass' | 'refuse' | 'blackhole'

export interface TcpProxy {
  /** The URL to give the app: `target` with the proxy's host and port. */
  url: string
  mode(): ProxyMode
  pass(): void
  /** New connections are reset at once; open ones are dropped now. */
  refuse(): void
  /** Nothing flows any more, on new connections or open ones. */
  blackhole(): void
  /** The server side of every open connection goes away unannounced (a failover behind a load balancer). */
  orphan(): void
  /** Goes silent (as `blackhole`) as soon as the app sends bytes containing `marker`; those bytes are dropped. */
  silenceOn(marker: string): void
  /** Connections made through the proxy since it started. */
  connections(): number
  close(): Promise<void>
}

/** Starts a proxy on 127.0.0.1 (free port) forwarding to the host and port of `targetUrl`. */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl)
  const targetPort = Number(target.port || 5432)
  let current: ProxyMode = 'pass'
  let made = 0
  const open = new Set<net.Socket>()
  // Connections that lost bytes to a silent network: they are out of step and dropped when the network comes back.
  const silenced = new Set<net.Socket>()
  // App-side connections whose server side was ended behind their back: reset when the app next sends on them.
  const orphaned = new Set<net.Socket>()
  const upstreams = new Map<net.Socket, net.Socket>()
  let trigger: string | null = null
  const server = net.createServer((client) => {
    made += 1
    open.add(client)
    client.once('close', () => open.delete(client))
    client.on('error', () => {})
    if (current === 'refuse') return void client.resetAndDestroy()
    if (current === 'blackhole') return void silenced.add(client)
    const upstream = net.connect(targetPort, target.hostname)
    open.add(upstream)
    upstreams.set(client, upstream)
    upstream.once('close', () => {
      open.delete(upstream)
      if (!orphaned.has(client)) client.destroy()
    })
    client.once('close', () => (upstream.destroy(), upstreams.delete(client), orphaned.delete(client)))
    upstream.on('error', () => (orphaned.has(client) ? undefined : client.destroy()))
    // Bytes are forwarded one chunk at a time rather than piped, so that a silenced network can drop them.
    client.on('data', (chunk: Buffer) => {
      if (orphaned.has(client)) return void client.resetAndDestroy()
      if (trigger !== null && current === 'pass' && chunk.includes(trigger)) {
        current = 'blackhole'
        trigger = null
      }
      if (current === 'pass') upstream.write(chunk)
      else silenced.add(client)
    })
    upstream.on('data', (chunk) => (current === 'pass' ? client.write(chunk) : silenced.add(client)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address() as net.AddressInfo
  const url = new URL(targetUrl)
  url.hostname = '127.0.0.1'
  url.port = String(address.port)
  return {
    url: url.toString(),
    mode: () => current,
    pass() {
      current = 'pass'
      trigger = null
      for (const socket of silenced) socket.destroy()
      silenced.clear()
    },
    refuse() {
      current = 'refuse'
      for (const socket of open) socket.resetAndDestroy()
    },
    blackhole: () => void (current = 'blackhole'),
    orphan() {
      for (const [client, upstream] of upstreams) {
        orphaned.add(client)
        upstream.destroy()
      }
    },
    silenceOn: (marker) => void (trigger = marker),
    connections: () => made,
    async close() {
      for (const socket of open) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
