/**
 * The modules' layers, bottom first: a module imports only modules of the layers below its own, never a peer on its
 * own layer nor anything above (.dependency-cruiser.cjs turns this list into rules that `npm test` checks). Below the
 * first layer is src/platform; above the last are src/app.ts, src/module-hooks.ts and the entry points. The README's
 * "Module layers" diagram shows the same list, and test/platform/module-layers.test.ts holds the two together.
 */
const LAYERS = [
  ['locations', 'catalog', 'events'],
  ['channels', 'webhooks'],
  ['inventory'],
  ['customers'],
  ['auth'],
  ['journeys', 'pricing', 'credit'],
  ['promotions'],
  ['loyalty'],
  ['carts'],
  ['orders'],
  ['returns', 'reviews'],
  ['tills', 'customer-overview'],
]

module.exports = { LAYERS }
