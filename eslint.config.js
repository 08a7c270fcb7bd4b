import { readdirSync, readFileSync } from 'node:fs';
import { URL } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'worker_threads'];
// Bare builtin names are matched exactly (a pattern would also catch a local './http').
const nodePaths = nodeBuiltins.map((name) => ({ name, message: 'Node modules are not allowed here.' }));
const nodePatterns = ['node:*'];

// Engine rules (core/README.md; checked by core/engine-rules.test.ts).
export const MAX_FUNCTION_LINES = 150;
/**
 * TEMPORARY: core/ files that still hold a function over MAX_FUNCTION_LINES while it is
 * being split. core/engine-rules.test.ts fails once a listed file no longer needs it,
 * so the list only shrinks; a new file cannot join it.
 */
export const TEMPORARY_LONG_FUNCTION_EXEMPTIONS = [];

/** Every built-in catalog part id (core/catalog/data/*.json part files). */
export const CATALOG_IDS = readdirSync(new URL('./core/catalog/data/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(`./core/catalog/data/${f}`, import.meta.url), 'utf8')))
  .flatMap((d) => (typeof d.kind === 'string' && Array.isArray(d.entries) ? d.entries.map((e) => e.id) : []))
  .sort();
const idPattern = `/^(?:${CATALOG_IDS.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$/`;
const catalogIdMessage = 'Catalog ids belong in core/catalog (data files and roles); state the hardware fact as a field of the catalog entry or ask for a role.';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'release/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The engine is pure: it runs in a Web Worker, in Node and in Electron alike.
    files: ['core/**/*.ts'],
    ignores: ['core/cli/**', 'core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'react-dom/*', '@xyflow/*', 'zustand', 'zustand/*', 'recharts'], message: 'core/ must not import UI code.' },
            { group: ['electron', 'better-sqlite3'], message: 'core/ must not import Electron or SQLite.' },
            { group: nodePatterns, message: 'core/ must not import Node modules (only core/cli may).' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'core/ must not import the UI or the host.' },
          ],
        },
      ],
    },
  },
  {
    // No function in the engine over MAX_FUNCTION_LINES lines.
    files: ['core/**/*.ts'],
    ignores: ['core/**/*.test.ts', 'core/**/*.fixture.ts', ...TEMPORARY_LONG_FUNCTION_EXEMPTIONS],
    rules: { 'max-lines-per-function': ['error', { max: MAX_FUNCTION_LINES }] },
  },
  {
    // No catalog id written in the engine outside the catalog, tests and test fixtures.
    files: ['core/**/*.ts'],
    ignores: ['core/catalog/**', 'core/**/*.test.ts', 'core/**/*.fixture.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${idPattern}]`, message: catalogIdMessage },
        { selector: `TemplateLiteral[expressions.length=0] > TemplateElement[value.cooked=${idPattern}]`, message: catalogIdMessage },
      ],
    },
  },
  {
    // The UI talks to its host only through WorkbenchApi.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            { group: ['electron', 'better-sqlite3'], message: 'renderer/ talks to its host through WorkbenchApi only.' },
            { group: nodePatterns, message: 'renderer/ must not import Node modules.' },
            { group: ['**/electron/**'], message: 'renderer/ must not import host code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
);
