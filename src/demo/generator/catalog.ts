// Products and variants, built from templates × styles × materials. Product n draws from its own PRNG, so
// the first 150 products of a 100,000-product run are the 150 products of the default demo.
// Handles and SKU stems are made unique by a suffix when a combination repeats; barcodes are unique by
// construction (a bijection of the variant's running number).

import type { DemoProduct, DemoStock, DemoVariant } from './types.js'
import { assertInteger, chance, intBetween, pick, pickWeighted, rngFor, sample, seedFor, shuffled, type Rng } from './random.js'
import { material as materialByCode, ORIGINS, type Material } from './materials.js'
import { PALETTES, SIZE_SETS, type Colour, type Size, type Style, type Template } from './options.js'
import { WOMEN_TEMPLATES } from './templates-women.js'
import { MEN_TEMPLATES } from './templates-men.js'
import { ACCESSORY_TEMPLATES, KIDS_TEMPLATES } from './templates-kids-accessories.js'
import { BRANDS, IMAGE_BASE_URL, SKU_PREFIX } from './brand.js'
// barcodes.ts is a pure leaf with no database code; going through catalog/service.ts would load Drizzle into this pure generator.
// eslint-disable-next-line no-restricted-imports
import { makeEan13 } from '../../modules/catalog/barcodes.js'
import { slugify } from './text.js'
import { productStock } from './stock.js'

export const TEMPLATES: readonly Template[] = [...WOMEN_TEMPLATES, ...MEN_TEMPLATES, ...KIDS_TEMPLATES, ...ACCESSORY_TEMPLATES]

/** Once every combination is used, further products are the same piece in another capsule collection. */
const COLLECTIONS = [
  'Riviera',
  'Camargue',
  'Cévennes',
  'Luberon',
  'Biarritz',
  'Belle-Île',
  'Étretat',
  'Porquerolles',
  'Collioure',
  'Vercors',
  'Aubrac',
  'Saint-Malo',
  'Arcachon',
  'Gordes',
  'Uzès',
  'Sète',
  'Cassis',
  'Honfleur',
  'Ouessant',
  'Bonifacio',
]

type Combo = { template: Template; style: Style; material: Material | null }

function allCombos(): Combo[] {
  const combos: Combo[] = []
  for (const template of TEMPLATES) {
    for (const style of template.styles) {
      const codes = style.materials ?? template.materials
      if (codes.length === 0) combos.push({ template, style, material: null })
      for (const code of codes) combos.push({ template, style, material: materialByCode(code) })
    }
  }
  return combos
}

const COMBOS = allCombos()

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Shelf prices end in ,90 or ,00 (59,90 € or 65,00 €), as French retail prices do. */
function shelfPrice(rng: Rng, euros: number): number {
  // Rounds down to the nearest …9 euros: 42 → 39,90 €, 49 → 49,90 €.
  if (chance(rng, 0.7)) return Math.max(9, Math.floor((euros + 1) / 10) * 10 - 1) * 100 + 90
  return Math.max(5, Math.round(euros / 5) * 5) * 100
}

/** A sale price 20–50 % off, still ending in ,90; always below the original because prices are above 9 €. */
function salePrice(rng: Rng, price: number): number {
  const percentOff = pick(rng, [20, 30, 40, 50])
  return Math.floor((price * (100 - percentOff)) / 10_000) * 100 + 90
}

/**
 * Returns a claim function that hands out `base` the first time, then base + joiner + 2, 3…, never a string it
 * has handed out before. Deterministic because products are made in order; the per-base counter keeps the
 * 500th repeat of a base from re-trying the 499 suffixes before it.
 */
function uniqueNames(joiner: string): (base: string) => string {
  const used = new Set<string>()
  const nextSuffix = new Map<string, number>()
  return (base) => {
    let candidate = base
    let n = nextSuffix.get(base) ?? 2
    while (used.has(candidate)) candidate = `${base}${joiner}${n++}`
    nextSuffix.set(base, n)
    used.add(candidate)
    return candidate
  }
}

// Barcodes: "37" (GS1 France) + ten digits that are (n × MULTIPLIER + offset) mod 10^10. The multiplier is
// coprime with 10, so distinct n give distinct barcodes for the first 10^10 variants, and consecutive variants
// do not get consecutive-looking codes. The multiplication is split so it stays exact in a double.
const MULTIPLIER = 7_364_512_849
const MULTIPLIER_HIGH = Math.floor(MULTIPLIER / 100_000)
const MULTIPLIER_LOW = MULTIPLIER % 100_000
const TEN_DIGITS = 10_000_000_000

function barcodeFor(variantNumber: number, offset: number): string {
  const scrambled = (variantNumber * MULTIPLIER_LOW + ((variantNumber * MULTIPLIER_HIGH) % 100_000) * 100_000 + offset) % TEN_DIGITS
  return makeEan13(`37${String(scrambled).padStart(10, '0')}`)
}

function describe(combo: Combo, rng: Rng): { fr: string; en: string } {
  const { template, style, material } = combo
  if (!material) {
    return { fr: `${style.detail.fr} ${template.pitch.fr}`, en: `${style.detail.en} ${template.pitch.en}` }
  }
  const origin = pick(rng, ORIGINS)
  return {
    fr: `${template.pitch.fr} ${style.detail.fr} Composition : ${material.composition.fr}. ${material.care.fr} ${origin.fr}`,
    en: `${template.pitch.en} ${style.detail.en} Composition: ${material.composition.en}. ${material.care.en} ${origin.en}`,
  }
}

function titles(combo: Combo, edition: number): { fr: string; en: string } {
  const { style, material } = combo
  const fr = capitalise(style.fr.replace('{m}', material?.fr ?? ''))
  const en = capitalise(style.en.replace('{m}', material?.en ?? ''))
  if (edition === 0) return { fr, en }
  const round = Math.floor((edition - 1) / COLLECTIONS.length)
  const collection = `${COLLECTIONS[(edition - 1) % COLLECTIONS.length] ?? ''}${round > 0 ? ` ${round + 1}` : ''}`
  return { fr: `${fr} – ${collection}`, en: `${en} – ${collection}` }
}

type Pricing = { price: number; compareAtPrice: number | null }

/** One price per product: a fifth of the range is on sale, with the original kept as the compare-at price. */
function pricing(rng: Rng, combo: Combo): Pricing {
  const [minEuros, maxEuros] = combo.template.priceEuros
  const shelf = shelfPrice(rng, intBetween(rng, minEuros, maxEuros) * (combo.material?.priceFactor ?? 1))
  return chance(rng, 0.2) ? { price: salePrice(rng, shelf), compareAtPrice: shelf } : { price: shelf, compareAtPrice: null }
}

/** Every size of one to three colours; SKUs are the stem plus colour and size codes, e.g. ML-ROBE-PORTEF-LIN-NOIR-M. */
function makeVariants(rng: Rng, combo: Combo, stem: string, prices: Pricing, nextBarcode: () => string): DemoVariant[] {
  const paletteName = combo.style.palette ?? combo.template.palette
  const palette: readonly Colour[] = paletteName ? PALETTES[paletteName] : []
  const colours: (Colour | null)[] = palette.length > 0 ? sample(rng, palette, intBetween(rng, 1, 3)) : [null]
  const sizeRun: readonly Size[] = SIZE_SETS[combo.template.sizes]
  const sizes: (Size | null)[] = sizeRun.length > 0 ? [...sizeRun] : [null]
  const variants: DemoVariant[] = []
  for (const colour of colours) {
    for (const size of sizes) {
      const options: Record<string, string> = {}
      let sku = stem
      if (size) options.taille = size.label
      if (colour) {
        options.couleur = colour.name
        sku += `-${colour.code}`
      }
      if (size) sku += `-${size.code}`
      variants.push({ sku, barcode: nextBarcode(), options, ...prices })
    }
  }
  return variants
}

export type ProductWithStock = { product: DemoProduct; stock: DemoStock[] }

type ProductOptions = { seed: number; count: number; warehouseCode: string; storeCodes: readonly string[] }

/** Yields `count` products with their stock; handles, SKUs and barcodes are unique across the whole run. */
export function generateProducts(options: ProductOptions): Generator<ProductWithStock> {
  // Checked here rather than in the generator body, which would only run (and throw) on the first next().
  assertInteger('seed', options.seed)
  assertInteger('count', options.count, 0)
  return productsOf(options)
}

function* productsOf(options: ProductOptions): Generator<ProductWithStock> {
  const { seed, count, warehouseCode, storeCodes } = options
  const order = shuffled(rngFor(seed, 'catalogue-order'), COMBOS)
  const barcodeOffset = seedFor(seed, 'barcodes')
  let variantNumber = 0
  const nextBarcode = () => barcodeFor(variantNumber++, barcodeOffset)
  const claimHandle = uniqueNames('-')
  const claimStem = uniqueNames('')

  for (let index = 0; index < count; index++) {
    const combo = order[index % order.length]
    if (!combo) throw new Error('the template list is empty')
    const { template, style, material } = combo
    const rng = rngFor(seed, 'product', index)
    const title = titles(combo, Math.floor(index / order.length))
    const handle = claimHandle(slugify(title.fr))
    // SKU stems always have four hyphen-free segments and the suffix is digits, so a stem plus its colour and
    // size segments can never spell another product's SKU.
    const stem = claimStem(`${SKU_PREFIX}-${template.code}-${style.code}-${material?.code ?? 'PAP'}`)
    const variants = makeVariants(rng, combo, stem, pricing(rng, combo), nextBarcode)
    const imageCount = intBetween(rng, 1, 3)
    const product: DemoProduct = {
      handle,
      title,
      description: describe(combo, rng),
      brand: template.brand ?? pickWeighted(rng, BRANDS).name,
      categoryCodes: [...template.categoryCodes],
      vatRate: template.vatRate,
      imageUrls: Array.from({ length: imageCount }, (_, n) => `${IMAGE_BASE_URL}/${handle}-${n + 1}.jpg`),
      variants,
    }
    yield { product, stock: productStock(seed, index, product, warehouseCode, storeCodes) }
  }
}
