// Lint rules that guard the architecture: a module is reached only through its service.ts.
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'migrations/', 'bench/results/', 'packages/client/src/openapi.d.ts', 'apps/*/dist/', 'test-results/'] },
  ...tseslint.configs.recommended,
  {
    // The dependency-cruiser config and the module layers it reads are CommonJS, as dependency-cruiser loads them.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A module adds its events to the catalogue's EventPayloads with `interface EventPayloads extends PayloadsOf<…> {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Between modules, only service.ts; a schema.ts may also import another schema.ts to declare a foreign key.
    files: ['src/modules/*/*.ts'],
    ignores: ['src/modules/*/schema.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!\\.\\./)[a-z-]+/(?!service\\.js$)', message: 'Outside a module, import only its service.ts.' }] }] },
  },
  {
    files: ['src/modules/*/schema.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!\\.\\./)[a-z-]+/(?!service\\.js$|schema\\.js$)', message: 'A schema.ts imports only another module’s schema.ts.' }] }] },
  },
  {
    // Outside src/modules (demo, hooks' wiring, bench), modules are reached through service.ts; app.ts also mounts routes.ts.
    files: ['src/demo/**/*.ts', 'src/platform/**/*.ts', 'src/module-hooks.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: 'modules/[a-z-]+/(?!service\\.js$)', message: 'Outside a module, import only its service.ts.' }] }] },
  },
  {
    // The demo and its generator's libraries are development dependencies: the server loads them with import() only
    // when it seeds, so a production install (npm ci --omit=dev) starts without them. The one exception is
    // src/demo/example-ids.ts, the demo rows the OpenAPI examples show: plain data, held to importing nothing below.
    files: ['src/**/*.ts'],
    ignores: ['src/demo/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDeclaration[source.value=/(^|\\/)demo\\/(?!example-ids\\.js$)/]', message: 'Load the demo with import() where it is needed (see src/main.ts): it needs development dependencies.' },
        { selector: 'ImportDeclaration[source.value=/^(@faker-js\\/faker|cli-progress)$/]', message: 'A development dependency: only src/demo may import it.' },
      ],
    },
  },
  {
    // Imported statically by app.ts (above): whatever it imported would be loaded by every server, demo or not.
    files: ['src/demo/example-ids.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportDeclaration, ImportExpression, ExportAllDeclaration, ExportNamedDeclaration[source]', message: 'Data only: the server imports this file statically.' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.test.ts', 'packages/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  {
    // The web apps: React's rules of hooks, and no Node or server code in a browser bundle.
    files: ['apps/**/*.{ts,tsx}'],
    ignores: ['apps/build.ts', 'apps/dev.ts', 'apps/*/vite.config.ts', 'apps/**/*.test.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ regex: '^node:|(^|/)src/', message: 'A web app reaches the server only through the API client (@omnicanal/client).' }] }],
    },
  },
)
