/**
 * Where webhooks may go: public unicast addresses only, unless WEBHOOK_ALLOW_PRIVATE_TARGETS allows private targets
 * (development and tests). Checked twice: at registration, on the addresses the host resolves to now (a clear 400
 * for the admin), and at every delivery, on the address the socket actually connects to (request-filtering-agent
 * checks the DNS answer inside the connection), since a name can resolve elsewhere by then. Loopback, private,
 * link-local (cloud metadata at 169.254.169.254), unique-local, unspecified and every other reserved range are refused.
 */
import { lookup } from 'node:dns/promises'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent'

const LOOKUP_TIMEOUT_MS = 2000

/** Whether an IP address (v4 or v6) may receive webhooks: ipaddr.js names every range but public unicast otherwise. */
function isPublicAddress(address: string): boolean {
  try {
    return ipaddr.parse(address).range() === 'unicast'
  } catch {
    return false
  }
}

/**
 * Why `url` may not receive webhooks (null when it may): its host is, or resolves to, an address that is not public.
 * A name that does not resolve yet is accepted: delivery checks the address it connects to.
 */
export async function webhookTargetProblem(url: string, options: { allowPrivateTargets: boolean }): Promise<string | null> {
  if (options.allowPrivateTargets) return null
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1')
  let addresses: string[]
  if (isIP(host) !== 0) addresses = [host]
  else {
    // A resolver that does not answer in time leaves the check to delivery rather than hold the admin's request.
    let timer: NodeJS.Timeout | undefined
    const gaveUp = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), LOOKUP_TIMEOUT_MS)
      timer.unref()
    })
    try {
      const found = await Promise.race([lookup(host, { all: true, verbatim: true }), gaveUp])
      if (found === null) return null
      addresses = found.map((entry) => entry.address)
    } catch {
      return null
    } finally {
      clearTimeout(timer)
    }
  }
  const refused = addresses.find((address) => !isPublicAddress(address))
  return refused === undefined ? null : `points at ${refused}, a loopback, private, link-local or reserved address, which cannot receive webhooks`
}

const agents = new Map<boolean, { http: RequestFilteringHttpAgent; https: RequestFilteringHttpsAgent }>()

function agentsFor(allowPrivateTargets: boolean) {
  let pair = agents.get(allowPrivateTargets)
  if (!pair) {
    // keepAlive: a receiver getting many events reuses its connection; each new connection is checked again.
    const options = { keepAlive: true, allowPrivateIPAddress: allowPrivateTargets }
    pair = { http: new RequestFilteringHttpAgent(options), https: new RequestFilteringHttpsAgent(options) }
    agents.set(allowPrivateTargets, pair)
  }
  return pair
}

export interface WebhookPost {
  url: string
  headers: Record<string, string>
  body: string
  signal: AbortSignal
  allowPrivateTargets: boolean
}

/**
 * POSTs `body` to `url` through the address filter and resolves with the answer's status; redirects are not followed.
 * Rejects when the connection is refused by the filter (an error saying which address), fails, or `signal` aborts.
 */
export function postWebhook(input: WebhookPost): Promise<number> {
  const url = new URL(input.url)
  const pair = agentsFor(input.allowPrivateTargets)
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  const agent = url.protocol === 'https:' ? pair.https : pair.http
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', agent, headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) }, signal: input.signal }, (res) => {
      // Only the status matters; draining the body frees the connection for the next delivery.
      res.resume()
      res.on('error', () => {})
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end(input.body)
  })
}
