/**
 * `cwb plan REQUIREMENTS [--designs] [--quiet]`: ranked candidate designs for a
 * workload under constraints (format: core/planner/README.md). Progress goes to
 * stderr; the returned object is printed as JSON by main.ts.
 */
import { InputError } from '../errors';
import { plan, type PlanCandidate, type PlanResult } from '../planner';
import { parseFlags, readJsonFile } from './io';

export interface RunPlanIo {
  /** Where progress lines go; default process.stderr. */
  progress?: (line: string) => void;
}

function slim(c: PlanCandidate, withDesign: boolean): Record<string, unknown> {
  const { design, ...rest } = c;
  return withDesign && design ? { ...rest, design } : rest;
}

export async function runPlan(argv: string[], io: RunPlanIo = {}): Promise<object> {
  const { flags, positionals } = parseFlags(argv, ['designs', 'quiet']);
  for (const k of flags.keys()) {
    if (k !== 'designs' && k !== 'quiet') throw new InputError(`--${k}`, 'unknown option for plan (use --designs, --quiet)');
  }
  if (positionals.length !== 1) throw new InputError('REQUIREMENTS', `plan takes exactly one requirements file (got ${positionals.length})`);
  const input = readJsonFile(positionals[0], 'REQUIREMENTS');
  const withDesigns = flags.has('designs');
  const write = io.progress ?? ((line: string) => process.stderr.write(line));
  const quiet = flags.has('quiet');
  let lastPct = -1;
  const result: PlanResult = await plan(input, {
    yieldEveryMs: 100,
    onProgress: (done, total) => {
      if (quiet || total <= 0) return;
      const pct = Math.floor((100 * done) / total);
      if (pct === lastPct) return;
      lastPct = pct;
      write(`plan: ${done}/${total} (${pct}%)\n`);
    },
  });
  return {
    ...result,
    candidates: result.candidates.map((c) => slim(c, withDesigns)),
    paretoFront: result.paretoFront.map((c) => slim(c, withDesigns)),
  };
}
