/**
 * The ids the documentation's examples show, as the demo shop seeded with the default DEMO_SEED (42) has them: route
 * schemas keep readable placeholders (`cus_01jd3x5k2v0000000000000000`), and the published document swaps each for the
 * demo row of the same kind in the same rank (the first customer, the second channel…), so that "Try it out" in /docs
 * reaches rows that exist. Demo ids are deterministic (./seed.ts draws them from the seed, one stream per stage);
 * test/journeys/demo-story.test.ts seeds the shop and checks that every id here exists in it and that no kind it seeds
 * keeps a placeholder. Staff placeholders (`stf_`) become the staff users' real `usr_` ids.
 *
 * Data only, and the one file of src/demo the server imports statically (app.ts hands it to buildHttp): it imports
 * nothing, so a production install without the demo's development dependencies still starts (eslint.config.js).
 */
export const DEMO_EXAMPLE_IDS: Readonly<Record<string, string>> = {
  cart_01jd3x5k2v0000000000000000: 'cart_01jgfjjz0490583072581rk5tr',
  cart_01jd3x5k2v0000000000000005: 'cart_01jgfjjz0490583072581rk5vj',
  cat_01jd3x5k2v0000000000000000: 'cat_01jgfjjz022p2tntvacbs1hnqx',
  cat_01jd3x5k2v0000000000000011: 'cat_01jgfjjz022p2tntvacbs1hnqy',
  cat_01jd3x5k2v0000000000000013: 'cat_01jgfjjz022p2tntvacbs1hnqz',
  cat_01jd3x5k2v0000000000000023: 'cat_01jgfjjz022p2tntvacbs1hnr0',
  cev_01jd3x5k2v0000000000000002: 'cev_01jgfjjz05ce7e55yz76axw1m8',
  cev_01jdb2c0e80000000000000001: 'cev_01jgfjjz05ce7e55yz76axw1m9',
  chn_01jd3x5k2v0000000000000000: 'chn_01jgfjjz00rqmfc2hkpes6eng6',
  chn_01jd3x5k2v0000000000000001: 'chn_01jgfjjz00rqmfc2hkpes6eng8',
  chn_01jd3x5k2v0000000000000002: 'chn_01jgfjjz00rqmfc2hkpes6enga',
  chn_01jd3x5k2v0000000000000003: 'chn_01jgfjjz00rqmfc2hkpes6engc',
  chn_01jd3x5k2v0000000000000010: 'chn_01jgfjjz00rqmfc2hkpes6enge',
  chn_01jd3x5k2v0000000000000011: 'chn_01jgfjjz00rqmfc2hkpes6engg',
  chn_01jd3x5k2v0000000000000012: 'chn_01jgfjjz00rqmfc2hkpes6engj',
  chn_01jd3x5k2v0000000000000030: 'chn_01jgfjjz00rqmfc2hkpes6engm',
  cli_01jd3x5k2v0000000000000000: 'cli_01jgfjjz0490583072581rk5tv',
  cus_01jd3x5k2v0000000000000000: 'cus_01jgfjjz03q2b7pk3h5h2khfrs',
  cus_01jd3x5k2v0000000000000001: 'cus_01jgfjjz03q2b7pk3h5h2khfrt',
  cus_01jd3x7h8n0000000000000000: 'cus_01jgfjjz03q2b7pk3h5h2khfrv',
  dev_01jd3x5k2v0000000000000000: 'dev_01jgfjjz05ce7e55yz76axw2gs',
  dev_01jd3x5k2v0000000000000001: 'dev_01jgfjjz05ce7e55yz76axw2gs',
  dev_01jd3x5k2v0000000000000002: 'dev_01jgfjjz05ce7e55yz76axw2gs',
  ful_01jd3x5k2v0000000000000000: 'ful_01jgfjjz0490583072581rk5tz',
  ful_01jd3x5k2v0000000000000001: 'ful_01jgfjjz0490583072581rk5vs',
  loc_01jd3x5k2v0000000000000000: 'loc_01jgfjjz00rqmfc2hkpes6enfy',
  loc_01jd3x5k2v0000000000000001: 'loc_01jgfjjz00rqmfc2hkpes6eng0',
  loc_01jd3x5k2v0000000000000002: 'loc_01jgfjjz00rqmfc2hkpes6eng2',
  lye_01jd3x5k2v0000000000000004: 'lye_01jgfjjz0490583072581rk5vg',
  lye_01jd3x5k2v000000000000000d: 'lye_01jgfjjz0490583072581rk5wv',
  cpn_01jd3x5k2v0000000000000001: 'cpn_01jgfjjz063ftb2891he29g8n5',
  cpn_01jd3x5k2v0000000000000003: 'cpn_01jgfjjz063ftb2891he29g8n5',
  cpn_01jd3x5k2v000000000000000c: 'cpn_01jgfjjz063ftb2891he29g8n5',
  evt_01jd3x5k2v0000000000000000: 'evt_01jgfjjz00rqmfc2hkpes6enfz',
  lyr_01jd3x5k2v0000000000000002: 'lyr_01jgfjjz01t8rw0d87c433d952',
  mov_01jd3x5k2v0000000000000000: 'mov_01jgfjjz022p2tntvacbs1hqbv',
  oln_01jd3x5k2v0000000000000000: 'oln_01jgfjjz0490583072581rk5ty',
  ord_01jd3x5k2v0000000000000000: 'ord_01jgfjjz0490583072581rk5tx',
  ord_01jd3x5k2v0000000000000001: 'ord_01jgfjjz0490583072581rk5vq',
  ord_01jd3x5k2v0000000000000005: 'ord_01jgfjjz0490583072581rk5w9',
  ord_01jd3x5k2v0000000000000008: 'ord_01jgfjjz0490583072581rk5xk',
  pay_01jd3x5k2v0000000000000000: 'pay_01jgfjjz0490583072581rk5v2',
  prm_01jd3x5k2v0000000000000001: 'prm_01jgfjjz01t8rw0d87c433d950',
  prod_01jd3x5k2v0000000000000000: 'prod_01jgfjjz022p2tntvacbs1hnrv',
  prod_01jd3x5k2v000000000000000b: 'prod_01jgfjjz022p2tntvacbs1hnrw',
  rsv_01jd3x5k2v0000000000000000: 'rsv_01jgfjjz0490583072581rk5vt',
  stf_01jd3x5k2v0000000000000000: 'usr_01jgfjjz00rqmfc2hkpes6enh7',
  stf_01jd3x5k2v0000000000000007: 'usr_01jgfjjz00rqmfc2hkpes6enh9',
  tp_01jd3x5k2v0000000000000002: 'tp_01jgfjjz0490583072581rk5tt',
  tp_01jd3x5k2v000000000000000a: 'tp_01jgfjjz0490583072581rk5v9',
  tp_01jdb2c0e80000000000000003: 'tp_01jgfjjz0490583072581rk5vm',
  trf_01jd3x5k2v0000000000000000: 'trf_01jgfjjz0490583072581rk67c',
  usr_01jd3x5k2v0000000000000000: 'usr_01jgfjjz00rqmfc2hkpes6enh7',
  var_01jd3x5k2v0000000000000000: 'var_01jgfjjz022p2tntvacbs1hnxh',
  var_01jd3x5k2v0000000000000001: 'var_01jgfjjz022p2tntvacbs1hnxj',
  var_01jd3x5k2v0000000000000002: 'var_01jgfjjz022p2tntvacbs1hnxk',
  var_01jd3x5k2v0000000000000006: 'var_01jgfjjz022p2tntvacbs1hnxm',
  tok_01jd3x5k2v0000000000000000: 'tok_01jgfjjz05ce7e55yz76axw2gt',
  tok_01jd3x5k2v0000000000000004: 'tok_01jgfjjz05ce7e55yz76axw2gz',
}

/**
 * What a path parameter without an example shows, by the collection before it for `{id}` and `{code}`
 * (`/v1/coupons/{code}` → `coupons`), else by the parameter's own name: a placeholder of the table above, swapped in
 * turn, or a demo code (the README's welcome coupon, a loyalty tier).
 */
export const DEMO_PATH_EXAMPLES: Readonly<Record<string, string>> = {
  carts: 'cart_01jd3x5k2v0000000000000000',
  categories: 'cat_01jd3x5k2v0000000000000000',
  channels: 'chn_01jd3x5k2v0000000000000000',
  coupons: 'BIENVENUE10',
  customers: 'cus_01jd3x5k2v0000000000000000',
  fulfilments: 'ful_01jd3x5k2v0000000000000000',
  locations: 'loc_01jd3x5k2v0000000000000001',
  orders: 'ord_01jd3x5k2v0000000000000000',
  products: 'prod_01jd3x5k2v0000000000000000',
  promotions: 'prm_01jd3x5k2v0000000000000001',
  reservations: 'rsv_01jd3x5k2v0000000000000000',
  rewards: 'lyr_01jd3x5k2v0000000000000002',
  staff: 'usr_01jd3x5k2v0000000000000000',
  tiers: 'argent',
  transfers: 'trf_01jd3x5k2v0000000000000000',
  customerId: 'cus_01jd3x5k2v0000000000000000',
  lineId: 'cli_01jd3x5k2v0000000000000000',
  locationId: 'loc_01jd3x5k2v0000000000000001',
  paymentId: 'pay_01jd3x5k2v0000000000000000',
  variantId: 'var_01jd3x5k2v0000000000000000',
  // The first variant the demo catalogue generates with DEMO_SEED=42.
  skuOrBarcode: 'ML-PANTF-PINCES-LAINE-MARINE-36',
}
