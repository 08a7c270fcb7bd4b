#!/usr/bin/env node
/**
 * Bundle the Electron main process and preload script with esbuild:
 *   electron/main.ts    -> dist-electron/main.cjs     (node, CommonJS)
 *   electron/preload.ts -> dist-electron/preload.cjs  (sandboxed preload, CommonJS)
 *   electron/services/eval-worker.ts -> dist-electron/eval-worker.cjs (the evaluation thread)
 * `electron` and `better-sqlite3` (native) stay external.
 *
 * Usage: node scripts/build-electron.mjs [--outdir DIR] [--dev]
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--outdir');
const outdir = outIdx >= 0 && args[outIdx + 1] ? resolve(args[outIdx + 1]) : resolve(root, 'dist-electron');
const dev = args.includes('--dev');

mkdirSync(outdir, { recursive: true });

const common = {
  bundle: true,
  format: 'cjs',
  target: 'node22',
  sourcemap: dev ? 'inline' : false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  tsconfig: resolve(root, 'tsconfig.json'),
};

// import.meta.url in CommonJS: the bundle's own file URL (modules locate files beside themselves).
const nodeCjs = {
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: [resolve(root, 'scripts/import-meta-url.js')],
};

await Promise.all([
  build({
    ...common,
    ...nodeCjs,
    entryPoints: [resolve(root, 'electron/main.ts')],
    outfile: resolve(outdir, 'main.cjs'),
    platform: 'node',
    external: ['electron', 'better-sqlite3'],
  }),
  build({
    ...common,
    ...nodeCjs,
    entryPoints: [resolve(root, 'electron/services/eval-worker.ts')],
    outfile: resolve(outdir, 'eval-worker.cjs'),
    platform: 'node',
    external: ['electron', 'better-sqlite3'],
  }),
  build({
    ...common,
    entryPoints: [resolve(root, 'electron/preload.ts')],
    outfile: resolve(outdir, 'preload.cjs'),
    // A sandboxed preload can require only 'electron' (and a few polyfilled modules).
    platform: 'browser',
    external: ['electron'],
  }),
]);

console.log(`Electron main, preload and evaluation worker bundled into ${outdir}`);
