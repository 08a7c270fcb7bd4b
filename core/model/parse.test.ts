import { describe, expect, it } from 'vitest';
import { InputError } from '../errors';
import { SCHEMA_VERSION } from './design';
import { parseDesign, safeParseDesign } from './parse';
import { groupMultipliers, replicationOf } from './replication';

const minimal = { schemaVersion: SCHEMA_VERSION, id: 'd1', name: 'Test' };

function rack(id: string, extra: Record<string, unknown> = {}) {
  return { id, name: id, position: { x: 0, y: 0 }, heightU: 42, powerBudgetW: 40_000, cooling: 'air', ...extra };
}

function errorOf(input: unknown): InputError {
  const r = safeParseDesign(input);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseDesign', () => {
  it('fills defaults for a minimal design', () => {
    const d = parseDesign(minimal);
    expect(d.racks).toEqual([]);
    expect(d.site.climate).toBe('temperate');
    expect(d.assumptions).toEqual({});
  });

  it('names the path of a negative field', () => {
    const e = errorOf({ ...minimal, racks: [rack('r0'), rack('r1'), rack('r2'), rack('r3', { powerBudgetW: -5 })] });
    expect(e.path).toBe('racks[3].powerBudgetW');
    // The bound of a rack budget (core/model/bounds.ts): 1 W to 2 MW, with the unit and the value given.
    expect(e.message).toBe('racks[3].powerBudgetW: must be >= 1 (1 to 2,000,000 W; got -5)');
  });

  it('rejects NaN and names the field', () => {
    const e = errorOf({ ...minimal, site: { electricityUsdPerKWh: Number.NaN } });
    expect(e.path).toBe('site.electricityUsdPerKWh');
  });

  it('reports a missing required field', () => {
    const { name: _n, ...noName } = minimal;
    expect(errorOf(noName).path).toBe('name');
  });

  it('refuses a design from a newer schema with a clear message', () => {
    const e = errorOf({ ...minimal, schemaVersion: SCHEMA_VERSION + 1 });
    expect(e.path).toBe('schemaVersion');
    expect(e.message).toMatch(/newer version/);
  });

  it('refuses something that is not a design', () => {
    expect(errorOf([1, 2, 3]).message).toMatch(/JSON object/);
    expect(errorOf({ hello: 'world' }).message).toMatch(/not a Cluster Workbench design/);
  });

  it('migrates a schema-1 design: kW budgets become W, electricity price renamed', () => {
    const v1 = {
      schemaVersion: 1,
      id: 'old',
      name: 'Old design',
      site: { electricityPrice: 0.12 },
      racks: [{ id: 'r1', name: 'R1', position: { x: 0, y: 0 }, heightU: 42, powerBudgetKW: 17.5, cooling: 'air' }],
    };
    const d = parseDesign(v1);
    expect(d.schemaVersion).toBe(SCHEMA_VERSION);
    expect(d.racks[0]?.powerBudgetW).toBe(17_500);
    expect(d.site.electricityUsdPerKWh).toBe(0.12);
    // The input object is left untouched.
    expect(v1.racks[0]?.powerBudgetKW).toBe(17.5);
  });

  it('rejects duplicate ids and unknown references with their paths', () => {
    expect(errorOf({ ...minimal, racks: [rack('a'), rack('a')] }).path).toBe('racks[1].id');
    const server = { id: 's1', partId: 'dgx-h100', rackId: 'nope' };
    expect(errorOf({ ...minimal, servers: [server] }).path).toBe('servers[0].rackId');
    const cable = { id: 'c1', from: { entityId: 'x' }, to: { entityId: 'y' }, linkGbps: 400 };
    expect(errorOf({ ...minimal, cables: [cable] }).path).toBe('cables[0].from.entityId');
  });

  it('rejects group cycles', () => {
    const g = (id: string, parentId?: string) => ({ id, name: id, kind: 'pod', parentId, position: { x: 0, y: 0 } });
    expect(errorOf({ ...minimal, groups: [g('a', 'b'), g('b', 'a')] }).message).toMatch(/cycle/);
  });

  it('rejects a slot above the top of the rack', () => {
    const server = { id: 's1', partId: 'dgx-h100', rackId: 'r1', slotU: 43 };
    expect(errorOf({ ...minimal, racks: [rack('r1')], servers: [server] }).path).toBe('servers[0].slotU');
  });
});

describe('replication', () => {
  it('multiplies counts through nested groups and racks', () => {
    const d = parseDesign({
      ...minimal,
      groups: [
        { id: 'hall', name: 'Hall', kind: 'hall', count: 2, position: { x: 0, y: 0 } },
        { id: 'su', name: 'SU', kind: 'su', parentId: 'hall', count: 4, position: { x: 0, y: 0 } },
      ],
      racks: [rack('r1', { groupId: 'su', count: 8 })],
      servers: [{ id: 's1', partId: 'dgx-h100', rackId: 'r1', quantity: 4 }],
    });
    const m = groupMultipliers(d);
    expect(m.get('hall')).toBe(2);
    expect(m.get('su')).toBe(8);
    // 4 servers per rack x 8 racks x 4 SUs x 2 halls = 256 servers.
    expect(replicationOf(d.servers[0]!, d, m)).toBe(256);
  });
});
