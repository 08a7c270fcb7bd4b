/**
 * Data- and pipeline-parallel traffic over the fabric's tiers: a communicator inside one leaf (scalable
 * unit) crosses the scale-out network at the full NIC rate; one that spans leaves sees the leaf's
 * oversubscription, by hand; the design's generated fabric gives the engine its scopes.
 */
import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { networkStage } from '../network/stage';
import { design, group, rack } from '../stages.fixture';
import { createContext } from './context';
import { coll, p2p } from './kernels';
import { MODEL_PRESETS } from './presets';
import { REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import { estimateTraining } from './search';
import { collectiveTables, poolCluster, trainingStage } from './stage';
import type { TrainingInput } from './types';

// 4,096 H100, 8 per node, 400 Gb/s per GPU; leaves of 32 nodes (256 GPUs) non-blocking below a 2:1 spine tier.
const SCOPES = [
  { accelerators: 256, oversubscription: 1 },
  { accelerators: 4096, oversubscription: 2 },
];
function input(scopes: typeof SCOPES | undefined, over = 1, dp = 64): TrainingInput {
  return {
    model: MODEL_PRESETS['llama3-8b']!,
    training: { tokens: 1e12, globalBatch: 8 * dp, microBatch: 1, precision: 'bf16', recompute: 'none', parallelism: { tp: 8, pp: 1, cp: 1, ep: 1, virtualStages: 1, dp } },
    cluster: { accelerator: REFERENCE_H100_SXM, count: 8 * dp, perNode: 8, scaleOutGbps: 400, oversubscription: over, ...(scopes ? { scaleOutScopes: scopes } : {}) },
  };
}

describe('collectives over the fabric tiers, by hand', () => {
  const S = 2 ** 30; // 1 GiB of gradients
  // one DP rank per node (TP8 fills it): a ring over n nodes, 2(n-1) steps of 5 us and 2(n-1)/n x S at 90% of the NIC
  const ring = (n: number, GBps: number) => 2 * (n - 1) * 5e-6 + ((2 * (n - 1)) / n) * (S / (GBps * 1e9 * 0.9));
  it('a DP all-reduce inside one leaf (32 nodes) runs at 400 Gb/s = 50 GB/s per GPU', () => {
    const ctx = createContext(input(SCOPES, 1, 512));
    expect(coll(ctx, 'all-reduce', S, 32, 8)).toBeCloseTo(ring(32, 50), 9);
  });
  it('a DP all-reduce across the spines (64 nodes, 2:1 above the leaf) runs at half: 25 GB/s per GPU', () => {
    const ctx = createContext(input(SCOPES, 1, 512));
    expect(coll(ctx, 'all-reduce', S, 64, 8)).toBeCloseTo(ring(64, 25), 9);
    expect(coll(ctx, 'all-reduce', S, 64, 8) / coll(ctx, 'all-reduce', S, 32, 8)).toBeGreaterThan(1.9);
  });
  it('pipeline p2p: neighbours 128 GPUs apart stay in the leaf, 256 apart cross the spine', () => {
    const ctx = createContext(input(SCOPES, 1, 512));
    expect(p2p(ctx, S, 128)).toBeCloseTo(5e-6 + S / (50e9 * 0.9), 9);
    expect(p2p(ctx, S, 256)).toBeCloseTo(5e-6 + S / (25e9 * 0.9), 9);
  });
  it('without scopes one flat figure: the oversubscription for every group that leaves the node', () => {
    const ctx = createContext(input(undefined, 2, 512));
    expect(coll(ctx, 'all-reduce', S, 32, 8)).toBeCloseTo(ring(32, 25), 9);
  });
  it('the estimate: DP inside a leaf as on a non-blocking fabric, DP across spines as on a flat 2:1 one', () => {
    const exposed = (e: ReturnType<typeof estimateTraining>) => e.breakdown.dpCommExposedS;
    expect(exposed(estimateTraining(input(SCOPES, 1, 32)))).toBeCloseTo(exposed(estimateTraining(input(undefined, 1, 32))), 12);
    expect(exposed(estimateTraining(input(SCOPES, 1, 512)))).toBeCloseTo(exposed(estimateTraining(input(undefined, 2, 512))), 12);
  });
  it('a bad scope is refused naming its field', () => {
    expect(() => createContext(input([{ accelerators: 0, oversubscription: 1 }]))).toThrow(/cluster\.scaleOutScopes\[0\]\.accelerators/);
  });
});

describe('the design gives the training engine its fabric scopes', () => {
  const catalog = createCatalog();
  const d = design({
    groups: [group('su', 16)],
    racks: [rack('r', { groupId: 'su' })],
    servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 4 }],
    fabrics: [{ id: 'f', name: 'Compute', switchPartId: 'qm9700', oversubscription: 2 }],
    workload: { model: MODEL_PRESETS['llama3-8b']!, training: { tokens: 1e11, globalBatch: 512, microBatch: 1, precision: 'bf16', recompute: 'none', parallelism: { tp: 8, pp: 1, cp: 1 } } },
  });
  it('64 DGX H100 on QM9700 at 2:1: the leaf scope non-blocking, the fabric at 2:1, as the estimate input', () => {
    const inv = inventoryStage(d, catalog);
    const net = networkStage(d, catalog, inv);
    const fab = net.fabrics[0]!;
    const { stage } = trainingStage(d, catalog, inv.pools, inv.servers, net.serverNetwork);
    const cluster = stage!.input.kind === 'single' ? stage!.input.input.cluster : undefined;
    const scopes = cluster!.scaleOutScopes!;
    expect(scopes[0]!.oversubscription).toBe(1);
    expect(scopes[scopes.length - 1]!.oversubscription).toBeCloseTo(fab.oversubscription, 6);
    expect(scopes[scopes.length - 1]!.oversubscription).toBeGreaterThanOrEqual(1.9);
    expect(scopes[0]!.accelerators).toBeGreaterThanOrEqual(8);
    expect(scopes[scopes.length - 1]!.accelerators).toBe(512);
    // the collective tables as the engine sees the groups: DP over all 64 nodes at 400 / 8 / 2 = 25 GB/s, TP in the node
    const c = poolCluster(catalog, inv.servers, net.serverNetwork, inv.pools[0]!)!;
    const t = collectiveTables(c, { tp: 8, cp: 1, dp: 64 }, {});
    expect(t.find((g) => g.name === 'dp')!.group.interGBps).toBeCloseTo(400 / 8 / fab.oversubscription, 9);
    const leafDp = scopes[0]!.accelerators / 8;
    if (leafDp > 1) expect(collectiveTables(c, { tp: 8, cp: 1, dp: leafDp }, {}).find((g) => g.name === 'dp')!.group.interGBps).toBe(50);
  });
});
