import { describe, expect, it } from 'vitest';
import { createCatalog, DEFAULT_CATALOG, defaultServerFor, scaleUpDomainSize } from '../catalog';
import type { ServerSpec } from '../catalog/types';
import { evaluate } from '../evaluate';
import { scenarioToDesign } from '../model/scenario';
import { templateById } from '../model/templates';

const server = (id: string): ServerSpec => DEFAULT_CATALOG.requireOfKind(id, 'server', id);

describe('supernode systems in the catalog', () => {
  it('GB200 NVL72: 9 NVLink switch trays of 2 ASICs, copper only (DGX GB200 User Guide)', () => {
    const s = server('gb200-nvl72');
    expect(s.scaleUpFabric).toMatchObject({ domainSize: 72, racks: 1, switchChips: 9 * 2, optics: 0, inNameplate: false });
    expect(s.acceleratorsPerServer / s.acceleratorsPerFabricNode!).toBe(18);
  });

  it('GB200 NVL36x2: two racks of 9 compute and 9 switch trays, one 72-GPU domain', () => {
    const s = server('gb200-nvl36x2');
    expect(s.scaleUpFabric).toMatchObject({ domainSize: 72, racks: 2, switchChips: 2 * 9 * 2 });
    // 9 compute trays of 4 GPUs per rack.
    expect(s.acceleratorsPerServer).toBe(2 * 9 * 4);
  });

  it('CloudMatrix 384: 48 nodes x (8 NPUs, 7 L1 UB switches) + 112 L2 switches, 16 racks, 6,912 optics, 559 kW', () => {
    const s = server('cloudmatrix-384');
    expect(s.acceleratorId).toBe('ascend-910c');
    expect(s.acceleratorsPerServer).toBe(48 * 8);
    expect(s.acceleratorsPerFabricNode).toBe(8);
    expect(s.scaleUpFabric).toMatchObject({ domainSize: 384, racks: 12 + 4, switchChips: 48 * 7 + 112, optics: 6912, inNameplate: true });
    expect(s.maxPowerW).toBe(559_000);
    expect(defaultServerFor('ascend-910c')?.id).toBe('cloudmatrix-384');
    expect(defaultServerFor('gb300')?.id).toBe('gb300-nvl72');
  });

  it('the scale-up domain a system gives its accelerators', () => {
    const acc = DEFAULT_CATALOG.requireOfKind('ascend-910c', 'accelerator', '');
    expect(scaleUpDomainSize(server('cloudmatrix-384'), acc, 384)).toBe(384);
    expect(scaleUpDomainSize(server('gb200-nvl36x2'), DEFAULT_CATALOG.requireOfKind('gb200', 'accelerator', ''), 72)).toBe(72);
    // An 8-way server: the server itself (undefined: the engines' default).
    expect(scaleUpDomainSize(server('dgx-h100'), DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', ''), 8)).toBeUndefined();
  });
});

describe('supernodes in evaluate()', () => {
  it('NVL72 switch trays outside the nameplate add 8 racks x 18 ASICs x 500 W = 72 kW to the IT load', () => {
    const d = templateById('gb200-nvl72-su')!.build();
    const r = evaluate(d);
    expect(r.scaleUpSystems).toEqual([
      { serverPartId: 'gb200-nvl72', systems: 8, domainSize: 72, domains: 8, racks: 8, switchChips: 144, optics: 0, copperCables: 8 * 5184, powerKW: 72, inNameplate: false },
    ]);
    // Without the scale-up record the same design draws 72 kW less.
    const plain = { ...server('gb200-nvl72'), scaleUpFabric: undefined };
    const without = evaluate(d, { catalog: createCatalog([plain]) });
    expect(r.itPowerKW - without.itPowerKW).toBeCloseTo(72, 6);
  });

  it('CloudMatrix 384: counts reported, power already in the 559 kW, optics counted as transceivers', () => {
    const model = { layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffnHidden: 28672, gatedFfn: true, vocab: 128256, seqLength: 4096 };
    const sc = { model, training: { tokens: 1e11, globalBatch: 768, precision: 'bf16', parallelism: { tp: 16, pp: 4 } }, cluster: { accelerator: 'ascend-910c', count: 768 } };
    const r = evaluate(scenarioToDesign(sc));
    expect(r.servers).toBe(2);
    expect(r.scaleUpSystems?.[0]).toMatchObject({ serverPartId: 'cloudmatrix-384', systems: 2, domains: 2, racks: 32, switchChips: 896, optics: 13_824, inNameplate: true });
    expect(r.inventory.transceiversByType.find((l) => l.key === 'scale-up:cloudmatrix-384')?.count).toBe(13_824);
    // TP 16 stays inside the 384-NPU domain (all 16 members on the UB); on 8-NPU servers it spans two nodes
    // and crosses the scale-out network; so does the DP group (12 members inside one supernode, 1 per server).
    const onServers = evaluate(scenarioToDesign({ ...sc, cluster: { ...sc.cluster, server: 'generic-8x-ascend-910c' } }));
    expect(r.training!.parallelism).toMatchObject({ tp: 16, dp: 12 });
    const members = (x: typeof r) => (x.collectives ?? []).map((c) => c.group.membersPerNode);
    expect(members(r)).toEqual([16, 12, 384]);
    expect(members(onServers)).toEqual([8, 1, 8]);
    expect(r.training!.breakdown.tpCommS).toBeLessThan(onServers.training!.breakdown.tpCommS);
  });
});
