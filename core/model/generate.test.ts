import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { InputError } from '../errors';
import { generateDesign } from './generate';
import { parseDesign } from './parse';
import { scenarioFromJson, scenarioToDesign } from './scenario';
import { TEMPLATES, templateById } from './templates';

describe('generateDesign', () => {
  it('1,024 H100 -> 4 SUs of 8 racks x 4 DGX (SuperPOD), one replicated group, 48 QM9700', () => {
    const d = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 1024 });
    expect(d.groups).toHaveLength(1);
    expect(d.groups[0]!.count).toBe(4);
    expect(d.racks).toHaveLength(1);
    expect(d.racks[0]!.count).toBe(8);
    expect(d.servers[0]!.quantity).toBe(4);
    expect(d.servers[0]!.partId).toBe('dgx-h100');
    const r = evaluate(d);
    expect([r.accelerators, r.servers, r.racks]).toEqual([1024, 128, 32]);
    expect(r.inventory.switches.byTier).toEqual({ leaf: 32, spine: 16, core: 0, other: 0 });
    expect(r.warnings.filter((w) => w.severity !== 'info')).toEqual([]);
  });

  it('a partial last unit becomes a second group: 1,000 H100 = 3 full SUs + 29 nodes (7 racks of 4 + 1 rack of 1)', () => {
    const d = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 1000 });
    expect(d.groups.map((g) => g.count)).toEqual([3, 1]);
    const partial = d.racks.filter((r) => r.groupId === d.groups[1]!.id);
    expect(partial.map((r) => r.count)).toEqual([7, 1]);
    const q = d.servers.filter((s) => partial.some((r) => r.id === s.rackId)).map((s) => s.quantity);
    expect(q).toEqual([4, 1]);
    const r = evaluate(d);
    expect(r.accelerators).toBe(1000);
    expect(r.servers).toBe(125);
    expect(r.racks).toBe(24 + 8);
  });

  it('servers per rack follow the rack power budget (and height)', () => {
    // 20 kW budget / 10.2 kW -> 1 DGX per rack; 100 kW liquid budget, 48U -> 5 DGX (8U each, U2..U41).
    expect(generateDesign({ accelerator: 'h100-sxm5-80gb', count: 64, rackPowerBudgetW: 20_000 }).servers[0]!.quantity).toBe(1);
    const cp = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 640, cooling: 'cold-plate' });
    expect(cp.servers[0]!.quantity).toBe(5);
    expect(cp.racks[0]!.cooling).toBe('cold-plate');
    expect(evaluate(cp).warnings.filter((w) => w.severity !== 'info')).toEqual([]);
  });

  it('air racks above the density limit get rear doors; liquid-native racks stay liquid', () => {
    const asc = generateDesign({ accelerator: 'ascend-910b', count: 1024, cooling: 'air' });
    // 7 x 4.5 kW typical = 31.5 kW > 30 kW plain-air limit.
    expect(asc.racks[0]!.cooling).toBe('rear-door');
    expect(asc.coolingUnits.some((c) => c.partId === 'rdhx-50kw')).toBe(true);
    const nvl = generateDesign({ accelerator: 'gb200', count: 576, cooling: 'air' });
    expect(nvl.racks[0]!.cooling).toBe('cold-plate');
    expect(nvl.racks[0]!.heightU).toBeGreaterThanOrEqual(48);
  });

  it('a cluster too large for the default switch picks a larger one', () => {
    const d = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 100_000 });
    expect(d.fabrics[0]!.switchPartId).not.toBe('qm9700');
    const r = evaluate(d);
    expect(r.accelerators).toBe(100_000);
    expect(r.warnings.filter((w) => w.severity === 'error')).toEqual([]);
  });

  it('scaleOutGbps different from the server is carried on the fabric', () => {
    const d = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 256, scaleOutGbps: 200 });
    expect(d.fabrics[0]!.nicGbpsPerAccelerator).toBe(200);
    const r = evaluate(d);
    expect(r.fabrics[0]!.links.nodeLeaf).toBe(256);
  });

  it('mixed pools: a hall per pool with its own fabric; servers carry their pool', () => {
    const d = generateDesign({
      accelerator: 'h100-sxm5-80gb',
      count: 1,
      pools: [
        { accelerator: 'h100-sxm5-80gb', count: 256 },
        { accelerator: 'ascend-910b', count: 512 },
      ],
    });
    expect(d.groups.filter((g) => g.kind === 'hall')).toHaveLength(2);
    expect(d.fabrics).toHaveLength(2);
    expect(new Set(d.servers.map((s) => s.pool))).toEqual(new Set(['h100-sxm5-80gb', 'ascend-910b']));
    const r = evaluate(d);
    expect(r.pools.map((p) => [p.pool, p.accelerators])).toEqual([
      ['ascend-910b', 512],
      ['h100-sxm5-80gb', 256],
    ]);
    expect(r.fabrics.map((f) => f.accelerators)).toEqual([256, 512]);
  });

  it('bad input names the field', () => {
    expect(() => generateDesign({ accelerator: 'h100', count: 8 })).toThrow(/^accelerator: unknown accelerator id "h100"; nearest: h100-sxm5-80gb/);
    expect(() => generateDesign({ accelerator: 'h100-sxm5-80gb', count: 12 })).toThrow(/^count: must be a multiple of 8/);
    expect(() => generateDesign({ accelerator: 'h100-sxm5-80gb', count: 16, perNode: 4 })).toThrow(/^perNode: /);
    expect(() => generateDesign({ accelerator: 'h100-sxm5-80gb', count: 16, server: 'atlas-800t-a2' })).toThrow(/^server: /);
  });

  it('canvas positions: units side by side, racks and their cooling inside their unit, the fabric beside them', () => {
    // Canvas sizes (renderer/canvas/layout.ts): racks 200 x (46 + 10 px/U + 4), free units 176 x 46, fabric 236 wide.
    const d = generateDesign({ accelerator: 'ascend-910b', count: 10_000, server: 'atlas-800t-a2' });
    const [a, b] = d.groups;
    expect(b!.position.y).toBe(a!.position.y);
    expect(b!.position.x).toBeGreaterThanOrEqual(a!.position.x + a!.size!.width);
    type Box = { x: number; y: number; w: number; h: number };
    const boxes = new Map<string, Box[]>();
    const add = (g: string, box: Box) => boxes.set(g, [...(boxes.get(g) ?? []), box]);
    for (const r of d.racks) add(r.groupId!, { x: r.position.x, y: r.position.y, w: 200, h: 46 + r.heightU * 10 + 4 });
    for (const c of d.coolingUnits) add(c.groupId!, { x: c.position!.x, y: c.position!.y, w: 176, h: 46 });
    for (const g of d.groups) {
      const inner = boxes.get(g.id)!;
      for (const x of inner) {
        // Inside the group below its header, and clear of every sibling.
        expect(x.x).toBeGreaterThan(0);
        expect(x.y).toBeGreaterThanOrEqual(44);
        expect(x.x + x.w).toBeLessThanOrEqual(g.size!.width);
        expect(x.y + x.h).toBeLessThanOrEqual(g.size!.height);
        for (const o of inner) {
          if (o === x) continue;
          const apart = x.x + x.w <= o.x || o.x + o.w <= x.x || x.y + x.h <= o.y || o.y + o.h <= x.y;
          expect(apart).toBe(true);
        }
      }
    }
    // Every cooling unit has a place (rear doors too), and the fabric is right of both units.
    expect(d.coolingUnits.every((c) => c.position)).toBe(true);
    expect(d.fabrics[0]!.position!.x).toBeGreaterThanOrEqual(b!.position.x + b!.size!.width);
    // Rack sets are numbered among those drawn; a lone rack has no number.
    expect(d.racks.map((r) => r.name)).toEqual(['SU rack', 'SU (partial) rack', 'SU (partial) rack 2']);
    expect(generateDesign({ accelerator: 'h100-sxm5-80gb', count: 8 }).racks.map((r) => r.name)).toEqual(['SU (partial) rack']);
  });
});

describe('scenarios (CLI.md)', () => {
  const gpt3 = {
    name: 'GPT-3 175B on 1024 A100',
    model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
    training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16', parallelism: { tp: 8, pp: 8, dp: 16 } },
    cluster: { accelerator: 'a100-sxm4-80gb', count: 1024, perNode: 8, scaleOutGbps: 200, switch: 'qm9700', oversubscription: 1, cooling: 'air' },
    site: { electricityUsdPerKWh: 0.08, gridKgCO2PerKWh: 0.55, climate: 'temperate' },
  };

  it('the CLI.md example expands into a design with the workload', () => {
    const d = scenarioToDesign(gpt3);
    expect(d.name).toBe('GPT-3 175B on 1024 A100');
    expect(d.workload?.model.layers).toBe(96);
    expect(d.workload?.training.parallelism).toEqual({ tp: 8, pp: 8, dp: 16 });
    expect(d.fabrics[0]!.switchPartId).toBe('qm9700');
    expect(d.site.electricityUsdPerKWh).toBe(0.08);
    const r = evaluate(d, { skipTraining: true });
    expect(r.accelerators).toBe(1024);
    expect(r.servers).toBe(128);
  });

  it('errors carry the scenario field path', () => {
    const bad = (cluster: Record<string, unknown>, extra: Record<string, unknown> = {}) => () => scenarioToDesign({ ...gpt3, ...extra, cluster: { ...gpt3.cluster, ...cluster } });
    expect(bad({ count: -8 })).toThrow(/^cluster\.count: must be >= 1/);
    expect(bad({ count: Number.NaN })).toThrow(/^cluster\.count/);
    expect(bad({ accelerator: 'a100-80gb' })).toThrow(/^cluster\.accelerator: unknown accelerator id "a100-80gb"; nearest: a100-sxm4-80gb/);
    expect(bad({ switch: 'qm9701' })).toThrow(/^cluster\.switch: .*qm9700/);
    expect(bad({ count: 1020 })).toThrow(/^cluster\.count: must be a multiple of 8/);
    expect(bad({ oversubscription: 0.5 })).toThrow(/^cluster\.oversubscription: must be >= 1/);
    expect(bad({}, { model: { ...gpt3.model, heads: undefined } })).toThrow(/^model\.heads: is required/);
    expect(bad({}, { training: undefined })).toThrow(/^training: is required when model is given/);
    expect(() => scenarioFromJson({ cluster: {} })).toThrow(/^cluster\.accelerator: is required/);
    expect(() => scenarioFromJson([])).toThrow(InputError);
    expect(() => scenarioFromJson({ cluster: { pools: [{ accelerator: 'ascend910b', count: 8 }] } })).toThrow(/^cluster\.pools\[0\]\.accelerator: .*ascend-910b/);
  });

  it('pools expand into servers of each accelerator with their pool; crossPoolGbps goes to the workload', () => {
    const d = scenarioToDesign({
      model: gpt3.model,
      training: gpt3.training,
      cluster: {
        pools: [
          { accelerator: 'h100-sxm5-80gb', count: 512, perNode: 8, scaleOutGbps: 400 },
          { accelerator: 'ascend-910b', count: 512, name: 'npu' },
        ],
        crossPoolGbps: 200,
      },
    });
    expect(d.workload?.crossPoolGbps).toBe(200);
    const pools = new Set(d.servers.map((s) => s.pool));
    expect(pools).toEqual(new Set(['h100-sxm5-80gb', 'npu']));
    const r = evaluate(d, { skipTraining: true });
    expect(r.accelerators).toBe(1024);
  });

  it('a scenario without a model has no workload', () => {
    const d = scenarioToDesign({ cluster: { accelerator: 'mi300x', count: 64 } });
    expect(d.workload).toBeUndefined();
    expect(evaluate(d).accelerators).toBe(64);
  });
});

describe('templates', () => {
  it('every template builds a valid design that evaluates without errors or warnings', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(expect.arrayContaining(['sample', 'h100-superpod-1k', 'h100-superpod-4k', 'ascend-910b-10k', 'gb200-nvl72-su', 'mixed-h100-ascend']));
    for (const t of TEMPLATES) {
      const d = t.build();
      expect(() => parseDesign(JSON.parse(JSON.stringify(d))), t.id).not.toThrow();
      const r = evaluate(d);
      expect(r.accelerators, t.id).toBe(t.accelerators);
      expect(r.warnings.filter((w) => w.severity !== 'info'), t.id).toEqual([]);
      expect(t.name.en.length && t.name['zh-CN'].length).toBeGreaterThan(0);
    }
  });

  it('the 4,096-GPU SuperPOD has the REFERENCE.md 16-SU fabric: 128 leaf, 128 spine, 64 core', () => {
    const r = evaluate(templateById('h100-superpod-4k')!.build());
    expect(r.inventory.switches.byTier).toEqual({ leaf: 128, spine: 128, core: 64, other: 0 });
    expect(r.fabrics[0]!.links.nodeLeaf).toBe(4096);
  });

  it('the sample is small, drawn by hand and carries a workload', () => {
    const d = templateById('sample')!.build();
    expect(d.racks).toHaveLength(2);
    expect(d.fabrics).toHaveLength(0);
    expect(d.switches.length).toBeGreaterThan(0);
    expect(d.cables.length).toBeGreaterThan(0);
    expect(d.workload).toBeDefined();
    const r = evaluate(d);
    expect(r.accelerators).toBe(64);
    expect(r.inventory.cables).toBe(32 * 2 + 16 * 4);
    expect(r.switches).toBe(4);
  });

  it('the Ascend 10k template is 1,250 Atlas 800T A2 and few entities (replication)', () => {
    const d = templateById('ascend-910b-10k')!.build();
    expect(d.servers.length).toBeLessThanOrEqual(4);
    const r = evaluate(d);
    expect(r.servers).toBe(1250);
    expect(r.inventory.serversByType).toEqual([{ key: 'atlas-800t-a2', count: 1250 }]);
  });
});
