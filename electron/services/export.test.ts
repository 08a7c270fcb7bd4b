/**
 * Host `exportReport`: the report of a design (saved, or given unsaved) in each
 * format, checked against evaluate()'s own Results for the same design.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors';
import { evaluate } from '../../core/evaluate';
import type { Design } from '../../core/model';
import { parseBomCsv, readXlsx } from '../../core/report';
import { createHost, PDF_UNAVAILABLE, type Host } from './host';

let dir: string;
let host: Host;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cwb-export-'));
  host = createHost({ dataDir: dir, hostKind: 'browser', appVersion: '9.9.9', now: () => new Date('2026-03-04T10:00:00Z') });
});
afterEach(() => {
  host.close();
  rmSync(dir, { recursive: true, force: true });
});

const decode = (b64: string): Buffer => Buffer.from(b64, 'base64');

async function sample(name = 'Export <test> cluster'): Promise<Design> {
  const d = await host.api.openTemplate({ id: 'sample' });
  return { ...d, name };
}

async function errorOf(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected the call to fail');
}

describe('host: exportReport', () => {
  it('HTML of an unsaved design names the design, is self-contained, and is named after it', async () => {
    const design = await sample();
    const r = await host.api.exportReport({ design: design as unknown as Record<string, unknown>, format: 'html', lang: 'en' });
    const html = decode(r.base64).toString('utf8');
    expect(r.bytes).toBe(decode(r.base64).byteLength);
    expect(r.fileName).toBe('Export <test> cluster.html'.replace(/[<>]/g, '-'));
    expect(r.mime).toMatch(/^text\/html/);
    expect(html.startsWith('<!doctype html') || html.startsWith('<!DOCTYPE html')).toBe(true);
    // The name is escaped in the page, never raw markup.
    expect(html).toContain('Export &lt;test&gt; cluster');
    expect(html).not.toContain('<test>');
    expect(html).not.toMatch(/<script\b/i);
    expect(html).toContain('2026-03-04');
  });

  it('CSV rows equal evaluate()’s bill of materials, row by row', async () => {
    const design = await sample('BOM check');
    const expected = evaluate(design).bom;
    expect(expected.length).toBeGreaterThan(3);
    const r = await host.api.exportReport({ design: design as unknown as Record<string, unknown>, format: 'csv' });
    expect(r.fileName).toBe('BOM check.csv');
    const rows = parseBomCsv(decode(r.base64).toString('utf8'));
    expect(rows).toEqual(
      expected.map((b) => ({
        partId: b.partId,
        name: b.name,
        category: b.category,
        quantity: b.quantity,
        unitPriceUsd: b.unitPriceUsd,
        totalUsd: b.totalUsd,
        source: b.source,
      })),
    );
    // 8 DGX H100 (4 per rack x 2 racks) are in the template: the server line says so.
    expect(rows.find((x) => x.partId === 'dgx-h100')?.quantity).toBe(8);
  });

  it('a saved design by id; JSON holds the design and its results', async () => {
    const design = await sample('Saved one');
    await host.api.saveDesign({ design });
    const r = await host.api.exportReport({ id: design.id, format: 'json' });
    expect(r.fileName).toBe('Saved one.json');
    const doc = JSON.parse(decode(r.base64).toString('utf8')) as { design: Design; results: { bom: unknown[] } };
    expect(doc.design.id).toBe(design.id);
    expect(doc.results.bom).toEqual(JSON.parse(JSON.stringify(evaluate(design).bom)));
  });

  it('XLSX is a workbook whose BOM sheet holds evaluate()’s BOM lines', async () => {
    const design = await sample('Sheets');
    const r = await host.api.exportReport({ design: design as unknown as Record<string, unknown>, format: 'xlsx', lang: 'zh-CN' });
    expect(r.fileName).toBe('Sheets.xlsx');
    const bytes = decode(r.base64);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const bomSheet = readXlsx(new Uint8Array(bytes)).find((s) => s.name === 'BOM');
    expect(bomSheet?.rows).toEqual(
      evaluate(design).bom.map((b) => [b.partId, b.name, b.category, b.quantity, b.unitPriceUsd, b.totalUsd, b.source]),
    );
  });

  it('rejects a bad format, a missing design and a bad design with the field path', async () => {
    const design = await sample();
    const bad = await errorOf(host.call('exportReport', { design, format: 'docx' }));
    expect(bad.path).toBe('args.format');
    expect(bad.message).toMatch(/^args\.format: must be one of pdf, html, md, csv, xlsx, json/);
    expect((await errorOf(host.call('exportReport', { format: 'html' }))).path).toBe('args.design');
    expect((await errorOf(host.call('exportReport', { format: 'html', design, lang: 'fr' }))).path).toBe('args.lang');
    const broken = { ...design, racks: 'nope' };
    expect((await errorOf(host.call('exportReport', { format: 'html', design: broken }))).path).toMatch(/^args\.design\.racks/);
  });

  it('PDF without a printer is refused on args.format, pointing to HTML', async () => {
    const design = await sample();
    const e = await errorOf(host.call('exportReport', { design, format: 'pdf' }));
    expect(e.path).toBe('args.format');
    expect(e.message).toContain(PDF_UNAVAILABLE);
    expect(e.message).toMatch(/HTML/);
  });

  it('PDF goes through the host printer with the report HTML and the design name', async () => {
    const seen: Array<{ html: string; title: string }> = [];
    const h2 = createHost({
      dataDir: join(dir, 'two'),
      hostKind: 'electron',
      printPdf: async (html, title) => {
        seen.push({ html, title });
        return new TextEncoder().encode('%PDF-1.7 fake');
      },
    });
    try {
      const design = await sample('Printed');
      const r = await h2.api.exportReport({ design: design as unknown as Record<string, unknown>, format: 'pdf' });
      expect(r.fileName).toBe('Printed.pdf');
      expect(r.mime).toBe('application/pdf');
      expect(decode(r.base64).toString('latin1')).toBe('%PDF-1.7 fake');
      expect(seen).toHaveLength(1);
      expect(seen[0]?.title).toBe('Printed');
      expect(seen[0]?.html).toContain('Printed');
    } finally {
      h2.close();
    }
  });
});
