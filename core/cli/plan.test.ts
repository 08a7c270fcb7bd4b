import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { evaluate } from '../evaluate';
import { scenarioToDesign } from '../model/scenario';
import { runPlan } from './plan';

const root = join(import.meta.dirname, '..', '..');

function tempJson(value: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'cwb-plan-'));
  const file = join(dir, 'requirements.json');
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

async function expectInputError(p: Promise<unknown>, path: string): Promise<InputError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as InputError).path).toBe(path);
  return caught as InputError;
}

describe('cwb plan', () => {
  it('plans the example requirements: candidates within every constraint, progress on the side channel', async () => {
    const lines: string[] = [];
    const out = (await runPlan([join(root, 'assets/examples/requirements.json')], { progress: (l) => lines.push(l) })) as {
      feasible: boolean;
      candidates: Array<{ metrics: Record<string, number>; design?: unknown; scenario: { cluster: { count: number } }; checkedBy: string }>;
      paretoFront: unknown[];
      binding: unknown[];
    };
    expect(out.feasible).toBe(true);
    expect(out.candidates.length).toBeGreaterThan(0);
    for (const c of out.candidates) {
      expect(c.metrics.wallClockDays).toBeLessThanOrEqual(90);
      expect(c.metrics.facilityPowerKW).toBeLessThanOrEqual(20000);
      expect(c.metrics.capexUsd).toBeLessThanOrEqual(600e6);
      expect(c.design).toBeUndefined(); // only with --designs
      expect(c.checkedBy).toBe('evaluate');
    }
    expect(out.paretoFront.length).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[lines.length - 1]).toMatch(/^plan: (\d+)\/\1 \(100%\)\n$/);
    // the printed document is plain JSON, and each candidate's scenario reproduces its numbers through evaluate()
    const top = JSON.parse(JSON.stringify(out.candidates[0])) as { scenario: unknown; metrics: Record<string, number> };
    const r = evaluate(scenarioToDesign(top.scenario));
    expect(r.capexUsd).toBeCloseTo(top.metrics.capexUsd!, 2);
    expect(r.facilityPowerKW).toBeCloseTo(top.metrics.facilityPowerKW!, 6);
    expect(r.training?.reliability?.wallClockDays).toBeCloseTo(top.metrics.wallClockDays!, 6);
    expect(r.runEnergyMWh).toBeCloseTo(top.metrics.energyMWh!, 3);
  }, 60_000);

  it('attaches full designs with --designs', async () => {
    const file = tempJson({
      workload: { model: 'llama3-8b', tokens: 1e11, globalBatch: 256 },
      constraints: { accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 64 }], cooling: ['air'], oversubscription: [1] },
      options: { maxResults: 2 },
    });
    const out = (await runPlan([file, '--designs', '--quiet'])) as { candidates: Array<{ design: { schemaVersion: number; servers: unknown[] } }> };
    expect(out.candidates.length).toBe(2);
    for (const c of out.candidates) {
      expect(c.design.schemaVersion).toBeGreaterThan(0);
      expect(c.design.servers.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('bad input names the field', async () => {
    const e = await expectInputError(
      runPlan([tempJson({ workload: { model: 'gpt3-175b', tokens: 3e11 }, constraints: { accelerators: [{ id: 'h100-sxm5-80gb', maxCount: 8 }, { id: 'b200', maxCount: 8 }, { id: 'h900', maxCount: 8 }] } })]),
      'constraints.accelerators[2].id',
    );
    expect(e.message).toMatch(/^constraints\.accelerators\[2\]\.id: unknown accelerator "h900" \(nearest: .*h800-sxm5-80gb.*\)$/);
    await expectInputError(runPlan([tempJson({ workload: { model: 'gpt3-175b', tokens: 3e11 }, constraints: { accelerators: [] } })]), 'constraints.accelerators');
    await expectInputError(runPlan([tempJson('{ not json')]), 'REQUIREMENTS');
    await expectInputError(runPlan([]), 'REQUIREMENTS');
    await expectInputError(runPlan(['a.json', '--fast']), '--fast');
  });
});
