// The kids' line, accessories, and a few books (5.5 % VAT in France, which gives the demo a second tax rate).

import { styleTable, VAT_BOOKS, VAT_STANDARD, type Template } from './options.js'
import { KIDS_BRAND, RETAILER_NAME } from './brand.js'

export const KIDS_TEMPLATES: readonly Template[] = [
  {
    code: 'HAUTK',
    categoryCodes: ['enfant-hauts'],
    sizes: 'kids',
    palette: 'kids',
    materials: ['COTBIO', 'MOLLET'],
    priceEuros: [15, 39],
    vatRate: VAT_STANDARD,
    brand: KIDS_BRAND,
    pitch: {
      fr: 'Pensé pour jouer, grimper et passer en machine sans souci.',
      en: 'Made for playing, climbing and the washing machine.',
    },
    styles: styleTable(`
      IMPR | T-shirt imprimé en {m} | Printed {m} T-shirt | Imprimé dessiné dans notre atelier de Montpellier. | A print drawn in our Montpellier studio. | COTBIO
      CAPU | Sweat à capuche en {m} | {m} hoodie | Capuche doublée et poche kangourou. | A lined hood and a kangaroo pocket. | MOLLET
      MARIN | Marinière enfant en {m} | Kids' {m} Breton top | Rayures tissées et boutons pression à l'épaule. | Woven stripes and shoulder press studs. | COTBIO
    `),
  },
  {
    code: 'ROBEK',
    categoryCodes: ['enfant-robes'],
    sizes: 'kids',
    palette: 'kids',
    materials: ['COTBIO', 'LIN'],
    priceEuros: [25, 49],
    vatRate: VAT_STANDARD,
    brand: KIDS_BRAND,
    pitch: {
      fr: 'Une robe légère et confortable pour les beaux jours.',
      en: 'A light, comfortable dress for sunny days.',
    },
    styles: styleTable(`
      SMOCK | Robe à smocks en {m} | Smocked {m} dress | Buste smocké élastique et manches ballon. | An elastic smocked bodice and puff sleeves.
      VOLANT | Robe à volants en {m} | {m} ruffle dress | Volants superposés et nœud au dos. | Tiered ruffles and a bow at the back.
    `),
  },
  {
    code: 'BASK',
    categoryCodes: ['enfant-bas'],
    sizes: 'kids',
    palette: 'kids',
    materials: ['DENST', 'MOLLET', 'VELOUR'],
    priceEuros: [19, 45],
    vatRate: VAT_STANDARD,
    brand: KIDS_BRAND,
    pitch: {
      fr: 'Un bas résistant aux genoux, renforcé là où ça frotte.',
      en: 'Knee-proof bottoms, reinforced where they rub.',
    },
    styles: styleTable(`
      JEAN | Jean enfant en {m} | Kids' {m} jeans | Taille réglable par boutonnières intérieures. | An adjustable waist with inside buttonholes. | DENST
      JOGG | Jogging en {m} | {m} joggers | Taille élastiquée et chevilles côtelées. | An elasticated waist and ribbed ankles. | MOLLET
      SALOP | Salopette en {m} | {m} dungarees | Bretelles réglables et poche ventrale. | Adjustable straps and a bib pocket. | VELOUR,DENST
    `),
  },
  {
    code: 'CHAUK',
    categoryCodes: ['enfant-chaussures'],
    sizes: 'kidsShoes',
    palette: 'kids',
    materials: ['TOILE', 'CUIR'],
    priceEuros: [29, 49],
    vatRate: VAT_STANDARD,
    brand: KIDS_BRAND,
    pitch: {
      fr: 'Une chaussure souple qui respecte le pied qui grandit.',
      en: 'A flexible shoe that respects growing feet.',
    },
    styles: styleTable(`
      SCRAT | Baskets à scratch en {m} | {m} hook-and-loop trainers | Deux scratchs pour se chausser seul. | Two hook-and-loop straps so they can put them on alone.
      SANDK | Sandales enfant en {m} | Kids' {m} sandals | Bout fermé et semelle antidérapante. | A closed toe and a non-slip sole. | CUIR
    `),
  },
]

export const ACCESSORY_TEMPLATES: readonly Template[] = [
  {
    code: 'SAC',
    categoryCodes: ['accessoires-sacs'],
    sizes: 'oneSize',
    palette: 'leather',
    materials: ['CUIR', 'DAIM', 'TOILE'],
    priceEuros: [39, 169],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un sac pratique et élégant, assez grand pour un ordinateur portable.',
      en: 'A practical, elegant bag, big enough for a laptop.',
    },
    styles: styleTable(`
      CABAS | Sac cabas en {m} | {m} tote bag | Anses longues et pochette intérieure zippée. | Long handles and an inner zip pouch. | CUIR,TOILE
      BANDO | Sac bandoulière en {m} | {m} crossbody bag | Bandoulière réglable et fermoir aimanté. | An adjustable strap and a magnetic clasp.
      POCH | Pochette en {m} | {m} clutch | Fermeture zippée et dragonne amovible. | A zip top and a removable wrist strap. | CUIR,DAIM
      PANIER | Panier en {m} | {m} basket bag | Tressé à la main, anses en cuir. | Hand-braided, with leather handles. | PAILLE | straw
    `),
  },
  {
    code: 'CEINT',
    categoryCodes: ['accessoires-ceintures'],
    sizes: 'belts',
    palette: 'leather',
    materials: ['CUIR', 'DAIM'],
    priceEuros: [29, 69],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Une ceinture à la bonne longueur, à choisir selon votre tour de taille.',
      en: 'A belt in your exact length, chosen by waist size.',
    },
    styles: styleTable(`
      TRESS | Ceinture tressée en {m} | Braided {m} belt | Tressage serré et boucle en laiton. | A tight braid and a brass buckle. | CUIR
      BOUCL | Ceinture à boucle dorée en {m} | {m} belt with gold buckle | Boucle dorée à l'or fin. | A fine gold-plated buckle.
    `),
  },
  {
    code: 'FOUL',
    categoryCodes: ['accessoires-foulards'],
    sizes: 'oneSize',
    palette: 'autumn',
    materials: ['SOIE', 'LAINE', 'CACHEM'],
    priceEuros: [29, 119],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: "La touche finale d'une tenue, à nouer de mille façons.",
      en: 'The finishing touch to an outfit, to tie a thousand ways.',
    },
    styles: styleTable(`
      FOUL | Foulard imprimé en {m} | Printed {m} scarf | Carré de 90 cm aux bords roulottés main. | A 90 cm square with hand-rolled edges. | SOIE,VISC
      ECHAR | Écharpe en {m} | {m} scarf | Grande longueur et franges courtes. | Extra long with short fringes. | LAINE,MERINO,CACHEM
      ETOLE | Étole en {m} | {m} stole | Tissage léger qui se porte toute l'année. | A light weave to wear all year round. | LIN,CACHEM
    `),
  },
  {
    code: 'CHAP',
    categoryCodes: ['accessoires-chapeaux'],
    sizes: 'oneSize',
    palette: 'neutral',
    materials: ['PAILLE', 'LAINE', 'TOILE'],
    priceEuros: [25, 79],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: "Pour affronter le soleil du Midi ou le froid de l'hiver.",
      en: 'For the southern sun or the winter cold.',
    },
    styles: styleTable(`
      CAPEL | Chapeau de soleil en {m} | {m} sun hat | Large bord et ruban gros-grain. | A wide brim and a grosgrain ribbon. | PAILLE | straw
      BONNET | Bonnet côtelé en {m} | Ribbed {m} beanie | Maille côtelée à revers. | A turn-up rib knit. | LAINE,MERINO,CACHEM
      BOB | Bob en {m} | {m} bucket hat | Surpiqûres sur le bord et œillets d'aération. | A stitched brim and air eyelets. | TOILE,VELOUR
    `),
  },
  {
    code: 'LIVRE',
    categoryCodes: ['accessoires-livres'],
    sizes: 'oneSize',
    palette: null,
    materials: [],
    priceEuros: [9, 35],
    vatRate: VAT_BOOKS,
    brand: RETAILER_NAME,
    pitch: {
      fr: 'Édité par la Maison Lumière et imprimé en France sur papier recyclé.',
      en: 'Published by Maison Lumière and printed in France on recycled paper.',
    },
    styles: styleTable(`
      ARTLIN | L'Art du lin, de la fibre au vêtement | The Art of Linen, from Fibre to Garment | Un beau livre illustré sur la culture et le tissage du lin. | An illustrated book on growing and weaving linen.
      LOOKPE | Lookbook Printemps-Été | Spring–Summer Lookbook | Les silhouettes de la saison, photographiées en Camargue. | The season's looks, photographed in the Camargue.
      LOOKAH | Lookbook Automne-Hiver | Autumn–Winter Lookbook | Les silhouettes de la saison, photographiées dans les Cévennes. | The season's looks, photographed in the Cévennes.
      SOIN | Bien entretenir ses vêtements | Caring for Your Clothes | Le guide pratique pour laver, repriser et faire durer. | A practical guide to washing, mending and making clothes last.
    `),
  },
]
