/**
 * Fabric benchmarks: generating a fabric by arithmetic (100,000 and 1,000
 * accelerators), and expanding + analysing a drawn 16,384-GPU fabric.
 * Budgets: DESIGN.md gives evaluate() of 100,000 accelerators 50 ms and of
 * 1,000 accelerators 5 ms; the fabric generator is one part of evaluate, so it
 * gets a tenth of each. The drawn-topology budget is ours: 200 ms to analyse
 * 16,384 GPUs (49,152 links) so a canvas edit stays interactive.
 */
import { expandFabric, generateFabric, type FabricInput, type SwitchLike } from '../core/network/fabric';
import { analyzeTopology } from '../core/network/topology';

const QM9700_LIKE: SwitchLike = {
  id: 'qm9700-like',
  ports: 64,
  portGbps: 400,
  maxPowerW: 1720,
  typicalPowerW: 1100,
  priceUsd: 30_000,
  protocol: 'infiniband',
};
const SN5600_LIKE: SwitchLike = {
  id: 'sn5600-like',
  ports: 64,
  portGbps: 800,
  maxPowerW: 2000,
  typicalPowerW: 1400,
  priceUsd: 40_000,
  protocol: 'ethernet',
};

/**
 * Median time of one call, ms: calls are timed in batches of `batch` (so that
 * microsecond calls are measurable) for at least `minSamples` batches and
 * 200 ms, after a warm-up; the median resists GC pauses and other load.
 */
function medianMs(fn: () => unknown, batch: number, minSamples = 9, minMs = 200): number {
  const w0 = performance.now();
  for (let i = 0; i < 3 || performance.now() - w0 < 100; i++) fn();
  const samples: number[] = [];
  const t0 = performance.now();
  while (samples.length < minSamples || performance.now() - t0 < minMs) {
    const s0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    samples.push((performance.now() - s0) / batch);
  }
  samples.sort((x, y) => x - y);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; budget?: number }>> {
  const big: FabricInput = { accelerators: 100_000, perNode: 8, nicGbpsPerAccelerator: 400, switch: SN5600_LIKE };
  const small: FabricInput = { accelerators: 1000, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM9700_LIKE };
  const drawn: FabricInput = { accelerators: 16_384, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM9700_LIKE };
  const planes: FabricInput = { ...big, nicGbpsPerAccelerator: 800, nicPorts: 16, planes: 2, oversubscription: 2, frontEnd: { portsPerNode: 2, portGbps: 400, switch: SN5600_LIKE } };
  const railOnly: FabricInput = { ...big, railOnly: true };
  const topo = expandFabric(drawn);
  return [
    { name: 'generateFabric 100,000 accelerators (3 tiers), median', value: medianMs(() => generateFabric(big), 100), unit: 'ms', budget: 5 },
    { name: 'generateFabric 100,000 accelerators, 2 planes, 2:1, front-end network, median', value: medianMs(() => generateFabric(planes), 50), unit: 'ms', budget: 5 },
    { name: 'generateFabric 100,000 accelerators, rail-only, median', value: medianMs(() => generateFabric(railOnly), 100), unit: 'ms', budget: 5 },
    { name: 'generateFabric 1,000 accelerators, median', value: medianMs(() => generateFabric(small), 100), unit: 'ms', budget: 0.5 },
    { name: 'expandFabric 16,384 GPUs (49,152 links), median', value: medianMs(() => expandFabric(drawn), 1), unit: 'ms' },
    { name: 'analyzeTopology 16,384 GPUs drawn (49,152 links), median', value: medianMs(() => analyzeTopology(topo), 1), unit: 'ms', budget: 200 },
  ];
}
