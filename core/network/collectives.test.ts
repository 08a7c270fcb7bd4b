import { DEFAULT_CATALOG } from '../catalog';
import { describe, expect, it } from 'vitest';
import {
  busBandwidthFactor,
  collectiveEstimate,
  collectiveTable,
  collectiveTimeS,
  defaultScaleUpReduction,
  scaleOutUnidirectionalGBps,
  scaleUpUnidirectionalGBps,
  type CollectiveGroup,
} from './collectives';

const GiB = 2 ** 30;
// Parameters written out so the hand calculations below are independent of the defaults.
const P = {
  intraBusEfficiency: 0.8,
  interBusEfficiency: 0.9,
  inNetworkEfficiency: 0.61,
  intraLatencyS: 2e-6,
  interLatencyS: 5e-6,
};

describe('unit conversions', () => {
  it('marketed NVLink (both directions) halves to one direction; NIC Gb/s divides by 8', () => {
    expect(scaleUpUnidirectionalGBps(600)).toBe(300);
    expect(scaleUpUnidirectionalGBps(900)).toBe(450);
    expect(scaleOutUnidirectionalGBps(400)).toBe(50);
    expect(scaleOutUnidirectionalGBps(200, 2)).toBe(12.5);
  });
  it('bus bandwidth factors follow nccl-tests PERFORMANCE.md', () => {
    expect(busBandwidthFactor('all-reduce', 8)).toBeCloseTo(1.75);
    expect(busBandwidthFactor('all-gather', 8)).toBeCloseTo(0.875);
    expect(busBandwidthFactor('reduce-scatter', 4)).toBeCloseTo(0.75);
    expect(busBandwidthFactor('all-to-all', 2)).toBeCloseTo(0.5);
    expect(busBandwidthFactor('p2p', 2)).toBe(1);
  });
});

describe('alpha-beta times against hand calculation', () => {
  const node: CollectiveGroup = { size: 8, membersPerNode: 8, intraGBps: 300, interGBps: 25 };

  it('single-node ring all-reduce: 2(n-1)a + 2(n-1)/n S/B', () => {
    const S = 1 * GiB;
    const B = 300e9 * 0.8;
    const hand = 2 * 7 * 2e-6 + ((2 * 7) / 8) * (S / B);
    const e = collectiveEstimate('all-reduce', S, node, P);
    expect(e.algorithm).toBe('ring');
    expect(e.timeS).toBeCloseTo(hand, 12);
  });

  it('single-node reduce-scatter and all-gather: (n-1)a + (n-1)/n S/B', () => {
    const S = 256 * 2 ** 20;
    const hand = 7 * 2e-6 + (7 / 8) * (S / 240e9);
    expect(collectiveTimeS('reduce-scatter', S, node, P)).toBeCloseTo(hand, 12);
    expect(collectiveTimeS('all-gather', S, node, P)).toBeCloseTo(hand, 12);
  });

  it('multi-node all-reduce over 4 nodes of 8 picks hierarchical for large messages', () => {
    const g: CollectiveGroup = { size: 32, membersPerNode: 8, intraGBps: 300, interGBps: 25 };
    const S = 4 * GiB;
    const bi = 240e9;
    const bo = 25e9 * 0.9;
    const ring = 2 * 31 * 5e-6 + ((2 * 31) / 32) * (S / Math.min(bi, 8 * bo));
    const hier = 2 * (7 * 2e-6 + (7 / 8) * (S / bi)) + (2 * 3 * 5e-6 + ((2 * 3) / 4) * (S / 8 / bo));
    const e = collectiveEstimate('all-reduce', S, g, P);
    const byAlg = Object.fromEntries(e.candidates.map((c) => [c.algorithm, c.timeS]));
    expect(byAlg.ring).toBeCloseTo(ring, 10);
    expect(byAlg.hierarchical).toBeCloseTo(hier, 10);
    expect(e.timeS).toBeCloseTo(Math.min(ring, hier, byAlg.tree ?? Infinity), 12);
  });

  it('tree wins for small multi-node all-reduce (log latency), ring/hierarchical for large', () => {
    const g: CollectiveGroup = { size: 1024, membersPerNode: 1, intraGBps: 300, interGBps: 25 };
    const small = collectiveEstimate('all-reduce', 8 * 1024, g, P);
    expect(small.algorithm).toBe('tree');
    const treeHand = 2 * (10 * 5e-6) + (2 * 8 * 1024) / (25e9 * 0.9);
    expect(small.timeS).toBeCloseTo(treeHand, 12);
    // 16 nodes: the ring's 2(n-1)/n < 2 volume saving outweighs its linear latency at 2 GiB.
    const big = collectiveEstimate('all-reduce', 2 * GiB, { ...g, size: 16 }, P);
    expect(big.algorithm).toBe('ring');
    expect(big.timeS).toBeCloseTo(2 * 15 * 5e-6 + ((2 * 15) / 16) * ((2 * GiB) / 22.5e9), 12);
  });

  it('all-to-all: the cross-node share over the NIC bounds the time', () => {
    const g: CollectiveGroup = { size: 16, membersPerNode: 8, intraGBps: 450, interGBps: 50 };
    const S = 512 * 2 ** 20;
    const hand = 15 * 5e-6 + Math.max((7 / 16) * (S / 360e9), (8 / 16) * (S / 45e9));
    expect(collectiveTimeS('all-to-all', S, g, P)).toBeCloseTo(hand, 12);
  });

  it('point-to-point: a + S/B inside or across nodes', () => {
    const S = 64 * 2 ** 20;
    expect(collectiveTimeS('p2p', S, { size: 2, membersPerNode: 2, intraGBps: 300, interGBps: 25 }, P)).toBeCloseTo(
      2e-6 + S / 240e9,
      12,
    );
    expect(collectiveTimeS('p2p', S, { size: 2, membersPerNode: 1, intraGBps: 300, interGBps: 25 }, P)).toBeCloseTo(
      5e-6 + S / 22.5e9,
      12,
    );
  });

  it('SHARP across nodes halves the inter-node volume of an all-reduce', () => {
    const base: CollectiveGroup = { size: 64, membersPerNode: 1, intraGBps: 450, interGBps: 50 };
    const S = 1 * GiB;
    const plain = collectiveTimeS('all-reduce', S, base, P);
    const sharp = collectiveEstimate('all-reduce', S, { ...base, scaleOutReduction: true }, P);
    expect(sharp.algorithm).toBe('in-network');
    expect(sharp.timeS).toBeCloseTo(2 * 5e-6 + S / (50e9 * 0.61), 12);
    expect(sharp.timeS).toBeLessThan(plain);
  });

  it('a group of one costs nothing', () => {
    expect(collectiveTimeS('all-reduce', GiB, { size: 1, membersPerNode: 1, intraGBps: 1, interGBps: 1 })).toBe(0);
  });
});

describe('nccl-tests calibration (REFERENCE.md, 8 GPUs in one node, all-reduce at 8 GiB, default parameters)', () => {
  it('8x A100 SXM (NVLink3 600 GB/s marketed, no NVLS): busbw 230-250 GB/s', () => {
    // The catalog entry itself (it lists FP8 = BF16 for A100, which has no FP8 tensor cores).
    const a100 = DEFAULT_CATALOG.requireOfKind('a100-sxm4-80gb', 'accelerator', 'a100');
    const e = collectiveEstimate('all-reduce', 8 * GiB, {
      size: 8,
      membersPerNode: 8,
      intraGBps: scaleUpUnidirectionalGBps(600),
      interGBps: 25,
      scaleUpReduction: defaultScaleUpReduction(a100),
    });
    console.log(`A100 8-GPU all-reduce 8 GiB: busbw ${e.busbwGBps.toFixed(1)} GB/s (${e.algorithm}); published 230-250`);
    expect(e.busbwGBps).toBeGreaterThanOrEqual(230);
    expect(e.busbwGBps).toBeLessThanOrEqual(250);
  });

  it('8x H100 SXM (NVLink4 900 GB/s marketed, NVLS): busbw ~480 GB/s', () => {
    const h100 = DEFAULT_CATALOG.requireOfKind('h100-sxm5-80gb', 'accelerator', 'h100');
    const e = collectiveEstimate('all-reduce', 8 * GiB, {
      size: 8,
      membersPerNode: 8,
      intraGBps: scaleUpUnidirectionalGBps(900),
      interGBps: 50,
      scaleUpReduction: defaultScaleUpReduction(h100),
    });
    console.log(`H100 8-GPU all-reduce 8 GiB: busbw ${e.busbwGBps.toFixed(1)} GB/s (${e.algorithm}); published ~480`);
    expect(e.algorithm).toBe('in-network');
    expect(Math.abs(e.busbwGBps - 480) / 480).toBeLessThan(0.05);
  });

  it('busbw rises with message size and saturates (latency-bound at 1 MiB)', () => {
    const rows = collectiveTable(
      { size: 8, membersPerNode: 8, intraGBps: 300, interGBps: 25 },
      {},
      { ops: ['all-reduce'] },
    );
    expect(rows).toHaveLength(14);
    expect(rows[0]!.bytes).toBe(2 ** 20);
    expect(rows[13]!.bytes).toBe(8 * GiB);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.busbwGBps).toBeGreaterThanOrEqual(rows[i - 1]!.busbwGBps);
    for (const r of rows) {
      expect(Number.isFinite(r.timeS)).toBe(true);
      expect(r.busbwGBps).toBeLessThanOrEqual(300);
    }
  });
});
