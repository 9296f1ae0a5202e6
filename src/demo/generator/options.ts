// Variant options (French colour names and size runs) and the shape of a product template.
// Codes are what appear in SKUs, so they are short, upper-case and never contain a hyphen.

export type Colour = { code: string; name: string }
export type Size = { code: string; label: string }

function colour(code: string, name: string): Colour {
  return { code, name }
}

const NOIR = colour('NOIR', 'Noir')
const BLANC = colour('BLANC', 'Blanc')
const ECRU = colour('ECRU', 'Écru')
const BEIGE = colour('BEIGE', 'Beige')
const CAMEL = colour('CAMEL', 'Camel')
const MARINE = colour('MARINE', 'Bleu marine')
const CIEL = colour('CIEL', 'Bleu ciel')
const KAKI = colour('KAKI', 'Kaki')
const SAUGE = colour('SAUGE', 'Vert sauge')
const FORET = colour('FORET', 'Vert forêt')
const TERRA = colour('TERRA', 'Terracotta')
const BORDX = colour('BORDX', 'Bordeaux')
const ROSE = colour('ROSE', 'Rose poudré')
const GRIS = colour('GRIS', 'Gris chiné')
const ANTHR = colour('ANTHR', 'Gris anthracite')
const MOUT = colour('MOUT', 'Jaune moutarde')
const ROUGE = colour('ROUGE', 'Rouge')
const BRUT = colour('BRUT', 'Bleu brut')
const DELAV = colour('DELAV', 'Bleu délavé')
const COGNAC = colour('COGNAC', 'Cognac')
const CHOCO = colour('CHOCO', 'Chocolat')
const NATUR = colour('NATUR', 'Naturel')
const RAYMAR = colour('RAYMAR', 'Rayé marine')
const RAYROU = colour('RAYROU', 'Rayé rouge')

export const PALETTES = {
  basics: [NOIR, BLANC, ECRU, MARINE, GRIS],
  summer: [BLANC, ECRU, CIEL, TERRA, SAUGE, ROSE, MOUT, NOIR],
  autumn: [CAMEL, BORDX, FORET, MARINE, ANTHR, MOUT, ECRU, CHOCO],
  denim: [BRUT, DELAV, NOIR, ECRU],
  leather: [NOIR, COGNAC, CAMEL, CHOCO, BORDX],
  straw: [NATUR, NOIR],
  stripes: [RAYMAR, RAYROU, ECRU],
  kids: [ROUGE, MOUT, CIEL, SAUGE, ROSE, MARINE],
  neutral: [BEIGE, KAKI, MARINE, NOIR, ECRU],
} as const satisfies Record<string, readonly Colour[]>

export type PaletteName = keyof typeof PALETTES

function sizes(...labels: string[]): Size[] {
  return labels.map((label) => ({ code: label.toUpperCase(), label }))
}

export const SIZE_SETS = {
  womenAlpha: sizes('XS', 'S', 'M', 'L', 'XL'),
  menAlpha: sizes('S', 'M', 'L', 'XL', 'XXL'),
  unisexAlpha: sizes('XS', 'S', 'M', 'L', 'XL', 'XXL'),
  /** French women's sizes. */
  womenNumeric: sizes('36', '38', '40', '42', '44', '46'),
  /** French men's trouser sizes. */
  menNumeric: sizes('38', '40', '42', '44', '46', '48'),
  womenShoes: sizes('36', '37', '38', '39', '40', '41'),
  menShoes: sizes('40', '41', '42', '43', '44', '45', '46'),
  kidsShoes: sizes('24', '26', '28', '30', '32', '34'),
  kids: ['4 ans', '6 ans', '8 ans', '10 ans', '12 ans'].map((label) => ({
    code: `${label.split(' ')[0] ?? ''}A`,
    label,
  })),
  /** Belt lengths in centimetres. */
  belts: sizes('80', '85', '90', '95', '100', '105'),
  /** Accessories and books: no size option at all. */
  oneSize: [] as Size[],
} satisfies Record<string, readonly Size[]>

export type SizeSetName = keyof typeof SIZE_SETS

/** One way of making a product: a title pattern in each language, where {m} is the material. */
export type Style = {
  code: string
  fr: string
  en: string
  detail: { fr: string; en: string }
  /** Overrides the template's materials when only some make sense ("Manteau long" is not made of linen). */
  materials?: readonly string[]
  /** Overrides the template's palette (a straw basket comes in natural straw, not in cognac). */
  palette?: PaletteName
}

/** A kind of product: all products of a template share categories, sizes, colours, price band and VAT. */
export type Template = {
  code: string
  categoryCodes: readonly string[]
  sizes: SizeSetName
  /** null: the product has no colour option (books). */
  palette: PaletteName | null
  /** An empty list means the product has no material (books). */
  materials: readonly string[]
  /** Tax-inclusive price band in whole euros, before the material's factor. */
  priceEuros: readonly [min: number, max: number]
  vatRate: number
  /** When set, every product of the template carries this brand (the kids' line has its own label). */
  brand?: string
  pitch: { fr: string; en: string }
  styles: readonly Style[]
}

/** Standard French VAT, which applies to clothing, shoes and accessories. */
export const VAT_STANDARD = 2000
/** Reduced rate for books. */
export const VAT_BOOKS = 550

function isPaletteName(name: string): name is PaletteName {
  return Object.hasOwn(PALETTES, name)
}

/**
 * Parses a style table, one style per line: `CODE | fr title | en title | fr detail | en detail | MAT,MAT | palette`
 * (the last two columns are optional; leave the materials cell empty to override only the palette). A table rather
 * than object literals keeps each style on one line, which Prettier would otherwise spread over ten.
 */
export function styleTable(table: string): Style[] {
  const styles: Style[] = []
  for (const line of table.split('\n')) {
    if (line.trim() === '') continue
    const [code, fr, en, detailFr, detailEn, materials, palette] = line.split('|').map((cell) => cell.trim())
    if (!code || !fr || !en || !detailFr || !detailEn) throw new Error(`malformed style line: ${line}`)
    const style: Style = { code, fr, en, detail: { fr: detailFr, en: detailEn } }
    if (materials) style.materials = materials.split(',')
    if (palette) {
      if (!isPaletteName(palette)) throw new Error(`unknown palette ${palette} in style ${code}`)
      style.palette = palette
    }
    styles.push(style)
  }
  return styles
}
