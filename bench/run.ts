/**
 * Benchmark runner: imports every bench/*.bench.ts, runs it and prints its figures
 * with the budget and the ratio figure/budget (below 1 is within budget).
 * Usage: npm run bench [-- name-filter]
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** Upper bound from DESIGN.md, same unit as value. */
  budget?: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();

let over = 0;
const rows: string[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run?: () => Promise<BenchFigure[]> };
  if (typeof mod.run !== 'function') continue;
  const figures = await mod.run();
  for (const f of figures) {
    const ratio = f.budget ? f.value / f.budget : undefined;
    if (ratio !== undefined && ratio > 1) over++;
    rows.push(
      [
        file.replace('.bench.ts', '').padEnd(12),
        f.name.padEnd(58),
        `${f.value.toPrecision(4)} ${f.unit}`.padStart(16),
        f.budget !== undefined ? `budget ${f.budget} ${f.unit}`.padStart(20) : ''.padStart(20),
        ratio !== undefined ? `ratio ${ratio.toFixed(3)}${ratio > 1 ? '  OVER BUDGET' : ''}` : '',
      ].join('  '),
    );
    console.log(rows[rows.length - 1]);
  }
}
console.log(`\n${rows.length} figures, ${over} over budget`);
process.exitCode = over > 0 ? 1 : 0;
