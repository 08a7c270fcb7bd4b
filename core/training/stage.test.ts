import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { networkStage } from '../network/stage';
import { design, group, rack } from '../stages.fixture';
import { estimateTraining } from './index';
import { collectiveTables, poolCluster, trainingResult, trainingStage } from './stage';

const catalog = createCatalog();
const model = { layers: 32, hidden: 4096, heads: 32, vocab: 32000, seqLength: 4096 };
const training = { tokens: 1e11, globalBatch: 512, microBatch: 1, precision: 'bf16' as const, recompute: 'none' as const, parallelism: { tp: 8, pp: 1, cp: 1 } };
// 16 DGX H100 (128 GPUs) on one QM9700 fabric.
const d = design({
  groups: [group('su', 4)],
  racks: [rack('r', { groupId: 'su' })],
  servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 4 }],
  fabrics: [{ id: 'f', name: 'Compute', switchPartId: 'qm9700' }],
  workload: { model, training },
});
const inv = inventoryStage(d, catalog);
const net = networkStage(d, catalog, inv);
const run = (dd = d) => trainingStage(dd, catalog, inv.pools, inv.servers, net.serverNetwork);

describe('training stage', () => {
  it("a pool's cluster: its accelerator, node size and the fabric's bandwidth and SHARP", () => {
    const c = poolCluster(catalog, inv.servers, net.serverNetwork, inv.pools[0]!)!;
    expect([c.acc.id, c.perNode, c.scaleOutGbps, c.summary.accelerators, c.network?.inNetworkReduction]).toEqual(['h100-sxm5-80gb', 8, 400, 128, true]);
    // Without a network: the server's compute NICs per accelerator (8 x 400 Gb/s / 8).
    expect(poolCluster(catalog, inv.servers, new Map(), inv.pools[0]!)!.scaleOutGbps).toBe(400);
  });

  it('one pool goes to the training engine: the same estimate as calling it directly', () => {
    const { stage, warnings } = run();
    expect(warnings).toEqual([]);
    const direct = estimateTraining({
      model,
      training: { ...training, zeroStage: d.workload!.training.zeroStage },
      cluster: { accelerator: catalog.requireOfKind('h100-sxm5-80gb', 'accelerator', ''), count: 128, perNode: 8, scaleOutGbps: 400, oversubscription: 1, inNetworkReduction: true },
    });
    expect(stage!.estimate).toEqual(direct);
    expect(stage!.accelerators).toBe(128);
    expect(trainingResult(stage!, null)).toMatchObject({ pool: 'h100-sxm5-80gb', acceleratorId: 'h100-sxm5-80gb', accelerators: 128, reliability: null });
  });

  it('collective tables: TP group of 8 within a node, DP group of 16 with one member per node, the cluster of 128', () => {
    const c = poolCluster(catalog, inv.servers, net.serverNetwork, inv.pools[0]!)!;
    const t = collectiveTables(c, { tp: 8, cp: 1, dp: 16 }, {});
    expect(t.map((g) => [g.name, g.group.size, g.group.membersPerNode])).toEqual([
      ['tp', 8, 8],
      ['dp', 16, 1],
      ['cluster', 128, 8],
    ]);
    // A group of one has no collective.
    expect(collectiveTables(c, { tp: 1, cp: 1, dp: 128 }, {}).map((g) => g.name)).toEqual(['dp', 'cluster']);
  });

  it('no workload: nothing; no accelerators or an infeasible layout: a warning and no estimate', () => {
    expect(run({ ...d, workload: undefined })).toEqual({ stage: null, warnings: [] });
    expect(trainingStage(d, catalog, [], [], new Map()).warnings.map((w) => w.code)).toEqual(['training-no-accelerators']);
    const bad = run({ ...d, workload: { ...d.workload!, training: { ...d.workload!.training, parallelism: { tp: 3, pp: 1, cp: 1 } } } });
    expect(bad.stage).toBeNull();
    expect(bad.warnings[0]).toMatchObject({ severity: 'error', code: 'training-infeasible' });
    expect(bad.warnings[0]!.message).toMatch(/^training estimate: workload\./);
  });

  it('a model that does not fit in an 80 GB H100 (81,559 MiB = 79.65 GiB usable) gets no training time: an error naming memory and a refusal', () => {
    // GPT-3 175B with tp = pp = cp = 1 on 128 GPUs: 175e9 x (2 + 4) B of weights and FP32 gradients on every GPU
    const big = run({ ...d, workload: { ...d.workload!, model: { layers: 96, hidden: 12288, heads: 96, vocab: 50257, seqLength: 2048 }, training: { ...d.workload!.training, parallelism: { tp: 1, pp: 1, cp: 1 } } } });
    expect(big.stage).toBeNull();
    expect(big.warnings[0]).toMatchObject({ severity: 'error', code: 'training-out-of-memory', params: { gib: 79.65 } });
    expect(big.refusal).toMatchObject({ rule: 'memory', field: 'training.parallelism' });
    expect(big.refusal!.minMemoryGiB!).toBeLessThan(79.65);
    expect(big.refusal!.nearest!.memoryPerAcceleratorGiB).toBeLessThanOrEqual(79.65);
    const need = Number(/it needs ([\d.]+) GiB per accelerator/.exec(big.warnings[0]!.message)![1]);
    expect(need).toBeGreaterThan((174.6e9 * 6) / 2 ** 30);
    expect(run().refusal).toBeUndefined();
  });
});
