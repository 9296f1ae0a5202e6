/**
 * The module layers (module-layers.cjs), checked by `npm test` (npm run layers): a module imports only modules of a
 * layer below its own, and no file imports itself back through others.
 *
 * Above every layer: src/app.ts, src/module-hooks.ts, src/event-catalogue.ts, src/main.ts and src/demo/, which wire
 * or drive the modules. Below: src/platform/, machinery that imports no module.
 */
const { LAYERS } = require('./module-layers.cjs')

// Tests and their fixtures may cross every layer (they build worlds through the app); nothing else may import them.
const TESTS = '\\.(test|fixtures)\\.ts$'

const alternation = (names) => `(${names.join('|')})`
const modulePath = (names) => `^src/modules/${alternation(names)}/`

/** For each module: no import of a module on its own layer (a peer) or on any layer above. */
const layerRules = LAYERS.flatMap((layer, index) =>
  layer.map((name) => {
    const barred = [...layer.filter((peer) => peer !== name), ...LAYERS.slice(index + 1).flat()]
    return {
      name: `layer-${name}`,
      comment: `${name} sits on layer ${index + 1} of module-layers.cjs: it imports no peer on its layer and nothing above. To reach a module above, declare a hook (src/platform/hooks.ts).`,
      severity: 'error',
      from: { path: modulePath([name]), pathNot: TESTS },
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
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    {
      name: 'module-without-layer',
      comment: 'A folder under src/modules that is in no layer: add it to module-layers.cjs and to the README diagram.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: modulePath(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'platform-imports-no-module',
      comment: 'src/platform is machinery without business rules: it imports nothing of the modules or of what wires them.',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: TESTS },
      to: { path: '^src/(?!platform/)' },
    },
    {
      name: 'modules-import-no-wiring',
      comment: 'A module never imports what wires the modules together (app, hooks, event catalogue, entry points, demo).',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: TESTS },
      to: { path: '^src/(?!modules/|platform/)' },
    },
    {
      name: 'no-test-code-in-the-server',
      comment: 'Modules and platform never import tests, fixtures, the bench, the web apps or the client package.',
      severity: 'error',
      from: { path: '^src/(modules|platform)/', pathNot: TESTS },
      to: { path: `${TESTS}|^(test|bench|apps|packages)/` },
    },
    {
      name: 'not-resolvable',
      comment: 'An import dependency-cruiser cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    ...layerRules,
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too: a type from a module above ties the two as surely as a call.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Resolve packages the way Node does (their "exports"), so that every import resolves and none escapes the rules.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
}
