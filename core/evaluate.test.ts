import { describe, expect, it } from 'vitest';
import { createCatalog } from './catalog';
import { InputError } from './errors';
import { evaluate } from './evaluate';
import { parseDesign, type DesignInput } from './model';

const base = (extra: Partial<DesignInput>): DesignInput => ({ schemaVersion: 2, id: 'd', name: 'test', ...extra });
const rack = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Rack ${id}`,
  position: { x: 0, y: 0 },
  heightU: 48,
  powerBudgetW: 45_000,
  cooling: 'rear-door' as const,
  ...extra,
});

describe('evaluate: single systems', () => {
  it('a DGX H100 is 10.2 kW at nameplate and 8 GPUs', () => {
    const r = evaluate(parseDesign(base({ racks: [rack('r1')], servers: [{ id: 's1', partId: 'dgx-h100', rackId: 'r1', slotU: 1 }] })));
    expect(r.accelerators).toBe(8);
    expect(r.servers).toBe(1);
    expect(r.maxRackPowerKW).toBe(10.2);
    expect(r.rackResults[0]!.itPowerW).toBe(10_200);
    expect(r.rackResults[0]!.usedU).toBe(8);
    // Peak: 8 x 989 TFLOPS BF16; HBM 8 x 80 GB.
    expect(r.compute.peakPflops.bf16).toBeCloseTo(7.912, 6);
    expect(r.compute.hbmTB).toBeCloseTo(0.64, 6);
  });

  it('an empty design gives valid zero results and a null PUE', () => {
    const r = evaluate(parseDesign(base({})));
    expect(r.accelerators).toBe(0);
    expect(r.itPowerKW).toBe(0);
    expect(r.facilityPowerKW).toBe(0);
    expect(r.pue).toBeNull();
    expect(r.capexUsd).toBe(0);
    expect(r.annualEnergyMWh).toBe(0);
    expect(r.cost.costPerAcceleratorHourUsd).toBeNull();
    expect(r.warnings).toEqual([]);
  });
});

describe('evaluate: 1,024 H100 cluster built bottom-up', () => {
  // 4 scalable units x 8 racks x 4 DGX H100 (SuperPOD: 4 DGX per rack, 32 nodes per SU),
  // one rail-optimised QM9700 fabric at 400 Gb/s per GPU.
  const design = parseDesign(
    base({
      groups: [{ id: 'su', name: 'SU', kind: 'su', count: 4, position: { x: 0, y: 0 } }],
      racks: [rack('r', { groupId: 'su', count: 8 })],
      servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', slotU: 2, quantity: 4 }],
      fabrics: [{ id: 'f', name: 'Compute fabric', switchPartId: 'qm9700' }],
    }),
  );
  const r = evaluate(design);

  it('counts match the SuperPOD table of REFERENCE.md (4 SUs: 32 leaf, 16 spine, 1,024 cables per tier)', () => {
    expect(r.accelerators).toBe(1024);
    expect(r.servers).toBe(128);
    expect(r.racks).toBe(32);
    expect(r.inventory.switches.byTier).toEqual({ leaf: 32, spine: 16, core: 0, other: 0 });
    expect(r.switches).toBe(48);
    expect(r.fabrics[0]!.links.nodeLeaf).toBe(1024);
    expect(r.fabrics[0]!.links.leafSpine).toBe(1024);
  });

  it('IT power equals the hand calculation', () => {
    // Hand calculation (typical load):
    //   servers     128 x 7,500 W (DGX H100 typical)                     =   960,000 W
    //   switches     48 x   747 W (QM9700 typical, passive)              =    35,856 W
    //   optics  node-leaf: 1,024 links, twin-port 800G modules at both
    //           ends (DGX OSFP cages and QM9700 cages) = 512 + 512 modules
    //           x 15 W (multimode, within a row)                         =    15,360 W
    //           leaf-spine: 1,024 links = 512 + 512 twin-port modules
    //           x 17 W (singlemode, across the hall)                     =    17,408 W
    //   management 1% of server power                                    =     9,600 W
    //   total                                                            = 1,038,224 W
    const expectedW = 128 * 7500 + 48 * 747 + 1024 * 15 + 1024 * 17 + 0.01 * 128 * 7500;
    expect(expectedW).toBe(1_038_224);
    expect(r.itPowerKW).toBeCloseTo(expectedW / 1000, 6);
    expect(r.power.breakdownKW.compute).toBe(960);
    expect(r.power.breakdownKW.accelerators).toBeCloseTo(1024 * 0.7, 6);
    expect(r.inventory.transceivers).toBe(2048);
    // Nameplate: 128 x 10.2 kW servers + 48 x 1,180 W switches + optics + 1% management.
    expect(r.power.itMaxKW).toBeCloseTo((128 * 10_200 + 48 * 1180 + 32_768 + 0.01 * 128 * 10_200) / 1000, 6);
    expect(r.maxRackPowerKW).toBeCloseTo(40.8, 9);
    // Annual energy = facility power x 8,760 h.
    expect(r.annualEnergyMWh).toBeCloseTo((r.facilityPowerKW * 8760) / 1000, 3);
    expect(r.pue!).toBeGreaterThan(1);
    expect(r.pue!).toBeLessThan(1.4);
  });

  it('CAPEX adds up by category and includes the per-kW facility costs', () => {
    const sumBom = r.bom.reduce((s, l) => s + l.totalUsd, 0);
    const c = r.cost.capexByCategory;
    expect(c['accelerated-servers']).toBe(128 * 350_000);
    expect(c['network-switches']).toBe(48 * 30_000);
    // Shell 3,000 + electrical plant not itemised 3,000 (UPS, batteries, transformers and generators are BOM lines) + cooling plant 1,800 USD/kW.
    const perKW = r.power.itMaxKW * (3000 + 3000 + 1800);
    expect(r.capexUsd).toBeCloseTo(sumBom + perKW, 0);
    expect(r.bom.filter((l) => l.category === 'power').map((l) => l.partId)).toEqual(expect.arrayContaining(['facility-ups-battery', 'facility-transformer', 'facility-generator']));
  });
});

describe('evaluate: warnings', () => {
  it('a rack over its power budget produces a warning naming that rack', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('ok'), rack('hot', { name: 'Hot rack', powerBudgetW: 30_000 })],
          servers: [
            { id: 'a', partId: 'dgx-h100', rackId: 'ok', slotU: 1 },
            { id: 'b', partId: 'dgx-h100', rackId: 'hot', slotU: 1, quantity: 4 },
          ],
          fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
        }),
      ),
    );
    const w = r.warnings.filter((x) => x.code === 'rack-over-budget');
    expect(w).toHaveLength(1);
    expect(w[0]!.entityIds).toEqual(['hot']);
    expect(w[0]!.message).toContain('Hot rack');
    expect(w[0]!.message).toContain('40.8 kW');
  });

  it('an unknown part id warns with the nearest ids and is skipped; nothing crashes', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('r')],
          servers: [
            { id: 'good', partId: 'dgx-h100', rackId: 'r', slotU: 1 },
            { id: 'bad', partId: 'dgx-h10', rackId: 'r', slotU: 20 },
          ],
          switches: [{ id: 'sw', partId: 'qm970', rackId: 'r', slotU: 40 }],
          coolingUnits: [{ id: 'cu', partId: 'nope' }],
          fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9800' }],
        }),
      ),
    );
    expect(r.accelerators).toBe(8);
    const unk = r.warnings.filter((x) => x.code === 'unknown-part');
    expect(unk.map((x) => x.entityIds[0]).sort()).toEqual(['bad', 'cu', 'f', 'sw']);
    expect(unk.find((x) => x.entityIds[0] === 'bad')!.message).toMatch(/servers\[1\]\.partId: unknown catalog part "dgx-h10"; nearest: dgx-h100/);
    expect(unk.find((x) => x.entityIds[0] === 'sw')!.message).toContain('qm9700');
    expect(unk.find((x) => x.entityIds[0] === 'f')!.message).toContain('qm9700');
  });

  it('U overflow and overlap are computed from catalog heights', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('r', { heightU: 20 })],
          servers: [
            { id: 'a', partId: 'dgx-h100', rackId: 'r', slotU: 1 },
            { id: 'b', partId: 'dgx-h100', rackId: 'r', slotU: 5 },
            { id: 'c', partId: 'dgx-h100', rackId: 'r', slotU: 15 },
          ],
        }),
      ),
    );
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain('rack-u-overlap'); // a: U1-8, b: U5-12
    expect(codes).toContain('rack-u-overflow'); // c: U15-22 > 20; 24U in a 20U rack
    expect(r.warnings.find((w) => w.code === 'rack-u-overlap')!.entityIds).toEqual(['r', 'a', 'b']);
  });

  it('servers without network are flagged; cabled servers are not', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('r')],
          servers: [
            { id: 'a', partId: 'dgx-h100', rackId: 'r', slotU: 1 },
            { id: 'b', partId: 'dgx-h100', rackId: 'r', slotU: 9 },
          ],
          switches: [{ id: 'sw', partId: 'qm9700', rackId: 'r', slotU: 40, role: 'leaf' }],
          cables: [{ id: 'c1', from: { entityId: 'a', port: 0 }, to: { entityId: 'sw', port: 0 }, media: 'dac', linkGbps: 400, quantity: 8 }],
        }),
      ),
    );
    const w = r.warnings.filter((x) => x.code === 'server-no-network');
    expect(w.map((x) => x.entityIds)).toEqual([['b']]);
    expect(r.inventory.cables).toBe(8);
    expect(r.inventory.cablesByType).toEqual([{ media: 'dac', lengthClass: 'in-rack', linkGbps: 400, count: 8 }]);
  });

  it('air density limit and cooling capacity (rack and CDU loop)', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [
            rack('air', { cooling: 'air', powerBudgetW: 60_000 }),
            rack('cp', { cooling: 'cold-plate', powerBudgetW: 140_000, count: 2 }),
            rack('small', { coolingCapacityW: 10_000 }),
          ],
          servers: [
            { id: 'a', partId: 'dgx-h100', rackId: 'air', slotU: 1, quantity: 5 },
            { id: 'n', partId: 'gb200-nvl72', rackId: 'cp', slotU: 1 },
            { id: 's', partId: 'dgx-h100', rackId: 'small', slotU: 1, quantity: 2 },
          ],
          // One 150 kW CDU for two ~120 kW racks: the loop is over capacity.
          coolingUnits: [{ id: 'cdu', partId: 'cdu-inrack-150kw', rackIds: ['cp'] }],
          fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
        }),
      ),
    );
    const by = (code: string) => r.warnings.filter((w) => w.code === code);
    expect(by('rack-air-density').map((w) => w.entityIds)).toEqual([['air']]); // 5 x 7.5 = 37.5 kW > 30 kW
    // 15 kW > 10 kW; cold-plate racks: 96 kW to liquid each > 75 kW (half a 150 kW CDU).
    expect(by('rack-over-cooling').map((w) => w.entityIds)).toEqual([['cp'], ['small']]);
    const cdu = by('cooling-unit-over-capacity');
    expect(cdu).toHaveLength(1);
    expect(cdu[0]!.entityIds).toEqual(['cdu', 'cp']);
    // 2 racks x 120 kW x 0.8 liquid capture = 192 kW > 150 kW
    expect(cdu[0]!.message).toContain('192 kW');
  });

  it('mixed accelerator pools give an info warning naming the pools and the mixed-chip split', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('r1'), rack('r2', { cooling: 'air', powerBudgetW: 30_000 })],
          servers: [
            { id: 'h', partId: 'dgx-h100', rackId: 'r1', slotU: 1, quantity: 4 },
            { id: 'a', partId: 'atlas-800t-a2', rackId: 'r2', slotU: 1, quantity: 2 },
          ],
          fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
        }),
      ),
    );
    expect(r.pools.map((p) => [p.pool, p.accelerators])).toEqual([
      ['h100-sxm5-80gb', 32],
      ['ascend-910b', 16],
    ]);
    const w = r.warnings.find((x) => x.code === 'mixed-pools');
    expect(w?.severity).toBe('info');
    expect(w?.message).toContain('h100-sxm5-80gb: 32');
    expect(w?.message).toContain('ascend-910b: 16');
    expect(w?.message).toContain('splits the model across them');
  });
});

describe('evaluate: liquid cooling', () => {
  const build = (cooling: 'air' | 'rear-door' | 'cold-plate' | 'immersion') =>
    evaluate(
      parseDesign(
        base({
          racks: [rack('r', { cooling, count: 16 })],
          servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', slotU: 1, quantity: 4 }],
          fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
        }),
      ),
    );
  it('PUE falls air > rear-door > cold-plate > immersion and so does total energy', () => {
    const rs = (['air', 'rear-door', 'cold-plate', 'immersion'] as const).map(build);
    for (let i = 1; i < rs.length; i++) {
      expect(rs[i]!.pue!).toBeLessThan(rs[i - 1]!.pue!);
      expect(rs[i]!.annualEnergyMWh).toBeLessThan(rs[i - 1]!.annualEnergyMWh);
    }
  });
  it('moving servers to cold plates lowers IT power (fans), so energy falls more than PUE', () => {
    const air = build('air');
    const cp = build('cold-plate');
    expect(cp.itPowerKW).toBeLessThan(air.itPowerKW);
    expect(cp.power.fanSavingKW).toBeCloseTo(64 * 7500 * 0.06 / 1000, 6);
    const energyDrop = 1 - cp.annualEnergyMWh / air.annualEnergyMWh;
    const pueDrop = 1 - cp.pue! / air.pue!;
    expect(energyDrop).toBeGreaterThan(pueDrop);
  });
});

describe('evaluate: inputs', () => {
  it('parseDesign rejects negative, NaN and missing fields with the field path', () => {
    const bad = (patch: Record<string, unknown>) => () => parseDesign(base({ racks: [{ ...rack('r'), ...patch }] as never }));
    // A rack budget is bounded to 1 W .. 2 MW (core/model/bounds.ts).
    expect(bad({ powerBudgetW: -5 })).toThrow(/^racks\[0\]\.powerBudgetW: must be >= 1 \(1 to 2,000,000 W/);
    expect(bad({ powerBudgetW: Number.NaN })).toThrow(/^racks\[0\]\.powerBudgetW: must be a finite number/);
    expect(bad({ heightU: undefined })).toThrow(/^racks\[0\]\.heightU/);
    expect(() => parseDesign(base({ servers: [{ id: 's', partId: 'dgx-h100', quantity: 0 }] }))).toThrow(/^servers\[0\]\.quantity/);
    try {
      parseDesign(base({ racks: [{ ...rack('r'), count: -1 }] as never }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).path).toBe('racks[0].count');
    }
  });

  it('uses the catalog passed in (custom parts)', () => {
    const cat = createCatalog([
      {
        kind: 'server',
        id: 'my-box',
        name: 'My box',
        vendor: 'me',
        source: 'user',
        priceUsd: 1000,
        acceleratorId: 'h100-sxm5-80gb',
        acceleratorsPerServer: 4,
        heightU: 4,
        maxPowerW: 5000,
        typicalPowerW: 4000,
        computeNics: { count: 4, linkGbps: 400 },
        cooling: 'air',
      },
    ]);
    const d = parseDesign(base({ servers: [{ id: 's', partId: 'my-box', quantity: 3 }] }));
    const r = evaluate(d, { catalog: cat });
    expect(r.accelerators).toBe(12);
    expect(evaluate(d).accelerators).toBe(0);
  });

  it('is deterministic: same design, byte-identical results', () => {
    const d = parseDesign(
      base({
        groups: [{ id: 'g', name: 'g', kind: 'pod', count: 3, position: { x: 0, y: 0 } }],
        racks: [rack('r', { groupId: 'g', count: 2 })],
        servers: [{ id: 's', partId: 'dgx-b200', rackId: 'r', slotU: 1, quantity: 2 }],
        fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
      }),
    );
    expect(JSON.stringify(evaluate(d))).toBe(JSON.stringify(evaluate(d)));
  });
});

describe('evaluate: workload', () => {
  const workload = {
    model: { layers: 32, hidden: 4096, heads: 32, vocab: 32000, seqLength: 4096 },
    training: { tokens: 1e11, globalBatch: 512, microBatch: 1, precision: 'bf16' as const, recompute: 'none' as const, parallelism: { tp: 1, pp: 1, cp: 1 } },
  };
  it('splits the workload across both pools of a mixed design, with reliability and the run energy/cost/CO2 from wall-clock days', () => {
    // Pipeline depth left open: the mixed-chip planner chooses it (it needs at least one stage per pool).
    const mixedWorkload = { ...workload, training: { ...workload.training, parallelism: { tp: 1, cp: 1 } } };
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('r1'), rack('r2', { cooling: 'air', powerBudgetW: 30_000 })],
          servers: [
            { id: 'h', partId: 'dgx-h100', rackId: 'r1', slotU: 1, quantity: 4 },
            { id: 'a', partId: 'atlas-800t-a2', rackId: 'r2', slotU: 1, quantity: 2 },
          ],
          fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
          workload: mixedWorkload,
        }),
      ),
    );
    const t = r.training!;
    expect(t.pool).toBe('h100-sxm5-80gb + ascend-910b');
    // 4 DGX H100 x 8 + 2 Atlas 800T A2 x 8.
    expect(t.accelerators).toBe(48);
    expect('aggregateUtilization' in t && t.aggregateUtilization).toBeGreaterThan(0);
    expect(t.stepTimeS).toBeGreaterThan(0);
    expect(t.reliability).not.toBeNull();
    const days = t.reliability!.wallClockDays;
    expect(days).toBeGreaterThanOrEqual(t.trainingDays);
    // Run energy = facility power x wall-clock hours; cost and CO2 from the site's price and grid factor.
    expect(r.runEnergyMWh).toBeCloseTo((r.facilityPowerKW * days * 24) / 1000, 4);
    expect(r.runCostUsd).toBeCloseTo(r.runEnergyMWh! * 1000 * 0.08, 0);
    expect(r.runCO2Tonnes).toBeCloseTo(r.runEnergyMWh! * 0.55, 4);
    expect(r.assumptions.some((a) => a.key === 'crossPoolLatencyS')).toBe(true);
  });

  it('a mixed design with a one-stage pipeline forced says why it cannot be split', () => {
    const r = evaluate(
      parseDesign(
        base({
          racks: [rack('r1'), rack('r2', { cooling: 'air', powerBudgetW: 30_000 })],
          servers: [
            { id: 'h', partId: 'dgx-h100', rackId: 'r1', slotU: 1, quantity: 4 },
            { id: 'a', partId: 'atlas-800t-a2', rackId: 'r2', slotU: 1, quantity: 2 },
          ],
          workload,
        }),
      ),
    );
    expect(r.training).toBeUndefined();
    const w = r.warnings.find((x) => x.code === 'training-infeasible');
    expect(w?.severity).toBe('error');
    expect(w?.message).toContain('parallelism.pp');
  });

  it('an infeasible workload is reported as an error warning, not thrown', () => {
    const r = evaluate(
      parseDesign(
        base({
          servers: [{ id: 'h', partId: 'dgx-h100', quantity: 2 }],
          workload: { ...workload, training: { ...workload.training, parallelism: { tp: 3, pp: 1, cp: 1 } } },
        }),
      ),
    );
    expect(r.training).toBeUndefined();
    expect(r.warnings.some((w) => w.code === 'training-infeasible' && w.severity === 'error')).toBe(true);
  });
});

describe('evaluate: assumptions', () => {
  const d = (assumptions: Record<string, number>) =>
    parseDesign(
      base({
        racks: [rack('r', { count: 8 })],
        servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', slotU: 1, quantity: 4 }],
        fabrics: [{ id: 'f', name: 'f', switchPartId: 'qm9700' }],
        assumptions,
      }),
    );
  it('design.assumptions override power, cooling and network coefficients by key and are listed with their values', () => {
    const plain = evaluate(d({}));
    const cop = evaluate(d({ 'cooling.chillerCop': 9 }));
    expect(cop.pue!).toBeLessThan(plain.pue!);
    expect(cop.assumptions.find((x) => x.key === 'cooling.chillerCop')?.value).toBe(9);
    // 32 DGX (one row): 256 node-leaf links and 256 leaf-spine links, all within the row (multimode),
    // on twin-port modules at both ends = 4 x 128 = 512 modules; 20 W instead of 15 W each.
    const optics = evaluate(d({ opticsPowerW800Multimode: 20 }));
    expect(plain.fabrics[0]!.links).toMatchObject({ nodeLeaf: 256, leafSpine: 256 });
    expect(optics.power.breakdownKW.optics - plain.power.breakdownKW.optics).toBeCloseTo((512 * 5) / 1000, 6);
    expect(optics.assumptions.find((x) => x.key === 'opticsPowerW800Multimode')?.value).toBe(20);
  });
});

describe('evaluate: collective tables of the training job', () => {
  it('gives the TP group of 8 A100 in one node the nccl-tests all-reduce bus bandwidth (REFERENCE.md: 230-250 GB/s at 8 GiB)', async () => {
    const { scenarioToDesign } = await import('./model/scenario');
    const design = scenarioToDesign({
      model: { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048 },
      training: { tokens: 3e11, globalBatch: 1536, microBatch: 1, recompute: 'full', parallelism: { tp: 8, pp: 8, dp: 16 } },
      cluster: { accelerator: 'a100-sxm4-80gb', count: 1024, perNode: 8, scaleOutGbps: 200 },
    });
    const r = evaluate(design);
    const tp = r.collectives?.find((g) => g.name === 'tp');
    const dp = r.collectives?.find((g) => g.name === 'dp');
    expect(tp?.group.size).toBe(8);
    expect(dp?.group.size).toBe(16);
    const big = tp?.rows.find((row) => row.op === 'all-reduce' && row.bytes === 8 * 2 ** 30);
    expect(big?.busbwGBps).toBeGreaterThanOrEqual(230);
    expect(big?.busbwGBps).toBeLessThanOrEqual(250);
    // A DP group with one rank per node crosses the 200 Gb/s NICs (25 GB/s one way): each rank must send
    // (n-1)/n of the message, so the reduce-scatter bus bandwidth cannot exceed 25 GB/s.
    expect(dp?.group.membersPerNode).toBe(1);
    const dpBig = dp?.rows.find((row) => row.op === 'reduce-scatter' && row.bytes === 8 * 2 ** 30);
    expect(dpBig?.busbwGBps).toBeGreaterThan(0);
    expect(dpBig?.busbwGBps).toBeLessThanOrEqual(25);
  });
});

describe('evaluate: assumption overrides', () => {
  it('reports an impossible override and an unknown key, and computes with the default instead', () => {
    const d = (assumptions: Record<string, number>) =>
      parseDesign(
        base({
          racks: [rack('r1')],
          servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r1', slotU: 1 }],
          assumptions,
        }),
      );
    const plain = evaluate(d({}));
    const bad = evaluate(d({ 'power.upsEfficiency': -3, 'cooling.freeAir.temperate': 1.5, upsEfficiency: 0.9 }));
    const invalid = bad.warnings.filter((w) => w.code === 'assumption-invalid');
    expect(invalid.map((w) => w.severity)).toEqual(['error', 'error']);
    expect(invalid[0]?.message).toContain('assumptions.power.upsEfficiency');
    expect(invalid[1]?.message).toContain('must be <= 1');
    const unknown = bad.warnings.find((w) => w.code === 'assumption-unknown');
    expect(unknown?.message).toContain('power.upsEfficiency');
    // The rejected overrides are not used: facility power equals the all-defaults result.
    expect(bad.facilityPowerKW).toBe(plain.facilityPowerKW);
    // A valid override is used (a worse UPS raises facility power).
    expect(evaluate(d({ 'power.upsEfficiency': 0.9 })).facilityPowerKW).toBeGreaterThan(plain.facilityPowerKW);
  });
});
