// Women's ready-to-wear and shoes. Title patterns are written per language because French and
// English put the material on opposite sides of the noun ("Robe en lin" / "Linen dress").

import { styleTable, VAT_STANDARD, type Template } from './options.js'

export const WOMEN_TEMPLATES: readonly Template[] = [
  {
    code: 'ROBE',
    categoryCodes: ['femme-robes'],
    sizes: 'womenAlpha',
    palette: 'summer',
    materials: ['LIN', 'COTON', 'VISC', 'SOIE'],
    priceEuros: [49, 139],
    vatRate: VAT_STANDARD,
    pitch: { fr: 'Une robe facile à porter, de la ville à la plage.', en: 'An easy dress to wear from town to beach.' },
    styles: styleTable(`
      PORTEF | Robe portefeuille en {m} | {m} wrap dress | Coupe portefeuille nouée à la taille, qui s'adapte à toutes les silhouettes. | A wrap cut tied at the waist that flatters every figure.
      CHEM | Robe chemise en {m} | {m} shirt dress | Boutonnage sur toute la longueur, col classique et ceinture amovible. | Full-length button front, classic collar and removable belt.
      MIDI | Robe midi plissée en {m} | Pleated {m} midi dress | Longueur midi et plis fluides qui bougent à chaque pas. | Midi length with fluid pleats that move as you walk.
      BRET | Robe longue à bretelles en {m} | {m} strappy maxi dress | Fines bretelles réglables et jupe ample jusqu'aux chevilles. | Thin adjustable straps and a full, ankle-length skirt.
      TRAP | Robe trapèze en {m} | {m} A-line dress | Silhouette trapèze, encolure ronde et poches discrètes. | A-line shape, round neckline and discreet pockets.
    `),
  },
  {
    code: 'CHEMF',
    categoryCodes: ['femme-chemises'],
    sizes: 'womenAlpha',
    palette: 'basics',
    materials: ['LIN', 'COTON', 'SOIE', 'VISC'],
    priceEuros: [39, 95],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Une pièce de base du vestiaire, à rentrer ou à porter ouverte.',
      en: 'A wardrobe staple to tuck in or wear open.',
    },
    styles: styleTable(`
      OVER | Chemise oversize en {m} | Oversized {m} shirt | Épaules tombantes, poignets boutonnés et longueur couvrante. | Dropped shoulders, buttoned cuffs and a longer length.
      LAVAL | Blouse à col lavallière en {m} | {m} pussy-bow blouse | Col lavallière à nouer et manches légèrement bouffantes. | A pussy-bow collar to tie and softly puffed sleeves.
      RAYEE | Chemise à rayures en {m} | Striped {m} shirt | Fines rayures tissées teintes en fil. | Fine yarn-dyed woven stripes. | COTON,LIN
      BRODEE | Blouse brodée en {m} | Embroidered {m} blouse | Broderies ton sur ton à l'encolure et aux poignets. | Tone-on-tone embroidery at the neckline and cuffs. | COTON,LIN,VISC
    `),
  },
  {
    code: 'TOPF',
    categoryCodes: ['femme-tshirts'],
    sizes: 'womenAlpha',
    palette: 'basics',
    materials: ['COTBIO', 'JERSEY', 'LIN'],
    priceEuros: [19, 45],
    vatRate: VAT_STANDARD,
    pitch: { fr: 'Un basique doux et résistant, pensé pour durer.', en: 'A soft, hard-wearing basic made to last.' },
    styles: styleTable(`
      DEBARD | Débardeur côtelé en {m} | Ribbed {m} tank top | Maille côtelée près du corps et larges bretelles. | Close-fitting rib knit with wide straps. | COTBIO,JERSEY
      COLV | T-shirt col V en {m} | {m} V-neck T-shirt | Col V fin et manches courtes retroussées. | A narrow V-neck and rolled short sleeves.
      MLONG | T-shirt manches longues en {m} | Long-sleeved {m} T-shirt | Coupe droite et bords finis en bord-côte. | A straight cut with ribbed edges.
    `),
  },
  {
    code: 'PULLF',
    categoryCodes: ['femme-pulls'],
    sizes: 'womenAlpha',
    palette: 'autumn',
    materials: ['LAINE', 'MERINO', 'CACHEM', 'COTON'],
    priceEuros: [55, 129],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: "Une maille chaude et légère, de la mi-saison à l'hiver.",
      en: 'A warm, light knit from spring and autumn to winter.',
    },
    styles: styleTable(`
      ROULE | Pull col roulé en {m} | {m} roll-neck jumper | Col roulé souple et coupe ajustée. | A soft roll neck and a fitted cut.
      CARDI | Cardigan court en {m} | Cropped {m} cardigan | Boutons en corozo et longueur à la taille. | Corozo buttons and a waist-length cut.
      TORS | Pull torsadé en {m} | Cable-knit {m} jumper | Torsades sur le devant et le dos, épaules tombantes. | Cables front and back, dropped shoulders. | LAINE,MERINO,COTON
      COLV | Pull col V en {m} | {m} V-neck jumper | Col V profond, à porter seul ou sur une chemise. | A deep V-neck to wear alone or over a shirt.
    `),
  },
  {
    code: 'JEANF',
    categoryCodes: ['femme-jeans'],
    sizes: 'womenNumeric',
    palette: 'denim',
    materials: ['DENIM', 'DENST', 'COTBIO'],
    priceEuros: [69, 119],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un jean cinq poches à la toile dense, qui se patine avec le temps.',
      en: 'Five-pocket jeans in a dense denim that fades beautifully.',
    },
    styles: styleTable(`
      DROIT | Jean droit en {m} | Straight-leg {m} jeans | Taille haute et jambe droite jusqu'à la cheville. | High rise and a straight leg to the ankle.
      FLARE | Jean flare en {m} | {m} flared jeans | Jambe évasée à partir du genou, qui allonge la silhouette. | Flared from the knee to lengthen the silhouette.
      MOM | Jean mom taille haute en {m} | High-waisted {m} mom jeans | Taille très haute, hanches amples et cheville resserrée. | A very high waist, relaxed hips and a tapered ankle.
      SLIM | Jean slim en {m} | Slim {m} jeans | Coupe ajustée de la hanche à la cheville. | Fitted from hip to ankle. | DENST
    `),
  },
  {
    code: 'PANTF',
    categoryCodes: ['femme-pantalons'],
    sizes: 'womenNumeric',
    palette: 'neutral',
    materials: ['LIN', 'LAINE', 'VELOUR', 'COTON'],
    priceEuros: [59, 119],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Un pantalon élégant et confortable, du bureau au week-end.',
      en: 'Elegant, comfortable trousers from office to weekend.',
    },
    styles: styleTable(`
      LARGE | Pantalon large en {m} | Wide-leg {m} trousers | Taille élastiquée au dos et jambes amples. | An elasticated back waist and wide legs.
      CIGAR | Pantalon cigarette en {m} | {m} cigarette trousers | Jambe étroite coupée à la cheville. | A narrow leg cut at the ankle. | LAINE,COTON
      PINCES | Pantalon à pinces en {m} | Pleated {m} trousers | Pinces marquées et pli permanent. | Front pleats and a pressed crease.
    `),
  },
  {
    code: 'JUPE',
    categoryCodes: ['femme-jupes'],
    sizes: 'womenNumeric',
    palette: 'summer',
    materials: ['LIN', 'VISC', 'VELOUR', 'DENIM'],
    priceEuros: [45, 99],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: "Une jupe qui se porte aussi bien avec des baskets qu'avec des bottines.",
      en: 'A skirt that works with trainers as well as ankle boots.',
    },
    styles: styleTable(`
      MIDI | Jupe midi en {m} | {m} midi skirt | Longueur mi-mollet et fente discrète au dos. | Mid-calf length with a discreet back slit.
      PORTEF | Jupe portefeuille en {m} | {m} wrap skirt | Portefeuille à nouer sur le côté. | A wrap skirt tied at the side. | LIN,VISC
      PLISSE | Jupe plissée en {m} | Pleated {m} skirt | Plis soleil qui tombent avec fluidité. | Sunray pleats that fall fluidly. | VISC
      MINI | Minijupe en {m} | {m} mini skirt | Coupe trapèze courte et poches plaquées. | A short A-line cut with patch pockets. | VELOUR,DENIM,DAIM
    `),
  },
  {
    code: 'VESTEF',
    categoryCodes: ['femme-vestes'],
    sizes: 'womenAlpha',
    palette: 'neutral',
    materials: ['LIN', 'LAINE', 'VELOUR'],
    priceEuros: [99, 229],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Une pièce forte qui structure toutes les tenues.',
      en: 'A statement piece that gives any outfit structure.',
    },
    styles: styleTable(`
      TAILL | Veste de tailleur en {m} | {m} tailored blazer | Revers crantés, deux poches à rabat et doublure légère. | Notched lapels, two flap pockets and a light lining.
      MANTO | Manteau long en {m} | Long {m} coat | Coupe droite sous le genou et col tailleur. | A straight, below-the-knee cut with a tailored collar. | LAINE,CACHEM
      TRENCH | Trench en {m} | {m} trench coat | Double boutonnage, pattes d'épaule et ceinture à nouer. | Double-breasted, with epaulettes and a tie belt. | GABAR
      BLOUS | Blouson en {m} | {m} jacket | Fermeture zippée et poches passepoilées. | Zip front and welt pockets. | CUIR,DAIM,DENIM
    `),
  },
  {
    code: 'CHAUF',
    categoryCodes: ['femme-chaussures'],
    sizes: 'womenShoes',
    palette: 'leather',
    materials: ['CUIR', 'DAIM'],
    priceEuros: [59, 149],
    vatRate: VAT_STANDARD,
    pitch: {
      fr: 'Des chaussures montées avec soin, dont la semelle se change chez le cordonnier.',
      en: 'Carefully made shoes whose soles any cobbler can replace.',
    },
    styles: styleTable(`
      BALLE | Ballerines en {m} | {m} ballet flats | Bout rond, petit nœud et première de propreté rembourrée. | Round toe, small bow and a padded insole.
      BOTTI | Bottines à talon en {m} | Heeled {m} ankle boots | Talon bottier de 5 cm et zip intérieur. | A 5 cm block heel and an inside zip.
      SANDA | Sandales plates en {m} | Flat {m} sandals | Brides croisées et boucle à la cheville. | Crossed straps and an ankle buckle. | CUIR
      BASK | Baskets basses en {m} | {m} low-top trainers | Semelle en caoutchouc naturel cousue. | A stitched natural rubber sole. | CUIR,TOILE
      ESPA | Espadrilles en {m} | {m} espadrilles | Semelle en jute tressée et bout renforcé. | Braided jute sole and a reinforced toe. | TOILE
    `),
  },
]
