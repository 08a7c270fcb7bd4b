import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import {
  BUILTIN_CATALOG,
  CatalogPartSchema,
  createCatalog,
  defaultServerFor,
  defaultSwitchFor,
  editDistance,
  genericServerFor,
  nearestIds,
  parseCatalogPart,
} from './index';

const cat = createCatalog();

describe('built-in catalog', () => {
  it('has the accelerator and switch ids required by CLI.md', () => {
    for (const id of [
      'a100-sxm4-40gb',
      'a100-sxm4-80gb',
      'h100-sxm5-80gb',
      'h800-sxm5-80gb',
      'h200-sxm-141gb',
      'b200',
      'gb200',
      'mi300x',
      'gaudi3',
      'ascend-910b',
      'mtt-s4000',
      'br100',
    ]) {
      expect(cat.getOfKind(id, 'accelerator'), id).toBeDefined();
    }
    for (const id of ['qm9700', 'sn5600', 'q3400']) expect(cat.getOfKind(id, 'switch'), id).toBeDefined();
  });

  it('matches REFERENCE.md accelerator table (dense BF16 TFLOPS, memory, HBM TB/s, TDP, scale-up)', () => {
    // [id, TFLOPS, GB, TB/s, W, scale-up GB/s] straight from REFERENCE.md "Accelerators".
    const table: Array<[string, number, number, number, number, number]> = [
      ['a100-sxm4-40gb', 312, 40, 1.555, 400, 600],
      ['a100-sxm4-80gb', 312, 80, 2.039, 400, 600],
      ['h100-sxm5-80gb', 989, 80, 3.35, 700, 900],
      ['h800-sxm5-80gb', 989, 80, 3.35, 700, 400],
      ['h200-sxm-141gb', 989, 141, 4.8, 700, 900],
      // B200 and GB200 memory: corrected below against NVIDIA and MLCommons (REFERENCE.md says 192).
      ['b200', 2250, 180, 8, 1000, 1800],
      ['gb200', 2500, 186, 8, 1200, 1800],
      // MTT S4000: 98 TFLOPS (vendor figures, corrected below; REFERENCE.md has the launch's rounded 100).
      ['mtt-s4000', 98, 48, 0.768, 450, 240],
      ['br100', 1024, 64, 1.64, 550, 448],
    ];
    for (const [id, tflops, gb, tbps, w, su] of table) {
      const a = cat.requireOfKind(id, 'accelerator', id);
      expect(a.peakTflops.bf16, id).toBe(tflops);
      expect(a.memoryGB, id).toBe(gb);
      expect(a.memoryTBps, id).toBe(tbps);
      expect(a.tdpW, id).toBe(w);
      if (id !== 'br100') expect(a.scaleUp.bandwidthGBps, id).toBe(su);
    }
    expect(cat.requireOfKind('mi300x', 'accelerator', '').peakTflops.bf16).toBeCloseTo(1307, 0);
    expect(cat.requireOfKind('gaudi3', 'accelerator', '').peakTflops.bf16).toBe(1835);
    const ascend = cat.requireOfKind('ascend-910b', 'accelerator', '');
    expect(ascend.peakTflops.bf16).toBeGreaterThanOrEqual(280);
    expect(ascend.peakTflops.bf16).toBeLessThanOrEqual(320);
    expect(ascend.memoryGB).toBe(64);
    expect(cat.requireOfKind('gb200', 'accelerator', '').scaleUp.domainSize).toBe(72);
  });

  it('B200 has 180 GB per GPU: DGX B200 totals 1,440 GB (NVIDIA DGX B200 User Guide; MLCommons v6.0 B200-SXM-180GB)', () => {
    // docs.nvidia.com/dgx/dgxb200-user-guide, "DGX B200 Component Descriptions":
    // "8 x NVIDIA B200 GPUs that provide 1,440 GB total GPU memory"; 1,440 / 8 = 180.
    const b200 = cat.requireOfKind('b200', 'accelerator', '');
    expect(b200.memoryGB).toBe(180);
    const dgx = cat.requireOfKind('dgx-b200', 'server', '');
    expect(dgx.acceleratorId).toBe('b200');
    expect(dgx.acceleratorsPerServer * b200.memoryGB).toBe(1440);
    expect(b200.source).toMatch(/1,440 GB total GPU memory/);
    expect(b200.source).toMatch(/nebius_b200_n1\.json/);
  });

  it('GB200 has 186 GB per GPU: an NVL72 holds about 13.4 TB (MLCommons v6.1 GB200-186GB)', () => {
    // MLCommons Inference v6.1, Crusoe GB200-NVL72_GB200-186GB system JSON: accelerator_memory_capacity 186 GB.
    const gb200 = cat.requireOfKind('gb200', 'accelerator', '');
    expect(gb200.memoryGB).toBe(186);
    const nvl = cat.requireOfKind('gb200-nvl72', 'server', '');
    // 72 x 186 GB = 13,392 GB, "about 13.4 TB" (72 x 192 = 13.8 TB was the wrong figure).
    expect((nvl.acceleratorsPerServer * gb200.memoryGB) / 1000).toBeCloseTo(13.4, 1);
    expect(gb200.source).toMatch(/GB200-186GB/);
  });

  it('MTT S4000 follows the vendor figures: 98 FP16 / 49 TF32 / 25 FP32 TFLOPS at 450 W maximum (ITBEAR 2025-12-20)', () => {
    // m.itbear.com.cn/html/2025-12/1060774.html (2025-12-20), quoting Moore Threads' published board data:
    // FP32 25 TFLOPS, TF32 49 TFLOPS, FP16 98 TFLOPS, INT8 196 TOPS, maximum power 450 W.
    // The Dec 2023 launch coverage (io-tech.fi, titancomputers.com) rounded these to 25 / 50 / 100.
    const s4000 = cat.requireOfKind('mtt-s4000', 'accelerator', '');
    expect(s4000.peakTflops).toMatchObject({ fp32: 25, tf32: 49, fp16: 98 });
    // BF16 is not in the vendor table: taken at the FP16 rate and said so; no FP8 (= the BF16 rate).
    expect(s4000.peakTflops.bf16).toBe(98);
    expect(s4000.peakTflops.fp8).toBe(98);
    expect(s4000.source).toMatch(/BF16 is taken at the FP16 rate \(ASSUMPTION/);
    expect(s4000.tdpW).toBe(450);
    expect(s4000.source).toMatch(/450 W maximum power/);
    expect(s4000.source).not.toMatch(/450 W maximum board power is UNVERIFIED/);
    expect(s4000.source).toMatch(/itbear\.com\.cn, 2025-12-20/);
    expect([s4000.memoryGB, s4000.memoryTBps, s4000.scaleUp.bandwidthGBps]).toEqual([48, 0.768, 240]);
  });

  it('DGX H100 is 8 GPUs, 8x400G, 10.2 kW max, typical within 6.5-8.5 kW (REFERENCE.md)', () => {
    const dgx = cat.requireOfKind('dgx-h100', 'server', '');
    expect(dgx.acceleratorsPerServer).toBe(8);
    // DGX H100 User Guide: 8 ConnectX-7 ports behind 4 OSFP twin-port cages = 2 links per module.
    expect(dgx.computeNics).toEqual({ count: 8, linkGbps: 400, linksPerModule: 2 });
    expect(dgx.maxPowerW).toBe(10_200);
    expect(dgx.typicalPowerW).toBeGreaterThanOrEqual(6500);
    expect(dgx.typicalPowerW).toBeLessThanOrEqual(8500);
  });

  it('GB200 NVL72 is a 72-GPU liquid-cooled rack of 120-132 kW (REFERENCE.md)', () => {
    const nvl = cat.requireOfKind('gb200-nvl72', 'server', '');
    expect(nvl.isRack).toBe(true);
    expect(nvl.acceleratorsPerServer).toBe(72);
    // 18 compute trays for 72 GPUs: the fabric sees nodes of 72 / 18 = 4 accelerators.
    expect(nvl.acceleratorsPerFabricNode).toBe(72 / 18);
    expect(nvl.cooling).toBe('cold-plate');
    expect(nvl.typicalPowerW).toBeGreaterThanOrEqual(120_000);
    expect(nvl.maxPowerW).toBeLessThanOrEqual(132_000);
  });

  it('hardware facts the engine needs live on entries: twin-port cages, fabric nodes, fibre modes', () => {
    // DGX B200 User Guide: 8x ConnectX-7 in 4 OSFP cages; HGX H200 shares the DGX H100 chassis.
    for (const id of ['dgx-b200', 'hgx-h200']) expect(cat.requireOfKind(id, 'server', '').computeNics.linksPerModule, id).toBe(8 / 4);
    // Single-port PCIe NIC servers carry no figure (the network assumption's default of 1 applies).
    expect(cat.requireOfKind('hgx-h100', 'server', '').computeNics.linksPerModule).toBeUndefined();
    for (const s of cat.servers()) {
      if (s.acceleratorsPerFabricNode !== undefined) {
        expect(s.isRack, s.id).toBe(true);
        expect(s.acceleratorsPerServer % s.acceleratorsPerFabricNode, s.id).toBe(0);
      }
    }
    const fibres = cat.cables().filter((c) => c.media === 'fibre');
    expect(fibres.map((c) => c.fibreMode).sort()).toEqual(['multimode', 'singlemode']);
    // OM4 multimode reaches ~50-100 m, OS2 singlemode hundreds of metres.
    const mm = fibres.find((c) => c.fibreMode === 'multimode');
    const sm = fibres.find((c) => c.fibreMode === 'singlemode');
    expect(mm && sm && mm.maxLengthM < sm.maxLengthM).toBe(true);
    for (const c of cat.cables()) if (c.media !== 'fibre') expect(c.fibreMode, c.id).toBeUndefined();
  });

  it('a custom part may state the new facts, and bad values are refused naming the field', () => {
    const srv = { kind: 'server', id: 'my-rack', name: 'My rack', acceleratorId: 'b200', acceleratorsPerServer: 36, heightU: 48, maxPowerW: 70_000, typicalPowerW: 60_000, computeNics: { count: 36, linkGbps: 400, linksPerModule: 2 }, cooling: 'cold-plate', isRack: true, acceleratorsPerFabricNode: 4 };
    const p = parseCatalogPart(srv);
    expect(p.kind === 'server' && [p.computeNics.linksPerModule, p.acceleratorsPerFabricNode]).toEqual([2, 4]);
    expect(() => parseCatalogPart({ ...srv, acceleratorsPerFabricNode: -1 }, 'parts[0]')).toThrow(/parts\[0\]\.acceleratorsPerFabricNode/);
    expect(() => parseCatalogPart({ ...srv, computeNics: { count: 36, linkGbps: 400, linksPerModule: 0 } }, 'parts[0]')).toThrow(/parts\[0\]\.computeNics\.linksPerModule/);
  });

  it('switches match REFERENCE.md port counts and capacity', () => {
    const qm = cat.requireOfKind('qm9700', 'switch', '');
    expect([qm.ports, qm.portGbps, qm.capacityTbps, qm.heightU]).toEqual([64, 400, 51.2, 1]);
    const sn = cat.requireOfKind('sn5600', 'switch', '');
    expect([sn.ports, sn.portGbps, sn.capacityTbps]).toEqual([64, 800, 51.2]);
    const q34 = cat.requireOfKind('q3400', 'switch', '');
    expect([q34.ports, q34.portGbps]).toEqual([144, 800]);
    const th5 = cat.requireOfKind('tomahawk5-64x800', 'switch', '');
    expect(th5.capacityTbps).toBe(51.2);
    for (const s of cat.switches()) expect(s.ports * s.portGbps, s.id).toBeLessThanOrEqual(s.capacityTbps * 1000 * 1.0001 + 1000);
  });

  it('optics powers match REFERENCE.md (800G twin-port 15 W MM / 17 W SM; 400G SR4 8-9 W)', () => {
    expect(cat.requireOfKind('osfp-800g-2xsr4', 'transceiver', '').powerW).toBe(15);
    expect(cat.requireOfKind('osfp-800g-2xdr4', 'transceiver', '').powerW).toBe(17);
    const sr4 = cat.requireOfKind('osfp-400g-sr4', 'transceiver', '').powerW;
    expect(sr4).toBeGreaterThanOrEqual(8);
    expect(sr4).toBeLessThanOrEqual(9);
  });

  it('every part has a unique id, a source, and passes CatalogPartSchema', () => {
    const ids = new Set<string>();
    for (const p of BUILTIN_CATALOG) {
      expect(ids.has(p.id), p.id).toBe(false);
      ids.add(p.id);
      expect(p.source.length, p.id).toBeGreaterThan(10);
      const r = CatalogPartSchema.safeParse(p);
      expect(r.success, `${p.id}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`).toBe(true);
    }
  });

  it('every server references an existing accelerator and has typical <= max power', () => {
    for (const s of cat.servers()) {
      expect(cat.getOfKind(s.acceleratorId, 'accelerator'), s.id).toBeDefined();
      expect(s.typicalPowerW, s.id).toBeLessThanOrEqual(s.maxPowerW);
      const acc = cat.requireOfKind(s.acceleratorId, 'accelerator', '');
      // A server's max power must at least feed its accelerators.
      expect(s.maxPowerW, s.id).toBeGreaterThan(acc.tdpW * s.acceleratorsPerServer);
    }
  });
});

describe('lookup', () => {
  it('require() of an unknown id throws InputError at the path, listing the nearest ids', () => {
    try {
      cat.require('h100-sxm-80gb', 'servers[2].partId');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const err = e as InputError;
      expect(err.path).toBe('servers[2].partId');
      expect(err.message).toContain('h100-sxm5-80gb');
      expect(err.message).toMatch(/^servers\[2\]\.partId: unknown/);
    }
  });

  it('requireOfKind() of a part of another kind says so', () => {
    expect(() => cat.requireOfKind('qm9700', 'server', 'x')).toThrow(/is a switch, not a server/);
  });

  it('edit distance and nearest ids', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('ABC', 'abc')).toBe(0);
    expect(nearestIds('qm9800', ['qm9700', 'sn5600', 'q3400'], 1)).toEqual(['qm9700']);
    expect(cat.nearest('h100', 'accelerator')[0]).toBe('h100-sxm5-80gb');
    expect(cat.nearest('ascend910b', 'accelerator')[0]).toBe('ascend-910b');
  });

  it('custom parts are added (and may replace built-ins); list(kind) filters', () => {
    const custom = parseCatalogPart({
      kind: 'accelerator',
      id: 'my-npu',
      name: 'My NPU',
      peakTflops: { bf16: 500, fp16: 500, fp8: 1000 },
      memoryGB: 96,
      memoryTBps: 3,
      tdpW: 600,
      scaleUp: { kind: 'roce', bandwidthGBps: 400, domainSize: 8 },
    });
    const c2 = createCatalog([custom]);
    expect(c2.get('my-npu')?.custom).toBe(true);
    expect(c2.accelerators().length).toBe(cat.accelerators().length + 1);
    expect(c2.list('switch').every((p) => p.kind === 'switch')).toBe(true);
    // The built-in catalog is not modified.
    expect(cat.get('my-npu')).toBeUndefined();
  });

  it('parseCatalogPart reports the field path of a bad value', () => {
    expect(() =>
      parseCatalogPart({ kind: 'switch', id: 'sw', name: 'x', ports: -4, portGbps: 400, capacityTbps: 1, heightU: 1, maxPowerW: 1, typicalPowerW: 1, protocol: 'ethernet' }, 'parts[0]'),
    ).toThrow(/^parts\[0\]\.ports: /);
    expect(() => parseCatalogPart({ kind: 'nic', id: 'n', name: 'n', ports: 1, portGbps: Number.NaN, powerW: 1 })).toThrow(/part\.portGbps/);
  });
});

describe('defaults', () => {
  it('defaultServerFor picks the reference systems', () => {
    expect(defaultServerFor('h100-sxm5-80gb')?.id).toBe('dgx-h100');
    expect(defaultServerFor('ascend-910b')?.id).toBe('atlas-800t-a2');
    expect(defaultServerFor('mtt-s4000')?.id).toBe('kuae-s4000');
    expect(defaultServerFor('gb200')?.id).toBe('gb200-nvl72');
    expect(defaultServerFor('nope')).toBeUndefined();
    for (const a of cat.accelerators()) expect(defaultServerFor(a.id)?.acceleratorId, a.id).toBe(a.id);
  });

  it('genericServerFor sizes power from TDP (8 x 700 W / 0.56 = 10 kW, close to DGX H100 10.2 kW)', () => {
    const g = genericServerFor(cat.requireOfKind('h100-sxm5-80gb', 'accelerator', ''), 8);
    expect(g.maxPowerW).toBe(10_000);
    expect(g.typicalPowerW).toBeLessThan(g.maxPowerW);
  });

  it('defaultSwitchFor chooses by link speed and protocol', () => {
    expect(defaultSwitchFor(400, 'infiniband').id).toBe('qm9700');
    expect(defaultSwitchFor(200, 'infiniband').id).toBe('qm8700');
    expect(defaultSwitchFor(800, 'infiniband').id).toBe('q3400');
    expect(defaultSwitchFor(400, 'ethernet').protocol).toBe('ethernet');
  });
});
