import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'worker_threads'];
// Bare builtin names are matched exactly (a pattern would also catch a local './http').
const nodePaths = nodeBuiltins.map((name) => ({ name, message: 'Node modules are not allowed here.' }));
const nodePatterns = ['node:*'];

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
