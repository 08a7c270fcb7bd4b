/**
 * Which manual parallel degrees (TP, PP, DP, CP, EP) a workload allows on a cluster,
 * for the inspector's field errors (pure). The rules are the training engine's
 * divisibility checks (core/training/engine.ts `configProblem`, and the cluster-size
 * check of `estimateTraining`), asked of one degree at a time with the others as set
 * (an unset degree counts as 1, as the engine's search starts from):
 *  - TP divides the attention heads; KV heads divide or are divisible by TP;
 *  - PP x virtual stages divides the layers; CP divides the sequence length;
 *  - EP divides the experts (1 for a dense model) and DP x CP;
 *  - TP x PP x CP divides the accelerators, and with DP set TP x PP x DP x CP equals them;
 *  - DP x micro-batch divides the global batch.
 */
import type { Workload } from '../../core/model/design';

export type DegreeKey = 'tp' | 'pp' | 'dp' | 'cp' | 'ep';

export interface DegreeRule {
  /** Which rule failed (an i18n key suffix: `par.rule.<rule>`). */
  rule:
    | 'heads'
    | 'kvHeads'
    | 'layers'
    | 'seqLength'
    | 'experts'
    | 'dense'
    | 'epDpCp'
    | 'cluster'
    | 'clusterExact'
    | 'batch';
  params: Record<string, number>;
}

export interface DegreeProblem extends DegreeRule {
  /** Values of this degree that pass every rule (the smallest few). */
  allowed: number[];
}

function degrees(w: Workload): Record<DegreeKey | 'vs', number | undefined> {
  const p = w.training.parallelism;
  return { tp: p.tp, pp: p.pp, dp: p.dp, cp: p.cp, ep: p.ep, vs: p.virtualStages };
}

/** The first rule `k = v` breaks, or null. `accelerators` undefined: the cluster rules are skipped. */
export function degreeRule(k: DegreeKey, v: number, w: Workload, accelerators: number | undefined): DegreeRule | null {
  const d = { ...degrees(w), [k]: v };
  const tp = d.tp ?? 1;
  const pp = d.pp ?? 1;
  const cp = d.cp ?? 1;
  const vs = d.vs ?? 1;
  const m = w.model;
  const heads = m.heads;
  const kv = m.kvHeads ?? heads;
  const experts = m.experts ?? 0;
  switch (k) {
    case 'tp':
      if (heads % tp !== 0) return { rule: 'heads', params: { heads } };
      if (kv % tp !== 0 && tp % kv !== 0) return { rule: 'kvHeads', params: { kvHeads: kv } };
      break;
    case 'pp':
      if (m.layers % (pp * vs) !== 0) return { rule: 'layers', params: { layers: m.layers, vs } };
      break;
    case 'cp':
      if (m.seqLength % cp !== 0) return { rule: 'seqLength', params: { seqLength: m.seqLength } };
      break;
    case 'ep':
      if (experts === 0 && v !== 1) return { rule: 'dense', params: {} };
      if (experts > 0 && experts % v !== 0) return { rule: 'experts', params: { experts } };
      if (d.dp !== undefined && (d.dp * cp) % v !== 0) return { rule: 'epDpCp', params: { dp: d.dp, cp } };
      break;
    case 'dp': {
      const mb = w.training.microBatch ?? 1;
      if (w.training.globalBatch % (v * mb) !== 0)
        return { rule: 'batch', params: { globalBatch: w.training.globalBatch, microBatch: mb } };
      break;
    }
  }
  if (accelerators !== undefined && k !== 'ep') {
    if (d.dp !== undefined) {
      if (tp * pp * d.dp * cp !== accelerators) return { rule: 'clusterExact', params: { accelerators } };
    } else if (accelerators % (tp * pp * cp) !== 0) {
      return { rule: 'cluster', params: { accelerators } };
    }
  }
  return null;
}

/** Candidates to try: divisors of the accelerators (or of the relevant model size), small first. */
function candidates(k: DegreeKey, w: Workload, accelerators: number | undefined): number[] {
  const base =
    accelerators ??
    (k === 'tp'
      ? w.model.heads
      : k === 'pp'
        ? w.model.layers
        : k === 'cp'
          ? w.model.seqLength
          : k === 'ep'
            ? Math.max(1, w.model.experts ?? 1)
            : w.training.globalBatch);
  const out: number[] = [];
  const limit = Math.min(base, 100_000_000);
  for (let i = 1; i * i <= limit; i++) {
    if (limit % i === 0) {
      out.push(i);
      if (i * i !== limit) out.push(limit / i);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Why `k = v` is refused, with the values that would be accepted; null when it is allowed. */
export function degreeProblem(
  k: DegreeKey,
  v: number,
  w: Workload,
  accelerators: number | undefined,
  maxListed = 12,
): DegreeProblem | null {
  const rule = degreeRule(k, v, w, accelerators);
  if (!rule) return null;
  const allowed: number[] = [];
  for (const c of candidates(k, w, accelerators)) {
    if (!degreeRule(k, c, w, accelerators)) allowed.push(c);
    if (allowed.length >= maxListed) break;
  }
  return { ...rule, allowed };
}
