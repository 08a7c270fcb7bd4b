/**
 * Hardening fuzz (issue "no accepted input may hang, crash or print NaN"): real
 * designs, CLI scenarios, planner requirements and fabric flags with numbers
 * replaced by hostile ones (0, negative, 5e-324, 1e308, 2^53, NaN, Infinity,
 * values just outside a bound) and structure added (deep group chains with large
 * counts, fabrics, assumption overrides). Every case must end one of two ways:
 *
 *  - refused: an InputError with a field path, on one line; or
 *  - accepted: a result whose every number is finite (and a report without
 *    "NaN" or "Infinity"), within a time budget (no hang).
 *
 * Anything else (another exception, an EngineError, a non-finite number, a slow
 * case) fails the property. The seed is fixed (vitest.setup.ts); FC_SEED=random
 * explores further. The totals are printed for the record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_ASSUMPTIONS, type AssumptionInfo } from './assumptions';
import { DEFAULT_CATALOG } from './catalog';
import { EngineError, InputError } from './errors';
import { evaluate } from './evaluate';
import { findNonFinite } from './finite';
import { DesignSchema, parseDesign } from './model';
import { assumptionBound, boundAt, BOUNDS, type Bound } from './model/bounds';
import { ScenarioSchema, scenarioToDesign } from './model/scenario';
import { TEMPLATES } from './model/templates';
import { fabricCli } from './network';
import { plan, RequirementsSchema } from './planner';
import { buildReport, renderMarkdown } from './report';

const root = join(import.meta.dirname, '..');
const example = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(root, 'assets/examples', name), 'utf8'));

/**
 * A case slower than this counts as a hang. The loops this test guards against never end, so the
 * limit only has to be far above the slowest legitimate case (about 1 s for a mixed-chip design on
 * an idle 2-core machine) to stay meaningful on a loaded one; speed itself is measured by
 * `npm run bench`, not here. The slowest accepted case is printed.
 */
const HANG_MS = 10_000;
/** Each block runs hundreds of cases: its own limit is the sum of theirs, not the suite's per-test default. */
const BLOCK_TIMEOUT_MS = 300_000;

const tally = { cases: 0, refused: 0, accepted: 0, crashes: 0, hangs: 0, nonFinite: 0, slowestMs: 0 };
afterAll(() => {
  console.log(
    `fuzz: ${tally.cases} cases (${tally.refused} refused with a field path, ${tally.accepted} evaluated), ` +
      `${tally.crashes} crashes, ${tally.hangs} hangs, ${tally.nonFinite} non-finite numbers; slowest case ${tally.slowestMs.toFixed(0)} ms`,
  );
});

const HOSTILE: readonly number[] = [
  0, -0, -1, 1, 0.5, 5e-324, 1e-300, 1e-9, 1.5, 2, 3, 7, 8, 16, 17, 60, 61, 64, 65, 100, 1000, 1e6, 1e7, 1e7 + 1, 2 ** 31,
  2 ** 53, 2 ** 53 + 2, 1e16, 1e20, 1e100, 1e307, 1e308, -1e308, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];
const hostileNumber = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 100_000 }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) },
);

/** Paths of every number in a JSON value. */
function numberPaths(v: unknown, path: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (typeof v === 'number') out.push(path);
  else if (Array.isArray(v)) v.forEach((x, i) => numberPaths(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) numberPaths(x, [...path, k], out);
  return out;
}

function setAt(doc: unknown, path: Array<string | number>, value: unknown): void {
  let o = doc as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) o = o[seg] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

/**
 * Numbers replaced: `pick` indexes the document's number paths. Most replacements
 * lie inside the field's bound, often at its very edge (the engine must stay
 * finite there); the rest are hostile (the schema must refuse them).
 */
const numberMutations = fc.array(
  fc.record({ pick: fc.nat(), hostile: fc.nat(9).map((k) => k < 1), edge: fc.nat(3), t: fc.double({ min: 0, max: 1, noNaN: true }), value: hostileNumber }),
  { minLength: 1, maxLength: 4 },
);
type Mutation = { pick: number; hostile: boolean; edge: number; t: number; value: number };
/** Assumption overrides: inside their bound (often at an edge) or hostile. */
const assumptionMutations = fc.array(
  fc.record({ key: fc.constantFrom(...ALL_ASSUMPTIONS), hostile: fc.nat(9).map((k) => k < 1), edge: fc.nat(3), t: fc.double({ min: 0, max: 1, noNaN: true }), value: hostileNumber }),
  { maxLength: 3 },
);

/** A value inside a bound: its minimum, its maximum, or log-uniform between (integers rounded). */
function inside(bound: Bound, edge: number, t: number): number {
  const lo = bound.minExclusive ? bound.min + Math.max(Math.abs(bound.min) * 1e-9, 1e-9) : bound.min;
  let v: number;
  if (edge === 0) v = lo;
  else if (edge === 1) v = bound.max;
  else if (lo > 0) v = lo * (bound.max / lo) ** t;
  else v = lo + (bound.max - lo) * t ** 4;
  return bound.integer ? Math.min(bound.max, Math.max(Math.ceil(lo), Math.round(v))) : v;
}

/** Mostly a value inside the bound (often at an edge), sometimes a hostile one. */
const around = (bound: Bound) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ edge: fc.nat(3), t: fc.double({ min: 0, max: 1, noNaN: true }) }).map(({ edge, t }) => inside(bound, edge, t)) },
    { weight: 1, arbitrary: hostileNumber },
  );

const formatPath = (p: Array<string | number>) => p.reduce<string>((s, seg) => (typeof seg === 'number' ? `${s}[${seg}]` : s ? `${s}.${seg}` : seg), '');

function mutate(base: unknown, muts: Mutation[], schema: Parameters<typeof boundAt>[0]): Record<string, unknown> {
  const doc = structuredClone(base) as Record<string, unknown>;
  const paths = numberPaths(doc);
  for (const m of muts) {
    if (paths.length === 0) break;
    const path = paths[m.pick % paths.length]!;
    const bound = m.hostile ? undefined : path[0] === 'assumptions' ? assumptionBoundOf(String(path[1])) : boundAt(schema, formatPath(path));
    setAt(doc, path, bound ? inside(bound, m.edge, m.t) : m.value);
  }
  return doc;
}

function assumptionBoundOf(key: string): Bound | undefined {
  const a = ALL_ASSUMPTIONS.find((x) => x.key === key);
  return a ? assumptionBound(a.key, a.unit) : undefined;
}

function overrides(muts: Array<{ key: AssumptionInfo; hostile: boolean; edge: number; t: number; value: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of muts) {
    const bound = assumptionBound(m.key.key, m.key.unit);
    out[m.key.key] = m.hostile || !bound ? m.value : inside(bound, m.edge, m.t);
  }
  return out;
}

function isRefusal(e: unknown): boolean {
  if (!(e instanceof InputError)) return false;
  expect(e.path.length, e.message).toBeGreaterThan(0);
  expect(e.message.startsWith(`${e.path}: `) || e.message.startsWith(e.path), e.message).toBe(true);
  expect(e.message, 'one line').not.toContain('\n');
  return true;
}

/** Run one case: refused with a path, or a finite result within HANG_MS. */
function judge(run: () => unknown, what: string): void {
  tally.cases++;
  const t0 = performance.now();
  let out: unknown;
  try {
    out = run();
  } catch (e) {
    if (isRefusal(e)) {
      tally.refused++;
      return;
    }
    // evaluate() and plan() refuse a non-finite result themselves (core/finite.ts).
    if (e instanceof EngineError && e.code === 'non-finite-result') tally.nonFinite++;
    else tally.crashes++;
    throw new Error(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
  const ms = performance.now() - t0;
  if (ms > HANG_MS) {
    tally.hangs++;
    throw new Error(`${what}: took ${ms.toFixed(0)} ms`);
  }
  tally.slowestMs = Math.max(tally.slowestMs, ms);
  const bad = findNonFinite(out);
  if (bad) {
    tally.nonFinite++;
    throw new Error(`${what}: ${bad.path} = ${bad.value}`);
  }
  tally.accepted++;
}

const templateDocs = TEMPLATES.filter((t) => t.id !== 'mixed-h100-ascend').map((t) => JSON.parse(JSON.stringify(t.build())) as Record<string, unknown>);
const exampleDesigns = ['gpt3-175b-a100.json', 'llama3-405b-h100.json'].map((f) => JSON.parse(JSON.stringify(scenarioToDesign(example(f)))) as Record<string, unknown>);

describe('fuzz: designs', () => {
  const designBase = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...templateDocs) },
    { weight: 3, arbitrary: fc.constant(exampleDesigns[0]!) },
    { weight: 1, arbitrary: fc.constant(exampleDesigns[1]!) },
  );
  /** A chain of nested groups holding the design's first server (replication products, nesting depth). */
  const chain = fc.option(
    fc.record({
      depth: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 32 }) }, { weight: 1, arbitrary: fc.integer({ min: 33, max: 40 }) }),
      count: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1, 1, 1, 2, 3) }, { weight: 1, arbitrary: fc.constantFrom(10, 1000, 9_007_199_254_740_991) }),
    }),
    { nil: undefined },
  );
  const fabric = fc.option(
    fc.record({ oversubscription: around(BOUNDS.oversubscription), planes: around(BOUNDS.planes), nicGbpsPerAccelerator: fc.option(around(BOUNDS.linkGbps), { nil: undefined }) }),
    { nil: undefined },
  );

  it('every mutated design is refused with a field path or evaluates to finite numbers, quickly', () => {
    fc.assert(
      fc.property(designBase, numberMutations, assumptionMutations, chain, fabric, fc.boolean(), (base, muts, assumptions, ch, fab, withReport) => {
        const doc = mutate(base, muts, DesignSchema);
        doc.assumptions = { ...(doc.assumptions as object), ...overrides(assumptions) };
        const servers = doc.servers as Array<Record<string, unknown>>;
        if (ch && servers.length > 0) {
          const groups = (doc.groups as Array<Record<string, unknown>>) ?? [];
          for (let i = 0; i < ch.depth; i++) groups.push({ id: `fz${i}`, name: 'fz', kind: 'pod', count: ch.count, position: { x: 0, y: 0 }, ...(i ? { parentId: `fz${i - 1}` } : {}) });
          doc.groups = groups;
          servers[0] = { ...servers[0], rackId: undefined, slotU: undefined, groupId: `fz${ch.depth - 1}` };
        }
        if (fab) (doc.fabrics as unknown[]).push({ id: 'fzf', name: 'fz', switchPartId: 'qm9700', ...fab });
        judge(() => {
          const design = parseDesign(JSON.parse(JSON.stringify(doc)));
          const results = evaluate(design);
          if (withReport) {
            const md = renderMarkdown(buildReport(design, results, { lang: 'en', date: '2026-01-01', appVersion: 'fuzz', catalog: DEFAULT_CATALOG }));
            expect(md).not.toMatch(/\bNaN\b|Infinity/);
          }
          return results;
        }, 'design');
      }),
      { numRuns: 1500 },
    );
  }, BLOCK_TIMEOUT_MS);
});

describe('fuzz: scenarios', () => {
  const scenarios = [example('gpt3-175b-a100.json'), example('llama3-405b-h100.json'), example('mixed-h100-ascend.json')];
  const base = fc.oneof({ weight: 12, arbitrary: fc.constant(scenarios[0]!) }, { weight: 2, arbitrary: fc.constant(scenarios[1]!) }, { weight: 1, arbitrary: fc.constant(scenarios[2]!) });

  it('every mutated scenario is refused with a field path or estimates to finite numbers, quickly', () => {
    fc.assert(
      fc.property(base, numberMutations, assumptionMutations, fc.option(around(BOUNDS.oversubscription), { nil: undefined }), (s, muts, assumptions, os) => {
        const doc = mutate(s, muts, ScenarioSchema);
        doc.assumptions = overrides(assumptions);
        if (os !== undefined) (doc.cluster as Record<string, unknown>).oversubscription = os;
        judge(() => evaluate(scenarioToDesign(JSON.parse(JSON.stringify(doc)))), 'scenario');
      }),
      { numRuns: 800 },
    );
  }, BLOCK_TIMEOUT_MS);
});

describe('fuzz: fabric flags', () => {
  const FLAGS: Record<string, Bound> = {
    '--accelerators': BOUNDS.accelerators,
    '--per-node': BOUNDS.perNode,
    '--oversubscription': BOUNDS.oversubscription,
    '--planes': BOUNDS.planes,
    '--gbps': BOUNDS.linkGbps,
    '--tiers': { ...BOUNDS.planes, min: 2, max: 3 },
  };
  const flags = fc.array(fc.constantFrom(...Object.keys(FLAGS)).chain((f) => around(FLAGS[f]!).map((v) => [f, v] as const)), { maxLength: 4 });
  it('every cwb fabric invocation is refused naming a flag or sizes a finite fabric', () => {
    const switches = DEFAULT_CATALOG.switches();
    fc.assert(
      fc.property(flags, fc.constantFrom(...switches.map((s) => s.id)), (values, sw) => {
        const byFlag = new Map<string, number>([['--accelerators', 512], ['--per-node', 8], ...values]);
        const argv = ['--switch', sw, '--allow-partial-node'];
        for (const [k, v] of byFlag) argv.push(k, String(v));
        judge(
          () =>
            fabricCli(
              argv,
              (id) => switches.find((s) => s.id === id),
              () => switches.map((s) => s.id),
            ),
          'fabric',
        );
      }),
      { numRuns: 600 },
    );
  }, BLOCK_TIMEOUT_MS);
});

describe('fuzz: planner requirements', () => {
  // Small searches (two accelerator types, a few thousand accelerators) keep each plan to milliseconds.
  const req = {
    workload: { model: 'llama3-8b', tokens: 1e12, globalBatch: 256 },
    constraints: {
      deadlineDays: 60,
      maxFacilityPowerKW: 5000,
      budget: { capexUsd: 1e8 },
      accelerators: [
        { id: 'h100-sxm5-80gb', maxCount: 1024 },
        { id: 'ascend-910b', maxCount: 512 },
      ],
      oversubscription: [1],
      site: { electricityUsdPerKWh: 0.08, gridKgCO2PerKWh: 0.55 },
    },
    options: { maxResults: 5, maxConfigsPerCandidate: 200, designs: false },
  };
  // Llama 3 8B resized: from one layer to far beyond any memory, and now and then a hostile layer count.
  const model = fc.option(
    fc.record({
      preset: fc.constant('llama3-8b'),
      layers: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1, 2, 32, 160, 1000, 10_000) }, { weight: 1, arbitrary: hostileNumber }),
      hidden: fc.constantFrom(1024, 4096, 16_384),
    }),
    { nil: undefined },
  );

  it('every mutated requirements file is refused with a field path or plans with finite numbers', async () => {
    await fc.assert(
      fc.asyncProperty(numberMutations, model, async (muts, m) => {
        const doc = mutate(req, muts, RequirementsSchema);
        const options = doc.options as Record<string, unknown>;
        // Keep the search small whatever was mutated (the bound of these is tested in planner.test.ts).
        options.maxConfigsPerCandidate = 200;
        for (const a of (doc.constraints as { accelerators: Array<Record<string, unknown>> }).accelerators) {
          if (typeof a.maxCount === 'number' && a.maxCount > 4096) a.maxCount = 4096;
        }
        if (m) (doc.workload as Record<string, unknown>).model = m;
        tally.cases++;
        const t0 = performance.now();
        try {
          const r = await plan(JSON.parse(JSON.stringify(doc)));
          const bad = findNonFinite(r);
          if (bad) {
            tally.nonFinite++;
            throw new Error(`plan: ${bad.path} = ${bad.value}`);
          }
          for (const b of r.binding) if (b.overByFraction !== null) expect(b.overByFraction, b.message).toBeGreaterThan(0);
          tally.accepted++;
        } catch (e) {
          if (!isRefusal(e)) {
            if (e instanceof EngineError && e.code === 'non-finite-result') tally.nonFinite++;
            else tally.crashes++;
            throw e;
          }
          tally.refused++;
        }
        const ms = performance.now() - t0;
        tally.slowestMs = Math.max(tally.slowestMs, ms);
        if (ms > 4 * HANG_MS) {
          tally.hangs++;
          throw new Error(`plan took ${ms.toFixed(0)} ms`);
        }
      }),
      { numRuns: 120 },
    );
  }, BLOCK_TIMEOUT_MS);
});
