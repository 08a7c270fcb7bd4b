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
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/** Signals that stop the workbench; each is passed on to the child. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** How long the child has to stop after a signal before it is killed. */
const STOP_GRACE_MS = 5000;
/** How often the parent's liveness is checked (npm runs this script under a shell that does not pass signals on). */
const PARENT_POLL_MS = 250;

/**
 * Run the host as a direct child and tie their lives together:
 *  - SIGINT, SIGTERM and SIGHUP are passed on to the child (killed after STOP_GRACE_MS);
 *  - when our own parent goes away (npm's shell killed by a signal it does not forward,
 *    or npm itself killed), the child is stopped the same way;
 *  - the child watches our process id (CWB_PARENT_PID) and stops when we die, even by SIGKILL;
 *  - we exit when the child exits, with its code.
 */
function run(cmd, args) {
  const child = spawn(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CWB_PARENT_PID: String(process.pid) },
  });
  let stopping = false;
  const stop = (sig) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (!stopping) {
      stopping = true;
      child.kill(sig);
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, STOP_GRACE_MS).unref();
    } else {
      // A second signal: stop now.
      child.kill('SIGKILL');
    }
  };
  for (const sig of STOP_SIGNALS) process.on(sig, () => stop(sig));
  const parent = process.ppid;
  const launcher = shellParentOf(parent);
  const watch = setInterval(() => {
    if (!isAlive(parent) || process.ppid !== parent || (launcher && !isAlive(launcher))) stop('SIGTERM');
  }, PARENT_POLL_MS);
  watch.unref();
  child.on('exit', (code, signal) => {
    clearInterval(watch);
    process.exit(code ?? (signal ? 0 : 1));
  });
  child.on('error', (e) => {
    console.error(`Could not start ${cmd}: ${e.message}`);
    process.exit(1);
  });
}

/**
 * When our parent is the shell npm runs scripts in (`sh -c ...`), the process that
 * started that shell (npm): if npm is killed outright the shell lives on, so we watch
 * npm too. Linux only (reads /proc); elsewhere null.
 */
function shellParentOf(pid) {
  if (process.platform !== 'linux') return null;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!/(^|\/)(sh|dash|bash|zsh)$/.test(cmd[0] ?? '') || cmd[1] !== '-c') return null;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}

/** True while process `pid` exists. */
function isAlive(pid) {
  if (!pid || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e && e.code === 'EPERM';
  }
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
  // tsx as a loader of this one process (not its CLI, which would put a second process in between).
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  run(process.execPath, ['--import', tsxLoader, join(root, 'electron', 'serve.ts'), ...passArgs]);
}
