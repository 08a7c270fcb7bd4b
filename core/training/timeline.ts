/**
 * Step timeline: one optimizer step simulated as a schedule, every micro-batch's
 * forward and backward on every pipeline stage, as a profiler would show it.
 *
 * Schedule (Megatron-LM order, Narayanan et al. 2021):
 * - 1F1B: stage s runs min(pp - s - 1, m) warm-up forwards, then alternates one
 *   forward and one backward, then drains the remaining backwards.
 * - Interleaved 1F1B with v model chunks per stage: (pp - s - 1) x 2 + (v - 1) x pp
 *   warm-up forwards over m x v virtual micro-batches (all of them when m = pp);
 *   virtual micro-batch k is chunk floor((k mod pp v) / pp) (reversed for the
 *   backward) of micro-batch floor(k / pp v) x pp + k mod pp.
 *
 * Each slot is the chunk's compute followed by its exposed tensor/context/expert
 * parallel communication (in the kernel stream these alternate layer by layer;
 * the timeline draws their sum after the compute). A stage sends its activations
 * (forward) or gradients (backward) to the neighbouring stage with a blocking
 * point-to-point that occupies the sender (Megatron's batched send/recv); the
 * receiver may start once it has arrived. A forward waits for its input, a
 * backward for the gradient of the next stage (the last chunk of the last stage:
 * for its own forward). After a stage's last backward come its tail pieces: the
 * data-parallel exchange left exposed after overlap, the optimizer step, the
 * weight gather. Idle time on a row is a `bubble`.
 *
 * Interleaving efficiency: measured interleaved runs realise only a share e of the
 * theoretical bubble reduction (assumption `interleaveEfficiency`, fitted on
 * Narayanan et al. 2021 Table 1: extra point-to-point and warm-up imbalance on the
 * critical path). A dependency schedule cannot derive that loss, so the simulator
 * states it: one `stall` of (1 - e)(1 - 1/v)(sum_s T_s - max_s T_s), T_s a stage's
 * per-micro-batch time, on the last stage before its first backward, where it
 * delays every stage's drain. With e = 1 (or v = 1) there is no stall.
 *
 * Uneven chunks interleaved: the closed form (engine.ts) sees a stage as its total time, spread
 * evenly over its v chunks; it runs the steady state at the slowest stage's pace and scales the
 * fill and drain by the interleaving factor. The schedule puts the embedding in the first stage's
 * first chunk and the output layer in the last stage's last chunk, as Megatron-LM places them, and
 * every round of pp micro-batches wraps around from the last stage to the first. When one chunk is
 * heavier than a chunk of the slowest stage, the rounds wait for it, and the closed form does not
 * see it: Llama 3 405B (7, 8 x 14, 7 layers, vocabulary 128,256) on 16,384 H100 with 16
 * micro-batches per replica at v 6 puts 7/6 layers plus the output layer (1.5x a chunk of layers)
 * in one chunk of a stage that is in total lighter than the middle ones, and the simulated step is
 * 3.97% longer. Spread each stage's time evenly over its chunks, keeping the uneven stages, and it
 * agrees within 0.60%; equal stages (8 layers each, the head then on the slowest stage) agree within
 * 0.6% too; without interleaving within 0.2% (timeline.test.ts). The calibration row it touches is
 * the most optimistic one (calibration.test.ts), so the simulator's figure is the closer there.
 *
 * One timeline stands for all data-parallel replicas (they run the same schedule).
 * Cost: O(stages x micro-batches x chunks); no per-accelerator objects.
 */
import { InputError } from '../errors';

/**
 * Most forward and backward slots (stages x micro-batches x chunks x 2) one step may have to be
 * simulated: about 350,000 intervals, a few hundred ms. Larger steps (e.g. a million-sequence batch)
 * are refused with an InputError naming `timeline`; the estimate itself is unaffected.
 */
export const TIMELINE_MAX_SLOTS = 100_000;

export type TimelineKind = 'forward' | 'backward' | 'comm' | 'p2p' | 'stall' | 'bubble' | 'dp' | 'optimizer';
export const TIMELINE_KINDS: readonly TimelineKind[] = ['forward', 'backward', 'comm', 'p2p', 'stall', 'bubble', 'dp', 'optimizer'];

export interface TimelineInterval {
  stage: number;
  /** Micro-batch, 0-based; -1 for idle time and the step's end (data-parallel exchange, optimizer). */
  microBatch: number;
  /** Model chunk (virtual stage) on this pipeline stage, 0-based; -1 when none. */
  chunk: number;
  kind: TimelineKind;
  startS: number;
  endS: number;
  /** On the critical path: the chain of intervals, one after another, that ends the step. */
  critical: boolean;
}

/** One model chunk's work for one micro-batch on one accelerator of a stage, s. */
export interface TimelineChunkCost {
  fwdS: number;
  /** Exposed TP/CP/EP communication of the forward. */
  fwdCommS: number;
  bwdS: number;
  bwdCommS: number;
}

export interface TimelineTailPiece {
  /** `stall`: waiting at the step's synchronisation for the slowest data-parallel replica. */
  kind: 'dp' | 'optimizer' | 'stall';
  s: number;
}

export interface TimelineStageSpec {
  /** One entry per model chunk (virtual stage), in chunk order. */
  chunks: TimelineChunkCost[];
  /** One point-to-point message to the next stage (the last stage: to the first, interleaved only), s. */
  sendNextS: number;
  /** One message to the previous stage (the first stage: to the last, interleaved only), s. */
  sendPrevS: number;
  /** After the last backward, in order; non-positive pieces are left out. */
  tail: TimelineTailPiece[];
  /** Pool index (mixed pools), for the row's colour. */
  pool?: number;
  /** Layers held (all chunks). */
  layers?: number;
}

export interface TimelineSpec {
  stages: TimelineStageSpec[];
  microBatches: number;
  /** Realised share of the interleaving bubble reduction, 0..1 (default 1). */
  interleaveEfficiency?: number;
}

export interface TimelineRow {
  stage: number;
  pool?: number;
  layers?: number;
  /** Time the stage computes or communicates, s. */
  busyS: number;
  /** Idle time up to the step's end, s. */
  idleS: number;
  /** When the stage's last interval ends, s. */
  endS: number;
}

export interface StepTimeline {
  stepTimeS: number;
  stages: number;
  microBatches: number;
  virtualStages: number;
  rows: TimelineRow[];
  /** By stage, then start time. */
  intervals: TimelineInterval[];
  /** Time along the critical path by kind (adds up to stepTimeS). */
  criticalByKind: Record<TimelineKind, number>;
}

/** Schedule of one stage: op codes in execution order (bit 0: backward; then chunk and micro-batch). */
function stageOrder(s: number, pp: number, m: number, v: number): Int32Array {
  const total = m * v;
  const ops = new Int32Array(2 * total);
  const code = (k: number, bwd: boolean): number => {
    let mb: number;
    let chunk: number;
    if (v === 1) {
      mb = k;
      chunk = 0;
    } else {
      const g = k % (pp * v);
      chunk = Math.floor(g / pp);
      if (bwd) chunk = v - 1 - chunk;
      mb = Math.floor(k / (pp * v)) * pp + (g % pp);
    }
    return ((mb * v + chunk) << 1) | (bwd ? 1 : 0);
  };
  let warm = v === 1 ? pp - s - 1 : m === pp ? total : (pp - s - 1) * 2 + (v - 1) * pp;
  warm = Math.min(warm, total);
  let n = 0;
  for (let k = 0; k < warm; k++) ops[n++] = code(k, false);
  for (let k = 0; k < total - warm; k++) {
    ops[n++] = code(warm + k, false);
    ops[n++] = code(k, true);
  }
  for (let k = total - warm; k < total; k++) ops[n++] = code(k, true);
  return ops;
}

function slotS(c: TimelineChunkCost): number {
  return c.fwdS + c.fwdCommS + c.bwdS + c.bwdCommS;
}

function checkSpec(spec: TimelineSpec): void {
  const pp = spec.stages.length;
  if (pp < 1) throw new InputError('timeline.stages', 'needs at least one stage');
  const v = spec.stages[0]!.chunks.length;
  const m = spec.microBatches;
  if (!Number.isInteger(m) || m < 1) throw new InputError('timeline.microBatches', 'must be a positive integer');
  if (v < 1 || spec.stages.some((st) => st.chunks.length !== v)) throw new InputError('timeline.stages', 'every stage needs the same number of chunks (>= 1)');
  if (v > 1 && pp === 1) throw new InputError('training.parallelism.virtualStages', 'must be 1 without pipeline parallelism');
  if (v > 1 && m % pp !== 0) throw new InputError('training.parallelism.virtualStages', `interleaving needs micro-batches (${m}) divisible by the stages (${pp})`);
  const slots = 2 * pp * m * v;
  if (slots > TIMELINE_MAX_SLOTS)
    throw new InputError('timeline', `the step has ${slots} forward and backward slots (${pp} stages x ${m} micro-batches x ${v} chunks x 2), more than the ${TIMELINE_MAX_SLOTS} the timeline simulates`);
  const bad = (x: number) => !(Number.isFinite(x) && x >= 0);
  spec.stages.forEach((st, s) => {
    if (bad(st.sendNextS) || bad(st.sendPrevS)) throw new InputError(`timeline.stages[${s}]`, 'send times must be finite and >= 0');
    if (st.chunks.some((c) => bad(c.fwdS) || bad(c.fwdCommS) || bad(c.bwdS) || bad(c.bwdCommS)))
      throw new InputError(`timeline.stages[${s}].chunks`, 'times must be finite and >= 0');
    if (st.tail.some((t) => !Number.isFinite(t.s))) throw new InputError(`timeline.stages[${s}].tail`, 'times must be finite');
  });
}

const K = Object.fromEntries(TIMELINE_KINDS.map((k, i) => [k, i])) as Record<TimelineKind, number>;

/** The simulation's state: inputs' arrival times, per-op links and the intervals in flat arrays. */
interface Sim {
  stages: readonly TimelineStageSpec[];
  pp: number;
  v: number;
  m: number;
  stallS: number;
  stalled: boolean;
  /** Ops per stage (2 m v). */
  perStage: number;
  /** Arrival of each (stage, micro-batch, chunk) input, forward activations / backward gradients (NaN: not yet), and the op that sent it. */
  availF: Float64Array;
  availB: Float64Array;
  fromF: Int32Array;
  fromB: Int32Array;
  /** Per op: the op whose end set its start (critical-path predecessor), its intervals [first, last]. */
  pred: Int32Array;
  ivFirst: Int32Array;
  ivLast: Int32Array;
  /** Intervals: one region of `cap` per stage. */
  cap: number;
  count: Int32Array;
  ivStart: Float64Array;
  ivEnd: Float64Array;
  ivMb: Int32Array;
  ivChunk: Int32Array;
  ivKind: Uint8Array;
  ivCrit: Uint8Array;
  orders: Int32Array[];
  ptr: Int32Array;
  free: Float64Array;
  busy: Float64Array;
  lastOp: Int32Array;
}

function createSim(spec: TimelineSpec): Sim {
  const stages = spec.stages;
  const pp = stages.length;
  const v = stages[0]!.chunks.length;
  const m = spec.microBatches;
  const e = Math.max(0, Math.min(1, spec.interleaveEfficiency ?? 1));
  const slots = stages.map((st) => st.chunks.reduce((t, c) => t + slotS(c), 0));
  const stallS = v > 1 && pp > 1 ? (1 - e) * (1 - 1 / v) * (slots.reduce((a, b) => a + b, 0) - Math.max(...slots)) : 0;
  const perStage = 2 * m * v;
  const nOps = pp * perStage;
  const inputs = pp * m * v;
  // an op makes at most 5 intervals (idle, stall, work, comm, send); then the tail and the final idle
  const cap = 5 * perStage + 2 * (stages.reduce((n, st) => Math.max(n, st.tail.length), 0) + 1);
  const sim: Sim = {
    stages,
    pp,
    v,
    m,
    stallS,
    stalled: false,
    perStage,
    availF: new Float64Array(inputs).fill(NaN),
    availB: new Float64Array(inputs).fill(NaN),
    fromF: new Int32Array(inputs).fill(-1),
    fromB: new Int32Array(inputs).fill(-1),
    pred: new Int32Array(nOps).fill(-1),
    ivFirst: new Int32Array(nOps),
    ivLast: new Int32Array(nOps),
    cap,
    count: new Int32Array(pp),
    ivStart: new Float64Array(pp * cap),
    ivEnd: new Float64Array(pp * cap),
    ivMb: new Int32Array(pp * cap),
    ivChunk: new Int32Array(pp * cap),
    ivKind: new Uint8Array(pp * cap),
    ivCrit: new Uint8Array(pp * cap),
    orders: stages.map((_, s) => stageOrder(s, pp, m, v)),
    ptr: new Int32Array(pp),
    free: new Float64Array(pp),
    busy: new Float64Array(pp),
    lastOp: new Int32Array(pp).fill(-1),
  };
  for (let mb = 0; mb < m; mb++) sim.availF[mb * v] = 0;
  return sim;
}

function push(x: Sim, s: number, mb: number, chunk: number, kind: number, a: number, b: number): void {
  const i = s * x.cap + x.count[s]!++;
  x.ivStart[i] = a;
  x.ivEnd[i] = b;
  x.ivMb[i] = mb;
  x.ivChunk[i] = chunk;
  x.ivKind[i] = kind;
}

/** The stage and chunk an op's output goes to: -1 when none (the last forward and the first backward of the pipeline). */
function receiver(x: Sim, s: number, c: number, bwd: boolean): [number, number] {
  if (!bwd) {
    if (s < x.pp - 1) return [s + 1, c];
    return c < x.v - 1 ? [0, c + 1] : [-1, c];
  }
  if (s > 0) return [s - 1, c];
  return c > 0 ? [x.pp - 1, c - 1] : [-1, c];
}

/** Run stage s's next op if its input has arrived; false when it has to wait. */
function runOp(x: Sim, s: number): boolean {
  const { v, m } = x;
  const op = x.orders[s]![x.ptr[s]!]!;
  const bwd = (op & 1) === 1;
  const mb = Math.floor((op >> 1) / v);
  const c = (op >> 1) % v;
  const k = (s * m + mb) * v + c;
  const avail = bwd ? x.availB[k]! : x.availF[k]!;
  if (avail !== avail) return false; // NaN: input not there yet
  const id = s * x.perStage + x.ptr[s]!;
  let t = x.free[s]!;
  if (avail > t) {
    push(x, s, -1, -1, K.bubble, t, avail);
    t = avail;
    x.pred[id] = bwd ? x.fromB[k]! : x.fromF[k]!;
  } else x.pred[id] = x.lastOp[s]!;
  x.ivFirst[id] = s * x.cap + x.count[s]!;
  const st = x.stages[s]!;
  const cost = st.chunks[c]!;
  const t0 = t;
  if (bwd && s === x.pp - 1 && !x.stalled && x.stallS > 0) {
    x.stalled = true;
    push(x, s, mb, c, K.stall, t, t + x.stallS);
    t += x.stallS;
  }
  const work = bwd ? cost.bwdS : cost.fwdS;
  const comm = bwd ? cost.bwdCommS : cost.fwdCommS;
  if (work > 0 || comm === 0) push(x, s, mb, c, bwd ? K.backward : K.forward, t, t + work);
  t += work;
  if (comm > 0) push(x, s, mb, c, K.comm, t, t + comm);
  t += comm;
  const [to, toChunk] = receiver(x, s, c, bwd);
  if (to >= 0) {
    const send = bwd ? st.sendPrevS : st.sendNextS;
    if (send > 0) push(x, s, mb, c, K.p2p, t, t + send);
    t += send;
    const kk = (to * m + mb) * v + toChunk;
    if (bwd) {
      x.availB[kk] = t;
      x.fromB[kk] = id;
    } else {
      x.availF[kk] = t;
      x.fromF[kk] = id;
    }
  } else if (!bwd) {
    // last chunk of the last stage: its backward follows its own forward
    x.availB[k] = t;
    x.fromB[k] = id;
  }
  x.busy[s] = x.busy[s]! + (t - t0);
  x.ivLast[id] = s * x.cap + x.count[s]! - 1;
  x.free[s] = t;
  x.lastOp[s] = id;
  x.ptr[s] = x.ptr[s]! + 1;
  return true;
}

/** Sweep the stages alternately forwards and backwards until every op ran (activations flow with the one sweep, gradients with the other). */
function runSchedule(x: Sim): void {
  const { pp, perStage } = x;
  let done = 0;
  for (let sweep = 0; done < pp * perStage; sweep++) {
    let progress = false;
    for (let i = 0; i < pp; i++) {
      const s = sweep % 2 === 0 ? i : pp - 1 - i;
      while (x.ptr[s]! < perStage && runOp(x, s)) {
        progress = true;
        done++;
      }
    }
    if (!progress) throw new Error('timeline: schedule deadlock (internal)');
  }
}

/** Each stage's tail after its last backward; returns where each stage's tail starts in its region. */
function runTails(x: Sim): Int32Array {
  const tailStart = new Int32Array(x.pp);
  for (let s = 0; s < x.pp; s++) {
    tailStart[s] = s * x.cap + x.count[s]!;
    let t = x.free[s]!;
    for (const piece of x.stages[s]!.tail) {
      if (!(piece.s > 0)) continue;
      push(x, s, -1, -1, K[piece.kind], t, t + piece.s);
      t += piece.s;
      x.busy[s] = x.busy[s]! + piece.s;
    }
    x.free[s] = t;
  }
  return tailStart;
}

/** Mark the critical path (the ending stage's tail, then back through the ops' predecessors: each op starts when its predecessor ends, so the path has no gaps); time on it by kind. */
function markCritical(x: Sim, endStage: number, tailStart: Int32Array): Record<TimelineKind, number> {
  const crit = new Float64Array(TIMELINE_KINDS.length);
  const mark = (i: number) => {
    x.ivCrit[i] = 1;
    crit[x.ivKind[i]!] = crit[x.ivKind[i]!]! + (x.ivEnd[i]! - x.ivStart[i]!);
  };
  for (let i = tailStart[endStage]!; i < endStage * x.cap + x.count[endStage]!; i++) mark(i);
  for (let id = x.lastOp[endStage]!; id >= 0; id = x.pred[id]!) for (let i = x.ivFirst[id]!; i <= x.ivLast[id]!; i++) mark(i);
  return Object.fromEntries(TIMELINE_KINDS.map((k, i) => [k, crit[i]!])) as Record<TimelineKind, number>;
}

/** Simulate one step; see the file comment for the schedule and its assumptions. */
export function simulateStep(spec: TimelineSpec): StepTimeline {
  checkSpec(spec);
  const x = createSim(spec);
  runSchedule(x);
  const tailStart = runTails(x);
  const { pp, free } = x;
  let endStage = 0;
  for (let s = 1; s < pp; s++) if (free[s]! > free[endStage]!) endStage = s;
  const stepTimeS = free[endStage]!;
  const criticalByKind = markCritical(x, endStage, tailStart);

  const rows: TimelineRow[] = [];
  const intervals: TimelineInterval[] = [];
  for (let s = 0; s < pp; s++) {
    if (free[s]! < stepTimeS) push(x, s, -1, -1, K.bubble, free[s]!, stepTimeS);
    for (let i = s * x.cap; i < s * x.cap + x.count[s]!; i++) {
      if (x.ivKind[i] === K.bubble && !(x.ivEnd[i]! > x.ivStart[i]!)) continue;
      intervals.push({
        stage: s,
        microBatch: x.ivMb[i]!,
        chunk: x.ivChunk[i]!,
        kind: TIMELINE_KINDS[x.ivKind[i]!]!,
        startS: x.ivStart[i]!,
        endS: x.ivEnd[i]!,
        critical: x.ivCrit[i] === 1,
      });
    }
    const st = spec.stages[s]!;
    rows.push({
      stage: s,
      ...(st.pool !== undefined ? { pool: st.pool } : {}),
      ...(st.layers !== undefined ? { layers: st.layers } : {}),
      busyS: x.busy[s]!,
      idleS: stepTimeS - x.busy[s]!,
      endS: free[s]!,
    });
  }
  return { stepTimeS, stages: pp, microBatches: x.m, virtualStages: x.v, rows, intervals, criticalByKind };
}
