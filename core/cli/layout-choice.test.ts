/**
 * `cwb estimate` says in its JSON when tensor parallelism crosses the scale-up domain
 * (issue 20): `layoutChoice.tpCrossesDomains` and a note. By default the search keeps TP
 * within the 8-GPU NVLink domain; with `training.allowTpAcrossDomains` it crosses only
 * when strictly faster; a fixed TP beyond the domain is honoured and flagged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run';

const dir = mkdtempSync(join(tmpdir(), 'cwb-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

interface Estimate {
  stepTimeS: number;
  parallelism: { tp: number };
  notes: string[];
  layoutChoice: { tpCrossesDomains: boolean; why: string[] };
}

async function estimate(scenario: unknown): Promise<Estimate> {
  const p = join(dir, `s${++n}.json`);
  writeFileSync(p, JSON.stringify(scenario));
  let stdout = '';
  let stderr = '';
  const code = await runCli(['estimate', p], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Estimate;
}

// Llama 3.1 405B (126 layers, hidden 16,384, 128 heads, 8 KV heads, FFN 53,248; Llama 3 paper Table 3)
const llama405b = { layers: 126, hidden: 16384, heads: 128, kvHeads: 8, ffnHidden: 53248, gatedFfn: true, vocab: 128256, seqLength: 8192 };
// Llama 3 8B (32 layers, hidden 4,096, 32 heads, 8 KV heads, FFN 14,336)
const llama8b = { layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ffnHidden: 14336, gatedFfn: true, vocab: 128256, seqLength: 8192 };

describe('cwb estimate: tensor parallelism across scale-up domains is flagged in the result', () => {
  it('405B on 256 H100, batch 32: TP within the node by default; allowed to cross, TP > 8 only because it is faster, and flagged', async () => {
    const base = { model: llama405b, training: { tokens: 1e11, globalBatch: 32, precision: 'bf16' }, cluster: { accelerator: 'h100-sxm5-80gb', count: 256 } };
    const inDomain = await estimate(base);
    expect(inDomain.parallelism.tp).toBeLessThanOrEqual(8);
    expect(inDomain.layoutChoice.tpCrossesDomains).toBe(false);
    expect(inDomain.notes.join(' ')).not.toMatch(/spans scale-up domains/);
    const allowed = await estimate({ ...base, training: { ...base.training, allowTpAcrossDomains: true } });
    expect(allowed.parallelism.tp).toBeGreaterThan(8);
    expect(allowed.stepTimeS).toBeLessThan(inDomain.stepTimeS);
    expect(allowed.layoutChoice.tpCrossesDomains).toBe(true);
    expect(allowed.notes.join(' ')).toMatch(/tensor-parallel group \(\d+\) spans scale-up domains of 8/);
  });

  it('a fixed TP16 on 64 H100 is honoured and flagged, with the reason', async () => {
    const e = await estimate({ model: llama8b, training: { tokens: 1e12, globalBatch: 512, precision: 'bf16', parallelism: { tp: 16 } }, cluster: { accelerator: 'h100-sxm5-80gb', count: 64 } });
    expect(e.parallelism.tp).toBe(16);
    expect(e.layoutChoice.tpCrossesDomains).toBe(true);
    expect(e.layoutChoice.why[0]).toMatch(/^TP16 spans scale-up domains of 8: its traffic crosses the scale-out network/);
  });
});
