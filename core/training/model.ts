import { InputError } from '../errors';
import type { ModelSpec } from './types';

/** A model with every optional field resolved, plus derived sizes. */
export interface NormalizedModel {
  name: string;
  L: number;
  h: number;
  a: number;
  kv: number;
  /** Head dimension h / a. */
  dh: number;
  /** Query/key and value width per head in the attention core (default dh; wider with latent attention). */
  dqk: number;
  dv: number;
  /** Key (or value) width: kv x dh. */
  kvDim: number;
  f: number;
  gated: boolean;
  /** Matrices in one FFN: 3 gated, 2 plain. */
  ffnMats: number;
  V: number;
  s: number;
  moe: boolean;
  E: number;
  topk: number;
  fe: number;
  shared: number;
  tied: boolean;
  /** Dropout masks are kept and written (dropout probability > 0). */
  dropout: boolean;
}

function posInt(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || !Number.isInteger(v)) {
    throw new InputError(path, 'must be a positive integer');
  }
  return v;
}
function nonNegInt(v: unknown, path: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || !Number.isInteger(v)) {
    throw new InputError(path, 'must be an integer >= 0');
  }
  return v;
}

export function normalizeModel(m: ModelSpec): NormalizedModel {
  const L = posInt(m.layers, 'model.layers');
  const h = posInt(m.hidden, 'model.hidden');
  const a = posInt(m.heads, 'model.heads');
  if (h % a !== 0) throw new InputError('model.hidden', `must be divisible by model.heads (${a})`);
  const kv = m.kvHeads === undefined ? a : posInt(m.kvHeads, 'model.kvHeads');
  if (a % kv !== 0) throw new InputError('model.kvHeads', `must divide model.heads (${a})`);
  const f = m.ffnHidden === undefined ? 4 * h : posInt(m.ffnHidden, 'model.ffnHidden');
  const V = posInt(m.vocab, 'model.vocab');
  const s = posInt(m.seqLength, 'model.seqLength');
  const E = nonNegInt(m.experts, 'model.experts', 0);
  const moe = E > 0;
  const topk = nonNegInt(m.expertsPerToken, 'model.expertsPerToken', moe ? 1 : 0);
  const fe = nonNegInt(m.expertFfnHidden, 'model.expertFfnHidden', moe ? f : 0);
  const shared = nonNegInt(m.sharedExperts, 'model.sharedExperts', 0);
  if (moe) {
    if (topk < 1 || topk > E) throw new InputError('model.expertsPerToken', `must be between 1 and model.experts (${E})`);
    if (fe < 1) throw new InputError('model.expertFfnHidden', 'must be a positive integer for a mixture-of-experts model');
  }
  const gated = m.gatedFfn === true;
  const dropout = m.dropout ?? 0;
  if (typeof dropout !== 'number' || !Number.isFinite(dropout) || dropout < 0 || dropout >= 1)
    throw new InputError('model.dropout', 'must be a probability >= 0 and < 1');
  const dh = h / a;
  const dqk = m.headDim === undefined ? dh : posInt(m.headDim, 'model.headDim');
  const dv = m.valueHeadDim === undefined ? dqk : posInt(m.valueHeadDim, 'model.valueHeadDim');
  return {
    name: m.name ?? 'custom',
    L,
    h,
    a,
    kv,
    dh,
    dqk,
    dv,
    kvDim: kv * dh,
    f,
    gated,
    ffnMats: gated ? 3 : 2,
    V,
    s,
    moe,
    E,
    topk: moe ? topk : 0,
    fe: moe ? fe : 0,
    shared: moe ? shared : 0,
    tied: m.tiedEmbeddings === true,
    dropout: dropout > 0,
  };
}

export interface ModelCounts {
  /** Attention weights of one layer. */
  attnParams: number;
  /** Weights of one expert FFN. */
  expertParams: number;
  /** Dense (non-expert) weights of one layer: attention, norms, dense FFN or shared experts + router. */
  layerDenseParams: number;
  /** Routed-expert weights of one layer (all experts). */
  layerExpertParams: number;
  embeddingParams: number;
  totalParams: number;
  /** Parameters touched per token (MoE: only the routed top-k). */
  activeParams: number;
  /** Forward FLOPs per token of one layer (attention over the full sequence, non-causal convention). */
  layerFwdFlopsPerToken: number;
  /** Of which attention scores and attention-times-values (2 s a (dqk + dv); 4 s h when the head widths are h / a). */
  attnCoreFwdFlopsPerToken: number;
  /** Forward FLOPs per token of the output (logit) layer. */
  logitFwdFlopsPerToken: number;
  /** Model FLOPs per token for training: 3 x forward (MFU convention, no recompute). */
  trainFlopsPerToken: number;
}

export function modelCounts(m: NormalizedModel): ModelCounts {
  const { h, kvDim, f, ffnMats, V, s, E, topk, fe, shared, L } = m;
  const attnParams = h * (h + 2 * kvDim) + h * h;
  const expertParams = ffnMats * h * fe;
  const norms = 4 * h;
  const layerDenseParams = m.moe ? attnParams + norms + shared * expertParams + h * E : attnParams + norms + ffnMats * h * f;
  const layerExpertParams = m.moe ? E * expertParams : 0;
  const embeddingParams = V * h * (m.tied ? 1 : 2);
  const totalParams = L * (layerDenseParams + layerExpertParams) + embeddingParams;
  const activeParams = L * (layerDenseParams + topk * expertParams) + embeddingParams;
  const attnCore = 2 * s * m.a * (m.dqk + m.dv);
  const ffnFlops = m.moe ? 2 * ffnMats * h * fe * (topk + shared) + 2 * h * E : 2 * ffnMats * h * f;
  const layerFwdFlopsPerToken = 2 * h * (h + 2 * kvDim) + attnCore + 2 * h * h + ffnFlops;
  const logitFwdFlopsPerToken = 2 * h * V;
  return {
    attnParams,
    expertParams,
    layerDenseParams,
    layerExpertParams,
    embeddingParams,
    totalParams,
    activeParams,
    layerFwdFlopsPerToken,
    attnCoreFwdFlopsPerToken: attnCore,
    logitFwdFlopsPerToken,
    trainFlopsPerToken: 3 * (L * layerFwdFlopsPerToken + logitFwdFlopsPerToken),
  };
}
