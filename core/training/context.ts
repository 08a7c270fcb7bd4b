/**
 * The engine context: everything about a training input that does not depend
 * on the execution configuration (model, parameters, peaks, bandwidths), with
 * the caches of per-layer costs the search reuses.
 */
import {
  defaultScaleUpReduction,
  scaleOutUnidirectionalGBps,
  scaleUpUnidirectionalGBps,
  type CollectiveGroup,
} from '../network/collectives';
import { acceleratorMemoryBytes, GIB_BYTES } from '../catalog/memory';
import { InputError } from '../errors';
import { resolveTrainingParams, type TrainingParams } from './assumptions';
import type { EmbeddingCosts, HeadCosts, LayerCosts } from './layer-costs';
import { modelCounts, normalizeModel, type ModelCounts, type NormalizedModel } from './model';
import { softwarePreset, type SoftwarePreset } from './software';
import { checkLayersPerStage } from './stages';
import type { Precision, TrainingInput, ZeroStage } from './types';

export const GiB = GIB_BYTES;

/** Everything about an input that does not depend on the execution configuration. */
export interface EngineContext {
  model: NormalizedModel;
  counts: ModelCounts;
  params: TrainingParams;
  /** The software preset (its assumption values are in params). */
  software: SoftwarePreset;
  /** The input's layers per pipeline stage (checked against the layer count), or undefined. */
  layersPerStage: number[] | undefined;
  precision: Precision;
  zero: ZeroStage;
  sp: boolean;
  globalBatch: number;
  tokens: number;
  count: number;
  /** Accelerators in one scale-up domain. */
  domain: number;
  intraGBps: number;
  /** Scale-out bandwidth of a group spanning the whole job (the widest scope it reaches). */
  interGBps: number;
  /** Scale-out bandwidth by span, smallest first: groups within `span` consecutive accelerators get `GBps`. */
  interScopes: Array<{ span: number; GBps: number }>;
  scaleUpReduction: boolean;
  scaleOutReduction: boolean;
  /** Effective peak FLOP/s for linear layers (training precision, FP8 derated) and for attention (16-bit). */
  peakLinear: number;
  peakAttn: number;
  /** Peak of the training precision, the MFU denominator. */
  peakPrecision: number;
  hbmBytesPerS: number;
  capacityBytes: number;
  layerCache: Map<number, LayerCosts>;
  headCache: Map<number, HeadCosts>;
  embCache: Map<number, EmbeddingCosts>;
  /** Reused communicator description (the search evaluates thousands of configurations). */
  scratch: CollectiveGroup;
}

function finitePos(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new InputError(path, 'must be a number > 0');
  return v;
}

/** The fabric's scopes as spans and bandwidths, checked (cluster.scaleOutScopes[i]). */
function interScopes(scopes: unknown, scaleOutGbps: number): Array<{ span: number; GBps: number }> {
  if (scopes === undefined) return [];
  if (!Array.isArray(scopes)) throw new InputError('cluster.scaleOutScopes', 'must be a list of { accelerators, oversubscription }');
  return scopes.map((s: { accelerators?: unknown; oversubscription?: unknown }, i) => {
    const span = finitePos(s?.accelerators, `cluster.scaleOutScopes[${i}].accelerators`);
    const over = finitePos(s?.oversubscription, `cluster.scaleOutScopes[${i}].oversubscription`);
    return { span, GBps: scaleOutUnidirectionalGBps(scaleOutGbps, over) };
  });
}

/** Scale-out bandwidth of a group spanning `span` consecutive accelerators. */
export function interGBpsFor(ctx: EngineContext, span: number): number {
  const s = ctx.interScopes;
  for (let i = 0; i < s.length; i++) if (span <= s[i]!.span) return s[i]!.GBps;
  return ctx.interGBps;
}

export function createContext(input: TrainingInput): EngineContext {
  const model = normalizeModel(input.model);
  const counts = modelCounts(model);
  const t = input.training;
  const software = softwarePreset(t.software);
  const params = resolveTrainingParams({ ...software.assumptions, ...input.assumptions });
  const c = input.cluster;
  const acc = c.accelerator;
  if (!acc) throw new InputError('cluster.accelerator', 'is required');
  const precision: Precision = software.precision ?? t.precision ?? 'bf16';
  if (!['bf16', 'fp16', 'fp8'].includes(precision)) throw new InputError('training.precision', 'must be bf16, fp16 or fp8');
  const zero = (software.zeroStage ?? t.zeroStage ?? 1) as ZeroStage;
  if (![0, 1, 2, 3].includes(zero)) throw new InputError('training.zeroStage', 'must be 0, 1, 2 or 3');
  const tokens = finitePos(t.tokens, 'training.tokens');
  const globalBatch = finitePos(t.globalBatch, 'training.globalBatch');
  if (!Number.isInteger(globalBatch)) throw new InputError('training.globalBatch', 'must be a positive integer');
  const count = finitePos(c.count, 'cluster.count');
  if (!Number.isInteger(count)) throw new InputError('cluster.count', 'must be a positive integer');
  const perNode = finitePos(c.perNode, 'cluster.perNode');
  const scaleOutGbps = finitePos(c.scaleOutGbps, 'cluster.scaleOutGbps');
  const scopes = interScopes(c.scaleOutScopes, scaleOutGbps);
  const bf16 = finitePos(acc.peakTflops?.bf16, 'cluster.accelerator.peakTflops.bf16') * 1e12;
  const fp16 = (acc.peakTflops.fp16 > 0 ? acc.peakTflops.fp16 : acc.peakTflops.bf16) * 1e12;
  const fp8 = acc.peakTflops.fp8 > 0 ? acc.peakTflops.fp8 * 1e12 : 0;
  const sixteen = precision === 'fp16' ? fp16 : bf16;
  const useFp8 = precision === 'fp8' && fp8 > 0;
  const peakPrecision = useFp8 ? fp8 : sixteen;
  // FP8 GEMMs: the FP8 peak derated by fp8GemmFactor (scaling, casts, lower achieved efficiency)
  const peakLinear = useFp8 ? Math.max(sixteen, fp8 * params.fp8GemmFactor) : sixteen;
  const domain =
    c.scaleUpDomain ??
    (acc.scaleUp.kind === 'nvl72' ? Math.max(perNode, acc.scaleUp.domainSize) : perNode);
  return {
    model,
    counts,
    params,
    software,
    layersPerStage: checkLayersPerStage(t.layersPerStage, model.L),
    precision,
    zero,
    sp: t.sequenceParallel ?? true,
    globalBatch,
    tokens,
    count,
    domain: Math.max(1, Math.floor(domain)),
    intraGBps: scaleUpUnidirectionalGBps(finitePos(acc.scaleUp.bandwidthGBps, 'cluster.accelerator.scaleUp.bandwidthGBps')),
    interGBps: scopes.length > 0 ? scopes[scopes.length - 1]!.GBps : scaleOutUnidirectionalGBps(scaleOutGbps, c.oversubscription ?? 1),
    interScopes: scopes,
    scaleUpReduction: c.scaleUpReduction ?? defaultScaleUpReduction(acc),
    scaleOutReduction: c.inNetworkReduction ?? false,
    peakLinear,
    peakAttn: sixteen,
    peakPrecision,
    hbmBytesPerS: finitePos(acc.memoryTBps, 'cluster.accelerator.memoryTBps') * 1e12,
    capacityBytes: acceleratorMemoryBytes({
      memoryGB: finitePos(acc.memoryGB, 'cluster.accelerator.memoryGB'),
      ...(acc.memoryGiB !== undefined ? { memoryGiB: finitePos(acc.memoryGiB, 'cluster.accelerator.memoryGiB') } : {}),
    }),
    layerCache: new Map(),
    headCache: new Map(),
    embCache: new Map(),
    scratch: { size: 1, membersPerNode: 1, intraGBps: 0, interGBps: 0 },
  };
}
