// The two-level category tree. Products are attached to leaves only; the storefront lists a parent as its leaves.

import type { DemoCategory } from './types.js'

type Leaf = readonly [code: string, fr: string, en: string]

const TREE: readonly { code: string; fr: string; en: string; leaves: readonly Leaf[] }[] = [
  {
    code: 'femme',
    fr: 'Femme',
    en: 'Women',
    leaves: [
      ['femme-robes', 'Robes', 'Dresses'],
      ['femme-chemises', 'Chemises et blouses', 'Shirts & blouses'],
      ['femme-tshirts', 'T-shirts et tops', 'T-shirts & tops'],
      ['femme-pulls', 'Pulls et cardigans', 'Jumpers & cardigans'],
      ['femme-jeans', 'Jeans', 'Jeans'],
      ['femme-pantalons', 'Pantalons', 'Trousers'],
      ['femme-jupes', 'Jupes', 'Skirts'],
      ['femme-vestes', 'Vestes et manteaux', 'Jackets & coats'],
      ['femme-chaussures', 'Chaussures', 'Shoes'],
    ],
  },
  {
    code: 'homme',
    fr: 'Homme',
    en: 'Men',
    leaves: [
      ['homme-chemises', 'Chemises', 'Shirts'],
      ['homme-tshirts', 'T-shirts et polos', 'T-shirts & polos'],
      ['homme-pulls', 'Pulls', 'Jumpers'],
      ['homme-jeans', 'Jeans', 'Jeans'],
      ['homme-pantalons', 'Pantalons', 'Trousers'],
      ['homme-vestes', 'Vestes et manteaux', 'Jackets & coats'],
      ['homme-chaussures', 'Chaussures', 'Shoes'],
    ],
  },
  {
    code: 'enfant',
    fr: 'Enfant',
    en: 'Kids',
    leaves: [
      ['enfant-hauts', 'T-shirts et sweats', 'T-shirts & sweatshirts'],
      ['enfant-robes', 'Robes', 'Dresses'],
      ['enfant-bas', 'Pantalons et jeans', 'Trousers & jeans'],
      ['enfant-chaussures', 'Chaussures', 'Shoes'],
    ],
  },
  {
    code: 'accessoires',
    fr: 'Accessoires',
    en: 'Accessories',
    leaves: [
      ['accessoires-sacs', 'Sacs', 'Bags'],
      ['accessoires-ceintures', 'Ceintures', 'Belts'],
      ['accessoires-foulards', 'Foulards et écharpes', 'Scarves'],
      ['accessoires-chapeaux', 'Chapeaux et bonnets', 'Hats & beanies'],
      ['accessoires-livres', 'Livres et lookbooks', 'Books & lookbooks'],
    ],
  },
]

/** Parents come before their children, so a seeder can insert in list order. */
export function generateCategories(): DemoCategory[] {
  const categories: DemoCategory[] = []
  for (const top of TREE) {
    categories.push({ code: top.code, name: { fr: top.fr, en: top.en }, parentCode: null })
  }
  for (const top of TREE) {
    for (const [code, fr, en] of top.leaves) {
      categories.push({ code, name: { fr, en }, parentCode: top.code })
    }
  }
  return categories
}
