#!/usr/bin/env node
/**
 * `npm start`: open Cluster Workbench.
 *
 *  - builds the renderer (vite build -> dist/renderer) when it is missing or older
 *    than its sources;
 *  - where Electron can run (the `electron` package resolves, its binary exists,
 *    and on Linux a display is available): bundles main + preload and opens the
 *    desktop window;
 *  - otherwise starts the browser host (electron/serve.ts) on 127.0.0.1 and prints
 *    `Cluster Workbench is running at http://127.0.0.1:PORT/?token=...`.
 *
 * Options: --browser (force the browser host), --port N, --data-dir DIR (browser host).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const argv = process.argv.slice(2);
const forceBrowser = argv.includes('--browser');
const passArgs = argv.filter((a) => a !== '--browser');

/** Newest modification time (ms) of the files under `dir` (recursively), skipping tests. */
function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  const st = statSync(dir);
  if (st.isFile()) return st.mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function rendererIsStale() {
  const built = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(built)) return 'missing';
  const builtAt = statSync(built).mtimeMs;
  const sources = ['renderer', 'core', 'assets', 'vite.config.ts', 'package.json'].map((p) => join(root, p));
  return sources.some((s) => newestMtime(s) > builtAt) ? 'stale' : null;
}

function buildRenderer() {
  const why = rendererIsStale();
  if (!why) return;
  console.error(
    why === 'missing' ? 'Building the user interface (first start)…' : 'The user interface changed; rebuilding…',
  );
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(
      'The user interface could not be built (see above). Fix the error, or run `npm run build` to see it again.',
    );
    process.exit(r.status ?? 1);
  }
}

/** Path of the Electron binary when Electron can run here, else null (with the reason). */
function electronBinary() {
  if (forceBrowser) return { path: null, reason: '--browser given' };
  try {
    require.resolve('electron');
  } catch {
    return { path: null, reason: 'the optional electron package is not installed' };
  }
  let path;
  try {
    path = require('electron');
  } catch (e) {
    return {
      path: null,
      reason: `the Electron binary is missing (${e instanceof Error ? e.message.split('\n')[0] : e})`,
    };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { path: null, reason: 'the Electron binary is missing' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  }
  return { path, reason: '' };
}

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  // Ctrl+C reaches the child through the terminal; wait for it to finish cleanly.
  const forward = (sig) => {
    if (child.exitCode === null) child.kill(sig);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  child.on('error', (e) => {
    console.error(`Could not start ${cmd}: ${e.message}`);
    process.exit(1);
  });
}

buildRenderer();
const electron = electronBinary();
if (electron.path) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const electronArgs = [
    '.',
    ...passArgs.filter((a, i, all) => a !== '--port' && all[i - 1] !== '--port' && !a.startsWith('--port=')),
  ];
  run(electron.path, electronArgs);
} else {
  console.error(`Starting the browser host (${electron.reason}).`);
  const tsxCli = require.resolve('tsx/cli');
  run(process.execPath, [tsxCli, join(root, 'electron', 'serve.ts'), ...passArgs]);
}
