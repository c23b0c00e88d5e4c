// ESLint (flat config): JavaScript's and TypeScript's recommended rules and the Svelte plugin's,
// over the app's sources, its unit tests, the end-to-end tests and the build configs.
// `svelte-check` (npm run check) already type-checks; this finds what the compiler accepts but a
// reader would call a mistake (unused code, a `{#each}` without a key, a mutable Map in state…).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default defineConfig(
  // Generated from the Rust types (ts-rs): fixed by regenerating, not by hand.
  { ignores: ['dist/', 'node_modules/', 'src/lib/host/bindings/', 'src/lib/host/limits.ts'] },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // An intentionally unused argument or binding is spelled with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
  },
  {
    // Node, not the webview: the end-to-end tests and the build configs.
    files: ['e2e/**/*.mjs', '*.config.js', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
