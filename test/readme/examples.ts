/**
 * Reads the README's examples (the format is written at the top of ./examples.test.ts and in README "Development")
 * and turns each curl command into a request, so that the test runs exactly what a reader copies.
 */
// shell-quote is pinned to 1.8.3 in package.json: from 1.11 it ships types that change Array#join for the whole
// program (a global augmentation), which breaks code elsewhere; 1.8.3 has the same parser, typed by @types/shell-quote.
import { parse as parseShell } from 'shell-quote'

/** The server every example names; the test replaces it with its own. */
export const README_ORIGIN = 'http://127.0.0.1:3000'

export interface Example {
  /** 1-based line of the README where the command starts, for failure messages. */
  line: number
  command: string
  /** The status after `# →`. */
  status: number
  /** What follows the status: a sketch of the answer (`…` for what is left out), or ''. */
  sketch: string
}

export interface Request {
  method: string
  url: string
  headers: Record<string, string>
  body: string | undefined
}

const ANSWER = /^#\s*→\s*(\d{3})\b\s*(.*)$/

/**
 * Every curl command in a fenced code block of the README, with the answer written under it. A curl command without a
 * `# → <status>` line right after it is an error, not a skipped example.
 */
export function readExamples(markdown: string): Example[] {
  const lines = markdown.split('\n')
  const examples: Example[] = []
  let inBlock = false
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim()
    if (text.startsWith('```')) {
      inBlock = !inBlock
      continue
    }
    if (!inBlock || !/^curl\s/.test(text)) continue
    const start = i
    let command = text
    while (command.endsWith('\\') && i + 1 < lines.length) command = `${command.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`
    const answer = ANSWER.exec(lines[i + 1]?.trim() ?? '')
    if (!answer) throw new Error(`README.md line ${start + 1}: a curl example needs a "# → <status> <answer>" line right after it`)
    i++
    examples.push({ line: start + 1, command, status: Number(answer[1]), sketch: answer[2]!.trim() })
  }
  return examples
}

/** The shell variables an example's command uses (`$NAME` or `${NAME}`). */
export function variablesOf(command: string): string[] {
  return [...command.matchAll(/\$\{?([A-Z][A-Z0-9_]*)\}?/g)].map((m) => m[1]!)
}

/**
 * The request a shell would send for this curl command, with the variables given and the README's server replaced by
 * `origin`. Only the curl options the README uses are understood; any other one is an error naming it.
 */
export function toRequest(command: string, variables: Record<string, string>, origin: string): Request {
  const words = parseShell(command, (name) => {
    const value = variables[name]
    if (value === undefined) throw new Error(`$${name} is not set: an earlier example's answer must bind it ("key": "$${name}")`)
    return value
  })
  const request: Request = { method: '', url: '', headers: {}, body: undefined }
  for (let i = 1; i < words.length; i++) {
    const word = words[i]
    if (typeof word !== 'string') throw new Error(`shell syntax curl examples cannot use: ${JSON.stringify(word)}`)
    const next = () => {
      const value = words[++i]
      if (typeof value !== 'string') throw new Error(`curl option ${word} needs a value`)
      return value
    }
    if (word === '-s' || word === '-S' || word === '-sS' || word === '--silent') continue
    else if (word === '-X' || word === '--request') request.method = next()
    else if (word === '-H' || word === '--header') {
      const header = next()
      const colon = header.indexOf(':')
      request.headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim()
    } else if (word === '-d' || word === '--data' || word === '--data-raw') request.body = next()
    // The answer is written to a file: the test reads it instead.
    else if (word === '-o' || word === '--output') next()
    else if (word.startsWith('-')) throw new Error(`curl option ${word} is not understood by test/readme/examples.ts: add it there`)
    else if (request.url === '') request.url = word
    else throw new Error(`a second URL in one curl command: ${word}`)
  }
  if (!request.url.startsWith(`${README_ORIGIN}/`)) throw new Error(`examples call ${README_ORIGIN}, not ${request.url}`)
  request.url = origin + request.url.slice(README_ORIGIN.length)
  // curl's own defaults: POST with a body, form content type unless a header says otherwise.
  request.method ||= request.body === undefined ? 'GET' : 'POST'
  if (request.body !== undefined) request.headers['content-type'] ??= 'application/x-www-form-urlencoded'
  return request
}

/** The `"key": "$NAME"` pairs of a sketch: the answer's value at that key becomes $NAME for later examples. */
export function bindingsOf(sketch: string): { key: string; variable: string }[] {
  return [...sketch.matchAll(/"([^"]+)"\s*:\s*"\$([A-Z][A-Z0-9_]*)"/g)].map((m) => ({ key: m[1]!, variable: m[2]! }))
}

/** Every key a sketch shows (`"key":`): the answer must have each, somewhere. */
export function keysOf(sketch: string): string[] {
  return [...sketch.matchAll(/"([^"]+)"\s*:/g)].map((m) => m[1]!)
}

/** The first value under `key` in reading order (depth first), as the reader's eye finds it in the answer. */
export function findKey(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findKey(item, key)
      if (found !== undefined) return found
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value)) {
      if (name === key) return inner
      const found = findKey(inner, key)
      if (found !== undefined) return found
    }
  }
  return undefined
}
