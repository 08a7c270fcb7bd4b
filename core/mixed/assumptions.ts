import type { Assumption } from '../network/collectives';

/**
 * Assumptions of the mixed-chip pipeline planner, on top of the training
 * engine's (TRAINING_ASSUMPTIONS / COLLECTIVE_ASSUMPTIONS). Override by key
 * through `MixedInput.assumptions` (the same record carries training keys).
 */
export const MIXED_ASSUMPTIONS: readonly Assumption[] = [
  {
    key: 'crossPoolLatencyS',
    label: 'Point-to-point latency between pools',
    value: 1e-5,
    unit: 's',
    source:
      'Pools sit on separate fabrics joined by a gateway/spine layer (often RoCE between vendors): two or three extra switch hops plus a host-staged copy when the two vendors share no RDMA path; ~2x the in-fabric InfiniBand hop latency (order of magnitude)',
  },
  {
    key: 'crossPoolBusEfficiency',
    label: 'Payload efficiency of the link between pools',
    value: 0.9,
    unit: 'fraction of crossPoolGbps',
    source:
      'Same RDMA payload efficiency as the in-pool scale-out network (interBusEfficiency, nccl-tests multi-node runs)',
  },
];

export interface MixedParams {
  crossPoolLatencyS: number;
  crossPoolBusEfficiency: number;
}

export const MIXED_ASSUMPTION_KEYS: ReadonlySet<string> = new Set(MIXED_ASSUMPTIONS.map((a) => a.key));
