/**
 * Golden results: evaluate() of every template and every example, the training
 * estimate the CLI prints for each example scenario, fabric sizings, and the
 * planner's answer to the example requirements, stored as JSON beside this test.
 *
 * They guard refactors: a change that is meant to alter a figure regenerates the
 * files (`npx vitest run core/golden -u`) and the diff of the JSON is reviewed in
 * the same commit. A change that is not meant to alter a figure must leave them as
 * they are.
 */
import { describe, expect, it } from 'vitest';
import gpt3 from '../../assets/examples/gpt3-175b-a100.json';
import llama405 from '../../assets/examples/llama3-405b-h100.json';
import mixed from '../../assets/examples/mixed-h100-ascend.json';
import requirements from '../../assets/examples/requirements.json';
import { evaluate } from '../evaluate';
import { TEMPLATES } from '../model/templates';
import { scenarioToDesign } from '../model/scenario';
import { generateFabric, type FabricInput } from '../network/fabric';
import { DEFAULT_CATALOG } from '../catalog';
import { plan } from '../planner';

const json = (v: unknown): string => `${JSON.stringify(v, null, 1)}\n`;

const EXAMPLES: Record<string, unknown> = {
  'gpt3-175b-a100': gpt3,
  'llama3-405b-h100': llama405,
  'mixed-h100-ascend': mixed,
};

describe('golden results', () => {
  for (const t of TEMPLATES) {
    it(`template ${t.id}`, async () => {
      await expect(json(evaluate(t.build()))).toMatchFileSnapshot(`./template-${t.id}.json`);
    });
  }
  for (const [name, scenario] of Object.entries(EXAMPLES)) {
    it(`example ${name}`, async () => {
      await expect(json(evaluate(scenarioToDesign(scenario)))).toMatchFileSnapshot(`./example-${name}.json`);
    });
  }
  it('fabric sizings', async () => {
    const sw = (id: string) => {
      const s = DEFAULT_CATALOG.getOfKind(id, 'switch');
      if (!s) throw new Error(`no switch ${id}`);
      return s;
    };
    const cases: Array<[string, FabricInput]> = [
      ['superpod-1k', { accelerators: 1024, perNode: 8, nicGbpsPerAccelerator: 400, switch: sw('qm9700') }],
      ['superpod-16k', { accelerators: 16384, perNode: 8, nicGbpsPerAccelerator: 400, switch: sw('qm9700') }],
      ['eth-100k-2to1', { accelerators: 100_000, perNode: 8, nicGbpsPerAccelerator: 400, switch: sw('sn5600'), oversubscription: 2 }],
      ['xdr-8k-planes', { accelerators: 8192, perNode: 8, nicGbpsPerAccelerator: 800, switch: sw('q3400'), planes: 2 }],
      ['200g-10k', { accelerators: 10_000, perNode: 8, nicGbpsPerAccelerator: 200, switch: sw('sn5600') }],
    ];
    const out = Object.fromEntries(cases.map(([k, input]) => [k, generateFabric(input)]));
    await expect(json(out)).toMatchFileSnapshot('./fabrics.json');
  });
  it('planner on the example requirements', async () => {
    const r = await plan(requirements);
    // elapsedMs is wall-clock time, the one figure that may differ between runs.
    const slim = { ...r, candidates: r.candidates.map(({ design: _d, ...c }) => c), stats: { ...r.stats, elapsedMs: 0 } };
    await expect(json(slim)).toMatchFileSnapshot('./plan-requirements.json');
  });
});
