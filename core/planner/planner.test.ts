import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CATALOG } from '../catalog';
import { InputError } from '../errors';
import { candidateEconomics, DEFAULT_SITE } from './economics';
import { dominates, paretoFront } from './pareto';
import { countLadder, plan, resolveModel, type PlanResult } from './plan';
import { parseRequirements } from './requirements';
import { lowerBoundDays, searchTime } from './timeModel';

/** GPT-3 175B as in Megatron-LM (REFERENCE.md: 96 layers, hidden 12288, 96 heads, vocab 51,200, seq 2048). */
const GPT3 = { name: 'gpt3-175b', layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 };
/** A 1.7B model (REFERENCE.md Megatron Table 1, first row). */
const SMALL = { name: 'gpt-1.7b', layers: 24, hidden: 2304, heads: 24, vocab: 51200, seqLength: 2048 };

function expectInputError(fn: () => unknown, path: string, fragment?: string): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const err = e as InputError;
    expect(err.path).toBe(path);
    if (fragment) expect(err.message).toContain(fragment);
    return err;
  }
  throw new Error(`expected InputError at ${path}`);
}

async function expectPlanError(input: unknown, path: string, fragment?: string): Promise<void> {
  let caught: unknown;
  try {
    await plan(input, { yieldEveryMs: 0 });
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as InputError).path).toBe(path);
  if (fragment) expect((caught as InputError).message).toContain(fragment);
}

const frontVec = (c: PlanResult['candidates'][number]) => [c.metrics.wallClockDays, c.metrics.tcoUsd, c.metrics.energyMWh];

describe('pareto', () => {
  it('dominance by hand', () => {
    expect(dominates([1, 2, 3], [1, 2, 4])).toBe(true);
    expect(dominates([1, 2, 3], [1, 2, 3])).toBe(false);
    expect(dominates([1, 3, 3], [2, 2, 3])).toBe(false);
    expect(dominates([2, 2, 3], [1, 3, 3])).toBe(false);
  });
  it('front of a hand-made set', () => {
    // (time, cost): a=(1,10) b=(2,5) c=(3,6) dominated by b, d=(4,1), e=(2,5) ties b
    const pts = { a: [1, 10], b: [2, 5], c: [3, 6], d: [4, 1], e: [2, 5] };
    const front = paretoFront(Object.entries(pts), ([, v]) => v).map(([k]) => k);
    expect(front).toEqual(['a', 'b', 'd', 'e']);
  });
  it('property: the front is mutually non-dominated and dominates every other point', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { maxLength: 60 }), (pts) => {
        const front = paretoFront(pts, (p) => p);
        for (const f of front) for (const g of front) expect(dominates(f, g)).toBe(false);
        for (const p of pts) if (!front.includes(p)) expect(front.some((f) => dominates(f, p))).toBe(true);
      }),
    );
  });
});

describe('requirements validation', () => {
  const base = () => ({
    workload: { model: GPT3, tokens: 3e11 },
    constraints: { deadlineDays: 30, accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 1024 }] },
  });
  it('unknown accelerator names the field and the nearest ids', () => {
    const r = base();
    r.constraints.accelerators = [
      { id: 'h100-sxm5-80gb', maxCount: 64 },
      { id: 'b200', maxCount: 64 },
      { id: 'h900', maxCount: 64 },
    ];
    const e = expectInputError(() => parseRequirements(r), 'constraints.accelerators[2].id', 'unknown accelerator "h900"');
    const near = /\(nearest: (.*)\)/.exec(e.message)?.[1]?.split(', ') ?? [];
    expect(new Set(near)).toEqual(new Set(['h800-sxm5-80gb', 'h100-sxm5-80gb', 'h200-sxm-141gb']));
  });
  it('max count below min count', () => {
    const r = base();
    r.constraints.accelerators = [{ id: 'h100-sxm5-80gb', maxCount: 64, minCount: 128 } as never];
    expectInputError(() => parseRequirements(r), 'constraints.accelerators[0].maxCount', 'must be >= minCount (128)');
  });
  it('max count below one server', () => {
    const r = base();
    r.constraints.accelerators = [{ id: 'gb200', maxCount: 64 }];
    expectInputError(() => parseRequirements(r), 'constraints.accelerators[0].maxCount', 'one server (72 accelerators)');
  });
  it('empty allowed list, empty cooling list, empty budget, duplicate accelerator, wrong server', () => {
    const r = base();
    r.constraints.accelerators = [];
    expectInputError(() => parseRequirements(r), 'constraints.accelerators', 'at least one accelerator');
    expectInputError(() => parseRequirements({ ...base(), constraints: { ...base().constraints, cooling: [] } }), 'constraints.cooling');
    expectInputError(() => parseRequirements({ ...base(), constraints: { ...base().constraints, budget: {} } }), 'constraints.budget', 'capexUsd or tcoUsd');
    const dup = base();
    dup.constraints.accelerators = [
      { id: 'b200', maxCount: 64 },
      { id: 'b200', maxCount: 128 },
    ];
    expectInputError(() => parseRequirements(dup), 'constraints.accelerators[1].id', 'already listed');
    const srv = base();
    srv.constraints.accelerators = [{ id: 'b200', maxCount: 64, servers: ['dgx-h100'] } as never];
    expectInputError(() => parseRequirements(srv), 'constraints.accelerators[0].servers[0]', 'holds h100-sxm5-80gb');
  });
  it('schema errors carry the path', () => {
    expectInputError(() => parseRequirements({ ...base(), workload: { model: GPT3, tokens: -1 } }), 'workload.tokens');
    expectInputError(() => parseRequirements({ ...base(), objective: 'speed' }), 'objective');
    expectInputError(() => parseRequirements({ ...base(), constraints: { ...base().constraints, deadlineDays: 0 } }), 'constraints.deadlineDays');
    expectInputError(() => parseRequirements({ ...base(), constraints: { ...base().constraints, oversubscription: [0.5] } }), 'constraints.oversubscription[0]');
  });
  it('model fields and presets', () => {
    expectInputError(() => resolveModel({ layers: 2, hidden: 64, heads: 4, vocab: 10 }), 'workload.model.seqLength', 'is required');
    expectInputError(() => resolveModel({ ...GPT3, heads: 7 }), 'workload.model.hidden', 'divisible by model.heads (7)');
    // built-in presets (core/training/presets.ts)
    expect(resolveModel('gpt3-175b')).toMatchObject({ layers: 96, hidden: 12288, heads: 96 });
    expectInputError(() => resolveModel('llama3-7b'), 'workload.model', 'llama3-8b');
    expectInputError(() => resolveModel('gpt9', { 'gpt3-175b': GPT3 }), 'workload.model', 'unknown model preset "gpt9"');
    expect(resolveModel({ preset: 'gpt3-175b', layers: 48 }, { 'gpt3-175b': GPT3 }).layers).toBe(48);
  });
  it('plan rejects bad input before searching', async () => {
    await expectPlanError({ ...base(), constraints: { accelerators: [{ id: 'h900', maxCount: 8 }] } }, 'constraints.accelerators[0].id', 'unknown accelerator');
    await expectPlanError({ ...base(), constraints: { accelerators: [{ id: 'gb200', maxCount: 720 }], cooling: ['air'] } }, 'constraints.cooling');
  });
});

describe('count ladder and bounds', () => {
  it('whole servers at 1x and 1.5x powers of two (hand list)', () => {
    expect(countLadder(8, 8, 100)).toEqual([8, 16, 24, 32, 48, 64, 96]);
    expect(countLadder(8, 8, 100, 1)).toEqual([8, 16, 32, 64, 96]);
    // 72-accelerator racks: 1, 2, 3, 4, 6, 8 racks
    expect(countLadder(72, 72, 600)).toEqual([72, 144, 216, 288, 432, 576]);
    // min 100 -> first whole server 104; max 1000 -> 1000 itself is whole (125 servers)
    expect(countLadder(8, 100, 1000)).toEqual([104, 128, 192, 256, 384, 512, 768, 1000]);
  });
  it('compute-bound lower bound by hand: GPT-3 175B, 300B tokens, 1024 A100', () => {
    // 6N rule: 6 x 1.746e11 x 3e11 = 3.143e23 FLOPs; 1024 x 312e12 = 3.195e17 FLOP/s
    // -> 9.84e5 s = 11.39 days at 100% MFU (Narayanan et al. report ~34 days at 140 TFLOP/s with recompute).
    const lb = lowerBoundDays(6 * 1.746e11, 3e11, 1024, 312e12);
    expect(lb).toBeGreaterThan(11.38);
    expect(lb).toBeLessThan(11.40);
  });
  it('capped search reproduces the Megatron-LM row within its own lower bound (GPT-3 175B class on 1024 A100)', () => {
    const acc = DEFAULT_CATALOG.getOfKind('a100-sxm4-80gb', 'accelerator')!;
    const t = searchTime(
      { model: GPT3, tokens: 3e11, globalBatch: 1536, precision: 'bf16', zeroStage: 1, accelerator: acc, count: 1024, perNode: 8, scaleOutGbps: 200, oversubscription: 1 },
      4000,
    );
    expect(t.fits).toBe(true);
    if (!t.fits) return;
    // Narayanan et al. (Table 1, 145.6B on 1536 A100) reach 148 TFLOP/s per GPU = 47% of 312: the estimate must be of that order.
    expect(t.mfu).toBeGreaterThan(0.3);
    expect(t.mfu).toBeLessThan(0.65);
    expect(t.trainingDays).toBeGreaterThan(19);
    expect(t.config.tp * t.config.pp * t.config.dp * t.config.cp).toBe(1024);
    expect(t.config.tp).toBeLessThanOrEqual(8); // stays in the NVLink domain
  });
});

describe('economics (hand calculation)', () => {
  it('one air-cooled DGX H100: CAPEX = server + facility per kW + one CRAH', () => {
    const acc = DEFAULT_CATALOG.getOfKind('h100-sxm5-80gb', 'accelerator')!;
    const srv = DEFAULT_CATALOG.getOfKind('dgx-h100', 'server')!;
    const e = candidateEconomics(acc, srv, 8, 'air', 1, DEFAULT_SITE, DEFAULT_CATALOG);
    // nameplate IT = 10.2 kW x 1.01 (management overhead) = 10.302 kW
    // facility build 3000 + electrical plant not itemised 3000 + cooling plant 1800 USD/kW = 7800 USD/kW -> 80,355.6
    // server 350,000; one 150 kW CRAH 60,000
    // itemised chain (N+1), sized on the design day (no free cooling):
    //   UPS 10.302 / 0.99 / 0.95 = 10.95 kVA -> 2 x 20 kVA modules at 300 USD/kVA = 12,000;
    //   battery 5 min of 10.41 kW = 0.87 -> 1 kWh x 500 = 500;
    //   LV load = IT through the PDUs + UPS loss + cooling + misc, below the smallest transformer
    //   (100 kVA) and generator (20 kW): a share of a shared unit, two of them for N+1.
    const pdu = 10.302 / 0.99;
    const full = 1 / 0.97 - 1;
    const x = pdu / 2 / 19;
    const upsLoss = 2 * 19 * (0.3 * full + 0.4 * full * x + 0.3 * full * x * x);
    const lvKW = pdu + upsLoss + 10.302 * (0.05 + 1 / 4.5) + 10.302 * 0.01;
    const chain = 12_000 + 500 + 2 * (lvKW / 0.95) * 40 + 2 * lvKW * 450;
    expect(e.capexUsd).toBeCloseTo(350_000 + 10.302 * 7800 + 60_000 + chain, 3);
    // typical IT = 7.5 kW x 1.01, no fabric for one node
    expect(e.itPowerKW).toBeCloseTo(7.575, 6);
    expect(e.switches).toBe(0);
    expect(e.pue).toBeGreaterThan(1.1);
    expect(e.pue).toBeLessThan(1.6);
  });
  it('power and server cost scale linearly with server count; the fabric adds switches', () => {
    const acc = DEFAULT_CATALOG.getOfKind('h100-sxm5-80gb', 'accelerator')!;
    const srv = DEFAULT_CATALOG.getOfKind('dgx-h100', 'server')!;
    const e1 = candidateEconomics(acc, srv, 256, 'air', 1, DEFAULT_SITE, DEFAULT_CATALOG);
    const e2 = candidateEconomics(acc, srv, 512, 'air', 1, DEFAULT_SITE, DEFAULT_CATALOG);
    // SuperPOD table (REFERENCE.md): 256 GPUs = 1 SU -> 8 leaf + 4 spine; 512 GPUs -> 16 leaf + 8 spine
    expect(e1.switches).toBe(12);
    expect(e2.switches).toBe(24);
    expect((e2.itPowerKW - e2.fabricPowerKW) / (e1.itPowerKW - e1.fabricPowerKW)).toBeCloseTo(2, 9);
    expect(e2.fabricPowerKW).toBeGreaterThan(e1.fabricPowerKW);
  });
});

describe('plan', () => {
  const twoChips = ['h100-sxm5-80gb', 'b200'];
  const req = (extra: Record<string, unknown> = {}, constraints: Record<string, unknown> = {}) => ({
    workload: { model: GPT3, tokens: 3e11, globalBatch: 1536 },
    constraints: { accelerators: twoChips.map((id) => ({ id, maxCount: 4096 })), ...constraints },
    objective: 'tco',
    options: { maxResults: 15 },
    ...extra,
  });

  it('every candidate satisfies every constraint; ranking follows the objective', async () => {
    const constraints = { deadlineDays: 45, maxFacilityPowerKW: 4000, budget: { capexUsd: 150e6, tcoUsd: 160e6 } };
    const r = await plan(req({}, constraints), { yieldEveryMs: 0 });
    expect(r.feasible).toBe(true);
    expect(r.candidates.length).toBeGreaterThan(3);
    for (const c of [...r.candidates, ...r.paretoFront]) {
      const m = c.metrics;
      expect(m.wallClockDays).toBeLessThanOrEqual(45);
      expect(m.facilityPowerKW).toBeLessThanOrEqual(4000);
      expect(m.capexUsd).toBeLessThanOrEqual(150e6);
      expect(m.tcoUsd).toBeLessThanOrEqual(160e6);
      expect(twoChips).toContain(c.accelerator);
      expect(c.count).toBeLessThanOrEqual(4096);
      // wall-clock includes failures: at least the failure-free time; TCO = CAPEX + OPEX over the run
      expect(m.wallClockDays).toBeGreaterThanOrEqual(m.trainingDays);
      expect(m.tcoUsd).toBeCloseTo(m.capexUsd + (m.opexUsdPerYear * m.wallClockDays) / 365.25, 0);
      expect(m.energyMWh).toBeCloseTo((m.facilityPowerKW * m.wallClockDays * 24) / 1000, 6);
      const p = c.parallelism;
      expect(p.tp * p.pp * p.dp * p.cp).toBe(c.count);
      expect(c.scenario.cluster.count).toBe(c.count);
      for (const v of Object.values(m)) expect(Number.isFinite(v)).toBe(true);
    }
    for (let i = 1; i < r.candidates.length; i++) {
      expect(r.candidates[i]!.metrics.tcoUsd).toBeGreaterThanOrEqual(r.candidates[i - 1]!.metrics.tcoUsd);
    }
    expect(r.binding).toEqual([]);
  });

  it('no member of the front is dominated, and the front dominates every other returned candidate', async () => {
    const r = await plan(req({ objective: 'time' }, { deadlineDays: 60 }), { yieldEveryMs: 0 });
    expect(r.paretoFront.length).toBeGreaterThan(1);
    const all = [...r.candidates, ...r.paretoFront];
    for (const f of r.paretoFront) {
      expect(f.onParetoFront).toBe(true);
      for (const g of all) expect(dominates(frontVec(g), frontVec(f))).toBe(false);
    }
    for (const c of r.candidates) {
      if (!c.onParetoFront) expect(r.paretoFront.some((f) => dominates(frontVec(f), frontVec(c)))).toBe(true);
    }
  });

  it('pruning is exact: the top results equal those of a search without pruning', async () => {
    // With maxResults larger than the space nothing can be pruned as dominated.
    const small = { ...req({ objective: 'energy' }, { deadlineDays: 80 }), options: { maxResults: 1000 } };
    const pruned = { ...req({ objective: 'energy' }, { deadlineDays: 80 }), options: { maxResults: 5 } };
    const full = await plan(small, { yieldEveryMs: 0 });
    const fast = await plan(pruned, { yieldEveryMs: 0 });
    expect(fast.candidates.map((c) => c.id)).toEqual(full.candidates.slice(0, 5).map((c) => c.id));
    expect(new Set(fast.paretoFront.map((c) => c.id))).toEqual(new Set(full.paretoFront.map((c) => c.id)));
  });

  it('an impossible deadline names the binding constraint and by how much', async () => {
    const r = await plan(
      { workload: { model: GPT3, tokens: 3e11, globalBatch: 1536 }, constraints: { deadlineDays: 10, accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 64 }] } },
      { yieldEveryMs: 0 },
    );
    expect(r.feasible).toBe(false);
    expect(r.candidates).toEqual([]);
    const b = r.binding.find((x) => x.constraint === 'deadlineDays');
    expect(b).toBeDefined();
    // Hand floor: 6 x 174.6e9 x 3e11 / (64 x 989e12) / 86400 = 57.4 days at 100% MFU.
    expect(b!.best!).toBeGreaterThan((6 * 1.746e11 * 3e11) / (64 * 989e12) / 86400);
    expect(b!.overByFraction!).toBeCloseTo((b!.best! - 10) / 10, 10);
    expect(b!.message).toMatch(/^deadline: the fastest allowed configuration needs \d+ days .*, \d+% over the 10-day deadline$/);
    // The reported best equals the fastest candidate of the same search without the deadline.
    const free = await plan(
      { workload: { model: GPT3, tokens: 3e11, globalBatch: 1536 }, constraints: { accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 64 }] }, objective: 'time' },
      { yieldEveryMs: 0 },
    );
    expect(b!.best!).toBeCloseTo(free.candidates[0]!.metrics.wallClockDays, 9);
  });

  it('deadline that conflicts with the power limit: each binds with the other met', async () => {
    const r = await plan(req({ objective: 'time' }, { deadlineDays: 3, maxFacilityPowerKW: 1500 }), { yieldEveryMs: 0 });
    expect(r.feasible).toBe(false);
    const keys = r.binding.map((b) => b.constraint);
    expect(keys).toContain('deadlineDays');
    expect(keys).toContain('maxFacilityPowerKW');
    for (const b of r.binding) {
      expect(b.best!).toBeGreaterThan(b.limit!);
      expect(b.alone).toBe(false);
    }
  });

  it('a model too large for the allowed memory names memory', async () => {
    const huge = { name: 'huge', layers: 128, hidden: 25600, heads: 160, vocab: 51200, seqLength: 2048 }; // 1T (Table 1 last row)
    const r = await plan({ workload: { model: huge, tokens: 1e12, globalBatch: 512 }, constraints: { accelerators: [{ id: 'a100-sxm4-40gb', maxCount: 16 }] } }, { yieldEveryMs: 0 });
    expect(r.feasible).toBe(false);
    expect(r.binding[0]?.constraint).toBe('memory');
    expect(r.binding[0]?.message).toMatch(/^memory: /);
  });

  it('reports progress monotonically, ending at total', async () => {
    const calls: Array<[number, number]> = [];
    await plan({ workload: { model: SMALL, tokens: 2e10 }, constraints: { accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 512 }] } }, { yieldEveryMs: 0, onProgress: (d, t) => calls.push([d, t]) });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    const last = calls[calls.length - 1]!;
    expect(last[0]).toBe(last[1]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]![0]).toBeGreaterThanOrEqual(calls[i - 1]![0]);
    for (const [d, t] of calls) expect(d).toBeLessThanOrEqual(t);
  });

  it('liquid-only servers are skipped when only air is offered, with a note', async () => {
    const r = await plan(
      { workload: { model: SMALL, tokens: 2e10 }, constraints: { accelerators: [{ id: 'gb200', maxCount: 144 }, { id: 'h100-sxm5-80gb', maxCount: 64 }], cooling: ['air'] } },
      { yieldEveryMs: 0 },
    );
    expect(r.candidates.every((c) => c.accelerator === 'h100-sxm5-80gb' && c.cooling === 'air')).toBe(true);
    expect(r.notes.join(' ')).toContain('gb200-nvl72');
  });

  it('mixed pools (options.mixedPools): both pools at their limits, within the constraints, as a two-pool design', async () => {
    const r = await plan(
      {
        workload: { model: SMALL, tokens: 5e10, globalBatch: 512 },
        constraints: { deadlineDays: 30, accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 64 }, { id: 'a100-sxm4-80gb', maxCount: 64 }], cooling: ['air'], oversubscription: [1] },
        objective: 'time',
        options: { mixedPools: true, maxResults: 50 },
      },
      { yieldEveryMs: 0 },
    );
    const mixed = r.candidates.filter((c) => c.pools);
    expect(r.stats.mixedEvaluated).toBe(1);
    expect(mixed).toHaveLength(1);
    const m = mixed[0]!;
    expect(m.pools!.map((p) => [p.accelerator, p.count])).toEqual([
      ['h100-sxm5-80gb', 64],
      ['a100-sxm4-80gb', 64],
    ]);
    expect(m.count).toBe(128);
    expect(m.metrics.wallClockDays).toBeLessThanOrEqual(30);
    // 128 accelerators of which half are A100s: faster than 64 H100s alone, slower than 128 H100s would be
    const h64 = r.candidates.find((c) => c.accelerator === 'h100-sxm5-80gb' && c.count === 64)!;
    expect(m.metrics.trainingDays).toBeLessThan(h64.metrics.trainingDays);
    const pools = new Set(m.design!.servers.map((sv) => sv.pool));
    expect(pools).toEqual(new Set(['h100-sxm5-80gb', 'a100-sxm4-80gb']));
  }, 60_000);
});
