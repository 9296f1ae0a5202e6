// Fabrics and leathers, with the composition and care text that French labelling puts on every garment.
// `fr` follows "en" in a French title ("Robe en lin"); `en` is the English adjective ("Linen dress").

export type Material = {
  code: string
  fr: string
  en: string
  composition: { fr: string; en: string }
  care: { fr: string; en: string }
  /** Multiplies the template's price: cashmere costs more than cotton. */
  priceFactor: number
}

const HAND_WASH_FLAT = {
  fr: "Lavage à la main à l'eau froide, séchage à plat.",
  en: 'Hand wash in cold water, dry flat.',
}
const MACHINE_30 = { fr: 'Lavage en machine à 30 °C.', en: 'Machine wash at 30 °C.' }
const LEATHER_CARE = {
  fr: "Nourrir avec une crème incolore, éviter le contact prolongé avec l'eau.",
  en: 'Nourish with a neutral cream and keep away from prolonged contact with water.',
}

const LIST: readonly Material[] = [
  {
    code: 'LIN',
    fr: 'lin',
    en: 'linen',
    composition: { fr: '100 % lin lavé', en: '100% washed linen' },
    care: {
      fr: 'Lavage en machine à 30 °C, repassage à température moyenne.',
      en: 'Machine wash at 30 °C, iron on medium heat.',
    },
    priceFactor: 1.1,
  },
  {
    code: 'COTON',
    fr: 'coton',
    en: 'cotton',
    composition: { fr: '100 % coton', en: '100% cotton' },
    care: MACHINE_30,
    priceFactor: 1,
  },
  {
    code: 'COTBIO',
    fr: 'coton bio',
    en: 'organic cotton',
    composition: { fr: '100 % coton biologique certifié GOTS', en: '100% GOTS-certified organic cotton' },
    care: MACHINE_30,
    priceFactor: 1.05,
  },
  {
    code: 'JERSEY',
    fr: 'jersey',
    en: 'jersey',
    composition: { fr: '95 % coton, 5 % élasthanne', en: '95% cotton, 5% elastane' },
    care: MACHINE_30,
    priceFactor: 0.95,
  },
  {
    code: 'PIQUE',
    fr: 'piqué de coton',
    en: 'cotton piqué',
    composition: { fr: '100 % coton', en: '100% cotton' },
    care: MACHINE_30,
    priceFactor: 1,
  },
  {
    code: 'MOLLET',
    fr: 'molleton',
    en: 'fleece',
    composition: { fr: '80 % coton, 20 % polyester recyclé', en: '80% cotton, 20% recycled polyester' },
    care: MACHINE_30,
    priceFactor: 1,
  },
  {
    code: 'SOIE',
    fr: 'soie',
    en: 'silk',
    composition: { fr: '100 % soie', en: '100% silk' },
    care: {
      fr: "Nettoyage à sec ou lavage à la main à l'eau froide.",
      en: 'Dry clean or hand wash in cold water.',
    },
    priceFactor: 1.35,
  },
  {
    code: 'VISC',
    fr: 'viscose',
    en: 'viscose',
    composition: { fr: '100 % viscose', en: '100% viscose' },
    care: { fr: 'Lavage à la main à 30 °C, ne pas essorer.', en: 'Hand wash at 30 °C, do not wring.' },
    priceFactor: 0.9,
  },
  {
    code: 'LAINE',
    fr: 'laine',
    en: 'wool',
    composition: { fr: '80 % laine, 20 % polyamide', en: '80% wool, 20% polyamide' },
    care: HAND_WASH_FLAT,
    priceFactor: 1.1,
  },
  {
    code: 'MERINO',
    fr: 'laine mérinos',
    en: 'merino wool',
    composition: { fr: '100 % laine mérinos extra-fine', en: '100% extra-fine merino wool' },
    care: HAND_WASH_FLAT,
    priceFactor: 1.2,
  },
  {
    code: 'CACHEM',
    fr: 'cachemire',
    en: 'cashmere',
    composition: { fr: '100 % cachemire', en: '100% cashmere' },
    care: {
      fr: "Lavage à la main à l'eau froide, séchage à plat, ne jamais suspendre.",
      en: 'Hand wash in cold water, dry flat, never hang.',
    },
    priceFactor: 1.5,
  },
  {
    code: 'DENIM',
    fr: 'denim brut',
    en: 'raw denim',
    composition: { fr: '100 % coton', en: '100% cotton' },
    care: {
      fr: "Laver à l'envers à 30 °C, le moins souvent possible.",
      en: 'Wash inside out at 30 °C, as rarely as possible.',
    },
    priceFactor: 1.05,
  },
  {
    code: 'DENST',
    fr: 'denim stretch',
    en: 'stretch denim',
    composition: { fr: '98 % coton, 2 % élasthanne', en: '98% cotton, 2% elastane' },
    care: { fr: "Laver à l'envers à 30 °C.", en: 'Wash inside out at 30 °C.' },
    priceFactor: 1,
  },
  {
    code: 'VELOUR',
    fr: 'velours côtelé',
    en: 'corduroy',
    composition: { fr: '100 % coton', en: '100% cotton' },
    care: { fr: "Lavage en machine à 30 °C, sur l'envers.", en: 'Machine wash at 30 °C, inside out.' },
    priceFactor: 1.1,
  },
  {
    code: 'TOILE',
    fr: 'toile de coton',
    en: 'cotton canvas',
    composition: { fr: '100 % coton', en: '100% cotton' },
    care: MACHINE_30,
    priceFactor: 0.95,
  },
  {
    code: 'GABAR',
    fr: 'gabardine de coton',
    en: 'cotton gabardine',
    composition: { fr: '100 % coton déperlant', en: '100% water-repellent cotton' },
    care: { fr: 'Nettoyage à sec.', en: 'Dry clean only.' },
    priceFactor: 1.15,
  },
  {
    code: 'CUIR',
    fr: 'cuir',
    en: 'leather',
    composition: { fr: 'cuir de vachette tanné végétal', en: 'vegetable-tanned cowhide' },
    care: LEATHER_CARE,
    priceFactor: 1.2,
  },
  {
    code: 'DAIM',
    fr: 'daim',
    en: 'suede',
    composition: { fr: 'cuir velours de veau', en: 'calf suede' },
    care: {
      fr: 'Brosser avec une brosse à daim, imperméabiliser avant la première sortie.',
      en: 'Brush with a suede brush and waterproof before first wear.',
    },
    priceFactor: 1.2,
  },
  {
    code: 'PAILLE',
    fr: 'paille',
    en: 'straw',
    composition: { fr: '100 % paille de papier tressée', en: '100% braided paper straw' },
    care: { fr: 'Ne pas mouiller, ranger à plat.', en: 'Keep dry and store flat.' },
    priceFactor: 0.9,
  },
]

export const MATERIALS: Readonly<Record<string, Material>> = Object.fromEntries(LIST.map((m) => [m.code, m]))

/** Looks a material up by code; an unknown code is a typo in a template, so it fails loudly at start-up. */
export function material(code: string): Material {
  const found = MATERIALS[code]
  if (!found) throw new Error(`unknown material code ${code}`)
  return found
}

/** Where the garments are made; printed at the end of each description, as French labels do. */
export const ORIGINS: readonly { fr: string; en: string }[] = [
  { fr: 'Fabriqué au Portugal.', en: 'Made in Portugal.' },
  { fr: 'Fabriqué en France.', en: 'Made in France.' },
  { fr: 'Fabriqué en Italie.', en: 'Made in Italy.' },
  { fr: 'Fabriqué en Tunisie.', en: 'Made in Tunisia.' },
  { fr: 'Fabriqué au Maroc.', en: 'Made in Morocco.' },
  { fr: 'Fabriqué en Inde.', en: 'Made in India.' },
]
