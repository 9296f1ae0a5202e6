/**
 * The module layers (module-layers.cjs), checked by `npm test` (npm run layers): a module imports only modules of a
 * layer below its own, and no file imports itself back through others.
 *
 * Above every layer: src/app.ts, src/module-hooks.ts, src/event-catalogue.ts, src/main.ts and src/demo/, which wire
 * or drive the modules. Below: src/platform/, machinery that imports no module.
 */
const { LAYERS } = require('./module-layers.cjs')

const alternation = (names) => `(${names.join('|')})`
const modulePath = (names) => `^src/modules/${alternation(names)}/`

/** For each module: no import of a module on its own layer (a peer) or on any layer above. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((name) => {
    const barred = [...layer.filter((peer) => peer !== name), ...LAYERS.slice(index + 1).flat()]
    return {
      name: `layer-${name}`,
      comment: `${name} sits on layer ${index + 1}: it may import only modules of layers 1 to ${index}. To react to a module above, declare a hook (src/platform/hooks.ts).`,
      severity: 'error',
      from: { path: modulePath([name]) },
      to: { path: barred.length > 0 ? modulePath(barred) : '^$' },
    }
  }),
)

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A file reaches itself back through its imports: split the shared part out, or invert a call with a hook.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'module-without-layer',
      comment: 'A folder under src/modules that is in no layer: add it to LAYERS in .dependency-cruiser.cjs and to the README.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: modulePath(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'platform-imports-no-module',
      comment: 'src/platform is machinery without business rules: it imports nothing of the modules or of what wires them.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(?!platform/)' },
    },
    {
      name: 'modules-import-no-wiring',
      comment: 'A module never imports what wires the modules together (app, hooks, event catalogue, entry points, demo).',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: '^src/(?!modules/|platform/)' },
    },
    ...layerRules,
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a type from a module above ties the two as surely as a call.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Tests and their fixtures may cross every layer; the demo's example ids are data imported by app.ts.
    exclude: { path: '\\.test\\.ts$|\\.fixtures\\.ts$' },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
