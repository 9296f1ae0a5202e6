// Men's ready-to-wear and shoes, plus unisex pieces listed in both the women's and the men's department.

import { styleTable, VAT_STANDARD, type Template } from './options.js'

export const MEN_TEMPLATES: readonly Template[] = [
  {
    code: 'CHEMH',
    categoryCodes: ['homme-chemises'],
    sizes: 'menAlpha',
    palette: 'basics',
    materials: ['LIN', 'COTON', 'COTBIO'],
    priceEuros: [49, 99],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Une chemise bien coupée, qui se porte avec ou sans veste.',
      en: 'A well-cut shirt to wear with or without a jacket.',
    },
    styles: styleTable(`
      BOUT | Chemise col boutonné en {m} | {m} button-down shirt | Col boutonné, pli creux au dos et coupe droite. | Button-down collar, back box pleat and a straight cut.
      MAO | Chemise col mao en {m} | {m} grandad-collar shirt | Col officier et boutons en nacre. | A band collar and mother-of-pearl buttons.
      CARR | Chemise à carreaux en {m} | Checked {m} shirt | Carreaux tissés et deux poches poitrine. | Woven checks and two chest pockets. | COTON,COTBIO
      SURCH | Surchemise en {m} | {m} overshirt | Coupe ample à porter comme une veste légère. | A roomy cut to wear as a light jacket. | VELOUR,LAINE,DENIM
    `),
  },
  {
    code: 'TSHH',
    categoryCodes: ['homme-tshirts'],
    sizes: 'menAlpha',
    palette: 'basics',
    materials: ['COTBIO', 'JERSEY'],
    priceEuros: [25, 59],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un essentiel en maille épaisse, qui garde sa forme lavage après lavage.',
      en: 'A heavyweight essential that keeps its shape wash after wash.',
    },
    styles: styleTable(`
      POCHE | T-shirt à poche en {m} | {m} pocket T-shirt | Poche poitrine et col côtelé renforcé. | A chest pocket and a reinforced ribbed collar.
      POLO | Polo en {m} | {m} polo shirt | Col polo et patte à deux boutons. | A polo collar and a two-button placket. | PIQUE
      TUNIS | T-shirt col tunisien en {m} | {m} henley T-shirt | Patte boutonnée à l'encolure et manches longues. | A buttoned placket at the neck and long sleeves.
    `),
  },
  {
    code: 'PULLH',
    categoryCodes: ['homme-pulls'],
    sizes: 'menAlpha',
    palette: 'autumn',
    materials: ['LAINE', 'MERINO', 'CACHEM', 'COTON'],
    priceEuros: [59, 129],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Une maille intemporelle, à superposer sur une chemise ou un t-shirt.',
      en: 'A timeless knit to layer over a shirt or T-shirt.',
    },
    styles: styleTable(`
      CAMION | Pull camionneur en {m} | {m} quarter-zip jumper | Col zippé montant et bords côtes. | A high zipped collar and ribbed edges.
      CARDI | Cardigan en {m} | {m} cardigan | Cinq boutons et deux poches plaquées. | Five buttons and two patch pockets.
      ROND | Pull col rond en {m} | {m} crew-neck jumper | Col rond classique et coupe droite. | A classic crew neck and a straight cut.
      ROULE | Pull col roulé en {m} | {m} roll-neck jumper | Col roulé double épaisseur. | A double-thickness roll neck. | MERINO,CACHEM
    `),
  },
  {
    code: 'JEANH',
    categoryCodes: ['homme-jeans'],
    sizes: 'menNumeric',
    palette: 'denim',
    materials: ['DENIM', 'DENST'],
    priceEuros: [69, 119],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un jean solide à la toile japonaise, qui se patine à votre usage.',
      en: 'Sturdy jeans in Japanese denim that fade with your wear.',
    },
    styles: styleTable(`
      DROIT | Jean droit en {m} | Straight-leg {m} jeans | Taille mi-haute et jambe droite. | A mid rise and a straight leg.
      FUSEL | Jean fuselé en {m} | Tapered {m} jeans | Aisance aux cuisses et jambe qui se resserre vers la cheville. | Room in the thigh and a leg that tapers to the ankle.
      LARGE | Jean coupe large en {m} | Relaxed-fit {m} jeans | Coupe ample et décontractée. | A roomy, relaxed cut. | DENIM
    `),
  },
  {
    code: 'PANTH',
    categoryCodes: ['homme-pantalons'],
    sizes: 'menNumeric',
    palette: 'neutral',
    materials: ['COTON', 'VELOUR', 'LAINE'],
    priceEuros: [59, 119],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un pantalon qui passe du bureau au week-end sans effort.',
      en: 'Trousers that go from office to weekend without effort.',
    },
    styles: styleTable(`
      CHINO | Chino en {m} | {m} chinos | Poches italiennes et ourlet à revers. | Slanted pockets and a turn-up hem. | COTON,VELOUR
      COST | Pantalon de costume en {m} | {m} suit trousers | Pli marqué et taille ajustable. | A pressed crease and an adjustable waist. | LAINE,LIN
      CARGO | Pantalon cargo en {m} | {m} cargo trousers | Poches à soufflet et chevilles réglables. | Bellows pockets and adjustable ankles. | COTON,TOILE
      CINQP | Pantalon cinq poches en {m} | {m} five-pocket trousers | Coupe droite et rivets en laiton. | A straight cut and brass rivets. | VELOUR,COTON
    `),
  },
  {
    code: 'VESTEH',
    categoryCodes: ['homme-vestes'],
    sizes: 'menAlpha',
    palette: 'neutral',
    materials: ['LIN', 'LAINE', 'VELOUR'],
    priceEuros: [99, 229],
    vatRate: VAT_STANDARD,
    pitch: { fr: 'Une veste pensée pour durer plusieurs saisons.', en: 'A jacket designed to last several seasons.' },
    styles: styleTable(`
      TRAV | Veste de travail en {m} | {m} chore jacket | Trois poches plaquées et boutons en métal. | Three patch pockets and metal buttons. | TOILE,VELOUR,DENIM,LIN
      CABAN | Caban en {m} | {m} pea coat | Double boutonnage et grand col à revers. | Double-breasted with a wide lapel collar. | LAINE
      BLOUS | Blouson en {m} | {m} jacket | Col montant, fermeture zippée et poches passepoilées. | A stand collar, zip front and welt pockets. | CUIR,DAIM
      BLAZ | Blazer déstructuré en {m} | Unstructured {m} blazer | Sans épaulettes ni doublure, pour une allure décontractée. | No shoulder pads or lining, for a relaxed look.
    `),
  },
  {
    code: 'CHAUH',
    categoryCodes: ['homme-chaussures'],
    sizes: 'menShoes',
    palette: 'leather',
    materials: ['CUIR', 'DAIM'],
    priceEuros: [79, 179],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Des chaussures en cousu Goodyear, ressemelables à vie.',
      en: 'Goodyear-welted shoes that can be resoled for life.',
    },
    styles: styleTable(`
      DERBY | Derbies en {m} | {m} derby shoes | Laçage ouvert et bout droit. | Open lacing and a plain toe.
      MOCAS | Mocassins en {m} | {m} loafers | Plateau cousu main et semelle en cuir. | A hand-sewn apron and a leather sole.
      BASK | Baskets basses en {m} | {m} low-top trainers | Semelle en caoutchouc naturel cousue. | A stitched natural rubber sole. | CUIR,TOILE
      CHELS | Boots Chelsea en {m} | {m} Chelsea boots | Élastiques latéraux et tirant au talon. | Elastic side panels and a heel pull tab.
    `),
  },
  {
    code: 'MIXTE',
    categoryCodes: ['femme-tshirts', 'homme-tshirts'],
    sizes: 'unisexAlpha',
    palette: 'stripes',
    materials: ['COTON', 'COTBIO'],
    priceEuros: [29, 59],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un classique du vestiaire marin, coupé pour tous.',
      en: 'A seaside wardrobe classic, cut for everyone.',
    },
    styles: styleTable(`
      MARIN | Marinière en {m} | {m} Breton top | Rayures tissées et col bateau. | Woven stripes and a boat neck.
      ROND | T-shirt col rond en {m} | {m} crew-neck T-shirt | Col rond côtelé et coupe droite. | A ribbed crew neck and a straight cut.
    `),
  },
  {
    code: 'MAILLE',
    categoryCodes: ['femme-pulls', 'homme-pulls'],
    sizes: 'unisexAlpha',
    palette: 'basics',
    materials: ['LAINE', 'MOLLET', 'COTON'],
    priceEuros: [49, 109],
    vatRate: VAT_STANDARD,
    pitch: { fr: 'Une pièce unisexe, confortable et sans chichi.', en: 'A comfortable, no-fuss unisex piece.' },
    styles: styleTable(`
      PMARIN | Pull marin en {m} | {m} fisherman jumper | Épaule boutonnée et maille serrée. | A buttoned shoulder and a tight knit. | LAINE,COTON
      SWEAT | Sweat col rond en {m} | {m} crew-neck sweatshirt | Molleton gratté à l'intérieur, bords côtes. | Brushed inside, ribbed edges. | MOLLET
    `),
  },
]
