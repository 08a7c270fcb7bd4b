/**
 * The chips and systems architects in China buy (issue 21): each new record read
 * against the figures of its cited source, each usable by id in the CLI (`evaluate`,
 * `fabric`) and offered by the planner; mass and size on every part; a rack-scale
 * system's all-in power beside its compute nameplate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run';
import { generateDesign } from '../model/generate';
import { parseRequirements } from '../planner/requirements';
import { plan } from '../planner';
import { BUILTIN_CATALOG, createCatalog, DEFAULT_CATALOG, defaultServerFor, parseCatalogPart } from './index';

const cat = DEFAULT_CATALOG;
const acc = (id: string) => cat.requireOfKind(id, 'accelerator', id);

/** The new accelerators and the server (or rack-scale system) each is sold in. */
const NEW_CHIPS: Array<[string, string | undefined]> = [
  ['h20-96gb', 'hgx-h20'],
  ['b300', 'hgx-b300'],
  ['gb300', 'gb300-nvl72'],
  ['mi325x', 'mi325x-platform'],
  ['mi355x', 'mi355x-platform'],
  ['ascend-910c', 'cloudmatrix-384'],
  ['mtt-s5000', 'kuae-s5000'],
  ['metax-c500', 'metax-c500-8x'],
  ['metax-c600', 'metax-c600-8x'],
  ['mlu590', 'mlu590-8x'],
  ['hygon-k100-ai', 'hygon-k100-8x'],
  ['br104', 'br104-8x'],
];
const NEW_SWITCHES = ['arista-7808r3', 'minipack3-51t2'];
/** Accelerators per system of the chips sold only in a rack-scale system (the rest come 8 to a server). */
const SYSTEM_SIZE: Record<string, number> = { gb300: 72, 'ascend-910c': 384 };

describe('new chips against their sources', () => {
  it('carry the figures of the research table (dense BF16 / FP8 TFLOPS, GB, TB/s, W, scale-up GB/s and domain)', () => {
    // [id, bf16, fp8, memory GB, TB/s, TDP W, scale-up GB/s, domain]: the values the cited texts give
    // (willitrunai / huggingface for H20; Lockwood and Verda for B300/GB300; AMD sheet copies for MI325X;
    // Tom's Hardware / The Register for MI355X; the CloudMatrix384 paper summaries for 910C;
    // ldeepai / rutab for S5000; Tom's Hardware for BR104).
    const table: Array<[string, number, number, number, number, number, number, number]> = [
      ['h20-96gb', 148, 296, 96, 4.0, 400, 900, 8],
      ['b300', 2250, 4500, 288, 8, 1100, 1800, 8],
      ['gb300', 2500, 5000, 288, 8, 1400, 1800, 72],
      ['mi325x', 1307.4, 2614.9, 256, 6, 1000, 896, 8],
      ['mi355x', 2500, 5000, 288, 8, 1400, 1075, 8],
      // 392 GB/s one way per NPU over the 384-NPU supernode = 784 GB/s both directions as marketed.
      ['ascend-910c', 752, 752, 128, 3.2, 700, 2 * 392, 384],
      ['mtt-s5000', 1000 / 2, 1000, 80, 1.6, 600, 784, 8],
      ['br104', 512, 512, 32, 0.819, 300, 128, 8],
    ];
    for (const [id, bf16, fp8, gb, tbps, w, su, dom] of table) {
      const a = acc(id);
      expect([a.peakTflops.bf16, a.peakTflops.fp8, a.memoryGB, a.memoryTBps, a.tdpW, a.scaleUp.bandwidthGBps, a.scaleUp.domainSize], id).toEqual([
        bf16,
        fp8,
        gb,
        tbps,
        w,
        su,
        dom,
      ]);
    }
    // MI325X and BR104 carry the lower precisions of their sheets too.
    expect(acc('mi325x').peakTflops).toMatchObject({ tf32: 653.7, fp32: 163.4 });
    expect(acc('br104').peakTflops).toMatchObject({ tf32: 256, fp32: 128 });
    // MetaX C500: the one figure found is 15 TFLOPS FP32.
    expect(acc('metax-c500').peakTflops.fp32).toBe(15);
  });

  it('cite their sources and say what is unverified', () => {
    const cites: Record<string, RegExp[]> = {
      'h20-96gb': [/willitrunai\.com/, /huggingface\.co\/hardware\/h20/, /FP8 296 is INFERRED/],
      b300: [/glennklockwood\.com\/garden\/processors\/B300/, /Verda/],
      gb300: [/Verda/, /279 GB usable vs 288 GB marketed/],
      mi325x: [/awesomeagents\.ai\/hardware\/amd-mi325x/],
      mi355x: [/Tom's Hardware/, /2,500 TFLOPS .* UNVERIFIED/],
      'ascend-910c': [/arXiv 2506\.12708/, /700 W .* UNVERIFIED/],
      'mtt-s5000': [/ldeepai\.com/, /rutab\.net/, /600 W board power is UNVERIFIED/],
      'metax-c500': [/UNVERIFIED/],
      'metax-c600': [/NO FIGURE WAS PUBLISHED/, /PLACEHOLDER ESTIMATES/],
      mlu590: [/awesomeagents\.ai\/hardware\/cambricon-mlu590/, /UNVERIFIED/],
      'hygon-k100-ai': [/NO TEXT FOUND/, /UNVERIFIED/],
      br104: [/Tom's Hardware 2022-08/, /VENDOR CLAIM/],
    };
    for (const [id, res] of Object.entries(cites)) for (const re of res) expect(acc(id).source, id).toMatch(re);
  });

  it('each comes with its server (8-way), or, sold only in a rack-scale system, with that system', () => {
    for (const [id, serverId] of NEW_CHIPS) {
      const s = defaultServerFor(id);
      expect(s?.acceleratorId, id).toBe(id);
      expect(s?.acceleratorsPerServer, id).toBe(SYSTEM_SIZE[id] ?? 8);
      if (serverId) expect(s?.id, id).toBe(serverId);
      else expect(s?.id, id).toBe(`generic-8x-${id}`);
    }
    // DGX SuperPOD B300 XDR RA: ~56 kW per rack of 4 DGX B300, 8x ConnectX-8 800G per node.
    const b300 = cat.requireOfKind('hgx-b300', 'server', '');
    expect(b300.maxPowerW * 4).toBe(56_000);
    expect(b300.computeNics).toMatchObject({ count: 8, linkGbps: 800 });
    // MI355X is the 1,400 W liquid-cooled part: its platform is cold-plate cooled.
    expect(cat.requireOfKind('mi355x-platform', 'server', '').cooling).toBe('cold-plate');
  });

  it('the generic server of a chip without a server record is a catalog part, so designs naming it evaluate', () => {
    const g = cat.requireOfKind('generic-8x-gb300', 'server', 'servers[0].partId');
    // 8 x 1,400 W / 0.56 accelerator power share = 20,000 W.
    expect(g.maxPowerW).toBe(20_000);
    expect(cat.has('generic-4x-ascend-910c')).toBe(true);
    expect(cat.get('generic-8x-no-such-chip')).toBeUndefined();
    // Listed servers stay the records of the data.
    expect(cat.servers().some((s) => s.id === 'generic-8x-gb300')).toBe(false);
  });
});

describe('new systems and parts', () => {
  it('liquid-cooled 4U HGX H100/H200: eight per rack (64 GPUs) as in the xAI Colossus racks', () => {
    for (const id of ['hgx-h100-4u-liquid', 'hgx-h200-4u-liquid']) {
      const s = cat.requireOfKind(id, 'server', '');
      expect([s.heightU, s.cooling, s.serversPerRack, s.acceleratorsPerServer], id).toEqual([4, 'cold-plate', 8, 8]);
      expect(s.source).toMatch(/ServeTheHome/);
      // The generator puts 8 in a rack although 11 would fit by rack units (47 U / 4 U) and
      // 10 by the 100 kW liquid rack budget (100 kW / 9.6 kW).
      const d = generateDesign({ accelerator: s.acceleratorId, count: 512, server: id, cooling: 'cold-plate' });
      const perRack = d.servers[0]!.quantity;
      expect(perRack).toBe(8);
      expect(perRack * s.acceleratorsPerServer).toBe(64);
      // The vendor's 8 stays capped by a smaller rack power budget: 40 kW / 9.6 kW = 4 servers.
      const small = generateDesign({ accelerator: s.acceleratorId, count: 512, server: id, cooling: 'cold-plate', rackPowerBudgetW: 40_000 });
      expect(small.servers[0]!.quantity).toBe(Math.floor(40_000 / s.maxPowerW));
      expect(Math.floor(40_000 / s.maxPowerW)).toBe(4);
    }
  });

  it('an Arista 7800-class modular spine and a Minipack-class 51.2 Tb/s switch', () => {
    // Arista 7800R3 white paper: 7808R3 is 16 RU with 288 x 400G and a 230 Tb/s fabric.
    const a = cat.requireOfKind('arista-7808r3', 'switch', '');
    expect([a.heightU, a.ports, a.portGbps, a.protocol]).toEqual([16, 288, 400, 'ethernet']);
    expect(a.capacityTbps).toBeCloseTo((288 * 400 * 2) / 1000, 6);
    const m = cat.requireOfKind('minipack3-51t2', 'switch', '');
    expect([m.ports * m.portGbps, m.capacityTbps]).toEqual([51_200, 51.2]);
  });

  it('LPO 800G optics draw about half a DSP module and do not displace the default optics', () => {
    const lpo = cat.requireOfKind('osfp-800g-2xdr4-lpo', 'transceiver', '');
    const dsp = cat.requireOfKind('osfp-800g-2xdr4', 'transceiver', '');
    // axiomupgrades.com: ~8-9 W LPO vs 14-16 W DSP; both singlemode 500 m twin-port.
    expect(lpo.powerW).toBeGreaterThanOrEqual(8);
    expect(lpo.powerW).toBeLessThanOrEqual(9);
    expect([lpo.media, lpo.reachM, lpo.portsPerModule]).toEqual([dsp.media, dsp.reachM, dsp.portsPerModule]);
    // The fabric's BOM takes the first module of a speed, media and cage in catalog order: still the DSP one.
    const first = cat.transceivers().find((t) => t.speedGbps === 800 && t.media === 'singlemode' && t.portsPerModule === 2);
    expect(first?.id).toBe('osfp-800g-2xdr4');
  });
});

describe('mass and size on every part', () => {
  it('every built-in part states its mass (kg) with a source, and its size in mm or rack units', () => {
    for (const p of BUILTIN_CATALOG) {
      const ph = p.physical;
      expect(ph, p.id).toBeDefined();
      expect(ph!.weightKg, p.id).toBeGreaterThan(0);
      expect(ph!.source.trim().length, p.id).toBeGreaterThan(10);
      const racked = p.kind === 'server' || p.kind === 'switch' || p.kind === 'storage';
      // A cable's size is its length (maxLengthM); everything else has mm or U.
      if (p.kind !== 'cable') expect(ph!.dimensionsMm !== undefined || racked, p.id).toBe(true);
      // Where mm are given for a rack-mounted part, they agree with its U (1U = 44.45 mm); a rack-scale
      // system's outer height also holds its frame and casters.
      const rackSystem = p.kind === 'server' && p.isRack === true;
      if (racked && !rackSystem && ph!.dimensionsMm && 'heightU' in p) expect(ph!.dimensionsMm.height, p.id).toBeLessThanOrEqual(p.heightU * 44.45 + 1);
      // Figures not read in a datasheet or reference text say so.
      const cited = /datasheet|User Guide|netbox|geektopia|awesomeagents|OSFP MSA|OCP Open Accelerator|PCIe CEM|CEM|Test/i.test(ph!.source);
      if (!cited) expect(ph!.source, p.id).toMatch(/ESTIMATE|UNVERIFIED/);
    }
  });

  it('DGX B200 (User Guide: 10U, 444 x 482.3 x 897.1 mm, 142.4 kg) and DGX A100 (123 kg)', () => {
    const b = cat.requireOfKind('dgx-b200', 'server', '').physical!;
    expect([b.weightKg, b.dimensionsMm]).toEqual([142.4, { height: 444, width: 482.3, depth: 897.1 }]);
    // 10U = 444.5 mm, the chassis is 444 mm high.
    expect(Math.round(b.dimensionsMm!.height / 44.45)).toBe(10);
    expect(cat.requireOfKind('dgx-a100', 'server', '').physical!.weightKg).toBe(123);
    // netbox devicetype-library: QM9700 14.8 kg, SN5600 23.5 kg, Q3400-RA 60 kg, SN2201 7.41 kg.
    expect(['qm9700', 'sn5600', 'q3400', 'sn2201'].map((id) => cat.require(id, id).physical!.weightKg)).toEqual([14.8, 23.5, 60, 7.41]);
  });

  it('a GB200 NVL72 loads its own footprint with ~1,890 kg/m2 (1,360 kg on 0.6 x 1.2 m)', () => {
    const nvl = cat.requireOfKind('gb200-nvl72', 'server', '').physical!;
    expect(nvl.weightKg).toBe(1360);
    // Hand calculation: 1,360 kg / (0.6 m x 1.2 m) = 1,360 / 0.72 = 1,888.9 kg/m2, above a 1,200 kg/m2 raised floor.
    expect(nvl.weightKg / 0.72).toBeCloseTo(1888.9, 1);
    // The UNVERIFIED 600 x 1,068 mm footprint gives 1,360 / 0.6408 = 2,122 kg/m2.
    const { width, depth } = nvl.dimensionsMm!;
    expect(nvl.weightKg / ((width / 1000) * (depth / 1000))).toBeCloseTo(2122.3, 0);
  });

  it('a custom part may leave mass and size out; a bad figure is refused naming the field', () => {
    const srv = { kind: 'server', id: 'my-box', name: 'My box', acceleratorId: 'b200', acceleratorsPerServer: 8, heightU: 8, maxPowerW: 12_000, typicalPowerW: 9000, computeNics: { count: 8, linkGbps: 400 }, cooling: 'air' };
    expect(parseCatalogPart(srv).physical).toBeUndefined();
    const p = parseCatalogPart({ ...srv, physical: { weightKg: 90, source: 'my scale' } });
    expect(p.physical?.weightKg).toBe(90);
    expect(() => parseCatalogPart({ ...srv, physical: { weightKg: -5, source: 'x' } }, 'parts[0]')).toThrow(/^parts\[0\]\.physical\.weightKg: /);
    expect(() => parseCatalogPart({ ...srv, physical: { weightKg: 5, dimensionsMm: { height: 0, width: 1, depth: 1 }, source: 'x' } }, 'parts[0]')).toThrow(
      /^parts\[0\]\.physical\.dimensionsMm\.height: /,
    );
    // A custom part's mass is used as written.
    expect(createCatalog([p]).get('my-box')?.physical?.weightKg).toBe(90);
  });
});

describe('peak and average power of a rack-scale system', () => {
  it('GB200 NVL72: ~145 kW all-in beside the 132 kW compute nameplate and the 120 kW typical', () => {
    const nvl = cat.requireOfKind('gb200-nvl72', 'server', '');
    expect(nvl.allInPowerW).toBe(145_000);
    expect(nvl.maxPowerW).toBe(132_000);
    // 145 - 132 = 13 kW outside the compute nameplate: ~10% of the rack.
    expect((nvl.allInPowerW! - nvl.maxPowerW) / nvl.maxPowerW).toBeCloseTo(13 / 132, 9);
    expect(nvl.source).toMatch(/145,000 W: SemiAnalysis/);
    for (const s of cat.servers()) if (s.allInPowerW !== undefined) expect(s.allInPowerW, s.id).toBeGreaterThanOrEqual(s.maxPowerW);
  });
});

describe('the new parts by id: CLI and planner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cwb-cov-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  async function cwb(...argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  }

  it('cwb evaluate: a 64-accelerator scenario of every new chip and the liquid-cooled HGX servers', async () => {
    const clusters: Array<Record<string, unknown>> = [
      ...NEW_CHIPS.map(([id]) => ({ accelerator: id, count: SYSTEM_SIZE[id] ?? 64 })),
      { accelerator: 'h100-sxm5-80gb', count: 64, server: 'hgx-h100-4u-liquid', cooling: 'cold-plate' },
      { accelerator: 'h200-sxm-141gb', count: 64, server: 'hgx-h200-4u-liquid', cooling: 'cold-plate' },
    ];
    for (const cluster of clusters) {
      const file = join(dir, `${String(cluster.accelerator)}-${String(cluster.server ?? 'default')}.json`);
      writeFileSync(file, JSON.stringify({ name: 'coverage', cluster }));
      const r = await cwb('evaluate', file);
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout) as { accelerators: number; servers: number; itPowerKW: number; warnings: Array<{ code: string }> };
      // 64 accelerators in 8-way servers = 8 servers; a rack-scale system is one.
      const size = SYSTEM_SIZE[String(cluster.accelerator)];
      expect([out.accelerators, out.servers], file).toEqual(size && !cluster.server ? [size, 1] : [64, 8]);
      expect(out.itPowerKW, file).toBeGreaterThan(0);
      expect(out.warnings.map((w) => w.code), file).not.toContain('unknown-part');
    }
  });

  it('cwb fabric --switch: the 288-port modular spine and the 64 x 800G switch by hand count', async () => {
    // 1,152 GPUs at 400 Gb/s on 288 x 400G: 144 down + 144 up per leaf -> 1,152 / 144 = 8 leaves
    // (one per rail), 1,152 uplinks / 288 ports = 4 spines.
    let r = await cwb('fabric', '--accelerators', '1152', '--per-node', '8', '--switch', 'arista-7808r3');
    expect(r.code, r.stderr).toBe(0);
    let out = JSON.parse(r.stdout) as { tiers: number; switches: Record<string, number>; links: Record<string, number> };
    expect(out.tiers).toBe(2);
    expect(out.switches).toMatchObject({ leaf: 8, spine: 4, core: 0, total: 12 });
    expect(out.links).toMatchObject({ nodeLeaf: 1152, leafSpine: 1152 });
    // 512 GPUs at 800 Gb/s on 64 x 800G: 32 down + 32 up per leaf -> 512 / 32 = 16 leaves (2 per rail),
    // 512 uplinks / 64 = 8 spines.
    r = await cwb('fabric', '--accelerators', '512', '--per-node', '8', '--switch', 'minipack3-51t2');
    expect(r.code, r.stderr).toBe(0);
    out = JSON.parse(r.stdout) as typeof out;
    expect(out.switches).toMatchObject({ leaf: 16, spine: 8, core: 0, total: 24 });
  });

  it('the planner offers every new chip with its servers, and plans them', async () => {
    const parsed = parseRequirements({
      workload: { model: 'llama3-8b', tokens: 1e11, globalBatch: 256, precision: 'bf16' },
      constraints: { deadlineDays: 365, accelerators: NEW_CHIPS.map(([id]) => ({ id, maxCount: Math.max(256, SYSTEM_SIZE[id] ?? 0) })) },
    });
    for (const [i, [id, serverId]] of NEW_CHIPS.entries()) {
      const al = parsed.allowances[i]!;
      expect(al.accelerator.id).toBe(id);
      expect(al.servers[0]?.id, id).toBe(serverId ?? `generic-8x-${id}`);
    }
    // An H100 allowance now also offers the liquid-cooled 4U server.
    const h100 = parseRequirements({
      workload: { model: 'llama3-8b', tokens: 1e11, globalBatch: 256, precision: 'bf16' },
      constraints: { deadlineDays: 365, accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 256 }] },
    });
    expect(h100.allowances[0]!.servers.map((s) => s.id)).toContain('hgx-h100-4u-liquid');
    // The rack-scale systems and a chip on its 8-way server all plan (their designs evaluate); a batch of
    // 288 divides over 72 GPUs (TP 8 x DP 9) and 384 NPUs (TP 8 x DP 48).
    const r = await plan({
      workload: { model: 'llama3-8b', tokens: 1e11, globalBatch: 288, precision: 'bf16' },
      constraints: { deadlineDays: 365, cooling: ['air', 'cold-plate'], accelerators: [{ id: 'gb300', maxCount: 72 }, { id: 'ascend-910c', maxCount: 384 }, { id: 'hygon-k100-ai', maxCount: 64 }] },
      options: { maxResults: 30 },
    });
    const planned = new Set(r.candidates.map((c) => c.accelerator));
    for (const id of ['gb300', 'ascend-910c', 'hygon-k100-ai']) expect(planned.has(id), id).toBe(true);
    expect(r.notes.filter((n) => n.includes('no design could be built'))).toEqual([]);
  });
});

describe('new switches by id in a generated design', () => {
  it('a design on the new switches names them in its fabric', () => {
    for (const id of NEW_SWITCHES) {
      const d = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 256, switch: id });
      expect(d.fabrics[0]?.switchPartId, id).toBe(id);
    }
  });
});
