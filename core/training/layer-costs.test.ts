import { describe, expect, it } from 'vitest';
import { createContext } from './context';
import { coll, gemmEfficiency, gemmS, ranksPerDomain } from './kernels';
import { cpComm, epComm, forwardGemms, layerActivations, layerCompute, layerCosts, layerShape, tpComm } from './layer-costs';
import { REFERENCE_A100_80GB } from './reference-accelerators.fixture';
import type { ModelSpec, TrainingInput } from './types';

const GPT3: ModelSpec = { layers: 96, hidden: 12288, heads: 96, vocab: 51200, seqLength: 2048, tiedEmbeddings: true, dropout: 0.1 };

function ctxFor(over: Partial<TrainingInput> = {}) {
  return createContext({
    model: GPT3,
    training: { tokens: 3e11, globalBatch: 1536, precision: 'bf16' },
    cluster: { accelerator: REFERENCE_A100_80GB, count: 1024, perNode: 8, scaleOutGbps: 200 },
    ...over,
  });
}

describe('kernels', () => {
  it('GEMM efficiency is the maximum times d / (d + half) per dimension', () => {
    const p = { ...ctxFor().params, gemmEfficiencyMax: 0.8, gemmHalfDim: 100 };
    // 0.8 x (100/200) x (300/400) x (900/1000) = 0.27
    expect(gemmEfficiency(p, 100, 300, 900)).toBeCloseTo(0.27, 12);
  });

  it('GEMM time is 2 M N K / (peak x efficiency)', () => {
    const ctx = ctxFor();
    const e = gemmEfficiency(ctx.params, 4096, 4096, 4096);
    expect(gemmS(ctx, 1e15, 4096, 4096, 4096)).toBeCloseTo((2 * 4096 ** 3) / (1e15 * e), 15);
    expect(gemmS(ctx, 1e15, 0, 4096, 4096)).toBe(0);
  });

  it('ranks per scale-up domain in the rank layout', () => {
    expect(ranksPerDomain(8, 4, 1)).toBe(4); // 4 x 1 fits in 8
    expect(ranksPerDomain(8, 16, 1)).toBe(8); // 16 consecutive ranks: 8 per domain
    expect(ranksPerDomain(8, 16, 4)).toBe(2); // spaced 4 apart: 2 per domain
    expect(ranksPerDomain(8, 16, 16)).toBe(1);
  });

  it('a collective of one rank or no bytes costs nothing', () => {
    const ctx = ctxFor();
    expect(coll(ctx, 'all-reduce', 1e9, 1, 1)).toBe(0);
    expect(coll(ctx, 'all-reduce', 0, 8, 1)).toBe(0);
    expect(coll(ctx, 'all-reduce', 1e9, 8, 1)).toBeGreaterThan(0);
  });
});

describe('one GPT-3 layer on one TP rank (tp 8, micro-batch 1)', () => {
  const ctx = ctxFor();
  const g = layerShape(ctx, 8, 1, 1);
  const { T } = g;
  const h = 12288;
  const s = 2048;

  it('shape: 2,048 tokens, 12 heads per rank, K/V over 8 ranks, SP divides by 8', () => {
    expect(g).toMatchObject({ T: 2048, tpKv: 8, spDiv: 8, headsLocal: 12 });
  });

  it('forward FLOPs are Megatron 24 s h^2 / t for the linear layers and 4 s^2 h / t for attention', () => {
    const f = forwardGemms(ctx, g, 8, 1, 1, 1);
    expect(f.linearFlops).toBeCloseTo((24 * T * h * h) / 8, -3);
    expect(f.attnFlops).toBeCloseTo((4 * T * s * h) / 8, -3);
  });

  it('backward is twice the forward GEMMs; recompute adds FLOPs (full: one forward, selective: attention)', () => {
    const f = forwardGemms(ctx, g, 8, 1, 1, 1);
    const none = layerCompute(ctx, g, 8, 1, 1, 1, 'none');
    const full = layerCompute(ctx, g, 8, 1, 1, 1, 'full');
    const sel = layerCompute(ctx, g, 8, 1, 1, 1, 'selective');
    const fwdFlops = f.linearFlops + f.attnFlops;
    expect(none.hardwareFlops).toBeCloseTo(3 * fwdFlops, -3);
    expect(full.hardwareFlops).toBeCloseTo(4 * fwdFlops, -3);
    expect(sel.hardwareFlops).toBeCloseTo(3 * fwdFlops + f.attnFlops, -3);
    expect(full.bwdS - none.bwdS).toBeCloseTo(none.fwdS, 12);
    expect(sel.bwdS - none.bwdS).toBeCloseTo(none.attnCoreFwdS, 12);
  });

  it('TP: no cost on one rank; full recompute doubles the backward collectives', () => {
    expect(tpComm(ctx, T, 1, 'none')).toEqual({ tpFwdS: 0, tpBwdS: 0 });
    const none = tpComm(ctx, T, 8, 'none');
    const full = tpComm(ctx, T, 8, 'full');
    expect(none.tpBwdS).toBeCloseTo(none.tpFwdS, 15);
    expect(full.tpBwdS).toBeCloseTo(2 * full.tpFwdS, 15);
  });

  it('CP and EP cost nothing without context parallelism or experts', () => {
    expect(cpComm(ctx, g, 8, 1, 'none', 1)).toEqual({ cpFwdS: 0, cpBwdS: 0 });
    expect(epComm(ctx, g, 8, 1, 4, 'none')).toEqual({ epFwdS: 0, epBwdS: 0 });
  });

  it('selective recompute keeps all but the scores; full keeps the layer input and rebuilds the rest', () => {
    const flashOff = ctxFor({ assumptions: { flashAttention: 0 } });
    const g0 = layerShape(flashOff, 8, 1, 1);
    const none = layerActivations(flashOff, g0, 8, 'none');
    const sel = layerActivations(flashOff, g0, 8, 'selective');
    const full = layerActivations(flashOff, g0, 8, 'full');
    expect(sel.activationBytes + sel.workingBytes).toBeCloseTo(none.activationBytes, 3);
    // scores: 5 bytes per element, 12 heads x s x s
    expect(sel.workingBytes).toBe(5 * 12 * s * s);
    expect(full.activationBytes).toBe((2 * s * h) / 8);
    expect(full.workingBytes).toBe(none.activationBytes);
  });

  it('layer costs are cached per configuration', () => {
    expect(layerCosts(ctx, 8, 1, 1, 1, 'selective')).toBe(layerCosts(ctx, 8, 1, 1, 1, 'selective'));
    expect(layerCosts(ctx, 8, 1, 1, 1, 'full')).not.toBe(layerCosts(ctx, 8, 1, 1, 1, 'selective'));
  });
});
