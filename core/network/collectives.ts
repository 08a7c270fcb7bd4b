/**
 * Collective communication cost model (alpha-beta), in the style of NCCL.
 *
 * Conventions
 * - `bytes` is the size of the whole buffer as nccl-tests reports it: the
 *   all-reduce buffer, the full (unsharded) output of an all-gather, the full
 *   input of a reduce-scatter, the per-rank send buffer of an all-to-all and
 *   the message of a point-to-point send.
 * - Bandwidths in a group are UNIDIRECTIONAL GB/s (1e9 bytes/s) per
 *   accelerator. Vendors market scale-up links as the sum of both directions
 *   (A100 NVLink3 "600 GB/s" = 12 links x 25 GB/s x 2 directions), so the
 *   figure a collective can use in one direction is half of it: see
 *   `scaleUpUnidirectionalGBps`. Scale-out NIC speeds are quoted per direction
 *   in Gb/s (bits): see `scaleOutUnidirectionalGBps`.
 * - Bus bandwidth (busbw) = algbw x factor, with factor 2(n-1)/n for
 *   all-reduce, (n-1)/n for reduce-scatter, all-gather and all-to-all, 1 for
 *   point-to-point (nccl-tests PERFORMANCE.md).
 *
 * Calibration (nccl-tests, 8 GPUs in one node, 8 GiB all-reduce):
 * - 8x A100 SXM (NVLink3 600 GB/s marketed = 300 GB/s one way): measured
 *   busbw 230-250 GB/s, i.e. ~0.80 of the unidirectional figure. A100's
 *   NVSwitch has no in-switch reduction, so NCCL runs a ring. This fixes
 *   `intraBusEfficiency` = 0.80. (H100 with NVLS disabled measures ~360 GB/s
 *   busbw, the same 0.80 of its 450 GB/s one-way figure.)
 * - 8x H100 SXM (NVLink4 900 GB/s marketed = 450 GB/s one way): measured
 *   busbw ~480 GB/s, i.e. 0.53 of the marketed figure and MORE than a ring
 *   can reach (0.80 x 450 = 360). The difference is NVLink SHARP (NVLS):
 *   the third-generation NVSwitch reduces in the switch, so each GPU sends
 *   and receives the buffer once instead of 2(n-1)/n times. Modelled as the
 *   in-network algorithm with time S / (B_oneway x inNetworkEfficiency);
 *   480 GB/s busbw = 1.75 x algbw gives algbw 274 GB/s = 0.61 x 450 GB/s,
 *   which fixes `inNetworkEfficiency` = 0.61.
 */

export type CollectiveOp = 'all-reduce' | 'reduce-scatter' | 'all-gather' | 'all-to-all' | 'p2p';
export const COLLECTIVE_OPS: readonly CollectiveOp[] = [
  'all-reduce',
  'reduce-scatter',
  'all-gather',
  'all-to-all',
  'p2p',
];

export type CollectiveAlgorithm = 'ring' | 'tree' | 'hierarchical' | 'in-network' | 'direct';

/** A communicator: who takes part and over which links. */
export interface CollectiveGroup {
  /** Number of ranks (accelerators) in the group. */
  size: number;
  /** Ranks of the group that share one scale-up domain (node). 1 = every rank in a different node. */
  membersPerNode: number;
  /** Unidirectional scale-up bandwidth per accelerator, GB/s. */
  intraGBps: number;
  /** Unidirectional scale-out bandwidth per accelerator, GB/s (after any oversubscription). */
  interGBps: number;
  /** Per-step latency inside the scale-up domain, s (defaults to params). */
  intraLatencyS?: number;
  /** Per-step latency across the scale-out network, s (defaults to params). */
  interLatencyS?: number;
  /** The scale-up switch reduces in the network (NVLink SHARP / NVLS). */
  scaleUpReduction?: boolean;
  /** The scale-out switches reduce in the network (InfiniBand SHARP). */
  scaleOutReduction?: boolean;
}

export interface CollectiveParams {
  /** Fraction of unidirectional scale-up bandwidth a ring collective reaches (busbw / link). */
  intraBusEfficiency: number;
  /** Fraction of unidirectional scale-out bandwidth a collective reaches. */
  interBusEfficiency: number;
  /** Fraction of link bandwidth reached by in-network reduction (NVLS/SHARP). */
  inNetworkEfficiency: number;
  /** Default per-step latency inside a node, s. */
  intraLatencyS: number;
  /** Default per-step latency across nodes, s. */
  interLatencyS: number;
}

export interface Assumption {
  key: string;
  label: string;
  value: number;
  unit: string;
  source: string;
}

export const COLLECTIVE_ASSUMPTIONS: readonly Assumption[] = [
  {
    key: 'intraBusEfficiency',
    label: 'Scale-up ring bus-bandwidth efficiency',
    value: 0.8,
    unit: 'fraction of unidirectional link bandwidth',
    source:
      'nccl-tests all-reduce, 8x A100 SXM, 8 GiB: busbw 230-250 GB/s of 300 GB/s one-way NVLink3 (REFERENCE.md); H100 without NVLS ~360 of 450 GB/s',
  },
  {
    key: 'interBusEfficiency',
    label: 'Scale-out bus-bandwidth efficiency',
    value: 0.9,
    unit: 'fraction of unidirectional NIC bandwidth',
    source:
      'InfiniBand payload efficiency: multi-node nccl-tests all-reduce typically reaches ~90% of the per-GPU NIC line rate (e.g. ~180-190 GB/s busbw with 8x200 Gb/s HDR per node)',
  },
  {
    key: 'inNetworkEfficiency',
    label: 'In-network reduction efficiency (NVLS/SHARP)',
    value: 0.61,
    unit: 'fraction of unidirectional link bandwidth',
    source:
      'nccl-tests all-reduce, 8x H100 SXM with NVLS, 8 GiB: busbw ~480 GB/s = 1.75 x algbw, algbw 274 GB/s = 0.61 x 450 GB/s one-way NVLink4 (REFERENCE.md)',
  },
  {
    key: 'intraLatencyS',
    label: 'Scale-up per-step latency',
    value: 1.5e-6,
    unit: 's',
    source: 'NCCL LL/Simple protocol hop latency over NVLink is ~1-2 us (order of magnitude; small messages only)',
  },
  {
    key: 'interLatencyS',
    label: 'Scale-out per-step latency',
    value: 5e-6,
    unit: 's',
    source: 'InfiniBand RDMA hop through a fat-tree plus NCCL proxy overhead, ~3-8 us (order of magnitude)',
  },
];

export const DEFAULT_COLLECTIVE_PARAMS: CollectiveParams = Object.fromEntries(
  COLLECTIVE_ASSUMPTIONS.map((a) => [a.key, a.value]),
) as unknown as CollectiveParams;

/** Marketed scale-up figures are the sum of both directions: one direction is half. */
export const SCALE_UP_UNIDIRECTIONAL_FRACTION = 0.5;

/** One-way scale-up bandwidth per accelerator, GB/s, from the marketed (bidirectional total) figure. */
export function scaleUpUnidirectionalGBps(marketedGBps: number): number {
  return marketedGBps * SCALE_UP_UNIDIRECTIONAL_FRACTION;
}

/** One-way scale-out bandwidth per accelerator, GB/s (bytes), from a NIC line rate in Gb/s (bits). */
export function scaleOutUnidirectionalGBps(linkGbps: number, oversubscription = 1): number {
  return linkGbps / 8 / Math.max(1, oversubscription);
}

/**
 * Whether a scale-up fabric reduces in the switch (NVLink SHARP). NVSwitch
 * generation 3 (Hopper) and later do; the same generation introduced FP8, so
 * an NVLink accelerator whose FP8 rate exceeds its BF16 rate (FP8 tensor cores;
 * the catalog lists FP8 = BF16 for chips without them) is taken to have NVLS.
 */
export function defaultScaleUpReduction(acc: {
  peakTflops: { fp8: number; bf16: number };
  scaleUp: { kind: string };
}): boolean {
  return (acc.scaleUp.kind === 'nvlink' || acc.scaleUp.kind === 'nvl72') && acc.peakTflops.fp8 > acc.peakTflops.bf16;
}

/** nccl-tests bus-bandwidth factor. */
export function busBandwidthFactor(op: CollectiveOp, n: number): number {
  if (n <= 1) return 0;
  switch (op) {
    case 'all-reduce':
      return (2 * (n - 1)) / n;
    case 'reduce-scatter':
    case 'all-gather':
    case 'all-to-all':
      return (n - 1) / n;
    case 'p2p':
      return 1;
  }
}

export interface CollectiveEstimate {
  op: CollectiveOp;
  bytes: number;
  timeS: number;
  algorithm: CollectiveAlgorithm;
  /** bytes / time, GB/s. */
  algbwGBps: number;
  /** algbw x nccl-tests factor, GB/s. */
  busbwGBps: number;
  /** Every algorithm considered, with its time. */
  candidates: { algorithm: CollectiveAlgorithm; timeS: number }[];
}

function log2ceil(x: number): number {
  return x <= 1 ? 0 : Math.ceil(Math.log2(x));
}

function withDefaults(params: Partial<CollectiveParams>): CollectiveParams {
  // Fast path: a complete parameter set (the training engine passes one on every call).
  if (
    params.intraBusEfficiency !== undefined &&
    params.interBusEfficiency !== undefined &&
    params.inNetworkEfficiency !== undefined &&
    params.intraLatencyS !== undefined &&
    params.interLatencyS !== undefined
  )
    return params as CollectiveParams;
  return { ...DEFAULT_COLLECTIVE_PARAMS, ...params };
}

/**
 * Core of the model: the time of each applicable algorithm. Calls `emit` for
 * every candidate and returns the fastest time (no allocation, so the
 * parallelism search can call it many thousand times).
 */
function evaluate(
  op: CollectiveOp,
  bytes: number,
  group: CollectiveGroup,
  p: CollectiveParams,
  emit?: (algorithm: CollectiveAlgorithm, timeS: number) => void,
): number {
  const n = Math.max(1, Math.floor(group.size));
  const g = Math.max(1, Math.min(n, Math.floor(group.membersPerNode)));
  const k = Math.ceil(n / g);
  const biRaw = Math.max(group.intraGBps, 1e-9) * 1e9;
  const boRaw = Math.max(group.interGBps, 1e-9) * 1e9;
  const bi = biRaw * p.intraBusEfficiency;
  const bo = boRaw * p.interBusEfficiency;
  const ai = group.intraLatencyS ?? p.intraLatencyS;
  const ao = group.interLatencyS ?? p.interLatencyS;
  const S = Math.max(0, bytes);
  // Candidate times (NaN = not applicable); no closures or arrays on this hot path.
  let tRing = NaN;
  let tTree = NaN;
  let tHier = NaN;
  let tInNet = NaN;
  let tDirect = NaN;
  if (op === 'p2p') {
    // Point-to-point between two ranks; intra-node when the group packs two per node.
    const intra = g >= 2;
    tDirect = S === 0 ? 0 : (intra ? ai : ao) + S / (intra ? bi : bo);
    return pick(tRing, tTree, tHier, tInNet, tDirect, emit);
  }
  if (n <= 1 || S === 0) return pick(0, tTree, tHier, tInNet, tDirect, emit);

  const multiNode = k > 1;
  // A flat ring crossing nodes uses one NIC per channel and one channel per
  // local rank, so the node's g NICs together carry the ring: per-rank pace
  // is the slower of the scale-up link and g NICs.
  const bRing = multiNode ? Math.min(bi, g * bo) : bi;
  const aRing = multiNode ? ao : ai;
  // Intra-node phases of the hierarchical algorithm (reduce-scatter or all-gather over g ranks).
  const intraHalf = (g - 1) * ai + ((g - 1) / g) * (S / bi);

  switch (op) {
    case 'all-reduce': {
      tRing = 2 * (n - 1) * aRing + ((2 * (n - 1)) / n) * (S / bRing);
      // Double binary tree: logarithmic latency across nodes, a chain inside,
      // and each rank moving the whole buffer up and down once.
      const treeLat = multiNode ? 2 * (log2ceil(k) * ao + (g - 1) * ai) : 2 * (n - 1) * ai;
      tTree = treeLat + (2 * S) / bRing;
      if (multiNode && g > 1) {
        const inter = 2 * (k - 1) * ao + ((2 * (k - 1)) / k) * (S / g / bo);
        tHier = 2 * intraHalf + inter;
      }
      if (!multiNode && group.scaleUpReduction) {
        tInNet = 2 * ai + S / (biRaw * p.inNetworkEfficiency);
      }
      if (multiNode && group.scaleOutReduction) {
        // Intra-node reduce-scatter (in the switch when it can), SHARP across nodes on S/g, intra all-gather.
        const intraRs =
          g <= 1
            ? 0
            : group.scaleUpReduction
              ? ai + ((g - 1) / g) * (S / (biRaw * p.inNetworkEfficiency))
              : intraHalf;
        const inter = 2 * ao + S / g / (boRaw * p.inNetworkEfficiency);
        tInNet = 2 * intraRs + inter;
      }
      break;
    }
    case 'reduce-scatter':
    case 'all-gather': {
      tRing = (n - 1) * aRing + ((n - 1) / n) * (S / bRing);
      if (multiNode && g > 1) {
        const inter = (k - 1) * ao + ((k - 1) / k) * (S / g / bo);
        tHier = intraHalf + inter;
      }
      break;
    }
    case 'all-to-all': {
      // Pairwise exchange: (g-1)/n of the buffer stays in the node, (n-g)/n crosses it.
      const a = multiNode ? ao : ai;
      const intraT = ((g - 1) / n) * (S / bi);
      const interT = multiNode ? ((n - g) / n) * (S / bo) : 0;
      tDirect = (n - 1) * a + Math.max(intraT, interT);
      break;
    }
  }
  return pick(tRing, tTree, tHier, tInNet, tDirect, emit);
}

function pick(
  tRing: number,
  tTree: number,
  tHier: number,
  tInNet: number,
  tDirect: number,
  emit?: (algorithm: CollectiveAlgorithm, timeS: number) => void,
): number {
  if (emit) {
    if (!Number.isNaN(tRing)) emit('ring', tRing);
    if (!Number.isNaN(tTree)) emit('tree', tTree);
    if (!Number.isNaN(tHier)) emit('hierarchical', tHier);
    if (!Number.isNaN(tInNet)) emit('in-network', tInNet);
    if (!Number.isNaN(tDirect)) emit('direct', tDirect);
  }
  let best = Infinity;
  if (tRing < best) best = tRing;
  if (tTree < best) best = tTree;
  if (tHier < best) best = tHier;
  if (tInNet < best) best = tInNet;
  if (tDirect < best) best = tDirect;
  return best;
}

/** Time of every applicable algorithm for one collective. */
export function collectiveCandidates(
  op: CollectiveOp,
  bytes: number,
  group: CollectiveGroup,
  params: Partial<CollectiveParams> = {},
): { algorithm: CollectiveAlgorithm; timeS: number }[] {
  const out: { algorithm: CollectiveAlgorithm; timeS: number }[] = [];
  evaluate(op, bytes, group, withDefaults(params), (algorithm, timeS) => out.push({ algorithm, timeS }));
  return out;
}

/** The fastest algorithm for one collective, as NCCL's tuner would pick it. */
export function collectiveEstimate(
  op: CollectiveOp,
  bytes: number,
  group: CollectiveGroup,
  params: Partial<CollectiveParams> = {},
): CollectiveEstimate {
  const candidates = collectiveCandidates(op, bytes, group, params);
  let best = candidates[0] ?? { algorithm: 'ring' as CollectiveAlgorithm, timeS: 0 };
  for (const c of candidates) if (c.timeS < best.timeS) best = c;
  const algbw = best.timeS > 0 ? bytes / best.timeS / 1e9 : 0;
  return {
    op,
    bytes,
    timeS: best.timeS,
    algorithm: best.algorithm,
    algbwGBps: algbw,
    busbwGBps: algbw * busBandwidthFactor(op, op === 'p2p' ? 2 : group.size),
    candidates,
  };
}

/** Time of one collective, s, with the fastest algorithm. */
export function collectiveTimeS(
  op: CollectiveOp,
  bytes: number,
  group: CollectiveGroup,
  params: Partial<CollectiveParams> = {},
): number {
  const t = evaluate(op, bytes, group, withDefaults(params));
  return Number.isFinite(t) ? t : 0;
}

/** Message sizes of the table: 1 MiB to 8 GiB, doubling (nccl-tests style). */
export const TABLE_SIZES_BYTES: readonly number[] = Array.from({ length: 14 }, (_, i) => 2 ** (20 + i));

export interface CollectiveTableRow {
  op: CollectiveOp;
  bytes: number;
  timeS: number;
  algorithm: CollectiveAlgorithm;
  algbwGBps: number;
  busbwGBps: number;
}

/** Time and bus bandwidth of each collective over a range of message sizes, for the UI and reports. */
export function collectiveTable(
  group: CollectiveGroup,
  params: Partial<CollectiveParams> = {},
  options: { ops?: readonly CollectiveOp[]; sizesBytes?: readonly number[] } = {},
): CollectiveTableRow[] {
  const ops = options.ops ?? COLLECTIVE_OPS;
  const sizes = options.sizesBytes ?? TABLE_SIZES_BYTES;
  const rows: CollectiveTableRow[] = [];
  for (const op of ops) {
    for (const bytes of sizes) {
      const e = collectiveEstimate(op, bytes, group, params);
      rows.push({
        op,
        bytes,
        timeS: e.timeS,
        algorithm: e.algorithm,
        algbwGBps: e.algbwGBps,
        busbwGBps: e.busbwGBps,
      });
    }
  }
  return rows;
}
