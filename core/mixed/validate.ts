/**
 * Input checks of the mixed-chip planner: the pools, the assumption overrides
 * (mixed keys apart from training keys), the dimensions the scenario fixes and
 * the memory floor (can the pools hold one replica's states at all?). Every
 * error names its field path.
 */
import { InputError } from '../errors';
import { RECOMPUTE_MODES, type NormalizedModel, type Recompute, type TrainingParams } from '../training';
import { MIXED_ASSUMPTIONS, MIXED_ASSUMPTION_KEYS, type MixedParams } from './assumptions';
import type { PoolCtx } from './profile';
import type { MixedInput } from './types';

export const GiB = 2 ** 30;
export const TiB = 2 ** 40;

export function fail(path: string, message: string): never {
  throw new InputError(path, message);
}

export function validatePools(input: MixedInput): void {
  const pools = input.pools;
  if (!Array.isArray(pools) || pools.length === 0) fail('cluster.pools', 'must list at least one pool');
  pools.forEach((p, i) => {
    const path = `cluster.pools[${i}]`;
    if (!p || typeof p !== 'object') fail(path, 'must be an object');
    if (!p.accelerator || typeof p.accelerator !== 'object') fail(`${path}.accelerator`, 'is required');
    if (typeof p.count !== 'number' || !Number.isFinite(p.count) || p.count < 1) fail(`${path}.count`, 'must be >= 1');
    if (!Number.isInteger(p.count)) fail(`${path}.count`, 'must be an integer');
    if (typeof p.perNode !== 'number' || !Number.isInteger(p.perNode) || p.perNode < 1)
      fail(`${path}.perNode`, 'must be an integer >= 1');
    if (typeof p.scaleOutGbps !== 'number' || !Number.isFinite(p.scaleOutGbps) || p.scaleOutGbps <= 0)
      fail(`${path}.scaleOutGbps`, 'must be a number > 0');
  });
  if (input.crossPoolGbps !== undefined) {
    const c = input.crossPoolGbps;
    if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) fail('cluster.crossPoolGbps', 'must be a number > 0');
  }
}

/** Assumption overrides split into training keys (passed on) and mixed keys (checked, defaults filled). */
export function splitAssumptions(a: Record<string, number> | undefined): {
  training: Record<string, number>;
  mixed: MixedParams;
} {
  const training: Record<string, number> = {};
  const mixed: Record<string, number> = Object.fromEntries(MIXED_ASSUMPTIONS.map((x) => [x.key, x.value]));
  for (const [k, v] of Object.entries(a ?? {})) {
    if (MIXED_ASSUMPTION_KEYS.has(k)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        fail(`assumptions.${k}`, 'must be a finite number >= 0');
      mixed[k] = v;
    } else training[k] = v;
  }
  if ((mixed.crossPoolBusEfficiency ?? 0) <= 0) fail('assumptions.crossPoolBusEfficiency', 'must be > 0');
  return { training, mixed: mixed as unknown as MixedParams };
}

function fixedInt(v: unknown, path: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) fail(path, 'must be a positive integer');
  return v;
}

/** Dimensions the scenario fixes (training.parallelism, microBatch, recompute); undefined = searched. */
export interface FixedDims {
  tp?: number;
  pp?: number;
  dp?: number;
  cp?: number;
  ep?: number;
  v?: number;
  mb?: number;
  rc?: Recompute;
}

/** Read the fixed dimensions and check them against the model and the pools (`k` pools). */
export function resolveFixedDims(input: MixedInput, model: NormalizedModel, pcs: readonly PoolCtx[]): FixedDims {
  const t = input.training;
  const fixed = t.parallelism ?? {};
  const f: FixedDims = {
    tp: fixedInt(fixed.tp, 'training.parallelism.tp'),
    pp: fixedInt(fixed.pp, 'training.parallelism.pp'),
    dp: fixedInt(fixed.dp, 'training.parallelism.dp'),
    cp: fixedInt(fixed.cp, 'training.parallelism.cp'),
    ep: fixedInt(fixed.ep, 'training.parallelism.ep'),
    v: fixedInt(fixed.virtualStages, 'training.parallelism.virtualStages'),
    mb: fixedInt(t.microBatch, 'training.microBatch'),
    rc: t.recompute,
  };
  if (f.rc !== undefined && !RECOMPUTE_MODES.includes(f.rc))
    fail('training.recompute', 'must be none, selective or full');
  if (f.cp !== undefined && model.s % f.cp !== 0)
    fail('model.seqLength', `must be divisible by training.parallelism.cp (${f.cp})`);
  checkPipelineDepth(f, model.L, pcs.length);
  if (f.tp !== undefined) {
    const tp = f.tp;
    if (model.a % tp !== 0) fail('model.heads', `must be divisible by training.parallelism.tp (${tp})`);
    if (model.kv % tp !== 0 && tp % model.kv !== 0)
      fail('model.kvHeads', `must divide or be divisible by training.parallelism.tp (${tp})`);
    pcs.forEach((pc, i) => {
      if (tp > pc.pool.count) fail(`cluster.pools[${i}].count`, `must be >= training.parallelism.tp (${tp})`);
    });
  }
  if (f.ep !== undefined) {
    if (!model.moe && f.ep !== 1) fail('training.parallelism.ep', 'must be 1 for a dense model (model.experts = 0)');
    if (model.moe && model.E % f.ep !== 0)
      fail('model.experts', `must be divisible by training.parallelism.ep (${f.ep})`);
  }
  return f;
}

/** L layers must fill at least one stage per pool, and a fixed pp x virtual stages. */
function checkPipelineDepth(f: FixedDims, L: number, k: number): void {
  if (k > L) fail('model.layers', `${L} layers cannot fill a pipeline of ${k} stages (at least one stage per pool)`);
  if (f.pp !== undefined && f.pp > L) fail('model.layers', `${L} layers cannot fill a pipeline of ${f.pp} stages`);
  if (f.pp !== undefined && f.pp < k) fail('training.parallelism.pp', `must be at least the number of pools (${k})`);
  if (f.v !== undefined && L % f.v !== 0) fail('training.parallelism.virtualStages', `must divide model.layers (${L})`);
  if (f.v !== undefined && f.pp !== undefined && f.pp * f.v > L)
    fail('model.layers', `${L} layers cannot fill a pipeline of ${f.pp} stages x ${f.v} virtual stages`);
}

/** What one replica needs at the least (dp = 1) against what the pools hold, bytes. */
export interface MemoryFloor {
  totalAccelerators: number;
  stateBytesPerParam: number;
  needBytes: number;
  holdBytes: number;
}

/**
 * Memory lower bound: one replica's weights, gradients and optimizer states
 * (dp = 1) plus the runtime reserve on every accelerator.
 */
export function memoryFloor(pcs: readonly PoolCtx[], params: TrainingParams, totalParams: number): MemoryFloor {
  const totalAccelerators = pcs.reduce((s, pc) => s + pc.pool.count, 0);
  const stateBytesPerParam = params.weightBytesPerParam + params.gradBytesPerParam + params.optimizerBytesPerParam;
  const needBytes = totalParams * stateBytesPerParam + totalAccelerators * params.memoryReserveGiB * GiB;
  const holdBytes = pcs.reduce((s, pc) => s + pc.pool.count * pc.ctx.capacityBytes, 0);
  return { totalAccelerators, stateBytesPerParam, needBytes, holdBytes };
}

/** Fails when the pools together cannot hold even the memory floor. */
export function checkMemoryFloor(floor: MemoryFloor, params: TrainingParams, totalParams: number): void {
  if (floor.needBytes > floor.holdBytes)
    fail(
      'cluster.pools',
      `the model needs at least ${(floor.needBytes / TiB).toFixed(2)} TiB (${(totalParams / 1e9).toFixed(1)} B parameters x ${floor.stateBytesPerParam} B for weights, gradients and optimizer states, plus ${params.memoryReserveGiB} GiB runtime reserve per accelerator) and the pools hold ${(floor.holdBytes / TiB).toFixed(2)} TiB`,
    );
}
