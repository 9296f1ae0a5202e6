// Real French postal codes with their commune, used for store catchments and customer addresses.
// A catchment is the set of postal codes whose customers a store counts as its own (sale attribution).

export type Place = { postalCode: string; city: string }

function paris(): Place[] {
  const places: Place[] = []
  for (let arrondissement = 1; arrondissement <= 20; arrondissement++) {
    places.push({ postalCode: `750${String(arrondissement).padStart(2, '0')}`, city: 'Paris' })
  }
  return places
}

function lyon(): Place[] {
  const places: Place[] = []
  for (let arrondissement = 1; arrondissement <= 9; arrondissement++) {
    places.push({ postalCode: `6900${arrondissement}`, city: 'Lyon' })
  }
  return places
}

export const CATCHMENTS: Readonly<Record<'montpellier' | 'lyon' | 'paris', readonly Place[]>> = {
  montpellier: [
    { postalCode: '34000', city: 'Montpellier' },
    { postalCode: '34070', city: 'Montpellier' },
    { postalCode: '34080', city: 'Montpellier' },
    { postalCode: '34090', city: 'Montpellier' },
    { postalCode: '34170', city: 'Castelnau-le-Lez' },
    { postalCode: '34970', city: 'Lattes' },
    { postalCode: '34430', city: 'Saint-Jean-de-Védas' },
    { postalCode: '34920', city: 'Le Crès' },
    { postalCode: '34830', city: 'Jacou' },
    { postalCode: '34990', city: 'Juvignac' },
    { postalCode: '34790', city: 'Grabels' },
    { postalCode: '34130', city: 'Mauguio' },
    { postalCode: '34250', city: 'Palavas-les-Flots' },
    { postalCode: '34160', city: 'Castries' },
  ],
  lyon: [
    ...lyon(),
    { postalCode: '69100', city: 'Villeurbanne' },
    { postalCode: '69300', city: 'Caluire-et-Cuire' },
    { postalCode: '69500', city: 'Bron' },
    { postalCode: '69600', city: 'Oullins' },
    { postalCode: '69130', city: 'Écully' },
    { postalCode: '69120', city: 'Vaulx-en-Velin' },
    { postalCode: '69200', city: 'Vénissieux' },
    { postalCode: '69160', city: 'Tassin-la-Demi-Lune' },
  ],
  paris: [
    ...paris(),
    { postalCode: '92100', city: 'Boulogne-Billancourt' },
    { postalCode: '92200', city: 'Neuilly-sur-Seine' },
    { postalCode: '92130', city: 'Issy-les-Moulineaux' },
    { postalCode: '92300', city: 'Levallois-Perret' },
    { postalCode: '93100', city: 'Montreuil' },
    { postalCode: '93200', city: 'Saint-Denis' },
    { postalCode: '93300', city: 'Aubervilliers' },
    { postalCode: '94300', city: 'Vincennes' },
    { postalCode: '94200', city: 'Ivry-sur-Seine' },
    { postalCode: '94130', city: 'Nogent-sur-Marne' },
  ],
}

/** Customers outside every catchment: web and catalogue shoppers elsewhere in France. */
export const ELSEWHERE_IN_FRANCE: readonly Place[] = [
  { postalCode: '33000', city: 'Bordeaux' },
  { postalCode: '31000', city: 'Toulouse' },
  { postalCode: '44000', city: 'Nantes' },
  { postalCode: '13006', city: 'Marseille' },
  { postalCode: '13100', city: 'Aix-en-Provence' },
  { postalCode: '06000', city: 'Nice' },
  { postalCode: '59000', city: 'Lille' },
  { postalCode: '67000', city: 'Strasbourg' },
  { postalCode: '35000', city: 'Rennes' },
  { postalCode: '38000', city: 'Grenoble' },
  { postalCode: '21000', city: 'Dijon' },
  { postalCode: '30000', city: 'Nîmes' },
  { postalCode: '66000', city: 'Perpignan' },
  { postalCode: '34500', city: 'Béziers' },
  { postalCode: '34200', city: 'Sète' },
  { postalCode: '84000', city: 'Avignon' },
  { postalCode: '74000', city: 'Annecy' },
  { postalCode: '63000', city: 'Clermont-Ferrand' },
  { postalCode: '37000', city: 'Tours' },
  { postalCode: '45000', city: 'Orléans' },
  { postalCode: '29200', city: 'Brest' },
  { postalCode: '87000', city: 'Limoges' },
  { postalCode: '51100', city: 'Reims' },
  { postalCode: '57000', city: 'Metz' },
  { postalCode: '54000', city: 'Nancy' },
  { postalCode: '14000', city: 'Caen' },
  { postalCode: '76000', city: 'Rouen' },
  { postalCode: '17000', city: 'La Rochelle' },
  { postalCode: '64000', city: 'Pau' },
  { postalCode: '64100', city: 'Bayonne' },
  { postalCode: '42000', city: 'Saint-Étienne' },
  { postalCode: '49000', city: 'Angers' },
  { postalCode: '72000', city: 'Le Mans' },
  { postalCode: '80000', city: 'Amiens' },
  { postalCode: '25000', city: 'Besançon' },
  { postalCode: '86000', city: 'Poitiers' },
  { postalCode: '20000', city: 'Ajaccio' },
  { postalCode: '78000', city: 'Versailles' },
]
