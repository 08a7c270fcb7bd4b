import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from './catalog';
import { evaluate, type Results } from './evaluate';
import { parseDesign, type Design } from './model';

const ids = (kind: string) => BUILTIN_CATALOG.filter((p) => p.kind === kind).map((p) => p.id);
// Mostly real ids, sometimes a typo (unknown parts must be skipped, not crash).
const partOf = (kind: string) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ids(kind)) }, { weight: 1, arbitrary: fc.constantFrom('nope', 'dgx-h10', 'qm97') });

/**
 * A random valid design whose every entity sits under the group "root", so
 * scaling root.count by k must scale every count and power by exactly k.
 */
const designArb = fc
  .record({
    subGroups: fc.array(fc.record({ count: fc.integer({ min: 1, max: 4 }), kind: fc.constantFrom('row', 'pod', 'su') }), { maxLength: 3 }),
    racks: fc.array(
      fc.record({
        group: fc.nat(3),
        count: fc.integer({ min: 1, max: 6 }),
        heightU: fc.integer({ min: 10, max: 52 }),
        powerBudgetW: fc.double({ min: 1000, max: 200_000, noNaN: true }),
        cooling: fc.constantFrom('air', 'rear-door', 'cold-plate', 'immersion'),
        coolingCapacityW: fc.option(fc.double({ min: 1000, max: 200_000, noNaN: true }), { nil: undefined }),
      }),
      { maxLength: 5 },
    ),
    servers: fc.array(
      fc.record({ partId: partOf('server'), rack: fc.nat(6), slotU: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), quantity: fc.integer({ min: 1, max: 4 }), pool: fc.option(fc.constantFrom('p1', 'p2'), { nil: undefined }) }),
      { maxLength: 6 },
    ),
    switches: fc.array(fc.record({ partId: partOf('switch'), rack: fc.nat(6), quantity: fc.integer({ min: 1, max: 4 }), role: fc.constantFrom('leaf', 'spine', 'core', 'tor', 'management', 'storage') }), { maxLength: 3 }),
    storage: fc.array(fc.record({ partId: partOf('storage'), rack: fc.nat(6), quantity: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
    pdus: fc.array(fc.record({ partId: partOf('power'), rack: fc.nat(6), quantity: fc.integer({ min: 1, max: 3 }) }), { maxLength: 2 }),
    cooling: fc.array(fc.record({ partId: partOf('cooling'), quantity: fc.integer({ min: 1, max: 3 }), rack: fc.option(fc.nat(6), { nil: undefined }) }), { maxLength: 2 }),
    cables: fc.array(
      fc.record({ a: fc.nat(20), b: fc.nat(20), media: fc.constantFrom('dac', 'aoc', 'fibre', 'acc'), linkGbps: fc.constantFrom(100, 200, 400, 800), lengthM: fc.option(fc.double({ min: 0.5, max: 400, noNaN: true }), { nil: undefined }), quantity: fc.integer({ min: 1, max: 16 }) }),
      { maxLength: 4 },
    ),
    fabrics: fc.array(fc.record({ switchPartId: partOf('switch'), oversubscription: fc.constantFrom(1, 2, 3), planes: fc.integer({ min: 1, max: 2 }), railOptimised: fc.boolean() }), { maxLength: 2 }),
    climate: fc.constantFrom('cold', 'temperate', 'hot', 'hot-humid'),
    assumptions: fc.dictionary(fc.constantFrom('cooling.chillerCop', 'power.upsEfficiency', 'cooling.liquidCaptureFraction', 'power.serverFanFraction'), fc.double({ min: 0, max: 10, noNaN: true })),
  })
  .map((r) => {
    const groups = [
      { id: 'root', name: 'root', kind: 'hall', count: 1, position: { x: 0, y: 0 } },
      ...r.subGroups.map((g, i) => ({ id: `g${i}`, name: `g${i}`, kind: g.kind, parentId: 'root', count: g.count, position: { x: 0, y: 0 } })),
    ];
    const groupIds = groups.map((g) => g.id);
    const racks = r.racks.map((x, i) => ({
      id: `r${i}`,
      name: `r${i}`,
      groupId: groupIds[x.group % groupIds.length],
      position: { x: 0, y: 0 },
      heightU: x.heightU,
      powerBudgetW: x.powerBudgetW,
      cooling: x.cooling,
      coolingCapacityW: x.coolingCapacityW,
      count: x.count,
    }));
    const place = (rackIdx: number) => (racks.length > 0 && rackIdx < racks.length ? { rackId: racks[rackIdx]!.id } : { groupId: 'root' });
    const servers = r.servers.map((s, i) => {
      const p = place(s.rack);
      const slot = 'rackId' in p && s.slotU !== undefined && s.slotU <= racks[s.rack]!.heightU ? { slotU: s.slotU } : {};
      return { id: `s${i}`, partId: s.partId, quantity: s.quantity, pool: s.pool, ...p, ...slot };
    });
    const switches = r.switches.map((s, i) => ({ id: `sw${i}`, partId: s.partId, quantity: s.quantity, role: s.role, ...place(s.rack) }));
    const storage = r.storage.map((s, i) => ({ id: `st${i}`, partId: s.partId, quantity: s.quantity, ...place(s.rack) }));
    const pdus = r.pdus.map((s, i) => ({ id: `pd${i}`, partId: s.partId, quantity: s.quantity, ...place(s.rack) }));
    const coolingUnits = r.cooling.map((c, i) => ({
      id: `cu${i}`,
      partId: c.partId,
      quantity: c.quantity,
      groupId: 'root',
      rackIds: c.rack !== undefined && c.rack < racks.length ? [racks[c.rack]!.id] : [],
    }));
    const ends = [...servers, ...switches, ...storage].map((e) => e.id);
    const cables =
      ends.length >= 2
        ? r.cables
            .map((c, i) => ({ id: `c${i}`, from: { entityId: ends[c.a % ends.length]!, port: 0 }, to: { entityId: ends[c.b % ends.length]!, port: 1 }, media: c.media, linkGbps: c.linkGbps, lengthM: c.lengthM, quantity: c.quantity }))
        : [];
    const fabrics = r.fabrics.map((f, i) => ({ id: `f${i}`, name: `f${i}`, groupId: 'root', ...f }));
    return parseDesign({
      schemaVersion: 2,
      id: 'p',
      name: 'p',
      site: { climate: r.climate },
      groups,
      racks,
      servers,
      switches,
      storage,
      pdus,
      coolingUnits,
      cables,
      fabrics,
      assumptions: r.assumptions,
    });
  });

function allFinite(v: unknown, path = 'results'): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? null : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = allFinite(v[i], `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const bad = allFinite(x, `${path}.${k}`);
      if (bad) return bad;
    }
  }
  return null;
}

const scaled = (d: Design, k: number): Design => ({ ...d, groups: d.groups.map((g) => (g.id === 'root' ? { ...g, count: k } : g)) });

describe('evaluate: properties over random valid designs', () => {
  it('never throws and never yields NaN or Infinity', () => {
    fc.assert(
      fc.property(designArb, (d) => {
        const r = evaluate(d);
        expect(allFinite(r)).toBeNull();
        expect(r.accelerators).toBeGreaterThanOrEqual(0);
        if (r.pue !== null) expect(r.pue).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  /** The electrical chain's units (UPS with batteries, transformers, generators) and the facility CDUs in the BOM, USD. */
  const chainAndCduUsd = (r: Results): number => {
    const chain = r.facility.electrical.stages.reduce((sum, st) => sum + st.costUsd, 0);
    const cdu = r.facility.liquid.cdu;
    const cduLine = cdu.inBom ? (r.bom.find((l) => l.category === 'cooling' && l.partId === cdu.partId)?.totalUsd ?? 0) : 0;
    return chain + cduLine;
  };

  it('counts, IT power, cooling and the per-kW cost scale linearly with replication; the electrical chain in whole units nearly so', () => {
    fc.assert(
      fc.property(designArb, fc.integer({ min: 2, max: 7 }), (d, k) => {
        const one = evaluate(d);
        const many = evaluate(scaled(d, k));
        const lin = (f: (r: Results) => number) => expect(f(many)).toBeCloseTo(f(one) * k, Math.max(0, 6 - Math.ceil(Math.log10(Math.abs(f(one) * k) + 1))));
        for (const f of [
          (r: Results) => r.accelerators,
          (r: Results) => r.servers,
          (r: Results) => r.racks,
          (r: Results) => r.switches,
          (r: Results) => r.inventory.transceivers,
          (r: Results) => r.inventory.cables,
          (r: Results) => r.inventory.coolingUnits,
          (r: Results) => r.itPowerKW,
          (r: Results) => r.power.itMaxKW,
          (r: Results) => r.power.coolingKW,
          (r: Results) => r.power.miscKW,
          // Everything but the chain's losses, which come from whole transformers and UPS modules.
          (r: Results) => r.facilityPowerKW - r.power.powerChainLossKW,
          // CAPEX but the chain's units and the facility CDUs (whole units too).
          (r: Results) => r.capexUsd - chainAndCduUsd(r),
          (r: Results) => r.compute.peakPflops.bf16,
        ])
          lin(f);
        // Energy is facility power over the year in both.
        if (one.facilityPowerKW > 1) expect(many.annualEnergyMWh / many.facilityPowerKW).toBeCloseTo(one.annualEnergyMWh / one.facilityPowerKW, 4);
        if (one.pue === null) expect(many.pue).toBeNull();
        else {
          // Chain losses are never negative; PUE stays at or above 1.
          for (const r of [one, many]) expect(r.power.powerChainLossKW).toBeGreaterThanOrEqual(0);
          expect(many.pue!).toBeGreaterThanOrEqual(1);
        }
        expect(many.maxRackPowerKW).toBeCloseTo(one.maxRackPowerKW, 6);
      }),
      { numRuns: 100 },
    );
  });
});
