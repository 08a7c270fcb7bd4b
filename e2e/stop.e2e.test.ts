/**
 * Stopping `npm start`: SIGTERM, SIGINT or SIGHUP sent to the npm process stops the
 * whole process tree (npm -> scripts/start.mjs -> the browser host), the port closes
 * and no process is left behind; the host also stops when its launcher is killed
 * outright, and the launcher when npm is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './harness';

interface Started {
  npm: ChildProcess;
  port: number;
  dataDir: string;
  /** Every process below npm when the host was ready (pid -> command line). */
  tree: Map<number, string>;
  exited: Promise<void>;
}

const running: Started[] = [];

afterEach(() => {
  // Whatever a failed test left: stop it by its own pids.
  for (const s of running.splice(0)) {
    for (const pid of [s.npm.pid ?? 0, ...s.tree.keys()]) {
      if (pid > 1 && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    rmSync(s.dataDir, { recursive: true, force: true });
  }
});

/** Parent pid and state of a process from /proc, or null when it is gone. */
function stat(pid: number): { ppid: number; state: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...; comm may contain spaces and parentheses.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', ppid: Number(rest[1]) };
  } catch {
    return null;
  }
}

/** A process that exists and is not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  const s = stat(pid);
  return s !== null && s.state !== 'Z' && s.state !== 'X';
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** All descendants of `root` (pid -> command line). */
function descendants(root: number): Map<number, string> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(Number(name));
    if (!s) continue;
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), Number(name)]);
  }
  const out = new Map<number, string>();
  const todo = [...(children.get(root) ?? [])];
  while (todo.length) {
    const pid = todo.pop() as number;
    out.set(pid, cmdline(pid));
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Processes anywhere on the machine whose command line names `needle`. */
function processesNaming(needle: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .filter((pid) => pid !== process.pid && alive(pid) && cmdline(pid).includes(needle));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      ok(true);
    });
    s.once('error', () => ok(false));
  });
}

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

/** `npm start -- --browser --port 0 --data-dir <fresh dir>`, resolved once it prints its address. */
async function startNpm(): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cwb-e2e-stop-'));
  const npm = spawn('npm', ['start', '--', '--browser', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
  });
  const started: Started = {
    npm,
    port: 0,
    dataDir,
    tree: new Map(),
    exited: new Promise((ok) => npm.once('exit', () => ok())),
  };
  running.push(started);
  let out = '';
  npm.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  npm.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  await until(
    'the host to print its address',
    () => /running at http:\/\/127\.0\.0\.1:(\d+)\//.test(out),
    60_000,
  ).catch((e: Error) => {
    throw new Error(`${e.message}\n${out}`);
  });
  started.port = Number(/running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
  started.tree = descendants(npm.pid as number);
  return started;
}

describe('npm start stops as a whole', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} to the npm process closes the port and leaves no process`, async () => {
      const s = await startNpm();
      expect(await portOpen(s.port)).toBe(true);
      const cmds = [...s.tree.values()];
      expect(cmds.some((c) => c.includes('scripts/start.mjs'))).toBe(true);
      expect(cmds.some((c) => c.includes('electron/serve.ts'))).toBe(true);
      // No shell between npm and the launcher to swallow the signal (npm runs `exec node ...`).
      expect(cmds.filter((c) => /^(\S*\/)?(sh|dash|bash) -c/.test(c))).toEqual([]);

      s.npm.kill(signal);
      await s.exited;
      await until('every process of the tree to exit', () => [...s.tree.keys()].every((pid) => !alive(pid)));
      expect(await portOpen(s.port)).toBe(false);
      expect(processesNaming(s.dataDir)).toEqual([]);
    });
  }

  it('the host stops when its launcher is killed outright (SIGKILL)', async () => {
    const s = await startNpm();
    const launcher = [...s.tree].find(([, c]) => c.includes('scripts/start.mjs'))?.[0];
    expect(launcher).toBeGreaterThan(1);
    process.kill(launcher as number, 'SIGKILL');
    await until('the host to notice and exit', () => processesNaming(s.dataDir).length === 0);
    expect(await portOpen(s.port)).toBe(false);
    s.npm.kill('SIGTERM');
    await s.exited;
  });

  it('the launcher stops the host when npm itself is killed outright (SIGKILL)', async () => {
    const s = await startNpm();
    s.npm.kill('SIGKILL');
    await s.exited;
    await until('the launcher and the host to exit', () => processesNaming(s.dataDir).length === 0);
    expect(await portOpen(s.port)).toBe(false);
  });
});
