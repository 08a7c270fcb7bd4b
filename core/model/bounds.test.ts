/**
 * Every number a user can give is bounded, in one place (core/model/bounds.ts),
 * and the bounds admit everything real: the built-in catalog, every assumption's
 * default, the templates and examples.
 */
import { describe, expect, it } from 'vitest';
import { ALL_ASSUMPTIONS, overrideValueProblem } from '../assumptions';
import { CatalogPartSchema, DEFAULT_CATALOG } from '../catalog';
import { RequirementsSchema } from '../planner/requirements';
import { assumptionBound, boundAt, boundProblem, BOUNDS, numberFields, rangeText } from './bounds';
import { DesignSchema } from './design';
import { ScenarioSchema } from './scenario';
import { TEMPLATES } from './templates';

describe('bounds: coverage', () => {
  const schemas = { design: DesignSchema, scenario: ScenarioSchema, requirements: RequirementsSchema, 'catalog part': CatalogPartSchema };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`every number of the ${name} schema has a bound (assumption overrides are bounded by key)`, () => {
      const fields = numberFields(schema);
      expect(fields.length).toBeGreaterThan(20);
      const unbounded = fields.filter((f) => !f.bound && f.path !== 'assumptions[]').map((f) => f.path);
      expect(unbounded).toEqual([]);
      for (const f of fields) {
        if (!f.bound) continue;
        expect(f.bound.min, f.path).toBeLessThan(f.bound.max);
        expect(Number.isFinite(f.bound.max), f.path).toBe(true);
        expect(f.bound.why.length, f.path).toBeGreaterThan(5);
      }
    });
  }

  it('every assumption has a bound, and its default lies within it', () => {
    for (const a of ALL_ASSUMPTIONS) {
      const bound = assumptionBound(a.key, a.unit);
      expect(bound, `${a.key} (${a.unit})`).toBeDefined();
      expect(boundProblem(bound!, a.value), a.key).toBeNull();
    }
  });

  it('every built-in catalog part passes the custom-part schema (the bounds admit real hardware)', () => {
    for (const p of DEFAULT_CATALOG.list()) {
      const r = CatalogPartSchema.safeParse(p);
      expect(r.success ? null : `${p.id}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`).toBeNull();
    }
  });

  it('every template parses (their numbers lie within the bounds)', () => {
    for (const t of TEMPLATES) expect(() => DesignSchema.parse(t.build()), t.id).not.toThrow();
  });
});

describe('bounds: checks and messages', () => {
  it('states the range with its unit and the value given', () => {
    expect(boundProblem(BOUNDS.oversubscription, 1e308)).toBe('must be <= 64 (1 to 64 downlink:uplink; got 1e+308)');
    expect(boundProblem(BOUNDS.oversubscription, 0.5)).toBe('must be >= 1 (1 to 64 downlink:uplink; got 0.5)');
    expect(boundProblem(BOUNDS.extent, 0)).toBe('must be > 0 (> 0 and <= 10,000,000 px; got 0)');
    expect(boundProblem(BOUNDS.count, 2.5)).toBe('must be an integer (got 2.5)');
    expect(boundProblem(BOUNDS.count, Number.NaN)).toBe('must be a finite number');
    expect(boundProblem(BOUNDS.count, '3')).toBe('must be a number');
    expect(rangeText(BOUNDS.planes)).toBe('1 to 16 planes');
  });

  it('efficiencies are in [0.01, 1]: zero and the smallest double are refused, 1 is allowed', () => {
    const hbm = ALL_ASSUMPTIONS.find((a) => a.key === 'hbmEfficiency')!;
    const inter = ALL_ASSUMPTIONS.find((a) => a.key === 'interBusEfficiency')!;
    expect(overrideValueProblem(hbm, 0)).toMatch(/^must be >= 0.01/);
    expect(overrideValueProblem(inter, 5e-324)).toMatch(/^must be >= 0.01/);
    expect(overrideValueProblem(hbm, 1)).toBeNull();
    expect(overrideValueProblem(hbm, 1.01)).toMatch(/^must be <= 1/);
  });

  it('failure rates are at most 0.01 per part-hour', () => {
    const sw = ALL_ASSUMPTIONS.find((a) => a.key === 'softwareFailuresPerHour')!;
    expect(overrideValueProblem(sw, 1e308)).toMatch(/^must be <= 0.01/);
    expect(overrideValueProblem(sw, 0)).toBeNull();
  });

  it('finds the bound of a field path (for field errors in the UI)', () => {
    expect(boundAt(DesignSchema, 'racks[3].powerBudgetW')).toBe(BOUNDS.rackPowerW);
    expect(boundAt(DesignSchema, 'fabrics[0].oversubscription')).toBe(BOUNDS.oversubscription);
    expect(boundAt(DesignSchema, 'fabrics[0].planes')?.max).toBe(16);
    expect(boundAt(ScenarioSchema, 'cluster.pools[1].count')).toBe(BOUNDS.accelerators);
    expect(boundAt(RequirementsSchema, 'constraints.deadlineDays')).toBe(BOUNDS.deadlineDays);
    expect(boundAt(DesignSchema, 'name')).toBeUndefined();
  });
});
