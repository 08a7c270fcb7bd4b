import { describe, expect, it } from 'vitest';
import { evaluate } from '../../core/evaluate';
import { DEFAULT_CATALOG } from '../../core/catalog';
import { templateById } from '../../core/model/templates';
import type { Design } from '../../core/model/design';
import { degreeProblem } from './parallelism';

/** The sample template: 64 H100 and a 32-layer, 32-head model. */
function sample(): Design {
  const t = templateById('sample');
  if (!t) throw new Error('no sample template');
  return t.build();
}

function withPar(d: Design, par: Record<string, number>): Design {
  return { ...d, workload: { ...d.workload!, training: { ...d.workload!.training, parallelism: par } } };
}

const trains = (d: Design) => evaluate(d, { catalog: DEFAULT_CATALOG }).training !== undefined;

describe('manual parallel degrees', () => {
  const d = sample();
  const w = d.workload!;
  const acc = evaluate(d, { catalog: DEFAULT_CATALOG }).accelerators;

  it('refuses TP 3 and TP 1000 on 32 heads and lists the TPs that divide both the heads and the cluster', () => {
    expect(acc).toBe(64);
    expect(w.model.heads).toBe(32);
    for (const tp of [3, 1000]) {
      const p = degreeProblem('tp', tp, w, acc);
      expect(p?.rule).toBe('heads');
      // Divisors of 32 heads that also divide 64 accelerators: 1, 2, 4, 8, 16, 32.
      expect(p?.allowed).toEqual([1, 2, 4, 8, 16, 32]);
    }
    expect(degreeProblem('tp', 8, w, acc)).toBeNull();
  });

  it('agrees with the engine: every allowed TP and PP trains, the refused ones do not', () => {
    const tps = degreeProblem('tp', 3, w, acc)!.allowed;
    for (const tp of tps) expect(trains(withPar(d, { tp, pp: 1 })), `tp ${tp}`).toBe(true);
    for (const tp of [3, 1000]) expect(trains(withPar(d, { tp, pp: 1 })), `tp ${tp}`).toBe(false);
    // 32 layers: PP must divide 32 (and 64 / TP).
    const pp = degreeProblem('pp', 3, { ...w, training: { ...w.training, parallelism: { tp: 1 } } }, acc)!;
    expect(pp.rule).toBe('layers');
    expect(pp.allowed).toEqual([1, 2, 4, 8, 16, 32]);
    for (const v of pp.allowed) expect(trains(withPar(d, { tp: 1, pp: v })), `pp ${v}`).toBe(true);
    expect(trains(withPar(d, { tp: 1, pp: 3 }))).toBe(false);
  });

  it('with DP given, TP x PP x DP x CP must equal the accelerators', () => {
    const fixed = { ...w, training: { ...w.training, parallelism: { tp: 8, pp: 1, dp: 4 } } };
    // 8 x 1 x 4 = 32, not 64.
    expect(degreeProblem('tp', 8, fixed, acc)?.rule).toBe('clusterExact');
    expect(degreeProblem('tp', 16, fixed, acc)).toBeNull();
    expect(trains(withPar(d, { tp: 16, pp: 1, dp: 4 }))).toBe(true);
  });

  it('EP is 1 for a dense model', () => {
    expect(degreeProblem('ep', 2, w, acc)?.rule).toBe('dense');
    expect(degreeProblem('ep', 2, w, acc)?.allowed).toEqual([1]);
  });
});
