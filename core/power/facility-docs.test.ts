/**
 * docs/CLI.md documents every key `cwb evaluate` prints under `facility` (and
 * `power.rackSystems`): each key of the output, nested ones too, is named in the
 * section, and each section heading of the list is a key of the output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { design, rack } from '../stages.fixture';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'CLI.md'), 'utf8');
const section = doc.slice(doc.indexOf('`facility` keys:'), doc.indexOf('A facility setting the design cannot meet'));
const named = new Set([...section.matchAll(/`([A-Za-z][\w]*)`/g)].map((m) => m[1]!));
const rackSystemsDoc = doc.slice(doc.indexOf('`power.rackSystems`'), doc.indexOf('`facility` keys:'));

/** Every key of an object, its nested objects and the first element of its arrays of objects. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) {
    if (v[0] && typeof v[0] === 'object') keysOf(v[0], out);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keysOf(x, out);
    }
  }
  return out;
}

describe('docs/CLI.md: the facility keys of cwb evaluate', () => {
  // 8 NVL72 racks in Hohhot with a UPS too small for them: every section, the CDUs and an error.
  const r = evaluate(
    design({
      racks: [rack('r', { count: 8, cooling: 'cold-plate', powerBudgetW: 150_000 })],
      servers: [{ id: 's', partId: 'gb200-nvl72', rackId: 'r' }],
      site: { city: 'hohhot', facility: { upsModuleKVA: 500, upsModules: 2 } },
    }),
  );

  it('names every key the output has', () => {
    expect(r.facility.errors.length).toBeGreaterThan(0);
    const missing = [...keysOf(r.facility)].filter((k) => !named.has(k));
    expect(missing).toEqual([]);
  });

  it('lists the output\'s sections, and nothing the output lacks as a section', () => {
    const listed = [...section.matchAll(/^- `(\w+)`/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(Object.keys(r.facility).sort());
  });

  it('names the keys of power.rackSystems', () => {
    const line = r.power.rackSystems![0]!;
    for (const k of Object.keys(line)) expect(rackSystemsDoc, k).toContain(`\`${k}\``);
  });
});
