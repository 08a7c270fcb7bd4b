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

function meanMs(fn: () => unknown, minIterations: number, minMs = 200): number {
  // Warm up (JIT) for at least 3 calls and 100 ms before timing.
  const w0 = performance.now();
  for (let i = 0; i < 3 || performance.now() - w0 < 100; i++) fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (n < minIterations || t - t0 < minMs) {
    fn();
    n++;
    t = performance.now();
  }
  return (t - t0) / n;
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; budget?: number }>> {
  const big: FabricInput = { accelerators: 100_000, perNode: 8, nicGbpsPerAccelerator: 400, switch: SN5600_LIKE };
  const small: FabricInput = { accelerators: 1000, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM9700_LIKE };
  const drawn: FabricInput = { accelerators: 16_384, perNode: 8, nicGbpsPerAccelerator: 400, switch: QM9700_LIKE };
  const topo = expandFabric(drawn);
  return [
    { name: 'generateFabric 100,000 accelerators (3 tiers)', value: meanMs(() => generateFabric(big), 1000), unit: 'ms', budget: 5 },
    { name: 'generateFabric 1,000 accelerators', value: meanMs(() => generateFabric(small), 1000), unit: 'ms', budget: 0.5 },
    { name: 'expandFabric 16,384 GPUs (49,152 links)', value: meanMs(() => expandFabric(drawn), 5), unit: 'ms' },
    { name: 'analyzeTopology 16,384 GPUs drawn (49,152 links)', value: meanMs(() => analyzeTopology(topo), 5), unit: 'ms', budget: 200 },
  ];
}
