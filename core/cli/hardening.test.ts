/**
 * The reproducers of the hardening issue, on the command line: each is refused
 * with exit code 2 and one line on stderr naming the field (nothing on stdout)
 * within 1 s, or gives a finite result. Run in-process (runCli) to time the
 * engine without the ~1 s start-up of tsx; a few run as real processes to check
 * the exit codes end to end.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findNonFinite } from '../finite';
import { scenarioToDesign } from '../model/scenario';
import { runCli } from './run';

const root = join(import.meta.dirname, '..', '..');
const example = (f: string) => JSON.parse(readFileSync(join(root, 'assets/examples', f), 'utf8')) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'cwb-hard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: unknown, name = `in${++n}.json`): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

async function cwb(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const t0 = performance.now();
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr, ms: performance.now() - t0 };
}

/** Exit 2, one line on stderr starting with the field, nothing on stdout, within 1 s. */
async function refused(field: string, ...argv: string[]) {
  const r = await cwb(...argv);
  expect(r.stderr).not.toBe('');
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.startsWith(`${field}: `), lines[0]).toBe(true);
  expect(r.ms).toBeLessThan(1000);
  return lines[0]!;
}

/** Exit 0 and every number of the printed document finite. */
async function finite(...argv: string[]) {
  const r = await cwb(...argv);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  // (JSON prints NaN and Infinity as null; results keep null only for what does not apply, e.g. a cooling path not in use.)
  expect(findNonFinite(out)).toBeNull();
  return out;
}

const minimal = (extra: Record<string, unknown>) => ({
  schemaVersion: 2,
  id: 'r',
  name: 'r',
  servers: [{ id: 's', partId: 'dgx-h100', quantity: 1 }],
  ...extra,
});
const nested = (depth: number, count: number) =>
  Array.from({ length: depth }, (_, i) => ({ id: `g${i}`, name: 'g', kind: 'pod', count, position: { x: 0, y: 0 }, ...(i ? { parentId: `g${i - 1}` } : {}) }));

describe('1. oversubscription near 1e308 no longer loops forever', () => {
  it('design fabric', async () => {
    const d = minimal({ fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700', oversubscription: 1e308 }] });
    const line = await refused('fabrics[0].oversubscription', 'evaluate', file(d));
    expect(line).toBe('fabrics[0].oversubscription: must be <= 64 (1 to 64 downlink:uplink; got 1e+308)');
  });
  it('scenario cluster', async () => {
    const s = example('gpt3-175b-a100.json');
    await refused('cluster.oversubscription', 'evaluate', file({ ...s, cluster: { ...(s.cluster as object), oversubscription: 1e307 } }));
  });
  it('cwb fabric', async () => {
    await refused('--oversubscription', 'fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'qm9700', '--oversubscription', '1e307');
  });
  it('the largest allowed ratio (64) sizes a finite fabric', async () => {
    const out = await finite('fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'qm9700', '--oversubscription', '64');
    // 64 nodes x 8 rails = 512 node links; a 64-port leaf split 63:1 at ratio 64 keeps 63 down, 1 up.
    expect((out.links as { nodeLeaf: number }).nodeLeaf).toBe(512);
  });
});

describe('2. JSON nested 4,000 deep', () => {
  it('is refused before migration walks it', async () => {
    const deep = `{"schemaVersion":2,"id":"r","name":"r","x":${'['.repeat(4000)}${']'.repeat(4000)}}`;
    const line = await refused('x', 'evaluate', file(deep));
    expect(line).toContain('nested deeper than 64 levels');
  });
});

describe('3. results that were null, 0 or NaN', () => {
  it('20 nested groups of count 2^53 - 1', async () => {
    await refused('groups[0].count', 'evaluate', file({ ...minimal({ groups: nested(20, 9007199254740991) }), servers: [{ id: 's', partId: 'dgx-h100', groupId: 'g19' }] }));
  });
  it('1,100 nested groups of count 2: refused where the product passes 10,000,000 (2^24 at the 24th)', async () => {
    const line = await refused('groups[23].count', 'evaluate', file({ ...minimal({ groups: nested(1100, 2) }), servers: [{ id: 's', partId: 'dgx-h100', groupId: 'g1099' }] }));
    expect(line).toContain('16,777,216 copies');
  });
  for (const [key, value] of [
    ['hbmEfficiency', 0],
    ['interBusEfficiency', 5e-324],
    ['softwareFailuresPerHour', 1e308],
  ] as const) {
    it(`a scenario with assumptions.${key} = ${value} is refused`, async () => {
      await refused(`assumptions.${key}`, 'estimate', file({ ...example('gpt3-175b-a100.json'), assumptions: { [key]: value } }));
    });
  }
  it('a design with assumptions.hbmEfficiency = 0 evaluates with the default and an error warning naming it', async () => {
    const design = scenarioToDesign(example('gpt3-175b-a100.json'));
    const out = await finite('evaluate', file({ ...design, assumptions: { hbmEfficiency: 0 } }));
    const plain = await finite('evaluate', file(design));
    expect((out.training as { stepTimeS: number }).stepTimeS).toBe((plain.training as { stepTimeS: number }).stepTimeS);
    expect((out.warnings as Array<{ message: string; severity: string }>).find((w) => w.message.startsWith('assumptions.hbmEfficiency'))?.severity).toBe('error');
  });
  it('site.gridKgCO2PerKWh = 1e308', async () => {
    const s = example('gpt3-175b-a100.json');
    await refused('site.gridKgCO2PerKWh', 'evaluate', file({ ...s, site: { ...(s.site as object), gridKgCO2PerKWh: 1e308 } }));
  });
  it('planner deadline of 5e-324 days', async () => {
    const req = example('requirements.json');
    await refused('constraints.deadlineDays', 'plan', '--quiet', file({ ...req, constraints: { ...(req.constraints as object), deadlineDays: 5e-324 } }));
  });
});

describe('4. the planner memory explanation', () => {
  it('names one configuration whose need exceeds its own memory (Llama 3 405B on 64 H100 or 256 Ascend 910B)', async () => {
    const req = { workload: { model: 'llama3-405b', tokens: 1.5e13 }, constraints: { accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 64 }, { id: 'ascend-910b', maxCount: 256 }] } };
    const out = await finite('plan', '--quiet', file(req));
    const [b] = out.binding as Array<{ constraint: string; limit: number; best: number; overByFraction: number; message: string }>;
    expect(b!.constraint).toBe('memory');
    expect(b!.overByFraction).toBeGreaterThan(0);
    expect(b!.best).toBeGreaterThan(b!.limit);
    // The closest is an Ascend 910B: 64 GB of HBM, 65,536 MiB as npu-smi reports it = 64 GiB.
    expect(b!.limit).toBeCloseTo(65_536 / 1024, 6);
    expect(b!.message).toMatch(/the closest \(ascend-910b x \d+\) needs [\d.]+ GiB per accelerator and has 64 GiB/);
    const [, need, has] = /needs ([\d.]+) GiB .* has ([\d.]+) GiB/.exec(b!.message)!;
    expect(Number(need)).toBeGreaterThan(Number(has));
  });
});

describe('5. nesting checks are linear', () => {
  it('a chain of 8,000 groups is refused at the depth limit within 1 s', async () => {
    await refused('groups[32].parentId', 'evaluate', file({ schemaVersion: 2, id: 'r', name: 'r', groups: nested(8000, 1) }));
  });
  it('8,000 groups in 250 chains of 32 parse and evaluate within 1 s', async () => {
    const groups = Array.from({ length: 8000 }, (_, i) => ({ id: `g${i}`, name: 'g', kind: 'pod', count: 1, position: { x: 0, y: 0 }, ...(i % 32 ? { parentId: `g${i - 1}` } : {}) }));
    const r = await cwb('evaluate', file({ schemaVersion: 2, id: 'r', name: 'r', groups }));
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(1000);
  });
});

describe('6. input that is not a regular file', () => {
  it('a directory', async () => {
    expect(await refused('FILE', 'evaluate', dir)).toContain('is a directory, not a regular file');
  });
  it('/dev/zero is refused without reading it', async () => {
    expect(await refused('FILE', 'evaluate', '/dev/zero')).toContain('is a character device');
  });
  it('a FIFO is refused without blocking (a real process, killed after 20 s if it blocked)', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const r = spawnSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'core/cli/main.ts'), 'evaluate', fifo], { encoding: 'utf8', timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`FILE: cannot read "${fifo}": it is a FIFO (named pipe), not a regular file`);
  });
});

describe('7. report -o writes only to a regular file or a new path', () => {
  const scenario = () => file(example('gpt3-175b-a100.json'));
  it('refuses a symbolic link and leaves it and its target as they were', async () => {
    const target = join(dir, 'target.html');
    writeFileSync(target, 'keep');
    const link = join(dir, 'link.html');
    symlinkSync(target, link);
    expect(await refused('-o', 'report', scenario(), '--format', 'html', '-o', link)).toContain('is a symbolic link');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });
  it('refuses a device', async () => {
    expect(await refused('-o', 'report', scenario(), '--format', 'html', '-o', '/dev/null')).toContain('is a character device');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });
  it('writes a new path and replaces a regular file, leaving no temporary file', async () => {
    const out = join(dir, 'r.html');
    expect((await cwb('report', scenario(), '--format', 'html', '-o', out)).code).toBe(0);
    writeFileSync(out, 'old');
    expect((await cwb('report', scenario(), '--format', 'html', '-o', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(existsSync(out)).toBe(true);
    expect(execFileSync('ls', ['-a', dir], { encoding: 'utf8' })).not.toMatch(/\.tmp\b/);
  });
});

describe('8. smaller', () => {
  it('a UTF-8 byte order mark is accepted', async () => {
    const text = readFileSync(join(root, 'assets/examples/gpt3-175b-a100.json'), 'utf8');
    const out = await finite('estimate', file(`\ufeff${text}`));
    expect(out.parallelism).toMatchObject({ tp: 8, pp: 8, dp: 16 });
  });
  it('cwb fabric --planes is capped like designs (16)', async () => {
    expect(await refused('--planes', 'fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'qm9700', '--planes', '1000000')).toBe(
      '--planes: must be <= 16 (1 to 16 planes; got 1000000)',
    );
  });
});
