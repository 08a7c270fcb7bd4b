import { describe, expect, it } from 'vitest';
import { createCatalog } from '../catalog';
import { inventoryStage } from '../inventory/stage';
import { networkStage } from '../network/stage';
import { design, group, rack } from '../stages.fixture';
import { trainingStage } from '../training/stage';
import { estimateReliability } from './index';
import { reliabilityStage } from './stage';

const catalog = createCatalog();
const workload = {
  model: { layers: 32, hidden: 4096, heads: 32, vocab: 32000, seqLength: 4096 },
  training: { tokens: 1e11, globalBatch: 512, microBatch: 1, precision: 'bf16' as const, recompute: 'none' as const, parallelism: { tp: 8, pp: 1, cp: 1 } },
};
// 16 DGX H100 (128 GPUs, 16 nodes) on a QM9700 fabric; no storage drawn.
const d = design({
  groups: [group('su', 4)],
  racks: [rack('r', { groupId: 'su' })],
  servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r', quantity: 4 }],
  fabrics: [{ id: 'f', name: 'Compute', switchPartId: 'qm9700' }],
  workload,
});
const inv = inventoryStage(d, catalog);
const net = networkStage(d, catalog, inv);
const t = trainingStage(d, catalog, inv.pools, inv.servers, net.serverNetwork).stage!;

describe('reliability stage', () => {
  it("the job's nodes, NICs, fabric switches and links; without storage, writes limited by the nodes (16 x 10 GB/s)", () => {
    const r = reliabilityStage(d, t, { storageWriteGBps: 0, storageReadGBps: 0, costPerAcceleratorHourUsd: 2 });
    const fabric = net.fabrics[0]!;
    const expected = estimateReliability(
      {
        accelerators: 128,
        acceleratorsPerNode: 8,
        switches: fabric.switches.total,
        links: fabric.links.total,
        // DGX H100: 8 compute NICs per 8 GPUs.
        nics: 128,
        parameterCount: t.estimate.parameters,
        failureFreeDays: t.estimate.trainingDays,
        storageWriteGBps: 16 * 10,
        storageReadGBps: 16 * 10,
        strategy: d.workload!.reliability.strategy,
        asyncCheckpoint: d.workload!.reliability.asyncCheckpoint,
        checkpointIntervalMin: d.workload!.reliability.checkpointIntervalMin,
        spareNodes: d.workload!.reliability.spareNodes,
        costPerAcceleratorHourUsd: 2,
        charts: false,
      },
      'workload.reliability',
    );
    expect(r.reliability).toEqual(expected);
    expect(r.reliability).toMatchObject({ nodes: 16, nics: 128, checkpointWriteGBps: 160 });
    expect(r.warnings.map((w) => w.code)).toContain('no-storage');
  });

  it('drawn storage sets the checkpoint throughput; the assumptions in effect are listed with overrides', () => {
    const dd = { ...d, assumptions: { perNodeCheckpointWriteGBps: 5 } };
    const r = reliabilityStage(dd, t, { storageWriteGBps: 40, storageReadGBps: 80, costPerAcceleratorHourUsd: null });
    expect(r.reliability).toMatchObject({ checkpointWriteGBps: 40, checkpointReadGBps: 80 });
    expect(r.warnings.map((w) => w.code)).not.toContain('no-storage');
    expect(r.assumptions.find((x) => x.key === 'perNodeCheckpointWriteGBps')?.value).toBe(5);
  });

  it('a reliability input the engine refuses becomes a warning, not a failure of the whole evaluation', () => {
    const dd = { ...d, workload: { ...d.workload!, reliability: { ...d.workload!.reliability, spareNodes: 0.5 } } };
    const r = reliabilityStage(dd, t, { storageWriteGBps: 40, storageReadGBps: 40, costPerAcceleratorHourUsd: null });
    expect(r.reliability).toBeNull();
    expect(r.warnings.map((w) => w.code)).toEqual(['reliability-error']);
    expect(r.warnings[0]!.message).toMatch(/workload\.reliability\.spareNodes/);
  });
});
