// Turning French display text into the ASCII that handles, SKUs and e-mail addresses need.

const COMBINING_MARKS = /[\u0300-\u036f]/g

/** "Élodie Lefèvre" → "Elodie Lefevre"; œ and æ become oe and ae, which NFD alone leaves alone. */
export function asciiFold(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE')
}

/** "Robe portefeuille en lin" → "robe-portefeuille-en-lin". */
export function slugify(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/** The local part of an e-mail address: "Jean-Noël" → "jean-noel", "Le Gall" → "legall". */
export function emailPart(text: string): string {
  return asciiFold(text)
    .toLowerCase()
    .replace(/[^a-z-]+/g, '')
}
