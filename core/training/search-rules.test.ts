/**
 * The layout search's rules (tensor parallelism within one scale-up domain,
 * context parallelism only where activation memory needs it) and the result's
 * explanation of why the chosen layout beat the obvious one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERENCE_A100_80GB, REFERENCE_H100_SXM } from './reference-accelerators.fixture';
import { configProblem, createContext, evaluateConfig } from './engine';
import { MODEL_PRESETS } from './presets';
import { estimateTraining } from './search';
import type { TrainingInput } from './types';

const H100 = REFERENCE_H100_SXM;
const A100 = REFERENCE_A100_80GB;

function llama8b(count: number, globalBatch: number, over: Partial<TrainingInput['training']> = {}): TrainingInput {
  return {
    model: MODEL_PRESETS['llama3-8b']!,
    training: { tokens: 1e12, globalBatch, precision: 'bf16', ...over },
    cluster: { accelerator: H100, count, perNode: 8, scaleOutGbps: 400 },
  };
}

describe('context parallelism only where activation memory needs it', () => {
  it('property: the chosen layout never uses CP > 1 when the same layout without CP fits and is not slower', () => {
    // how many generated cases chose CP > 1 (the property must have been exercised, not only held vacuously)
    let withCp = 0;
    let withCpForSpeed = 0;
    fc.assert(
      fc.property(
        fc.record({
          layers: fc.constantFrom(16, 24, 32),
          hidden: fc.constantFrom(2048, 4096),
          seq: fc.constantFrom(2048, 4096, 8192, 32768),
          nodes: fc.constantFrom(1, 2, 4, 8),
          batchPerGpu: fc.constantFrom(1, 2, 4),
          speed: fc.boolean(),
        }),
        ({ layers, hidden, seq, nodes, batchPerGpu, speed }) => {
          const count = 8 * nodes;
          const input: TrainingInput = {
            model: { layers, hidden, heads: hidden / 128, kvHeads: 8, ffnHidden: 3.5 * hidden, gatedFfn: true, vocab: 128256, seqLength: seq },
            training: { tokens: 1e11, globalBatch: count * batchPerGpu, precision: 'bf16', ...(speed ? { allowCpForSpeed: true } : {}) },
            cluster: { accelerator: H100, count, perNode: 8, scaleOutGbps: 400 },
          };
          const e = estimateTraining(input);
          const c = e.parallelism;
          if (c.cp === 1 || !e.fitsInMemory) return;
          withCp++;
          if (!e.layoutChoice!.cpForMemory) withCpForSpeed++;
          const ctx = createContext(input);
          const without = { ...c, cp: 1, dp: c.dp * c.cp };
          if (configProblem(ctx, without)) return;
          const r = evaluateConfig(ctx, without);
          const fitsWithout = r.memoryBytes <= ctx.capacityBytes;
          // allowed only when the no-CP layout does not fit, or (CP for speed) is slower
          expect(fitsWithout && r.stepTimeS <= e.stepTimeS).toBe(false);
          if (!speed) {
            // under the default rule the same layout without CP fits under no recompute mode
            expect(e.layoutChoice!.cpForMemory).toBe(true);
            for (const recompute of ['none', 'selective', 'full'] as const)
              expect(evaluateConfig(ctx, { ...without, recompute }).memoryBytes).toBeGreaterThan(ctx.capacityBytes);
          }
        },
      ),
      { numRuns: 40, seed: 20 },
    );
    console.log(`CP property: ${withCp} of 40 cases chose CP > 1 (${withCpForSpeed} for speed, when allowed)`);
    expect(withCp).toBeGreaterThan(0);
  });

  it('Llama 3 8B at 8K on 8 H100 uses no CP by default (NVIDIA runs CP2 instead of recompute: allowed when asked)', () => {
    const e = estimateTraining(llama8b(8, 128));
    expect(e.parallelism.cp).toBe(1);
    expect(e.fitsInMemory).toBe(true);
    const asked = estimateTraining(llama8b(8, 128, { parallelism: { cp: 2 } }));
    expect(asked.parallelism.cp).toBe(2);
  });

  it('a 128K-token sequence, whose layouts fit only with CP or so few micro-batches that the pipeline idles, gets CP and says so', () => {
    // Llama 3 405B long-context stage shape (Llama 3 paper, Table 4: seq 131,072), 128 layers to divide the pipeline
    const e = estimateTraining({
      model: { ...MODEL_PRESETS['llama3-405b']!, layers: 128, seqLength: 131072 },
      training: { tokens: 8e11, globalBatch: 128, precision: 'bf16' },
      cluster: { accelerator: H100, count: 16384, perNode: 8, scaleOutGbps: 400 },
    });
    expect(e.fitsInMemory).toBe(true);
    expect(e.parallelism.cp).toBeGreaterThan(1);
    expect(e.layoutChoice!.cpForMemory).toBe(true);
    expect(e.layoutChoice!.why.join(' ')).toMatch(/does not fit without context parallelism under any recompute mode: CP\d+ shards/);
    // Llama 3 ran this stage at 38% MFU (CP16, Table 4); without CP the fitting layouts leave the pipeline idle
    expect(e.mfu).toBeGreaterThan(0.3);
    expect(e.layoutChoice!.speedupOverObvious!).toBeGreaterThan(2);
  });
});

describe('tensor parallelism within the scale-up domain', () => {
  it('by default the search keeps TP within the 8-GPU NVLink domain', () => {
    for (const input of [llama8b(64, 512), llama8b(256, 1024)]) {
      const e = estimateTraining(input);
      expect(e.parallelism.tp).toBeLessThanOrEqual(8);
      expect(e.layoutChoice!.tpCrossesDomains).toBe(false);
    }
  });

  it('allowed to cross, the search picks TP beyond the domain only when strictly faster, and flags it', () => {
    const input: TrainingInput = {
      model: MODEL_PRESETS['gpt3-175b']!,
      training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16', allowTpAcrossDomains: true },
      cluster: { accelerator: A100, count: 1024, perNode: 8, scaleOutGbps: 200 },
    };
    const e = estimateTraining(input);
    const inDomain = estimateTraining({ ...input, training: { ...input.training, allowTpAcrossDomains: false } });
    if (e.parallelism.tp > 8) {
      expect(e.stepTimeS).toBeLessThan(inDomain.stepTimeS);
      expect(e.layoutChoice!.tpCrossesDomains).toBe(true);
      expect(e.notes.join(' ')).toMatch(/spans scale-up domains/);
    } else expect(e.stepTimeS).toBe(inDomain.stepTimeS);
  });

  it('property: TP beyond the 8-GPU domain only when allowed and strictly faster than the best in-domain layout, and then flagged', () => {
    fc.assert(
      fc.property(
        fc.record({
          layers: fc.constantFrom(16, 32),
          hidden: fc.constantFrom(4096, 8192, 16384),
          seq: fc.constantFrom(2048, 8192),
          nodes: fc.constantFrom(2, 4, 16),
          batchPerGpu: fc.constantFrom(1, 4),
          gbps: fc.constantFrom(100, 400),
          allow: fc.boolean(),
        }),
        ({ layers, hidden, seq, nodes, batchPerGpu, gbps, allow }) => {
          const count = 8 * nodes;
          const input: TrainingInput = {
            model: { layers, hidden, heads: hidden / 128, kvHeads: 8, ffnHidden: 3.5 * hidden, gatedFfn: true, vocab: 128256, seqLength: seq },
            training: { tokens: 1e11, globalBatch: count * batchPerGpu, precision: 'bf16', ...(allow ? { allowTpAcrossDomains: true } : {}) },
            cluster: { accelerator: H100, count, perNode: 8, scaleOutGbps: gbps },
          };
          const e = estimateTraining(input);
          const crosses = e.parallelism.tp > 8;
          // the flag says exactly whether TP spans domains
          expect(e.layoutChoice!.tpCrossesDomains).toBe(crosses);
          if (!crosses) return;
          expect(allow).toBe(true);
          expect(e.notes.join(' ')).toMatch(/spans scale-up domains/);
          const inDomain = estimateTraining({ ...input, training: { ...input.training, allowTpAcrossDomains: false } });
          expect(inDomain.parallelism.tp).toBeLessThanOrEqual(8);
          if (inDomain.fitsInMemory && e.fitsInMemory) expect(e.stepTimeS).toBeLessThan(inDomain.stepTimeS);
        },
      ),
      { numRuns: 30, seed: 20 },
    );
    // one case where crossing wins (Llama 3.1 405B on 256 H100, batch 32): picked only when allowed, faster, flagged
    const input: TrainingInput = {
      model: MODEL_PRESETS['llama3-405b']!,
      training: { tokens: 1e11, globalBatch: 32, precision: 'bf16' },
      cluster: { accelerator: H100, count: 256, perNode: 8, scaleOutGbps: 400 },
    };
    const inDomain = estimateTraining(input);
    const allowed = estimateTraining({ ...input, training: { ...input.training, allowTpAcrossDomains: true } });
    expect(inDomain.parallelism.tp).toBeLessThanOrEqual(8);
    expect(inDomain.layoutChoice!.tpCrossesDomains).toBe(false);
    expect(allowed.parallelism.tp).toBeGreaterThan(8);
    expect(allowed.stepTimeS).toBeLessThan(inDomain.stepTimeS);
    expect(allowed.layoutChoice!.tpCrossesDomains).toBe(true);
    expect(allowed.layoutChoice!.why.join(' ')).toMatch(/spans scale-up domains of 8/);
  });

  it('a fixed TP beyond the domain is honoured and flagged', () => {
    const e = estimateTraining(llama8b(64, 512, { parallelism: { tp: 16 } }));
    expect(e.parallelism.tp).toBe(16);
    expect(e.layoutChoice!.tpCrossesDomains).toBe(true);
    expect(e.layoutChoice!.why[0]).toMatch(/TP16 spans scale-up domains of 8/);
  });
});

describe('why the chosen layout beat the obvious one', () => {
  it('names the obvious layout (TP8 in the node, no CP) and the step-time terms that differ, which add up to the gap', () => {
    // an 8B model on 64 H100: data parallelism beats TP8 (no TP all-gathers, larger GEMMs)
    const e = estimateTraining(llama8b(64, 512));
    const lc = e.layoutChoice!;
    expect(lc.obvious!.parallelism.tp).toBe(8);
    expect(lc.obvious!.parallelism.cp).toBe(1);
    expect(e.parallelism.tp).toBeLessThan(8);
    expect(lc.speedupOverObvious!).toBeCloseTo(lc.obvious!.stepTimeS / e.stepTimeS, 12);
    expect(lc.speedupOverObvious!).toBeGreaterThan(1);
    expect(lc.why[0]).toMatch(/^TP\d+ PP\d+ DP\d+ CP1 .* per step against .* for the obvious TP8 /);
    // the obvious layout evaluated on its own gives the same step time, and its breakdown terms minus the chosen
    // ones add up to the step-time gap
    const ctx = createContext(llama8b(64, 512));
    const o = evaluateConfig(ctx, lc.obvious!.parallelism);
    expect(o.stepTimeS).toBeCloseTo(lc.obvious!.stepTimeS, 12);
    const gap = (Object.keys(o.breakdown) as Array<keyof typeof o.breakdown>).reduce((t, k) => t + o.breakdown[k] - e.breakdown[k], 0);
    expect(gap).toBeCloseTo(o.stepTimeS - e.stepTimeS, 9);
    const tpLine = lc.why.find((w) => w.startsWith('tensor-parallel communication'))!;
    const [, before, after] = /communication ([\d.]+) s -> ([\d.]+) s per step/.exec(tpLine)!;
    expect(Number(after)).toBeLessThan(Number(before));
  });

  it('when the obvious layout is the fastest, says so', () => {
    // GPT-3 175B on 64 A100 with a batch of 64 (Korthikanti et al. 2022's 175B shape)
    const e = estimateTraining({
      model: MODEL_PRESETS['gpt3-175b']!,
      training: { tokens: 3e11, globalBatch: 64, precision: 'bf16' },
      cluster: { accelerator: A100, count: 64, perNode: 8, scaleOutGbps: 200 },
    });
    expect(e.parallelism.tp).toBe(8);
    expect(e.layoutChoice!.speedupOverObvious).toBe(1);
    expect(e.layoutChoice!.why.join(' ')).toMatch(/the obvious layout is the fastest that fits/);
  });

  it('a fixed layout says it is fixed', () => {
    const e = estimateTraining(llama8b(8, 128, { parallelism: { tp: 1, pp: 1, cp: 2, ep: 1, virtualStages: 1 }, microBatch: 1, recompute: 'none' }));
    expect(e.layoutChoice!.fixed).toBe(true);
    expect(e.layoutChoice!.obvious).toBeNull();
  });
});
