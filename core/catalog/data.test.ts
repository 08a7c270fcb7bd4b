/**
 * The catalog data files (core/catalog/data/*.json): each validates through the
 * strict part schemas, a record added to a file becomes a part of the catalog
 * built from it, and a bad record is refused with its file, id and field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { generateDesign } from '../model/generate';
import { loadTemplates, TEMPLATES } from '../model/templates';
import accelerators from './data/accelerators.json';
import roles from './data/roles.json';
import servers from './data/servers.json';
import templates from './data/templates.json';
import {
  BUILTIN_CATALOG,
  CATALOG_DATA_FILES,
  CatalogDataError,
  createCatalogFrom,
  CATALOG_ROLES,
  DEFAULT_CATALOG,
  defaultServerFor,
  defaultSwitchFor,
  loadCatalogData,
  loadRoles,
  loadPartFile,
  PART_ROLE_KINDS,
  rolePart,
  type CatalogDataFile,
  type PartRole,
} from './index';

/** The built-in files with `file`'s data replaced. */
const withFile = (file: string, data: unknown): CatalogDataFile[] => CATALOG_DATA_FILES.map((f) => (f.file === file ? { file, data } : f));
const accFile = (...extra: unknown[]) => ({ ...accelerators, entries: [...accelerators.entries, ...extra] });

/** A made-up accelerator, written as a data record would be. */
const NEW_CHIP = {
  kind: 'accelerator',
  id: 'example-npu-96gb',
  name: 'Example NPU 96GB',
  vendor: 'Example Devices',
  peakTflops: { bf16: 500, fp16: 500, fp8: 1000 },
  memoryGB: 96,
  memoryTBps: 3,
  tdpW: 600,
  scaleUp: { kind: 'pcie', bandwidthGBps: 128, domainSize: 8 },
  source: 'Test record: figures chosen for the hand calculation in this test.',
  priceUsd: 20_000,
  physical: { weightKg: 1.5, dimensionsMm: { height: 100, width: 102, depth: 165 }, source: 'Test record: OAM outline.' },
};

/** The error a load throws (fails the test when it does not throw). */
function thrown(load: () => unknown): CatalogDataError {
  try {
    load();
  } catch (e) {
    if (e instanceof CatalogDataError) return e;
    throw e;
  }
  throw new Error('the load did not fail');
}
const loadError = (files: CatalogDataFile[]) => thrown(() => loadCatalogData(files));

describe('catalog data files', () => {
  it('every file validates, its entries are of the file kind, and together they are the built-in catalog in order', () => {
    expect(CATALOG_DATA_FILES.map((f) => f.file)).toEqual([
      'accelerators.json',
      'servers.json',
      'switches.json',
      'nics.json',
      'optics.json',
      'cables.json',
      'cooling.json',
      'storage.json',
      'power.json',
    ]);
    const all = [];
    for (const { file, data } of CATALOG_DATA_FILES) {
      const parts = loadPartFile(file, data);
      expect(parts.length, file).toBeGreaterThan(0);
      const kind = (data as { kind: string }).kind;
      for (const p of parts) expect(p.kind, `${file} ${p.id}`).toBe(kind);
      all.push(...parts);
    }
    expect(all.map((p) => p.id)).toEqual(BUILTIN_CATALOG.map((p) => p.id));
    // 24 accelerators (the 12 of CLI.md and 12 more), 28 servers (3 of them supernodes: GB200 NVL36x2,
    // GB300 NVL72, CloudMatrix 384), 10 switches, 4 NICs, 9 optics, 7 cables, 7 cooling units, 3 storage, 3 power gear.
    expect(BUILTIN_CATALOG).toHaveLength(24 + 28 + 10 + 4 + 9 + 7 + 7 + 3 + 3);
  });

  it('every record names the source of its figures', () => {
    for (const p of BUILTIN_CATALOG) {
      expect(p.source.trim().length, p.id).toBeGreaterThan(20);
      expect(p.custom, p.id).toBeUndefined();
    }
  });

  it('a record added to a file is a part of the catalog built from the files, and designs use it', () => {
    const parts = loadCatalogData(withFile('accelerators.json', accFile(NEW_CHIP)));
    const cat = createCatalogFrom(parts);
    const chip = cat.requireOfKind('example-npu-96gb', 'accelerator', 'accelerator');
    expect(chip.peakTflops.bf16).toBe(500);
    expect(cat.accelerators()).toHaveLength(accelerators.entries.length + 1);
    expect(cat.nearest('example-npu', 'accelerator', 1)).toEqual(['example-npu-96gb']);
    // No server record: the generic server sized from its TDP (8 x 600 W / 0.56 = 8,571 W).
    const server = defaultServerFor('example-npu-96gb', cat);
    expect(server?.acceleratorsPerServer).toBe(8);
    expect(server?.maxPowerW).toBe(Math.round((8 * 600) / 0.56));
    // The built-in catalog does not have it.
    expect(BUILTIN_CATALOG.some((p) => p.id === 'example-npu-96gb')).toBe(false);
  });

  it('a chip and its server added as records evaluate by hand-calculated figures', () => {
    const box = {
      ...servers.entries.find((s) => s.id === 'atlas-800t-a2'),
      id: 'example-npu-8x',
      name: 'Example NPU server',
      acceleratorId: 'example-npu-96gb',
      source: 'Test record.',
    };
    const files = withFile('accelerators.json', accFile(NEW_CHIP)).map((f) =>
      f.file === 'servers.json' ? { file: f.file, data: { ...servers, entries: [...servers.entries, box] } } : f,
    );
    const catalog = createCatalogFrom(loadCatalogData(files));
    const design = generateDesign({ accelerator: 'example-npu-96gb', count: 64, server: 'example-npu-8x', catalog });
    const r = evaluate(design, { catalog });
    expect(r.accelerators).toBe(64);
    expect(r.servers).toBe(8);
    // 64 x 500 TFLOPS = 32 PFLOPS dense BF16; 64 x 96 GB = 6.144 TB of device memory.
    expect(r.compute.peakPflops.bf16).toBeCloseTo(32, 9);
    expect(r.compute.hbmTB).toBeCloseTo(6.144, 9);
    const line = r.bom.find((l) => l.partId === 'example-npu-8x');
    expect(line?.quantity).toBe(8);
  });
});

describe('catalog data files: a bad record is refused naming file, id and field', () => {
  it('a figure out of bounds', () => {
    const e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, memoryGB: -1 })));
    expect(e.file).toBe('accelerators.json');
    expect(e.entryId).toBe('example-npu-96gb');
    expect(e.field).toBe('memoryGB');
    // The record is appended after the file's own entries.
    expect(e.message.startsWith(`accelerators.json: entry "example-npu-96gb" (entries[${accelerators.entries.length}]).memoryGB: must be >= 0.1`)).toBe(true);
  });

  it('an unknown field, also inside a nested object (a misspelt key is not silently dropped)', () => {
    let e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, memoryGb: 96 })));
    expect([e.entryId, e.field]).toEqual(['example-npu-96gb', 'memoryGb']);
    expect(e.message).toContain('unknown field');
    e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, peakTflops: { ...NEW_CHIP.peakTflops, bf61: 1 } })));
    expect(e.field).toBe('peakTflops.bf61');
    e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, custom: true })));
    expect(e.field).toBe('custom');
  });

  it('a record without a source, or with a blank one', () => {
    const { source: _source, ...noSource } = NEW_CHIP;
    let e = loadError(withFile('accelerators.json', accFile(noSource)));
    expect([e.file, e.entryId, e.field]).toEqual(['accelerators.json', 'example-npu-96gb', 'source']);
    e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, source: '   ' })));
    expect(e.field).toBe('source');
    expect(e.message).toContain('must say where the figures come from');
  });

  it('a record of another kind, a record without an id, a duplicate id', () => {
    let e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, kind: 'server' })));
    expect([e.entryId, e.field]).toEqual(['example-npu-96gb', 'kind']);
    const { id: _id, ...noId } = NEW_CHIP;
    e = loadError(withFile('accelerators.json', accFile(noId)));
    expect(e.entryId).toBeUndefined();
    expect(e.message.startsWith(`accelerators.json: entries[${accelerators.entries.length}].id: `)).toBe(true);
    e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, id: 'h100-sxm5-80gb' })));
    expect([e.entryId, e.field]).toEqual(['h100-sxm5-80gb', 'id']);
    expect(e.message).toContain('duplicate id in this file');
    e = loadError(withFile('accelerators.json', accFile({ ...NEW_CHIP, id: 'dgx-h100' })));
    expect(e.message).toContain('duplicate id (also in accelerators.json)');
    expect(e.file).toBe('servers.json');
  });

  it('a server whose accelerator is not in the data', () => {
    const bad = { ...servers.entries[0], id: 'orphan-server', acceleratorId: 'no-such-chip' };
    const e = loadError(withFile('servers.json', { ...servers, entries: [...servers.entries, bad] }));
    expect([e.file, e.entryId, e.field]).toEqual(['servers.json', 'orphan-server', 'acceleratorId']);
  });

  it('a file without its kind or with unknown top-level keys', () => {
    let e = loadError(withFile('accelerators.json', { ...accelerators, kind: 'chip' }));
    expect([e.file, e.entryId, e.field]).toEqual(['accelerators.json', undefined, 'kind']);
    e = loadError(withFile('accelerators.json', { ...accelerators, entrys: [] }));
    expect(e.field).toBe('entrys');
  });
});

describe('roles (core/catalog/data/roles.json)', () => {
  it('every role is filled by a built-in part of its kind', () => {
    for (const role of Object.keys(PART_ROLE_KINDS) as PartRole[]) {
      expect(rolePart(role)?.kind, role).toBe(PART_ROLE_KINDS[role]);
    }
    expect(rolePart('rackPdu')?.capacityKW).toBe(43);
    expect(rolePart('roomCdu')?.coolingKind).toBe('cdu');
    expect(rolePart('roomAirHandler')?.medium).toBe('air');
  });

  it('every accelerator has a preferred server that holds it', () => {
    // Chips sold only inside a rack-scale system (GB300 NVL72, CloudMatrix 384) whose system
    // record is not in the data yet get the generic server sized from their TDP.
    const systemPending = new Set(['gb300', 'ascend-910c']);
    for (const a of DEFAULT_CATALOG.accelerators()) {
      if (systemPending.has(a.id) && CATALOG_ROLES.preferredServer[a.id] === undefined) {
        expect(defaultServerFor(a.id)?.id, a.id).toBe(`generic-8x-${a.id}`);
        continue;
      }
      const id = CATALOG_ROLES.preferredServer[a.id];
      expect(id, a.id).toBeDefined();
      expect(DEFAULT_CATALOG.getOfKind(id!, 'server')?.acceleratorId, a.id).toBe(a.id);
    }
  });

  it('the switch bands: up to 200 Gb/s, up to 400 Gb/s, faster', () => {
    // InfiniBand: HDR QM8700 for 200G, NDR QM9700 for 400G, XDR Q3400 for 800G.
    expect([100, 200, 201, 400, 800, 1600].map((g) => defaultSwitchFor(g, 'infiniband').id)).toEqual(['qm8700', 'qm8700', 'qm9700', 'qm9700', 'q3400', 'q3400']);
    expect([200, 400, 800].map((g) => defaultSwitchFor(g, 'ethernet').id)).toEqual(['generic-25t6-128x200', 'sn5600', 'sn5600']);
  });

  it('a role filled with a part of the wrong kind, an unknown role, a switch of the other protocol are refused naming the field', () => {
    let e = thrown(() => loadRoles('roles.json', { ...roles, parts: { ...roles.parts, rackPdu: 'crah-150kw' } }, BUILTIN_CATALOG));
    expect(e.message).toBe('roles.json: parts.rackPdu: "crah-150kw" is a cooling, not a power');
    e = thrown(() => loadRoles('roles.json', { ...roles, parts: { ...roles.parts, rackUps: 'ups-1mw' } }, BUILTIN_CATALOG));
    expect(e.field).toBe('parts.rackUps');
    const ib = roles.fabricSwitch.infiniband;
    e = thrown(() => loadRoles('roles.json', { ...roles, fabricSwitch: { ...roles.fabricSwitch, infiniband: [{ ...ib[0], ids: ['sn5600'] }, ...ib.slice(1)] } }, BUILTIN_CATALOG));
    expect(e.message).toBe('roles.json: fabricSwitch.infiniband[0].ids[0]: "sn5600" is ethernet, not infiniband');
    e = thrown(() => loadRoles('roles.json', { ...roles, preferredServer: { ...roles.preferredServer, b200: 'dgx-h100' } }, BUILTIN_CATALOG));
    expect(e.message).toBe('roles.json: preferredServer.b200: "dgx-h100" holds h100-sxm5-80gb, not b200');
  });
});

describe('templates (core/catalog/data/templates.json)', () => {
  it('every record loads into a template whose design holds the stated accelerators', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(templates.entries.map((t) => t.id));
    for (const t of TEMPLATES) {
      const d = t.build();
      const servers = d.servers.map((s) => DEFAULT_CATALOG.requireOfKind(s.partId, 'server', s.id));
      expect(servers.length, t.id).toBeGreaterThan(0);
      expect(evaluate(d).accelerators, t.id).toBe(t.accelerators);
    }
  });

  it('a bad record is refused naming file, template id and field', () => {
    const [first, ...rest] = templates.entries;
    let e = thrown(() => loadTemplates('templates.json', { ...templates, entries: [{ ...first, colour: 'red' }, ...rest] }));
    expect(e.message).toBe('templates.json: entry "sample" (entries[0]).colour: unknown field');
    e = thrown(() => loadTemplates('templates.json', { ...templates, entries: [...rest, { ...first, generate: rest[0]!.generate }] }));
    expect([e.entryId, e.field]).toEqual(['sample', 'design']);
    const gen = rest[0]!;
    e = thrown(() => loadTemplates('templates.json', { ...templates, entries: [{ ...gen, generate: { ...gen.generate, serverz: 'dgx-h100' } }] }));
    expect([e.entryId, e.field]).toEqual([gen.id, 'generate.serverz']);
    e = thrown(() => loadTemplates('templates.json', { ...templates, entries: [{ ...gen, name: { en: 'x' } }] }));
    expect(e.field).toBe('name.zh-CN');
  });
});

describe('catalog ids live in catalog data', () => {
  it('no catalog id is written as a string literal in core/ outside core/catalog, tests and test fixtures', () => {
    const core = join(fileURLToPath(new URL('.', import.meta.url)), '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !/\.(test|fixture)\.tsx?$/.test(e.name)) files.push(p);
      }
    };
    walk(core);
    const ids = new Set(BUILTIN_CATALOG.map((p) => p.id));
    const found: string[] = [];
    for (const f of files) {
      const rel = relative(core, f);
      if (rel.startsWith('catalog')) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/(['"`])([a-z0-9][a-z0-9._-]*)\1/g)) {
        if (ids.has(m[2]!)) found.push(`${rel}: ${m[0]}`);
      }
    }
    expect(files.length).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });
});
