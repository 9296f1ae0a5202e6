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
 * `# → <status>` line right after it is an error, not a skipped example, and so is a line naming `curl ` that is not
 * one of these commands (`X=$(curl …)`, `… | curl`): the reader would run it, the test would not.
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
    if (!inBlock) continue
    if (!/^curl\s/.test(text)) {
      if (/\bcurl\s/.test(text))
        throw new Error(`README.md line ${i + 1}: a line naming curl in a code block must start with the curl command, so the test runs it`)
      continue
    }
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

/** Stands for what a sketch leaves out: any value at a key, more keys in an object, more items in an array. */
export const ELLIPSIS = '…'

/**
 * A sketch as a value: the JSON it is, once each `…` is read. `…` as a value is any value; as an object member, more
 * keys; as an array item, more items. A sketch that does not start with `{` or `[` is prose and has no value; one that
 * does but is not JSON with `…` is an error, so a typo cannot turn an example into one that asserts nothing.
 */
export function sketchValue(sketch: string): unknown {
  if (!/^[{[]/.test(sketch)) return undefined
  let json = ''
  let inString = false
  for (let i = 0; i < sketch.length; i++) {
    const char = sketch[i]!
    if (inString) {
      json += char
      if (char === '\\') json += sketch[++i] ?? ''
      else if (char === '"') inString = false
    } else if (char === '"') {
      json += char
      inString = true
    } else if (char !== ELLIPSIS) json += char
    else {
      const before = json.trimEnd().at(-1)
      const enclosing = enclosingOf(json)
      if (before === ':' || enclosing === '[') json += JSON.stringify(ELLIPSIS)
      else json += `${JSON.stringify(ELLIPSIS)}: ${JSON.stringify(ELLIPSIS)}`
    }
  }
  try {
    return JSON.parse(json) as unknown
  } catch (error) {
    throw new Error(`a sketch is JSON with … for what is left out: ${(error as Error).message} in ${sketch}`, { cause: error })
  }
}

/** The innermost `{` or `[` still open at the end of a JSON prefix. */
function enclosingOf(prefix: string): string | undefined {
  const open: string[] = []
  let inString = false
  for (let i = 0; i < prefix.length; i++) {
    const char = prefix[i]!
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') open.push(char)
    else if (char === '}' || char === ']') open.pop()
  }
  return open.at(-1)
}

const BINDING = /^\$([A-Z][A-Z0-9_]*)$/

/** What comparing an answer with its sketch found: the differences, and the values bound to `$NAME`s. */
export interface SketchMatch {
  mismatches: string[]
  bindings: Record<string, string>
}

/**
 * Compares an answer with what its sketch shows, at the same places: a scalar (string, number, boolean, null) is
 * compared as written; `"$NAME"` binds the string there; a string containing `…` is a shape (`"FID-…"`: the answer's
 * string with `…` standing for one or more characters), not a value; an object without a `…` member has exactly the
 * keys shown; an array's items are compared in order, and one without a `…` item has exactly those items.
 */
export function matchSketch(sketch: string, answer: unknown): SketchMatch {
  const match: SketchMatch = { mismatches: [], bindings: {} }
  const shown = sketchValue(sketch)
  if (shown !== undefined) compareShown(shown, answer, '', match)
  return match
}

function compareShown(shown: unknown, actual: unknown, at: string, match: SketchMatch): void {
  const differ = (what: string): void => {
    match.mismatches.push(`${at || '/'}: the sketch shows ${what}, the answer has ${JSON.stringify(actual) ?? 'nothing'}`)
  }
  if (shown === ELLIPSIS) {
    if (actual === undefined) differ('a value')
  } else if (typeof shown === 'string' && BINDING.test(shown)) {
    if (typeof actual === 'string') match.bindings[BINDING.exec(shown)![1]!] = actual
    else differ(`a string for ${shown}`)
  } else if (typeof shown === 'string' && shown.includes(ELLIPSIS)) {
    const shape = new RegExp(
      `^${shown
        .split(ELLIPSIS)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+')}$`,
      'su',
    )
    if (typeof actual !== 'string' || !shape.test(actual)) differ(`a string shaped ${JSON.stringify(shown)}`)
  } else if (Array.isArray(shown)) {
    if (!Array.isArray(actual)) return differ('an array')
    const open = shown.at(-1) === ELLIPSIS
    const items = open ? shown.slice(0, -1) : shown
    if (open ? actual.length < items.length : actual.length !== items.length) differ(`${open ? 'at least ' : ''}${items.length} items`)
    items.forEach((item, i) => compareShown(item, actual[i], `${at}/${i}`, match))
  } else if (shown !== null && typeof shown === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return differ('an object')
    const keys = Object.keys(shown).filter((key) => key !== ELLIPSIS)
    const extra = Object.keys(actual).filter((key) => !keys.includes(key))
    if (!(ELLIPSIS in shown) && extra.length > 0) differ(`only ${keys.join(', ')} (write … for the other keys)`)
    for (const key of keys) compareShown((shown as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${at}/${key}`, match)
  } else if (shown !== actual) differ(JSON.stringify(shown))
}
