/**
 * Training stage: the workload on the design's accelerator pools. One pool goes to
 * the training engine (core/training), several to the mixed-chip planner
 * (core/mixed), which splits the pipeline unevenly across them. Each pool's cluster
 * is read from its largest server type and the network the network stage gave it.
 * Also the collective tables of the job's communicators.
 */
import type { Catalog } from '../catalog';
import { acceleratorMemoryGiB } from '../catalog/memory';
import { scaleUpDomainSize } from '../catalog/systems';
import type { AcceleratorSpec, ServerSpec } from '../catalog/types';
import type { Design, Workload } from '../model/design';
import type { PlacedServer } from '../inventory/stage';
import { MIXED_ASSUMPTIONS, estimateMixed, type MixedEstimate, type MixedInput } from '../mixed';
import { collectiveTable, defaultScaleUpReduction, scaleOutUnidirectionalGBps, scaleUpUnidirectionalGBps, type CollectiveGroup } from '../network/collectives';
import type { ServerNetwork } from '../network/stage';
import { round } from '../round';
import type { AssumptionLine, CollectiveTableGroup, PoolSummary, TrainingResult } from '../results';
import type { ReliabilityResult } from '../reliability';
import { warning, type EvalWarning } from '../warnings';
import { InputError } from '../errors';
import { BatchError, layoutText, nearestWorkingBatches, type BatchOption } from './batch';
import { ALL_TRAINING_ASSUMPTIONS, estimateTraining, type LayoutRefusalInfo, type TrainingEstimate, type TrainingInput } from './index';
import { LayoutRefusal } from './refusal';
import { softwarePreset } from './software';

/** One accelerator pool of the design as the training engines see it. */
export interface PoolCluster {
  summary: PoolSummary;
  acc: AcceleratorSpec;
  spec: ServerSpec;
  perNode: number;
  scaleOutGbps: number;
  network: ServerNetwork | undefined;
}

export interface TrainingStage {
  estimate: TrainingEstimate | MixedEstimate;
  /** What the estimate was computed from (the step timeline simulates it again). */
  input: { kind: 'single'; input: TrainingInput } | { kind: 'mixed'; input: MixedInput };
  /** The pools, largest first; the first one's network and accelerator stand for the job's. */
  clusters: PoolCluster[];
  accelerators: number;
  collectives: CollectiveTableGroup[];
  assumptions: AssumptionLine[];
}

const TRAINING_KEYS = new Set<string>(ALL_TRAINING_ASSUMPTIONS.map((x) => x.key));
const MIXED_TRAINING_KEYS = new Set<string>([...TRAINING_KEYS, ...MIXED_ASSUMPTIONS.map((x) => x.key)]);

/** The overrides among `o` whose keys are in `keys`. */
export const pickOverrides = (o: Readonly<Record<string, number>>, keys: ReadonlySet<string>): Record<string, number> => Object.fromEntries(Object.entries(o).filter(([k]) => keys.has(k)));

export function poolCluster(catalog: Catalog, servers: readonly PlacedServer[], serverNetwork: ReadonlyMap<string, ServerNetwork>, pool: PoolSummary): PoolCluster | null {
  const acc = catalog.getOfKind(pool.acceleratorId, 'accelerator');
  const members = servers.filter((si) => si.acc && (si.entity.pool ?? si.acc.id) === pool.pool);
  const main = [...members].sort((x, y) => y.total * y.spec.acceleratorsPerServer - x.total * x.spec.acceleratorsPerServer)[0];
  if (!acc || !main) return null;
  const network = members.map((m) => serverNetwork.get(m.entity.id)).find((f) => f !== undefined);
  const spec = main.spec;
  const perNode = spec.acceleratorsPerServer;
  const scaleOutGbps = network?.nicGbps ?? (spec.computeNics.count * spec.computeNics.linkGbps) / perNode;
  return { summary: pool, acc, spec, perNode, scaleOutGbps: scaleOutGbps > 0 ? scaleOutGbps : 1, network };
}

/** The system's scale-up domain (core/catalog/systems.ts), when it is not the server itself. */
function scaleUpDomainOption(domain: number | undefined): { scaleUpDomain?: number } {
  return domain === undefined ? {} : { scaleUpDomain: domain };
}

function trainingCluster(p: PoolCluster) {
  return {
    accelerator: p.acc,
    count: p.summary.accelerators,
    perNode: p.perNode,
    scaleOutGbps: p.scaleOutGbps,
    oversubscription: p.network?.oversubscription ?? 1,
    ...(p.network?.scopes ? { scaleOutScopes: p.network.scopes } : {}),
    ...scaleUpDomainOption(scaleUpDomainSize(p.spec, p.acc, p.perNode)),
    inNetworkReduction: p.network?.inNetworkReduction ?? false,
  };
}

/**
 * Collective tables for the job's communicators, laid out as Megatron places ranks
 * (tensor parallel innermost, then context parallel, then data parallel): the TP
 * group, one DP group and the whole cluster.
 */
export function collectiveTables(main: PoolCluster, parallelism: { tp: number; cp: number; dp: number }, params: Record<string, number>): CollectiveTableGroup[] {
  const { acc, perNode } = main;
  const count = main.summary.accelerators;
  const flat = scaleOutUnidirectionalGBps(main.scaleOutGbps, main.network?.oversubscription ?? 1);
  // as the engine: a group crosses the fabric at the oversubscription of the smallest scope its span fits in
  const interGBps = (span: number) => {
    const s = main.network?.scopes?.find((x) => span <= x.accelerators);
    return s ? scaleOutUnidirectionalGBps(main.scaleOutGbps, s.oversubscription) : flat;
  };
  const base = (span: number) => ({
    intraGBps: scaleUpUnidirectionalGBps(acc.scaleUp.bandwidthGBps),
    interGBps: interGBps(span),
    scaleUpReduction: defaultScaleUpReduction(acc),
    scaleOutReduction: main.network?.inNetworkReduction ?? false,
  });
  const { tp, cp, dp } = parallelism;
  const groups: Array<{ name: string; group: CollectiveGroup }> = [
    { name: 'tp', group: { ...base(tp), size: tp, membersPerNode: Math.max(1, Math.min(tp, perNode)) } },
    { name: 'dp', group: { ...base(tp * cp * dp), size: dp, membersPerNode: Math.max(1, Math.min(dp, Math.floor(perNode / (tp * cp)))) } },
    { name: 'cluster', group: { ...base(count), size: count, membersPerNode: Math.max(1, Math.min(count, perNode)) } },
  ];
  return groups.filter((g) => g.group.size > 1).map((g) => ({ ...g, rows: collectiveTable(g.group, params) }));
}

function estimate(w: Workload, clusters: readonly PoolCluster[], assumptions: Readonly<Record<string, number>>): { estimate: TrainingEstimate | MixedEstimate; input: TrainingStage['input'] } {
  const training = {
    tokens: w.training.tokens,
    globalBatch: w.training.globalBatch,
    microBatch: w.training.microBatch,
    precision: w.training.precision,
    recompute: w.training.recompute,
    zeroStage: w.training.zeroStage,
    parallelism: w.training.parallelism,
    ...(w.training.allowTpAcrossDomains !== undefined ? { allowTpAcrossDomains: w.training.allowTpAcrossDomains } : {}),
    ...(w.training.allowCpForSpeed !== undefined ? { allowCpForSpeed: w.training.allowCpForSpeed } : {}),
    ...(w.training.software !== undefined ? { software: w.training.software } : {}),
    ...(w.training.layersPerStage !== undefined ? { layersPerStage: w.training.layersPerStage } : {}),
  };
  const main = clusters[0]!;
  if (clusters.length > 1) {
    const input: MixedInput = {
      model: w.model,
      training,
      pools: clusters.map((p) => ({ name: p.summary.pool, ...trainingCluster(p) })),
      ...(w.crossPoolGbps !== undefined ? { crossPoolGbps: w.crossPoolGbps } : {}),
      assumptions: pickOverrides(assumptions, MIXED_TRAINING_KEYS),
    };
    return { estimate: estimateMixed(input), input: { kind: 'mixed', input } };
  }
  const input: TrainingInput = { model: w.model, training, cluster: trainingCluster(main), assumptions: pickOverrides(assumptions, TRAINING_KEYS) };
  return { estimate: estimateWithBatchAdvice(input), input: { kind: 'single', input } };
}

/** The estimate; a global batch that fits no layout is refused with the nearest batch sizes that work (BatchError). */
function estimateWithBatchAdvice(input: TrainingInput): TrainingEstimate {
  try {
    return estimateTraining(input);
  } catch (e) {
    if (!(e instanceof InputError) || e.path !== 'training.globalBatch' || e instanceof BatchError) throw e;
    const near = nearestWorkingBatches(input, input.training.globalBatch);
    if (!near) throw e;
    throw new BatchError(input.training.globalBatch, near.below, near.above);
  }
}

function batchWarning(e: BatchError, detail: string): EvalWarning {
  const opt = (o: BatchOption | null) => (o ? String(o.batch) : '');
  const lay = (o: BatchOption | null) => (o ? layoutText(o.layout) : '');
  return warning('error', 'training-batch-infeasible', `training estimate: ${detail}`, [], {
    batch: e.batch,
    below: opt(e.below),
    belowLayout: lay(e.below),
    above: opt(e.above),
    aboveLayout: lay(e.above),
  });
}

/** A workload the cluster cannot run: the rule, the field of the workload and the nearest layout that would run. */
export type TrainingRefusal = LayoutRefusalInfo;

/** Any input the training engines refuse, as a refusal: a layout rule with its nearest layout, a batch rule, or a bad field. */
function refusalOf(e: unknown): TrainingRefusal | null {
  if (e instanceof LayoutRefusal) return e.refusal;
  if (!(e instanceof InputError)) return null;
  const message = e.path && e.message.startsWith(`${e.path}: `) ? e.message.slice(e.path.length + 2) : e.message;
  const rule = e instanceof BatchError ? 'batch-divisible-by-dp-and-micro-batch' : 'input';
  return { rule, field: e.path, message, nearest: null };
}

/** The refusal of a layout that does not fit (mixed pools: the pools' memory, no nearest layout). */
function memoryRefusalOf(est: TrainingEstimate | MixedEstimate, main: PoolCluster): TrainingRefusal {
  if ('refusal' in est && est.refusal) return est.refusal;
  const capacityGiB = acceleratorMemoryGiB(main.acc);
  return {
    rule: 'memory',
    field: 'cluster.pools',
    message: `the layout does not fit in memory: it needs ${est.memoryPerAcceleratorGiB.toFixed(1)} GiB on its fullest accelerator and the pools' accelerators have ${capacityGiB.toFixed(2)} GiB or less (rule memory)`,
    nearest: null,
  };
}

/** The out-of-memory error: memory, the need, what the accelerator has, the least any layout needs. */
function memoryWarning(refusal: TrainingRefusal, main: PoolCluster): EvalWarning {
  const capacityGiB = round(acceleratorMemoryGiB(main.acc), 2);
  const min = refusal.minMemoryGiB !== undefined ? round(refusal.minMemoryGiB, 1) : undefined;
  const need = min !== undefined ? ` (needs at least ${min} GiB)` : '';
  return warning('error', 'training-out-of-memory', `the workload does not fit in ${capacityGiB} GiB per accelerator${need}: ${refusal.message}`, [], {
    gib: capacityGiB,
    needGiB: min ?? '',
  });
}

/**
 * The training stage; `stage` is null (with a warning saying why) when there is nothing to estimate or
 * the cluster cannot run the workload. Then `refusal` says which rule and field stop it and the nearest
 * layout that would run: a layout that does not fit in memory gets no training time.
 */
export function trainingStage(
  design: Pick<Design, 'workload' | 'assumptions'>,
  catalog: Catalog,
  pools: readonly PoolSummary[],
  servers: readonly PlacedServer[],
  serverNetwork: ReadonlyMap<string, ServerNetwork>,
): { stage: TrainingStage | null; warnings: EvalWarning[]; refusal?: TrainingRefusal } {
  const w = design.workload;
  if (!w) return { stage: null, warnings: [] };
  const clusters = pools.map((p) => poolCluster(catalog, servers, serverNetwork, p)).filter((p): p is PoolCluster => p !== null);
  const main = clusters[0];
  if (!main) return { stage: null, warnings: [warning('warning', 'training-no-accelerators', 'the design has a workload but no accelerators: no training estimate', [], {})] };
  let est: TrainingEstimate | MixedEstimate;
  let input: TrainingStage['input'];
  try {
    ({ estimate: est, input } = estimate(w, clusters, design.assumptions));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const detail = /^(training|model|cluster)/.test(msg) ? `workload.${msg}` : msg;
    const refusal = refusalOf(e);
    if (e instanceof BatchError) return { stage: null, warnings: [batchWarning(e, detail)], ...(refusal ? { refusal } : {}) };
    const warnings = [warning('error', 'training-infeasible', `training estimate: ${detail}`, [], { detail })];
    return refusal ? { stage: null, warnings, refusal } : { stage: null, warnings };
  }
  if (!est.fitsInMemory) {
    const refusal = memoryRefusalOf(est, main);
    return { stage: null, warnings: [memoryWarning(refusal, main)], refusal };
  }
  const overrides = pickOverrides(design.assumptions, MIXED_TRAINING_KEYS);
  const software = softwarePreset(w.training.software);
  const list = clusters.length > 1 ? [...ALL_TRAINING_ASSUMPTIONS, ...MIXED_ASSUMPTIONS] : ALL_TRAINING_ASSUMPTIONS;
  return {
    stage: {
      estimate: est,
      input,
      clusters,
      accelerators: clusters.reduce((n, p) => n + p.summary.accelerators, 0),
      collectives: collectiveTables(main, est.parallelism, pickOverrides(design.assumptions, TRAINING_KEYS)),
      assumptions: list.map((x) => ({ key: x.key, label: x.label, value: overrides[x.key] ?? software.assumptions[x.key] ?? x.value, unit: x.unit, source: x.source })),
    },
    warnings: [],
  };
}

/** The training result as results show it: the estimate, its pools and the reliability of the run. */
export function trainingResult(t: TrainingStage, reliability: ReliabilityResult | null): TrainingResult {
  return {
    ...t.estimate,
    pool: t.clusters.map((p) => p.summary.pool).join(' + '),
    acceleratorId: t.clusters[0]!.acc.id,
    accelerators: t.accelerators,
    reliability,
  };
}
