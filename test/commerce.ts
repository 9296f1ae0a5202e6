/** Fixtures shared by the commerce suites (carts, orders): a shop with channels of every kind, callers and stocked products. */
export { cartWorld, requests, stockedProduct, type CartChannels, type CartWorld } from '../src/modules/carts/carts.fixtures.js'
