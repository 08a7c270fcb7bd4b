import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../core/api';
import { InputError } from '../../core/errors';
import { SCHEMA_VERSION, type DesignInput } from '../../core/model';
import { createHost, type Host } from './host';

let dir: string;
let host: Host;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-host-'));
  host = createHost({ dataDir: dir, hostKind: 'browser', appVersion: '9.9.9' });
});
afterEach(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

const rack = (id: string, powerBudgetW = 40_000) => ({
  id,
  name: id.toUpperCase(),
  position: { x: 0, y: 0 },
  heightU: 42,
  powerBudgetW,
  cooling: 'air',
});
const doc = (id: string, name: string, extra: Record<string, unknown> = {}): DesignInput =>
  ({
    schemaVersion: SCHEMA_VERSION,
    id,
    name,
    racks: [rack('r1')],
    ...extra,
  }) as DesignInput;

async function errorOf(p: Promise<unknown>): Promise<InputError & { code?: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError & { code?: string };
  }
  throw new Error('expected the call to fail');
}

describe('host: designs', () => {
  it('save -> list -> get -> new version -> restore round trip', async () => {
    const r1 = await host.call('saveDesign', { design: doc('d1', 'Hall A') });
    expect(r1).toMatchObject({ id: 'd1', version: 1 });
    const r2 = await host.call('saveDesign', {
      design: doc('d1', 'Hall A', { racks: [rack('r1', 80_000)] }),
      note: '80 kW',
    });
    expect(r2).toMatchObject({ id: 'd1', version: 2 });

    const list = (await host.call('listDesigns', {})) as Array<{ id: string; name: string; version: number }>;
    expect(list.map((d) => [d.id, d.name, d.version])).toEqual([['d1', 'Hall A', 2]]);

    const got = (await host.api.getDesign({ id: 'd1' })).design;
    expect(got.racks[0]?.powerBudgetW).toBe(80_000);
    // Defaults were applied by parseDesign on save: the stored document is complete.
    expect(got.site.climate).toBe('temperate');

    const versions = await host.api.listVersions({ id: 'd1' });
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[0]?.note).toBe('80 kW');

    const restored = await host.api.restoreVersion({ id: 'd1', version: 1 });
    expect(restored.version).toBe(3);
    expect((await host.api.getDesign({ id: 'd1' })).design.racks[0]?.powerBudgetW).toBe(40_000);
    expect((await host.api.listVersions({ id: 'd1' }))[0]?.note).toBe('Restored version 1');
  });

  it('rename, duplicate and delete; recents follow', async () => {
    await host.api.saveDesign({ design: doc('d1', 'One') });
    const renamed = await host.api.renameDesign({ id: 'd1', name: '  Renamed  ' });
    expect(renamed.version).toBe(2);
    expect((await host.api.getDesign({ id: 'd1' })).design.name).toBe('Renamed');

    const copy = await host.api.duplicateDesign({ id: 'd1' });
    expect(copy.id).not.toBe('d1');
    expect(copy.name).toBe('Renamed (copy)');
    expect(copy.version).toBe(1);
    const copyDoc = (await host.api.getDesign({ id: copy.id })).design;
    expect(copyDoc.id).toBe(copy.id);
    expect(copyDoc.racks).toEqual((await host.api.getDesign({ id: 'd1' })).design.racks);

    expect(host.recentDesigns().map((r) => r.id)).toEqual(['d1', copy.id]);
    await host.api.deleteDesign({ id: 'd1' });
    expect((await host.api.listDesigns()).map((d) => d.id)).toEqual([copy.id]);
    expect(host.recentDesigns().map((r) => r.id)).toEqual([copy.id]);
  });

  it('export then import gives back the same design', async () => {
    await host.api.saveDesign({ design: doc('d1', 'Exported / hall') });
    const ex = await host.api.exportDesign({ id: 'd1' });
    expect(ex.fileName).toBe('Exported - hall.cwb.json');
    const original = (await host.api.getDesign({ id: 'd1' })).design;
    expect(JSON.parse(ex.text)).toEqual(original);

    await host.api.deleteDesign({ id: 'd1' });
    const im = await host.api.importDesign({ fileName: ex.fileName, bytes: new TextEncoder().encode(ex.text) });
    expect(im.created).toBe(true);
    expect((await host.api.getDesign({ id: 'd1' })).design).toEqual(original);
    // Importing the same design again adds a version rather than a duplicate.
    const again = await host.api.importDesign({ fileName: ex.fileName, text: ex.text });
    expect(again.created).toBe(false);
    expect(again.summary.version).toBe(2);
  });

  it('imports an older (schema 1) file, migrating it', async () => {
    const v1 = {
      schemaVersion: 1,
      id: 'old',
      name: 'Old',
      site: { electricityPrice: 0.11 },
      racks: [{ id: 'r1', name: 'R1', position: { x: 0, y: 0 }, heightU: 42, powerBudgetKW: 12.5, cooling: 'air' }],
    };
    const r = await host.api.importDesign({ fileName: 'old.cwb.json', text: JSON.stringify(v1) });
    expect(r.fromSchemaVersion).toBe(1);
    const d = (await host.api.getDesign({ id: 'old' })).design;
    expect(d.schemaVersion).toBe(SCHEMA_VERSION);
    expect(d.racks[0]?.powerBudgetW).toBe(12_500); // 12.5 kW x 1000 W/kW
    expect(d.site.electricityUsdPerKWh).toBe(0.11);
  });
});

describe('host: version history', () => {
  it('names a version and prunes the rest, keeping the current, the newest and the named ones', async () => {
    for (let i = 1; i <= 8; i++) await host.call('saveDesign', { design: doc('d1', `Hall ${i}`) });
    await host.call('nameVersion', { id: 'd1', version: 2, label: '  Quote for the board ' });
    const r = await host.call('pruneVersions', { id: 'd1', keepLatest: 3 });
    // Kept: 6, 7, 8 (newest 3; 8 is current) and 2 (named) -> 4 kept, 4 removed.
    expect(r).toEqual({ removed: 4, kept: 4 });
    const versions = (await host.call('listVersions', { id: 'd1' })) as Array<{ version: number; label?: string }>;
    expect(versions.map((v) => v.version)).toEqual([8, 7, 6, 2]);
    expect(versions.find((v) => v.version === 2)?.label).toBe('Quote for the board');
  });

  it('validates the arguments', async () => {
    await host.call('saveDesign', { design: doc('d1', 'Hall') });
    expect((await errorOf(host.call('pruneVersions', { id: 'd1', keepLatest: 0 }))).message).toMatch(/^args\.keepLatest: must be >= 1/);
    expect((await errorOf(host.call('nameVersion', { id: 'd1', version: 1, label: ' ' }))).message).toBe('args.label: must not be empty');
    expect((await errorOf(host.call('nameVersion', { id: 'd1', version: 5, label: 'x' }))).message).toBe('args.version: design "d1" has no version 5');
  });
});

describe('host: import failures change nothing saved', () => {
  beforeEach(async () => {
    await host.api.saveDesign({ design: doc('keep', 'Keep me') });
    await host.api.setSetting({ key: 'theme', value: 'dark' });
  });

  const cases: Array<[string, () => { fileName: string; text?: string; bytes?: Uint8Array }, string, RegExp]> = [
    [
      'not JSON',
      () => ({ fileName: 'a.cwb.json', text: '{"schemaVersion": 2, "name": ' }),
      'not-json',
      /^file: is not JSON/,
    ],
    [
      'not UTF-8',
      () => ({ fileName: 'a.cwb.json', bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) }),
      'not-text',
      /UTF-8/,
    ],
    [
      'JSON but not a design',
      () => ({ fileName: 'a.json', text: '{"hello":"world"}' }),
      'not-a-design',
      /not a Cluster Workbench design/,
    ],
    ['a JSON array', () => ({ fileName: 'a.json', text: '[1,2,3]' }), 'not-a-design', /not a Cluster Workbench design/],
    [
      'a newer schema',
      () => ({
        fileName: 'a.cwb.json',
        text: JSON.stringify(doc('keep', 'From the future', { schemaVersion: SCHEMA_VERSION + 1 })),
      }),
      'newer-schema',
      /^file\.schemaVersion: .*newer version of Cluster Workbench/,
    ],
    [
      'an invalid design',
      () => ({ fileName: 'a.cwb.json', text: JSON.stringify(doc('keep', 'Bad', { racks: [rack('r1', -1)] })) }),
      'invalid-design',
      /^file\.racks\[0\]\.powerBudgetW: must be >= 1 \(1 to 2,000,000 W; got -1\)/,
    ],
  ];

  for (const [label, input, code, message] of cases) {
    it(`refuses ${label}`, async () => {
      const before = host.storage.dump();
      const e = await errorOf(host.call('importDesign', input()));
      expect(e.code).toBe(code);
      expect(e.message).toMatch(message);
      expect(host.storage.dump()).toEqual(before);
    });
  }

  it('refuses a file larger than 100 MB (text and bytes)', async () => {
    const before = host.storage.dump();
    // A syntactically valid design padded past the limit with whitespace.
    const head = JSON.stringify(doc('big', 'Big'));
    const text = head + ' '.repeat(MAX_IMPORT_BYTES + 1 - head.length);
    expect(Buffer.byteLength(text)).toBe(100 * 1024 * 1024 + 1);
    const e1 = await errorOf(host.call('importDesign', { fileName: 'big.cwb.json', text }));
    expect(e1.code).toBe('too-large');
    expect(e1.message).toMatch(/larger than 100 MB/);
    const e2 = await errorOf(host.call('importDesign', { fileName: 'big.cwb.json', bytes: Buffer.from(text) }));
    expect(e2.code).toBe('too-large');
    // Multi-byte text: 40 M characters of 3-byte UTF-8 = 120 MB, though only 40 M UTF-16 units.
    const wide = head.slice(0, -1) + ',"description":"' + '\u4e2d'.repeat(40 * 1024 * 1024) + '"}';
    const e3 = await errorOf(host.call('importDesign', { fileName: 'wide.cwb.json', text: wide }));
    expect(e3.code).toBe('too-large');
    expect(host.storage.dump()).toEqual(before);
    // Exactly at the limit is accepted.
    const ok = head + ' '.repeat(MAX_IMPORT_BYTES - head.length);
    await expect(host.api.importDesign({ fileName: 'ok.cwb.json', text: ok })).resolves.toMatchObject({
      created: true,
    });
  }, 60_000);
});

describe('host: every call is validated, errors name the field path', () => {
  const bad: Array<[string, unknown, string]> = [
    ['renameDesign', { id: 'd1', name: '   ' }, 'args.name: must not be empty'],
    ['renameDesign', { id: 'd1' }, 'args.name: is required'],
    ['getDesign', {}, 'args.id: is required'],
    ['getDesign', { id: 42 }, 'args.id: Invalid input: expected string, received number'],
    ['getDesign', { id: 'd1', extra: true }, 'args.extra: is not a known argument'],
    ['getVersion', { id: 'd1', version: 1.5 }, 'args.version: must be an integer'],
    ['setSetting', { key: 'bad key!', value: 1 }, 'args.key: may contain only letters, digits and . _ : -'],
    ['setSetting', { key: 'k', value: { a: [1, Number.NaN] } }, 'args.value.a[1]: must be a finite number'],
    ['saveDesign', { design: 'nope' }, 'args.design: must be a design object'],
    [
      'saveDesign',
      { design: { schemaVersion: SCHEMA_VERSION, id: 'x', name: 'X', racks: [rack('r1', 0)] } },
      'args.design.racks[0].powerBudgetW: must be >= 1 (1 to 2,000,000 W; got 0)',
    ],
    [
      'saveDesign',
      { design: { schemaVersion: SCHEMA_VERSION, id: 'x', name: '' } },
      'args.design.name: must not be empty',
    ],
    [
      'saveCustomPart',
      { part: { id: 'p1', name: 'P', kind: 'switch', vendor: 'v', source: 's', priceUsd: -1 } },
      'args.part.priceUsd: must be >= 0',
    ],
    [
      'saveCustomPart',
      { part: { id: 'p1', name: 'P', kind: 'toaster', vendor: 'v', source: 's', priceUsd: 1 } },
      'args.part.kind',
    ],
    ['importDesign', { fileName: 'a.json' }, 'args.text: give exactly one of text or bytes'],
    ['setRecovery', { designId: null, document: [] }, 'args.document: must be a design object'],
  ];
  for (const [method, args, message] of bad) {
    it(`${method} ${JSON.stringify(args).slice(0, 60)}`, async () => {
      const before = host.storage.dump();
      const e = await errorOf(host.call(method, args));
      expect(e.message.startsWith(message)).toBe(true);
      expect(e.path).toBe(message.split(':')[0]);
      expect(host.storage.dump()).toEqual(before);
    });
  }

  it('refuses unknown methods', async () => {
    expect((await errorOf(host.call('dropTables', {}))).message).toBe('method: unknown method "dropTables"');
  });

  it('reports a missing design by its id path', async () => {
    expect((await errorOf(host.call('getDesign', { id: 'nope' }))).message).toBe(
      'args.id: no saved design with id "nope"',
    );
    await host.api.saveDesign({ design: doc('d1', 'One') });
    expect((await errorOf(host.call('getVersion', { id: 'd1', version: 7 }))).message).toBe(
      'args.version: design "d1" has no version 7',
    );
  });
});

describe('host: parts, settings, recovery, info', () => {
  it('custom parts round trip, validated with the catalog schema', async () => {
    const part = {
      id: 'my-switch',
      name: 'My switch',
      kind: 'switch' as const,
      vendor: 'Me',
      source: 'lab test',
      priceUsd: 1000,
      ports: 64,
      portGbps: 400,
      capacityTbps: 25.6,
      heightU: 2,
      maxPowerW: 1500,
      typicalPowerW: 1100,
      protocol: 'ethernet',
    };
    await host.api.saveCustomPart({ part });
    expect(await host.api.listCustomParts()).toEqual([{ ...part, custom: true }]);
    const { capacityTbps: _c, ...incomplete } = part;
    const e = await errorOf(host.call('saveCustomPart', { part: { ...incomplete, id: 'other' } }));
    expect(e.path).toBe('args.part.capacityTbps');
    await host.api.deleteCustomPart({ id: 'my-switch' });
    expect(await host.api.listCustomParts()).toEqual([]);
  });

  it('counts accelerators for the design list (replication x catalog server size)', async () => {
    // dgx-h100: 8 accelerators per server (catalog). 4 servers in a rack drawn once with count 2,
    // inside a group with count 3: 8 x 4 x 2 x 3 = 192.
    const design = doc('acc', 'Counted', {
      groups: [{ id: 'g', name: 'SU', kind: 'su', count: 3, position: { x: 0, y: 0 } }],
      racks: [{ ...rack('r1', 80_000), groupId: 'g', count: 2 }],
      servers: [{ id: 's', partId: 'dgx-h100', rackId: 'r1', quantity: 4 }],
    });
    await host.api.saveDesign({ design });
    expect((await host.api.listDesigns())[0]?.accelerators).toBe(192);
  });

  it('lists the built-in templates and opens one as a new design', async () => {
    const list = await host.api.listTemplates();
    expect(list.length).toBeGreaterThan(0);
    const first = list[0]!;
    expect(first.names?.['zh-CN']).toBeTruthy();
    const d1 = await host.api.openTemplate({ id: first.id });
    const d2 = await host.api.openTemplate({ id: first.id });
    expect(d1.id).not.toBe(d2.id);
    const saved = await host.api.saveDesign({ design: d1 });
    expect(saved.version).toBe(1);
    expect((await host.api.listDesigns())[0]?.accelerators).toBe(first.accelerators);
    expect((await errorOf(host.call('openTemplate', { id: 'nope' }))).path).toBe('args.id');
  });

  it('recovery survives a restart and is announced', async () => {
    await host.api.setRecovery({ designId: null, document: doc('u', 'Unsaved') });
    host.close();
    host = createHost({ dataDir: dir, hostKind: 'browser' });
    const notices = await host.api.getStartupNotices();
    expect(notices.map((n) => n.code)).toContain('recovery-available');
    expect((await host.api.getRecovery())?.document).toEqual(doc('u', 'Unsaved'));
    await host.api.clearRecovery();
    expect(await host.api.getRecovery()).toBeNull();
  });

  it('app info', async () => {
    expect(await host.api.getAppInfo()).toEqual({
      name: 'Cluster Workbench',
      version: '9.9.9',
      host: 'browser',
      dataDir: dir,
      schemaVersion: SCHEMA_VERSION,
      databaseVersion: 3,
    });
  });
});
