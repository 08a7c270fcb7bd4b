/**
 * evaluate() benchmarks (DESIGN.md budgets): a 1,000-accelerator design in
 * under 5 ms and a 100,000-accelerator design in under 50 ms. Both are built
 * by the design generator (scalable units by replication, generated fabric,
 * cooling units, PDUs). Median of repeated runs after warm-up.
 */
import { createCatalog } from '../core/catalog';
import { evaluate } from '../core/evaluate';
import { generateDesign } from '../core/model/generate';
import { TEMPLATES } from '../core/model/templates';

function medianMs(fn: () => unknown, repeats: number): number {
  for (let i = 0; i < 20; i++) fn(); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export async function run(): Promise<Array<{ name: string; value: number; unit: string; budget?: number }>> {
  const catalog = createCatalog();
  const d1k = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 1000 });
  const d100k = generateDesign({ accelerator: 'h100-sxm5-80gb', count: 100_000 });
  const sample = TEMPLATES.find((t) => t.id === 'sample')!.build();
  const sampleNoTraining = { ...sample, workload: undefined };
  return [
    { name: 'evaluate() 1,000 accelerators (generated H100 design)', value: medianMs(() => evaluate(d1k, { catalog }), 200), unit: 'ms', budget: 5 },
    { name: 'evaluate() 100,000 accelerators (generated H100 design)', value: medianMs(() => evaluate(d100k, { catalog }), 100), unit: 'ms', budget: 50 },
    { name: 'evaluate() sample template, drawn switches and cables', value: medianMs(() => evaluate(sampleNoTraining, { catalog }), 200), unit: 'ms', budget: 5 },
  ];
}
