/**
 * The catalog data files (core/catalog/data/*.json): each validates through the
 * strict part schemas, a record added to a file becomes a part of the catalog
 * built from it, and a bad record is refused with its file, id and field.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate';
import { generateDesign } from '../model/generate';
import accelerators from './data/accelerators.json';
import servers from './data/servers.json';
import {
  BUILTIN_CATALOG,
  CATALOG_DATA_FILES,
  CatalogDataError,
  createCatalogFrom,
  defaultServerFor,
  loadCatalogData,
  loadPartFile,
  type CatalogDataFile,
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
};

/** The error a load throws (fails the test when it does not throw). */
function loadError(files: CatalogDataFile[]): CatalogDataError {
  try {
    loadCatalogData(files);
  } catch (e) {
    if (e instanceof CatalogDataError) return e;
    throw e;
  }
  throw new Error('the load did not fail');
}

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
    // 12 accelerators (CLI.md), 13 servers, 8 switches, 4 NICs, 8 optics, 7 cables, 7 cooling units, 3 storage, 3 power gear.
    expect(BUILTIN_CATALOG).toHaveLength(12 + 13 + 8 + 4 + 8 + 7 + 7 + 3 + 3);
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
    expect(cat.accelerators()).toHaveLength(13);
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
    expect(e.message).toMatch(/^accelerators\.json: entry "example-npu-96gb" \(entries\[12\]\)\.memoryGB: must be >= 0\.1/);
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
    expect(e.message).toMatch(/^accelerators\.json: entries\[12\]\.id: /);
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
