/**
 * The command-line contract (CLI.md): one JSON document on stdout and exit 0;
 * bad input exits 2 with one line on stderr naming the field, nothing on stdout.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function cwb(...args: string[]) {
  const r = spawnSync(tsx, [join(root, 'core/cli/main.ts'), ...args], { encoding: 'utf8', cwd: root, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempJson(value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwb-cli-'));
  const file = join(dir, 'input.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

function expectBadInput(r: ReturnType<typeof cwb>, field: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(field);
}

describe('cwb fabric', () => {
  it('prints the contract keys for a 2-SU SuperPOD (REFERENCE.md: 16 leaf, 8 spine, 512 cables per tier)', () => {
    const r = cwb('fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'qm9700');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tiers).toBe(2);
    expect(out.switches).toMatchObject({ leaf: 16, spine: 8, core: 0, total: 24 });
    expect(out.links).toMatchObject({ nodeLeaf: 512, leafSpine: 512, spineCore: 0 });
    for (const k of ['transceivers', 'bisectionTBps', 'powerKW']) expect(typeof out[k]).toBe('number');
  });

  it('names the flag of an unknown switch and suggests known ones', () => {
    const r = cwb('fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'qm9800');
    expectBadInput(r, '--switch');
    expect(r.stderr).toContain('qm9700');
  });

  it('rejects a negative count', () => {
    expectBadInput(cwb('fabric', '--accelerators', '-8', '--per-node', '8', '--switch', 'qm9700'), '--accelerators');
  });

  it('--planes 2 over 16 NIC ports, and planes that do not divide them exit 2 naming --planes and the ports', () => {
    // 128 nodes x 8 twin-port 800G NICs = 16 x 400G per node; per plane 8 rails: 16 leaves + 8 spines, twice.
    const r = cwb('fabric', '--accelerators', '1024', '--per-node', '8', '--switch', 'sn5600', '--gbps', '800', '--nic-ports', '16', '--planes', '2');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ planes: 2, nicPortsPerNode: 16, portsPerPlane: 8, switches: { leaf: 32, spine: 16, total: 48 }, linksPerPair: { leafSpine: 8 } });
    const bad = cwb('fabric', '--accelerators', '1024', '--per-node', '8', '--switch', 'sn5600', '--gbps', '800', '--nic-ports', '16', '--planes', '3');
    expectBadInput(bad, '--planes');
    expect(bad.stderr).toContain('must divide the 16 compute NIC ports per node');
  });

  it('--rail-only: one switch per rail for 64 nodes; beyond three tiers per rail exit 2 naming --accelerators and the limit', () => {
    const r = cwb('fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'qm9700', '--rail-only');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ railOnly: true, railNetworks: 8, tiers: 1, switches: { leaf: 8, total: 8 } });
    const big = cwb('fabric', '--accelerators', String(65_537 * 8), '--per-node', '8', '--switch', 'qm9700', '--rail-only');
    expectBadInput(big, '--accelerators');
    expect(big.stderr).toContain('at most 65536');
  });
});

describe('cwb evaluate and estimate', () => {
  it('evaluates the GPT-3 example scenario with the contract keys', () => {
    const r = cwb('evaluate', join(root, 'assets/examples/gpt3-175b-a100.json'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // 1,024 A100 in 8-GPU servers = 128 servers.
    expect(out.accelerators).toBe(1024);
    expect(out.servers).toBe(128);
    for (const k of ['racks', 'switches', 'itPowerKW', 'facilityPowerKW', 'pue', 'maxRackPowerKW', 'annualEnergyMWh', 'capexUsd']) {
      expect(Number.isFinite(out[k]), k).toBe(true);
    }
    expect(Array.isArray(out.warnings)).toBe(true);
  });

  it('estimate prints every contract key for GPT-3 175B on 1,024 A100 (CLI.md)', () => {
    const r = cwb('estimate', join(root, 'assets/examples/gpt3-175b-a100.json'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const k of ['stepTimeS', 'tokensPerSecond', 'mfu', 'hfu', 'modelTflopsPerAccelerator', 'hardwareTflopsPerAccelerator', 'trainingDays', 'memoryPerAcceleratorGiB']) {
      expect(Number.isFinite(out[k]), k).toBe(true);
    }
    expect(typeof out.fitsInMemory).toBe('boolean');
    // The scenario fixes tp 8, pp 8, dp 16 (8 x 8 x 16 = 1,024).
    expect(out.parallelism).toMatchObject({ tp: 8, pp: 8, dp: 16, cp: 1, ep: 1, microBatch: 1, recompute: 'full' });
    const b = out.breakdown;
    const keys = ['computeS', 'tpCommS', 'cpCommS', 'epCommS', 'ppCommS', 'pipelineBubbleS', 'dpCommExposedS', 'optimizerS', 'stragglerS', 'frameworkOverheadS'];
    const sum = keys.reduce((s, k) => s + b[k], 0);
    expect(sum).toBeCloseTo(out.stepTimeS, 6);
    for (const k of ['interruptionsPerDay', 'mtbfHours', 'checkpointIntervalMin', 'goodput', 'wallClockDays']) {
      expect(Number.isFinite(out.reliability[k]), k).toBe(true);
    }
    expect(out.reliability.wallClockDays).toBeGreaterThanOrEqual(out.trainingDays);
    // 3e11 tokens / (1536 x 2048 tokens per step) steps of stepTimeS each.
    expect(out.trainingDays).toBeCloseTo(((3e11 / (1536 * 2048)) * out.stepTimeS) / 86400, 1);
  });

  it('estimate splits a mixed H100 + Ascend scenario across its pools', () => {
    const r = cwb('estimate', join(root, 'assets/examples/mixed-h100-ascend.json'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stages.length).toBeGreaterThanOrEqual(2);
    const pools = new Set(out.stages.map((s: { pool: string }) => s.pool));
    expect(pools).toEqual(new Set(['h100-sxm5-80gb', 'ascend-910b']));
    for (const s of out.stages) expect(s.layers).toBeGreaterThan(0);
    expect(out.aggregateUtilization).toBeGreaterThan(0.5);
    expect(out.aggregateUtilization).toBeLessThanOrEqual(1.05);
    expect(out.tokensPerSecond).toBeGreaterThan(out.uniformSplitTokensPerSecond);
  });

  it('reports a file that is not JSON', () => {
    expectBadInput(cwb('evaluate', tempJson('{ not json')), 'not valid JSON');
  });

  it('names the path of a bad scenario field', () => {
    const bad = { cluster: { accelerator: 'h100-sxm5-80gb', count: -4 } };
    expectBadInput(cwb('evaluate', tempJson(bad)), 'cluster.count');
  });

  it('lists the nearest ids for an unknown accelerator', () => {
    const r = cwb('evaluate', tempJson({ cluster: { accelerator: 'h100-sxm5-80g', count: 8 } }));
    expectBadInput(r, 'cluster.accelerator');
    expect(r.stderr).toContain('h100-sxm5-80gb');
  });

  it('refuses a negative or unknown assumption override in a scenario, naming its key', () => {
    const cluster = { accelerator: 'h100-sxm5-80gb', count: 8 };
    const neg = cwb('evaluate', tempJson({ cluster, assumptions: { 'power.upsEfficiency': -0.5 } }));
    expectBadInput(neg, 'assumptions.power.upsEfficiency');
    expect(neg.stderr).toContain('>= 0');
    const typo = cwb('evaluate', tempJson({ cluster, assumptions: { upsEfficiency: 0.9 } }));
    expectBadInput(typo, 'assumptions.upsEfficiency');
    expect(typo.stderr).toContain('power.upsEfficiency');
  });

  it('estimate refuses a scenario without a model', () => {
    expectBadInput(cwb('estimate', tempJson({ cluster: { accelerator: 'h100-sxm5-80gb', count: 8 } })), 'model');
  });

  it('an unknown command exits 2', () => {
    expectBadInput(cwb('frobnicate'), 'unknown command');
  });
});

describe('cwb evaluate: facility', () => {
  const cluster = { accelerator: 'gb200', count: 576, cooling: 'cold-plate' };
  it('prints the facility keys: months, design day, electrical stages, liquid loop and floor', () => {
    const r = cwb('evaluate', tempJson({ cluster, site: { city: 'hohhot' } }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.facility.climate).toMatchObject({ mode: 'city', id: 'hohhot', dryBulbVerified: true });
    expect(out.facility.months).toHaveLength(12);
    expect(out.facility.electrical.stages.map((x: { stage: string }) => x.stage)).toEqual(['transformer', 'generator', 'ups', 'distribution']);
    expect(out.facility.liquid.cdu.units).toBeGreaterThan(0);
    expect(out.facility.floor.whiteSpaceM2).toBeGreaterThan(0);
    expect(out.facility.designDay.facilityPowerKW).toBeGreaterThan(out.facilityPowerKW);
    expect(out.pue).toBe(out.facility.annual.pue);
    expect(out.pue).toBeLessThanOrEqual(1.25);
  });
  it('exits 2 naming the field for a negative battery time, an unknown city and a UPS smaller than the load', () => {
    expectBadInput(cwb('evaluate', tempJson({ cluster, site: { facility: { upsBatteryMinutes: -5 } } })), 'site.facility.upsBatteryMinutes');
    const city = cwb('evaluate', tempJson({ cluster, site: { city: 'atlantis' } }));
    expectBadInput(city, 'site.city');
    expect(city.stderr).toContain('unknown city "atlantis"');
    const ups = cwb('evaluate', tempJson({ cluster, site: { facility: { upsModuleKVA: 1000, upsModules: 2 } } }));
    expectBadInput(ups, 'site.facility.upsModules');
    expect(ups.stderr).toMatch(/smaller than the UPS load of [\d,]+ kVA/);
  });
});
