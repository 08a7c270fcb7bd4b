/** `cwb estimate --timeline` (docs/CLI.md): the simulated step beside the estimate. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run';

const root = join(import.meta.dirname, '..', '..');

async function cwb(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('cwb estimate --timeline', () => {
  it('adds the intervals of every stage and micro-batch (GPT-3 175B: TP 8 x PP 8, 96 micro-batches)', async () => {
    const r = await cwb('estimate', join(root, 'assets/examples/gpt3-175b-a100.json'), '--timeline');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const tl = out.timeline;
    expect(tl.stages).toBe(out.parallelism.pp);
    expect(tl.rows).toHaveLength(out.parallelism.pp);
    // 1,536 sequences / (dp 16 x micro-batch 1) = 96 micro-batches
    expect(tl.microBatches).toBe(96);
    const fwd = tl.intervals.filter((x: { kind: string }) => x.kind === 'forward');
    expect(fwd).toHaveLength(8 * out.parallelism.virtualStages * 96);
    for (const k of ['stage', 'microBatch', 'chunk', 'kind', 'startS', 'endS', 'critical']) expect(fwd[0]).toHaveProperty(k);
    expect(Math.abs(tl.stepTimeS - out.stepTimeS) / out.stepTimeS).toBeLessThan(0.02);
    expect(tl.closedFormStepTimeS).toBe(out.stepTimeS);
  });

  it('without the flag there is no timeline; a value other than true/false is refused', async () => {
    const r = await cwb('estimate', join(root, 'assets/examples/llama3-405b-h100.json'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).timeline).toBeUndefined();
    const bad = await cwb('estimate', join(root, 'assets/examples/llama3-405b-h100.json'), '--timeline=maybe');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('--timeline');
  });
});
