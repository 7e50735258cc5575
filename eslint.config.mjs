// Lint: strict TypeScript habits (STYLE.md §12) and Nx module boundaries (§14):
// services depend on libs only, never on each other; libs/contracts depends on zod only; libs/platform
// never on libs/evm; libs/timeseries (pure numerics) and libs/risk-model depend on nothing, libs/guidance on
// libs/timeseries only, libs/dex-analytics on ml-random-forest only; apps (apps/dashboard) on libs only.
import nx from '@nx/eslint-plugin';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            // The dashboard is a browser app over the public API: the typed client and the contracts' types, no service.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [], allowedExternalImports: ['zod'] },
            // The runtime knows nothing of chains: libs/evm builds on libs/platform, never the reverse.
            { sourceTag: 'scope:platform', notDependOnLibsWithTags: ['scope:evm'] },
            // The risk model is pure (features, forest, scoring): no other project, no package, no I/O.
            { sourceTag: 'scope:risk-model', onlyDependOnLibsWithTags: [], allowedExternalImports: [] },
            // DEX analytics is pure too; ml-random-forest (pure numerics, no I/O) trains the smart-money classifier.
            { sourceTag: 'scope:dex-analytics', onlyDependOnLibsWithTags: [], allowedExternalImports: ['ml-random-forest'] },
            { sourceTag: 'scope:timeseries', onlyDependOnLibsWithTags: [], allowedExternalImports: [] },
            // Execution guidance is pure too: the numerics of libs/timeseries, and viem for token units only.
            { sourceTag: 'scope:guidance', onlyDependOnLibsWithTags: ['scope:timeseries'], allowedExternalImports: ['viem'] },
            // The typed gateway client: the contracts' types, openapi-fetch and socket.io-client; runs in browsers too.
            { sourceTag: 'scope:client', onlyDependOnLibsWithTags: ['scope:contracts'], allowedExternalImports: ['openapi-fetch', 'socket.io-client'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // libs/timeseries, libs/risk-model and libs/guidance are pure, without I/O: Node's built-in modules (which the boundary rule
    // does not see) are off limits too, except in their specs, which read fixtures.
    files: ['libs/timeseries/src/**/*.ts', 'libs/risk-model/src/**/*.ts', 'libs/guidance/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: builtinModules.flatMap((name) => [name, `node:${name}`]) }],
    },
  },
  {
    // Tests of services and their helpers (test/) may import the test tooling (devnet, probes) — services' runtime code may not.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'services/*/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] }],
        },
      ],
    },
  },
);
