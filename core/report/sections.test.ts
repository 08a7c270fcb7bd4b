import { describe, expect, it } from 'vitest';
import type { Results } from '../evaluate';
import { parseDesign } from '../model';
import { chunk, reportContext } from './context';
import { sampleDesign } from './sample-design.fixture';
import { collectiveGroups, trainingView } from './results-view';
import { powerItems } from './sections-power';
import { placeDevices, rackTypes, type RackItem } from './sections-racks';
import { parallelismText, secs, stagesSection } from './sections-training';

const ctx = reportContext({ lang: 'en', date: '2026-01-01', appVersion: '0' });
const item = (label: string, heightU: number, quantity: number, slotU?: number): RackItem => ({ partId: label, label, slotU, quantity, heightU, category: 'server' });

describe('rack elevations', () => {
  it('stacks slotted items upwards from their slot, then fills the lowest free U', () => {
    // 2 x 8U from U2 take U2-U17; 1U switches go to U1, then U18.
    const devices = placeDevices([item('sw', 1, 2), item('dgx', 8, 2, 2)], 42);
    expect(devices.map((d) => [d.label, d.slotU])).toEqual([
      ['dgx', 2],
      ['dgx', 10],
      ['sw', 1],
      ['sw', 18],
    ]);
  });

  it('draws at most one copy per U of the rack', () => {
    expect(placeDevices([item('huge', 1, 5_000_000)], 42)).toHaveLength(42);
  });

  it('groups racks of the same height, cooling and equipment into one type', () => {
    const base = sampleDesign();
    const racks = base.racks ?? [];
    const servers = base.servers ?? [];
    const design = parseDesign({
      ...base,
      racks: [...racks, { ...racks[0]!, id: 'rk-gpu2', name: 'GPU rack B' }],
      servers: [...servers, { ...servers[0]!, id: 'srv2', rackId: 'rk-gpu2' }],
    });
    const results = { rackResults: [] } as unknown as Results;
    const types = rackTypes(design, results, ctx.catalog);
    // GPU rack and GPU rack B alike; the storage rack differs.
    expect(types.map((x) => x.view.title)).toEqual(['GPU rack, GPU rack B', 'Storage rack']);
    // Four 8U DGX H100 from U2: U2, U10, U18, U26.
    expect(types[0]?.view.devices.map((d) => d.slotU)).toEqual([2, 10, 18, 26]);
  });
});

describe('training figures', () => {
  it('names the parallelism degrees present in a fixed order', () => {
    expect(parallelismText({ dp: 16, tp: 8, virtualStages: 2, recompute: 'full' })).toBe('TP 8 · DP 16 · VP 2');
  });

  it('shows seconds with two decimals, and small times with significant digits', () => {
    expect(secs(ctx.t, 1.234)).toMatchObject({ value: 1.234, style: 'd2' });
    expect(secs(ctx.t, 0.004)).toMatchObject({ value: 0.004, style: 'auto' });
    expect(secs(ctx.t, 0)).toMatchObject({ value: 0, style: 'd2' });
  });

  it('reads the training part of Results by name and drops non-numbers', () => {
    const tr = trainingView({ training: { mfu: 0.4, tokensPerSecond: 'fast', breakdown: { computeS: 2, x: NaN }, stages: [{ pool: 'p', layers: 3 }, 7] } } as unknown as Results);
    expect(tr).toMatchObject({ mfu: 0.4, tokensPerSecond: undefined, breakdown: { computeS: 2 } });
    expect(tr?.stages).toEqual([{ pool: 'p', acceleratorId: undefined, layers: 3, tp: undefined, stageTimeS: undefined, memoryGiB: undefined }]);
    expect(trainingView({} as Results)).toBeUndefined();
  });

  it('a stages section holds the pools (when more than one) before the stage split', () => {
    const pools = [
      { pool: 'a', acceleratorId: 'h100-sxm', accelerators: 8, servers: 1, peakPflopsBf16: 7.9 },
      { pool: 'b', acceleratorId: 'x', accelerators: 16, servers: 2, peakPflopsBf16: 5 },
    ];
    const tr = trainingView({ training: { stages: [{ pool: 'a', layers: 40 }] } } as unknown as Results);
    const both = stagesSection(ctx, { pools } as unknown as Results, tr);
    expect(both?.blocks.map((b) => (b.kind === 'table' ? b.id : b.kind))).toEqual(['pools', 'stages', 'kv']);
    expect(stagesSection(ctx, { pools: pools.slice(0, 1) } as unknown as Results, tr)?.blocks.map((b) => b.kind)).toEqual(['table', 'kv']);
    expect(stagesSection(ctx, { pools: pools.slice(0, 1) } as unknown as Results, undefined)).toBeUndefined();
  });
});

describe('collective tables and power', () => {
  const row = { op: 'all-reduce', bytes: 1e9, timeS: 0.004, algorithm: 'ring', algbwGBps: 250, busbwGBps: 437.5 };
  it('accepts rows, named groups or a record of groups, and drops incomplete rows', () => {
    expect(collectiveGroups({ collectives: [row, { op: 'x' }] } as unknown as Results)).toEqual([{ name: '', rows: [row] }]);
    expect(collectiveGroups({ collectives: [{ name: 'tp', rows: [row] }] } as unknown as Results)).toEqual([{ name: 'tp', rows: [row] }]);
    expect(collectiveGroups({ collectives: { dp: { table: [row] } } } as unknown as Results)).toEqual([{ name: 'dp', rows: [row] }]);
    expect(collectiveGroups({} as Results)).toEqual([]);
  });

  it('lists the power breakdown in chart order', () => {
    const p = { breakdownKW: { accelerators: 1, serverOverhead: 2, switches: 3, optics: 4, storage: 5, management: 6 }, coolingKW: 7, powerChainLossKW: 8, miscKW: 9 };
    expect(powerItems(p as unknown as Results['power']).map((x) => x.kw)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('chunks elevations three to a figure', () => {
    expect(chunk([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });
});
